"""Which steps keep to their own instance, and so may be taken side by side with others like them."""

from __future__ import annotations

import pytest

from kgflow.config import shipped_workflows
from kgflow.service.catalogue import load_workflow_file
from kgflow.service.effects import keeps_to_its_instance

REGIONAL = load_workflow_file(shipped_workflows() / "regional-riktlinje.yaml")
SHIPPED = [load_workflow_file(path) for path in sorted(shipped_workflows().glob("*.yaml"))]


@pytest.mark.parametrize(
    ("event", "alone"),
    [
        ("appoint_group", False),  # plain steps on the riktlinje's own instance
        ("submit_draft", False),
        ("report_implemented", False),
        ("refer", True),  # fan_out creates the huvudmän's instances
        ("answer", True),  # parent_still_collecting reads the LPO's instance
        ("decline", True),
        ("decide", True),  # children_settled, a new version adopted, a cascade down
    ],
)
def test_a_step_decides_alone_when_it_reads_or_writes_another_instance(event: str, alone: bool) -> None:
    [variant, *_] = REGIONAL.variants(event)
    assert keeps_to_its_instance(variant) is not alone


def test_a_step_that_cascades_or_names_organisations_or_a_forum_decides_alone() -> None:
    variants = [v for w in SHIPPED for name in w.event_names() for v in w.variants(name)]
    sweeping = [v for v in variants if v.cascade or v.per_organisation or "decided_in_forum" in v.guards]
    assert sweeping
    assert not any(keeps_to_its_instance(v) for v in sweeping)
    assert any(keeps_to_its_instance(v) for v in variants)
