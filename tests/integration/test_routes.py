"""Several parents in SQL (R18), on both databases: import, every "under", fan-out, authority and the audit."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kgflow.domain.errors import NotAuthorised, UsageError
from kgflow.service.audit import verify
from kgflow.service.items import add_item, list_items
from kgflow.service.organisations import import_orgs, list_orgs, show_org
from kgflow.service.queries import status
from kgflow.service.refer import refer
from kgflow.service.todo import todo
from kgflow.testing import World

DUE = date(2027, 3, 31)
AREA = """code,name,kind,parent,municipality_code,area,lan,short_name,decides_for,also_under
npo-aldres-halsa,NPO äldres hälsa,npo,,,aldres-halsa,,,,
rpo-aldres-halsa-mellansverige,RPO äldres hälsa Mellansverige,rpo,npo-aldres-halsa,,aldres-halsa,,,,
lpo-aldres-halsa-dalarna,LPO äldres hälsa Dalarna,lpo,rpo-aldres-halsa-mellansverige,,aldres-halsa,20,,,
falun,Falun,kommun,lpo-dalarna,,,,,,lpo-aldres-halsa-dalarna
mora,Mora kommun,kommun,lpo-dalarna,2062,,20,Mora,,lpo-aldres-halsa-dalarna
"""


@pytest.fixture
def two_areas(world: World, tmp_path: Path) -> World:
    """The small chain, äldres hälsa beside it, Falun (already there) and Mora (new) linked under its LPO."""
    path = tmp_path / "aldres.csv"
    path.write_text(AREA, encoding="utf-8")
    import_orgs(world.services, path, actor="system")
    world.person("Nils Åberg", "samordnare", "npo-aldres-halsa")
    world.person("Åsa Nord", "sekreterare", "lpo-aldres-halsa-dalarna")
    world.person("Mats Mo", "kontaktperson", "mora")
    add_item(world.services, "vip-fall", "vip", "VIP Fallprevention", actor="nils.aberg")
    refer(world.services, "vip-fall", DUE.isoformat(), actor="nils.aberg")
    return world


def test_import_reads_the_new_columns_and_json_shows_them(two_areas: World) -> None:
    [mora] = [
        org.as_json() for org in list_orgs(two_areas.services, under="lpo-aldres-halsa-dalarna") if org.code == "mora"
    ]
    assert (mora["name"], mora["short_name"], mora["lan"], mora["area"]) == ("Mora kommun", "Mora", "20", None)
    card = show_org(two_areas.services, "Mora")  # the short name finds it
    assert [other.code for other in card.also_under] == ["lpo-aldres-halsa-dalarna"]


def test_under_follows_every_route(two_areas: World) -> None:
    below = {org.code for org in list_orgs(two_areas.services, under="npo-aldres-halsa")}
    assert {"falun", "falun-elevhalsa", "mora"} <= below
    assert "borlange" not in below
    assert {org.code for org in list_orgs(two_areas.services, kind="lpo", area="äldres hälsa")} == {
        "lpo-aldres-halsa-dalarna"
    }


def test_the_fan_out_reaches_a_linked_kommun_once_under_the_item_areas_lpo(two_areas: World) -> None:
    reached = [line.row.org for line in status(two_areas.services, "vip-fall")]
    assert sorted(reached) == sorted(set(reached))
    assert {"falun", "falun-elevhalsa", "mora", "lpo-aldres-halsa-dalarna"} <= set(reached)
    with two_areas.services.uow() as uow:
        subject = uow.instances.subject_by_codes("vip-fall", "falun")
        assert subject is not None
        assert subject.instance.parent_id is not None
        parent = uow.instances.with_org(subject.instance.parent_id)
    assert parent is not None
    assert parent[1].code == "lpo-aldres-halsa-dalarna"
    assert [summary.item.area for summary in list_items(two_areas.services, area="aldres-halsa")] == ["aldres-halsa"]


def test_a_linked_lpo_secretary_acts_for_the_kommun_on_its_own_areas_items_only(two_areas: World) -> None:
    two_areas.item("psvf-adhd", "PSVF ADHD")
    two_areas.refer("psvf-adhd", DUE)
    waiting = {(entry.row.item, entry.row.org) for entry in todo(two_areas.services, "asa.nord").waiting}
    assert ("vip-fall", "mora") in waiting
    assert ("psvf-adhd", "mora") not in waiting
    two_areas.advance("vip-fall", "mora", "answer", "asa.nord", ref="Svar")
    with pytest.raises(NotAuthorised, match="LPO psykisk hälsa Dalarna"):
        two_areas.advance("psvf-adhd", "mora", "answer", "asa.nord", ref="Svar")


def test_status_under_a_linked_lpo_and_by_area(two_areas: World) -> None:
    two_areas.item("psvf-adhd", "PSVF ADHD")
    two_areas.refer("psvf-adhd", DUE)
    under = {(line.row.item, line.row.org) for line in status(two_areas.services, org="lpo-aldres-halsa-dalarna")}
    assert ("vip-fall", "falun") in under
    assert ("psvf-adhd", "falun") in under  # Falun is under the LPO, whatever the item
    assert {line.row.item for line in status(two_areas.services, area="psykisk hälsa")} == {"psvf-adhd"}


def test_a_further_parent_is_never_taken_away_and_the_audit_holds(two_areas: World, tmp_path: Path) -> None:
    path = tmp_path / "moved.csv"
    path.write_text("code,name,kind,parent,also_under\nfalun,Falun,kommun,lpo-dalarna,lpo-varmland\n", encoding="utf-8")
    with pytest.raises(UsageError, match="kan inte flytta"):
        import_orgs(two_areas.services, path, actor="system")
    verify(two_areas.services)  # raises when the tables and the history disagree
