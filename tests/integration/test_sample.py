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
    with app.database.loading_in_bulk():
        load_sample(app.services)
    yield app
    app.close()


def test_the_swedish_structure(sample) -> None:  # type: ignore[no-untyped-def]
    kinds = Counter(org.kind.value for org in list_orgs(sample.services))
    assert kinds["npo"] == 6
    assert kinds["rpo"] == 6 * 6
    assert kinds["lpo"] == 6 * 21
    assert kinds["region"] == 21
    assert kinds["kommun"] == 289  # and Region Gotland, which is also Gotland's kommun
    assert kinds["lag"] >= 21


def test_six_programomraden_each_with_6_rpos_and_21_lpos(sample) -> None:  # type: ignore[no-untyped-def]
    areas = Counter(org.area for org in list_orgs(sample.services, kind="lpo"))
    assert set(areas.values()) == {21}
    assert len(areas) == 6
    assert len(list_orgs(sample.services, kind="rpo", area="äldres hälsa")) == 6
    assert len(list_orgs(sample.services, kind="lpo", area="primarvardsrad")) == 21


def test_290_kommuner_and_310_huvudman_each_once(sample) -> None:  # type: ignore[no-untyped-def]
    kommuner = list_orgs(sample.services, kind="kommun")
    assert len(kommuner) == 290
    assert len({org.code for org in kommuner}) == 290
    assert "region-gotland" in {org.code for org in kommuner}
    assert len(list_orgs(sample.services, kind="huvudman")) == 310


def test_region_gotland_is_one_huvudman(sample) -> None:  # type: ignore[no-untyped-def]
    gotland = [org for org in list_orgs(sample.services, kind="huvudman") if org.lan == "09"]
    assert [(org.code, org.kind.value, org.municipality_code) for org in gotland] == [
        ("region-gotland", "region", "0980")
    ]


@pytest.mark.parametrize(
    ("rpo", "count"),
    [
        ("rpo-sydostra", 41),
        ("rpo-stockholm-gotland", 28),
        ("rpo-aldres-halsa-stockholm-gotland", 28),
        # Region Halland and its 6 kommuner belong to both Södra and Västra sjukvårdsregionen.
        ("rpo-sodra", 4 + 8 + 5 + 33 + 6),
        ("rpo-vastra", 1 + 49 + 1 + 6),
    ],
)
def test_huvudman_of_each_sjukvardsregion(sample, rpo: str, count: int) -> None:  # type: ignore[no-untyped-def]
    assert len(list_orgs(sample.services, kind="huvudman", under=rpo)) == count


def test_every_huvudman_is_under_the_lpo_of_every_area_of_its_lan(sample) -> None:  # type: ignore[no-untyped-def]
    for lpo in ("lpo-dalarna", "lpo-aldres-halsa-dalarna", "lpo-levnadsvanor-dalarna"):
        assert len(list_orgs(sample.services, kind="huvudman", under=lpo)) == 1 + 15, lpo
    below = {org.code for org in list_orgs(sample.services, under="lpo-aldres-halsa-dalarna")}
    assert {"falun", "falun-socialtjanst", "region-dalarna"} <= below
    assert "lag-dalarna-vuxna" not in below


def test_kommuner_carry_scb_codes_formal_and_short_names(sample) -> None:  # type: ignore[no-untyped-def]
    by_code = {org.municipality_code: org for org in list_orgs(sample.services, kind="kommun")}
    assert (by_code["2080"].name, by_code["2080"].short_name) == ("Falu kommun", "Falun")
    assert by_code["1480"].name == "Göteborgs stad"
    assert by_code["0180"].name == "Stockholms stad"
    assert by_code["1280"].name == "Malmö stad"
    assert by_code["2023"].name == "Malung-Sälens kommun"
    assert by_code["0114"].name == "Upplands Väsby kommun"
    assert by_code["0139"].name == "Upplands-Bro kommun"
    assert by_code["2514"].name == "Kalix kommun"
    assert by_code["0980"].name == "Region Gotland"
    assert len(list_orgs(sample.services, kind="kommun", under="lpo-vastra-gotaland")) == 49
    assert len(list_orgs(sample.services, kind="kommun", under="lpo-varmland")) == 16


def test_one_person_holds_roles_in_two_areas(sample) -> None:  # type: ignore[no-untyped-def]
    from kgflow.service.organisations import show_org

    def secretaries(org: str) -> set[str]:
        return {person.code for role, person in show_org(sample.services, org).people if role == "sekreterare"}

    assert secretaries("lpo-dalarna") == secretaries("lpo-aldres-halsa-dalarna")


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


def test_ostergotland_keeps_seed_000s_activity_list(sample) -> None:  # type: ignore[no-untyped-def]
    from kgflow.service.audit import verify
    from kgflow.service.plans import show_plan

    view = show_plan(sample.services, "psvf-schizofreni-tidigt", "lpo-ostergotland")
    groups = [a.target_group for a in view.activities]
    assert len(groups) == 12
    assert groups[:2] == ["LGVO", "Socialchefsnätverket"]
    assert {"Elevhälsonätverk", "Primärvårdens verksamhetschefer", "Sakområdesnätverk"} <= set(groups)
    assert {a.performer for a in view.activities} == {"Utvecklingsledare, Mitt i Livet"}
    schedules = {a.target_group: (a.schedule, a.due) for a in view.activities}
    assert schedules["Rehab verksamhetschefer"] == ("VT 2023", date(2023, 6, 30))
    assert schedules["Sakområdesnätverk"] == ("Fortlöpande", None)
    assert schedules["LGVO"] == ("När behov så föreligger – bereds via LGVO AU.", None)
    assert [a.target_group for a in view.activities if a.is_late(view.today)] == ["Rehab verksamhetschefer"]
    assert verify(sample.services).ok
