"""Fixtures several integration modules share."""

from __future__ import annotations

from datetime import date

import pytest

from kgflow.testing import World

RECORDED_ITEM = "psvf-adhd"


@pytest.fixture
def recorded(world: World) -> World:
    """An item referred and answered by two: some twenty history rows."""
    world.item(RECORDED_ITEM, "PSVF ADHD")
    world.refer(RECORDED_ITEM, date(2027, 3, 31))
    world.advance(RECORDED_ITEM, "Borlänge", "answer", "Bo Lund", ref="KS 1")
    world.advance(RECORDED_ITEM, "Karlstad", "decline", "Karl Strand", values={"reason": "Inga synpunkter"})
    return world
