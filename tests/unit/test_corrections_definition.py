"""Corrections in workflow files (R17): parsed into the IR, and every impossible one refused at load time."""

from __future__ import annotations

import pytest

from kgflow.config import shipped_workflows
from kgflow.definitions.loader import load_text
from kgflow.definitions.model import RoleRule, WorkflowDefinition
from kgflow.domain.errors import DefinitionError
from kgflow.service.catalogue import vocabulary

NATIONAL = shipped_workflows() / "nationellt-kunskapsstod.yaml"


def _with(corrections: str) -> tuple[str, str]:
    """The national workflow with its ``corrections`` replaced by ``corrections``."""
    text = NATIONAL.read_text(encoding="utf-8")
    head = text[: text.index("\ncorrections:")]
    return head + "\ncorrections:\n" + corrections, "test.yaml"


def _load(corrections: str) -> WorkflowDefinition:
    text, path = _with(corrections)
    return load_text(text, path, vocabulary())


def _line_of(text: str, fragment: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), 1) if fragment in line)


def test_the_shipped_corrections_are_in_the_ir() -> None:
    decide = _load_shipped().corrections["decide"]
    assert decide.by == (RoleRule("sekreterare"), RoleRule("ordforande"))
    assert decide.to == ("decided", "to_decide")
    assert decide.at == frozenset({"lpo"})
    assert decide.undo == frozenset()


def test_a_correction_may_take_a_step_back_to_where_it_came_from() -> None:
    answer = _load_shipped().corrections["answer"]
    assert answer.undo == frozenset({"remiss"})
    assert "npo" not in answer.at  # the NPO's answer closes the remiss for everyone: it is not taken back


def _load_shipped() -> WorkflowDefinition:
    from kgflow.service.catalogue import load_workflow_file

    return load_workflow_file(NATIONAL)


@pytest.mark.parametrize(
    ("corrections", "offending", "fragment"),
    [
        pytest.param(
            "  decide:\n    by: [sekreterare]\n    to: [beslutat]\n",
            "to: [beslutat]",
            "'beslutat' är inget läge",
            id="unknown-state",
        ),
        pytest.param(
            "  decide:\n    by: [sekreterare]\n    to: [implemented]\n",
            "to: [implemented]",
            "inte till 'implemented'",
            id="state-the-step-neither-leaves-nor-reaches",
        ),
        pytest.param(
            "  adopt:\n    by: [samordnare]\n    to: [awaiting_adoption]\n",
            "to: [awaiting_adoption]",
            "flyttar andra ärenden",
            id="undoing-a-step-that-moved-others",
        ),
        pytest.param(
            "  open_gap:\n    by: [sekreterare]\n    to: [gap_analysis]\n",
            "open_gap:",
            "inget steg som en person tar",
            id="internal-event",
        ),
        pytest.param(
            "  decidе:\n    by: [sekreterare]\n    to: [decided]\n",
            "decidе:",
            "inget steg som en person tar",
            id="unknown-event",
        ),
        pytest.param(
            "  decide:\n    by: [sekreterar]\n    to: [decided]\n",
            "by: [sekreterar]",
            "rollen 'sekreterar'",
            id="unknown-role",
        ),
        pytest.param(
            "  decide:\n    at: [kommun]\n    by: [sekreterare]\n    to: [decided]\n",
            "at: [kommun]",
            "steget tas aldrig vid kommun",
            id="kind-where-the-step-never-happens",
        ),
        pytest.param(
            "  decide:\n    to: [decided]\n",
            "to: [decided]",  # a missing key is reported where the mapping starts
            "'by'",
            id="no-roles",
        ),
    ],
)
def test_impossible_corrections_are_refused_with_their_line(corrections: str, offending: str, fragment: str) -> None:
    text, path = _with(corrections)
    with pytest.raises(DefinitionError) as caught:
        load_text(text, path, vocabulary())
    start = text.index("\ncorrections:")
    line = text[:start].count("\n") + _line_of(text[start:], offending)
    shown = [str(problem) for problem in caught.value.problems]
    assert any(s.startswith(f"{path}:{line}:") and fragment in s for s in shown), shown
