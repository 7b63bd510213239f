"""Workflow definitions: the shipped files are valid; broken ones are refused with file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from kgflow.config import shipped_workflows
from kgflow.domain.errors import DefinitionError
from kgflow.service.catalogue import load_workflow_file

FIXTURES = Path(__file__).parents[1] / "fixtures" / "workflows"


@pytest.mark.parametrize("path", sorted(shipped_workflows().glob("*.yaml")), ids=lambda p: p.stem)
def test_shipped_workflows_are_valid(path: Path) -> None:
    definition = load_workflow_file(path)
    assert definition.name == path.stem
    for state in definition.states.values():
        assert state.label.sv
        assert state.label.en


@pytest.mark.parametrize(
    ("fixture", "line", "fragment"),
    [
        pytest.param("unknown_state", 26, "leads to 'answerd', which is not a state", id="unknown-state"),
        pytest.param("unreachable", 21, "'limbo' cannot be reached", id="unreachable-state"),
        pytest.param("duplicate_event", 39, "defined twice from state 'remiss'", id="duplicate-event"),
        pytest.param("unknown_guard", 30, "unknown guard 'no_such_guard'", id="unknown-guard"),
        pytest.param("bad_duration", 18, "'ten working days' is not a duration", id="bad-duration"),
        pytest.param("yaml_syntax", 24, "YAML syntax error", id="yaml-syntax"),
        pytest.param("duplicate_key", 27, "duplicate key 'to'", id="duplicate-key"),
        pytest.param("alias", 4, "anchors and aliases", id="alias"),
        pytest.param("python_tag", 4, "the tag !!python", id="python-tag"),
        pytest.param("yes_is_not_true", 20, "must be true or false, not 'yes'", id="yes-is-not-a-boolean"),
        pytest.param("exit_from_final", 37, "'closed' is a final state", id="exit-from-final-state"),
        pytest.param("unknown_role", 27, "role 'kontaktpersn'", id="unknown-role"),
        pytest.param("unknown_key", 25, "unknown key 'form'", id="unknown-key"),
        pytest.param("cascade_not_internal", 32, "'close', which is not an internal event", id="cascade-not-internal"),
    ],
)
def test_broken_files_are_refused_with_file_and_line(fixture: str, line: int, fragment: str) -> None:
    path = FIXTURES / f"{fixture}.yaml"
    with pytest.raises(DefinitionError) as caught:
        load_workflow_file(path)
    shown = [str(problem) for problem in caught.value.problems]
    assert any(text.startswith(f"{path}:{line}: ") and fragment in text for text in shown), shown


def test_every_problem_of_a_file_is_reported_in_one_run() -> None:
    path = FIXTURES / "many_problems.yaml"
    with pytest.raises(DefinitionError) as caught:
        load_workflow_file(path)
    lines = {problem.line for problem in caught.value.problems}
    assert {18, 26, 36} <= lines


def test_the_file_name_must_match_the_workflow_name(tmp_path: Path) -> None:
    target = tmp_path / "other-name.yaml"
    target.write_text((FIXTURES / "valid.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(DefinitionError, match=r"name the file valid\.yaml"):
        load_workflow_file(target)
