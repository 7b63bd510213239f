"""The ``adoption`` section of a workflow file (R5b): read, checked with file and line, drawn on the adopting step."""

from __future__ import annotations

from pathlib import Path

import pytest

from kgflow.definitions.loader import load_text
from kgflow.domain.errors import DefinitionError
from kgflow.reports.diagram import to_dot, to_mermaid
from kgflow.service.catalogue import load_workflow_file, vocabulary

VALID = (Path(__file__).parents[1] / "fixtures" / "workflows" / "valid.yaml").read_text(encoding="utf-8")
SHIPPED = Path(__file__).parents[2] / "workflows" / "nationellt-kunskapsstod.yaml"


def with_adoption(section: str, kinds: str = "[vip, psvf]") -> str:
    header = f"item_kinds: {kinds}\n{section}"
    return VALID.replace("owner: npo\n", f"owner: npo\n{header}", 1)


def problems(text: str) -> list[str]:
    with pytest.raises(DefinitionError) as caught:
        load_text(text, "adoption.yaml", vocabulary())
    return [str(problem) for problem in caught.value.problems]


def test_the_shipped_workflow_names_the_body_adopting_each_kind() -> None:
    assert dict(load_workflow_file(SHIPPED).adoption) == {"psvf": "sks", "vardprogram": "sks", "vip": "owner"}


def test_a_body_per_kind_is_read() -> None:
    text = with_adoption("adoption:\n  vip: owner\n  psvf: sks\n")
    assert dict(load_text(text, "adoption.yaml", vocabulary()).adoption) == {"vip": "owner", "psvf": "sks"}


def test_a_workflow_without_adoption_declares_no_body() -> None:
    assert dict(load_text(VALID, "valid.yaml", vocabulary()).adoption) == {}


@pytest.mark.parametrize(
    ("section", "line", "fragment"),
    [
        pytest.param(
            "adoption:\n  vip: owner\n  psvf: sks\n  riktlinje: sks\n",
            10,
            "'riktlinje' under adoption är ingen av arbetsflödets sorter av kunskapsstöd (item_kinds: psvf, vip)",
            id="kind-not-in-the-workflow",
        ),
        pytest.param(
            "adoption:\n  vip: owner\n  psvf: SKS styrgrupp\n",
            9,
            "den som fastställer psvf ska vara 'owner' eller en organisations kod, inte 'SKS styrgrupp'",
            id="body-not-a-code",
        ),
        pytest.param(
            "adoption:\n  vip: owner\n",
            8,
            "adoption säger inte vem som fastställer psvf",
            id="kind-without-a-body",
        ),
    ],
)
def test_a_broken_adoption_is_refused_with_file_and_line(section: str, line: int, fragment: str) -> None:
    assert f"adoption.yaml:{line}: {fragment}" in problems(with_adoption(section))


def test_the_diagram_names_who_adopts_each_kind_on_the_adopting_step() -> None:
    shipped = load_workflow_file(SHIPPED)
    assert "Fastställ (SKS för PSVF eller vårdprogram, NPO för VIP)" in to_mermaid(shipped, "sv")
    assert "Fastställ (SKS för PSVF\\neller vårdprogram, NPO\\nför VIP)" in to_dot(shipped, "sv")


def test_the_diagram_says_a_revision_goes_on_remiss_when_an_answer_deadline_is_given() -> None:
    shipped = load_workflow_file(SHIPPED)
    assert "adopted --> remiss: Revidera (ny version) [en svarsdag är angiven]" in to_mermaid(shipped, "sv")
