"""Fixtures several integration modules share."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from kgflow.persistence.database import parse_url
from kgflow.testing import FixedClock, World, application, small_chain
from tests.conftest import empty_pg

RECORDED_ITEM = "psvf-adhd"
IMPATIENT_DUE = date(2027, 3, 31)


@pytest.fixture
def recorded(world: World) -> World:
    """An item referred and answered by two: some twenty history rows."""
    world.item(RECORDED_ITEM, "PSVF ADHD")
    world.refer(RECORDED_ITEM, date(2027, 3, 31))
    world.advance(RECORDED_ITEM, "Borlänge", "answer", "Bo Lund", ref="KS 1")
    world.advance(RECORDED_ITEM, "Karlstad", "decline", "Karl Strand", values={"reason": "Inga synpunkter"})
    return world


@pytest.fixture
def impatient(pg_schema_url: str) -> Iterator[World]:
    """The small chain on PostgreSQL with a referred item, waiting at most half a second for any lock."""
    empty_pg(pg_schema_url)
    parsed = parse_url(pg_schema_url)
    options = f"{parsed.query['options']} -clock_timeout=500"
    clock = FixedClock(date(2027, 2, 1))
    app = application(parsed.update_query_dict({"options": options}).render_as_string(hide_password=False), clock)
    try:
        world = small_chain(World(app, clock))
        world.item("psvf-sjalvskada", "PSVF Självskada")
        world.refer("psvf-sjalvskada", IMPATIENT_DUE)
        yield world
    finally:
        app.close()
