"""The sample: Sweden's structure and a story that leaves something to see."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date

import pytest

from kgflow.sample import load_sample
from kgflow.service.organisations import list_orgs
from kgflow.service.queries import status
from kgflow.testing import FixedClock, application


@pytest.fixture(scope="module")
def sample(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    import shutil

    template = request.getfixturevalue("sqlite_template")
    target = tmp_path_factory.mktemp("sample") / "kgflow.db"
    shutil.copy(template, target)
    app = application(f"sqlite:///{target}", FixedClock(date(2026, 11, 27)))
    load_sample(app.services)
    yield app
    app.close()


def test_the_swedish_structure(sample) -> None:  # type: ignore[no-untyped-def]
    kinds = Counter(org.kind.value for org in list_orgs(sample.services))
    assert kinds["npo"] == 1
    assert kinds["rpo"] == 6
    assert kinds["lpo"] == 21
    assert kinds["region"] == 21
    assert kinds["kommun"] == 290
    assert kinds["lag"] >= 21


def test_sjukvardsregion_sydostra_has_41_huvudman(sample) -> None:  # type: ignore[no-untyped-def]
    orgs = list_orgs(sample.services, under="rpo-sydostra")
    assert sum(1 for org in orgs if org.kind.value in ("region", "kommun")) == 41


def test_kommuner_carry_scb_codes(sample) -> None:  # type: ignore[no-untyped-def]
    by_code = {org.municipality_code: org.name for org in list_orgs(sample.services, kind="kommun")}
    assert by_code["2080"] == "Falun"
    assert by_code["1480"] == "Göteborg"
    assert len(list_orgs(sample.services, kind="kommun", under="lpo-vastra-gotaland")) == 49
    assert len(list_orgs(sample.services, kind="kommun", under="lpo-varmland")) == 16


def test_the_story_leaves_items_in_every_phase(sample) -> None:  # type: ignore[no-untyped-def]
    states = Counter(line.row.state for line in status(sample.services))
    for state in ("remiss", "answered", "awaiting_decision", "gap_analysis", "implementing", "implemented"):
        assert states[state] > 0, state
    late = [
        line
        for line in status(sample.services, "psvf-sjalvskada")
        if line.row.due and line.row.due < date(2026, 11, 27)
    ]
    assert late, "some huvudmän should be late with PSVF Självskada"
