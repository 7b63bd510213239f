"""Helpers shared by kgflow's tests and its Gherkin steps: a fixed clock and a world builder.

Nothing here fakes what kgflow owns: a :class:`World` runs on a real database
through the real services. It only makes it short to say "Falun is a kommun
under LPO Dalarna, Anna Andersson is its contact person" and "it is now
2027-02-10".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path

from kgflow.bootstrap import Application, bootstrap
from kgflow.config import Settings, shipped_workflows
from kgflow.domain.clock import STOCKHOLM
from kgflow.domain.errors import TransitionRefused
from kgflow.domain.identity import SYSTEM
from kgflow.sample.structure import slug
from kgflow.service.advance import AdvanceRequest, AdvanceResult, advance
from kgflow.service.context import Services
from kgflow.service.correct import CorrectionRequest, CorrectionResult, correct
from kgflow.service.hold import HoldResult, take_hold_step
from kgflow.service.items import add_item
from kgflow.service.organisations import NewPerson, list_orgs, store
from kgflow.service.ports import NewOrganisation
from kgflow.service.queries import status
from kgflow.service.refer import refer


class FixedClock:
    """A clock that stands still until told to move; 10:00 Stockholm time on its day."""

    def __init__(self, today: date, at: time = time(10, 0)) -> None:
        self._today = today
        self._time = at

    def now(self) -> datetime:
        """The fixed instant, in UTC."""
        return datetime.combine(self._today, self._time, STOCKHOLM).astimezone(UTC)

    def today(self) -> date:
        """The fixed date."""
        return self._today

    def set(self, today: date, at: time | None = None) -> None:
        """Move the clock to another day (and time)."""
        self._today = today
        if at is not None:
            self._time = at


def application(database_url: str, clock: FixedClock, workflows: Path | None = None) -> Application:
    """A real kgflow on ``database_url`` whose clock is ``clock`` (schema must exist)."""
    settings = Settings(
        database_url=database_url,
        actor=None,
        today=None,
        workflows_dir=workflows or shipped_workflows(),
    )
    return bootstrap(settings, clock=clock)


@dataclass
class World:
    """A small chain built on a real database, addressed by the names people use."""

    app: Application
    clock: FixedClock
    codes: dict[str, str] = field(default_factory=dict)
    people: dict[str, str] = field(default_factory=dict)
    coordinator: str | None = None

    @property
    def services(self) -> Services:
        """The application's services."""
        return self.app.services

    def org(
        self,
        name: str,
        kind: str,
        parent: str | None = None,
        code: str | None = None,
        *,
        area: str | None = None,
        also_under: tuple[str, ...] = (),
        short_name: str | None = None,
        lan: str | None = None,
        decides_for: str | None = None,
    ) -> str:
        """Add an organisation under ``parent`` (and ``also_under``: names given earlier); returns its code.

        ``lan`` is its län's code, ``decides_for`` (a forum's) the kinds of huvudman it decides for.
        """
        org_code = code or slug(name)
        new = NewOrganisation(
            org_code, name, kind, self.code(parent) if parent else None, area=area, short_name=short_name,
            also_under=tuple(self.code(other) for other in also_under), lan=lan, decides_for=decides_for,
        )  # fmt: skip
        with self.services.uow(write=True) as uow:
            store(uow, [new], [], actor=SYSTEM, now=self.clock.now())
            uow.commit()
        self.codes[name] = org_code
        return org_code

    def link(self, name: str, parent: str) -> None:
        """Put an organisation given earlier also under ``parent`` (say, a kommun under a second area's LPO)."""
        with self.services.uow(write=True) as uow:
            found = uow.orgs.find(self.code(name))
            assert found is not None
            parents = uow.orgs.by_ids(found.parent_ids)
            codes = [parents[i].code for i in found.parent_ids]
            new = NewOrganisation(
                found.code, found.name, found.kind.value, codes[0] if codes else None, found.municipality_code,
                area=found.area, lan=found.lan, short_name=found.short_name, decides_for=found.decides_for,
                also_under=(*codes[1:], self.code(parent)),
            )  # fmt: skip
            store(uow, [new], [], actor=SYSTEM, now=self.clock.now())
            uow.commit()

    def code(self, name: str) -> str:
        """The code of an organisation given by name (or already a code)."""
        return self.codes.get(name, name)

    def person(self, name: str, role: str, at: str) -> str:
        """Add a person (or another role for one) at an organisation; returns the person's code."""
        code = self.people.get(name) or slug(name).replace("-", ".")
        email = f"{code}@{self.code(at)}.example"
        with self.services.uow(write=True) as uow:
            store(uow, [], [NewPerson(code, name, email, ((role, self.code(at)),))], actor=SYSTEM, now=self.clock.now())
            uow.commit()
        self.people[name] = code
        if role == "samordnare" and self.coordinator is None:
            self.coordinator = code
        return code

    def item(
        self,
        code: str,
        title: str,
        kind: str = "psvf",
        target_level: int = 2,
        *,
        owner: str | None = None,
        by: str | None = None,
        area: str | None = None,
    ) -> str:
        """Add an item: by default owned by the NPO and added by its coordinator."""
        actor = self.people.get(by, by) if by else self.coordinator
        add_item(
            self.services, code, kind, title, actor=actor, target_level=target_level,
            owner=self.code(owner) if owner else None, area=area,
        )  # fmt: skip
        return code

    def refer(self, item: str, due: date) -> AdvanceResult:
        """Send an item on remiss, as the NPO's coordinator."""
        return refer(self.services, item, due.isoformat(), actor=self.coordinator)

    def advance(
        self,
        item: str,
        org: str,
        event: str,
        by: str,
        *,
        ref: str | None = None,
        note: str | None = None,
        values: dict[str, object] | None = None,
        force: bool = False,
        expect_state: str | None = None,
    ) -> AdvanceResult:
        """Perform an event as the person called ``by`` (a name given earlier, or a code)."""
        pairs = tuple(f"{k}={v}" for k, v in (values or {}).items())
        actor = self.people.get(by, by)
        request = AdvanceRequest(item, self.code(org), event, actor, ref, note, pairs, force, expect_state)
        return advance(self.services, request)

    def hold_step(
        self,
        item: str,
        org: str,
        step: str,
        by: str,
        *,
        note: str | None = None,
        values: Mapping[str, object] | None = None,
    ) -> HoldResult:
        """Prioritise, hold or resume (R16) at ``org`` as the person called ``by``."""
        pairs = tuple(f"{k}={v}" for k, v in (values or {}).items())
        request = AdvanceRequest(item, self.code(org), step, self.people.get(by, by), None, note, pairs)
        return take_hold_step(self.services, request)

    def correct(
        self,
        item: str,
        org: str,
        to: str,
        by: str,
        *,
        reason: str | None,
        ref: str | None = None,
        values: dict[str, object] | None = None,
    ) -> CorrectionResult:
        """Correct the latest step at ``org`` as the person called ``by`` (R17); ``to`` is a state or its label."""
        pairs = tuple(f"{self.code(k)}={v}" for k, v in (values or {}).items())
        request = CorrectionRequest(item, self.code(org), self.people.get(by, by), to, reason, ref, pairs)
        return correct(self.services, request)

    def answerer(self, item: str, org: str) -> str:
        """The code of the person who answers for ``org`` on ``item``'s workflow (its responsible role)."""
        with self.services.uow() as uow:
            found_item = uow.items.find(item)
            found_org = uow.orgs.find(self.code(org))
            if found_item is None or found_org is None:
                raise LookupError(f"no item {item!r} or organisation {org!r}")
            definition = self.services.catalogue.current(found_item.workflow)
            role = definition.responsible[found_org.kind.value]
            [holder] = uow.people.holders(found_org.id, role)
            return holder.code

    def answer_below(
        self,
        item: str,
        org: str,
        *,
        including: bool = False,
        each: Callable[[str], None] = lambda _: None,
        skip_refused: bool = False,
    ) -> None:
        """Everyone below ``org`` still on remiss answers, deepest first (and ``org`` too if ``including``).

        ``each`` is told every organisation whose answer was committed; with
        ``skip_refused``, one whose answer the rules refuse (its parent has
        already submitted) is passed over instead of stopping the rest.
        """
        code = self.code(org)
        depth = {o.code: o.depth for o in list_orgs(self.services, under=code)}
        waiting = [line.row.org for line in status(self.services, item, code) if line.row.state == "remiss"]
        for org_code in sorted(waiting, key=lambda c: -depth[c]):
            if org_code == code and not including:
                continue
            try:
                self.advance(item, org_code, "answer", self.answerer(item, org_code), ref=f"Svar {org_code}")
            except TransitionRefused:
                if not skip_refused:
                    raise
                continue
            each(org_code)


def small_chain(world: World) -> World:
    """SKS; NPO → an RPO → LPO Dalarna (a LAG, Region Dalarna, Falun with a unit, Borlänge, two forums), LPO Värmland.

    Dalarna's forums: Länschefsnätverket decides for the kommuner, the
    Länsgemensam ledningsgrupp for region and kommuner together (R6).

    Everyone named here holds the role that answers for their organisation.
    """
    w = world
    area = "psykisk-halsa"
    w.org("NPO psykisk hälsa", "npo", code="npo-psykisk-halsa", area=area)
    w.person("Nora Lind", "samordnare", "NPO psykisk hälsa")
    w.org("SKS", "body", code="sks")
    w.org("RPO psykisk hälsa Mellansverige", "rpo", "NPO psykisk hälsa", code="rpo-mellansverige", area=area)
    w.person("Rolf Berg", "samordnare", "RPO psykisk hälsa Mellansverige")
    w.org(
        "LPO psykisk hälsa Dalarna", "lpo", "RPO psykisk hälsa Mellansverige", code="lpo-dalarna", area=area, lan="20"
    )
    w.person("Sara Ek", "sekreterare", "LPO psykisk hälsa Dalarna")
    w.person("Olof Ek", "ordforande", "LPO psykisk hälsa Dalarna")
    w.org(
        "LAG psykisk hälsa vuxna Dalarna",
        "lag",
        "LPO psykisk hälsa Dalarna",
        code="lag-dalarna-vuxna",
        area=area,
        lan="20",
    )
    w.person("Lisa Sjö", "sammankallande", "LAG psykisk hälsa vuxna Dalarna")
    w.org("Region Dalarna", "region", "LPO psykisk hälsa Dalarna", code="region-dalarna", lan="20")
    w.person("Rut Dahl", "kontaktperson", "Region Dalarna")
    w.org("Falun", "kommun", "LPO psykisk hälsa Dalarna", code="falun", lan="20")
    w.person("Anna Andersson", "kontaktperson", "Falun")
    w.org("Elevhälsan Falun", "unit", "Falun", code="falun-elevhalsa")
    w.person("Elsa Berg", "kontaktperson", "Elevhälsan Falun")
    w.org("Borlänge", "kommun", "LPO psykisk hälsa Dalarna", code="borlange", lan="20")
    w.person("Bo Lund", "kontaktperson", "Borlänge")
    w.org(
        "Länschefsnätverket Dalarna",
        "body",
        "LPO psykisk hälsa Dalarna",
        code="lanschefsnatverket-dalarna",
        lan="20",
        decides_for="kommun",
    )
    w.person("Greta Lund", "ordforande", "Länschefsnätverket Dalarna")
    w.org(
        "Länsgemensam ledningsgrupp Dalarna",
        "body",
        "LPO psykisk hälsa Dalarna",
        code="lansgemensam-ledningsgrupp-dalarna",
        lan="20",
        decides_for="region kommun",
    )
    w.person("Maja Öberg", "ordforande", "Länsgemensam ledningsgrupp Dalarna")
    w.org(
        "LPO psykisk hälsa Värmland", "lpo", "RPO psykisk hälsa Mellansverige", code="lpo-varmland", area=area, lan="17"
    )
    w.person("Vera Holm", "sekreterare", "LPO psykisk hälsa Värmland")
    w.org("Karlstad", "kommun", "LPO psykisk hälsa Värmland", code="karlstad", lan="17")
    w.person("Karl Strand", "kontaktperson", "Karlstad")
    return w
