"""The sample's story: the items of the seeds, carried through the chain by its people, on the seeds' dates.

Psykisk hälsa (seeds 000, 003, 004):

- *PSVF Schizofreni – tidigt insjuknande*: on remiss in the autumn of 2019,
  adopted by SKS in May 2020, introduced in Dalarna from October 2020 (seed
  003: "Införande PSV Schizofreni förstagångsinsjuknande"); every län has
  decided on it and implemented it.
- *PSVF Schizofreni – fortsatt vård och behandling*: adopted by SKS in 2021
  (seed 000, August 2022: "Två PSVF är fastställda"); implemented.
- *VIP Skadligt bruk och beroende*: on remiss in October 2020 (seed 003),
  adopted by NPO psykisk hälsa in 2021; implemented; its second version is on
  remiss now (seed 000: the VIP go into förvaltning and will be revised).
- *PSVF Självskada* and *PSVF Ångest och depression*: on remiss in 2022 (seed
  000), adopted by SKS in 2023; implemented in most län, late in a few,
  on hold in Skåne.
- *SIP-riktlinje Dalarna*: commissioned by Länschefsnätverket on 2022-09-23
  (seed 004: "Länschefsnätverket beslutade 220923"), decided in June 2023,
  implemented in all of Dalarna.

Östergötland keeps seed 000's implementation and communication plan (its
aktivitetslista of August 2022) for PSVF Schizofreni – tidigt insjuknande.

Äldres hälsa: an invented VIP, on remiss now, so a second programområde is alive.

Past steps carry the seeds' dates; what is current is counted from today, so
the sample is alive on any day after 2026. Every step goes through the same
services as the command line, each as of its own date.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date

from kgflow.domain.calendar import working_days_after, working_days_before
from kgflow.domain.clock import AsOfClock
from kgflow.domain.wording import t
from kgflow.sample.plans import PLANNED_ON, ostergotland_plan
from kgflow.sample.structure import Structure
from kgflow.service.advance import AdvanceRequest, advance
from kgflow.service.context import Services
from kgflow.service.hold import HOLD_STEPS, take_hold_step
from kgflow.service.items import add_item
from kgflow.service.plans import import_plan
from kgflow.service.refer import refer

OSTERGOTLAND, DALARNA, VARMLAND, VASTRA_GOTALAND = "05", "20", "17", "14"
STOCKHOLM, JONKOPING, KALMAR, SKANE, NORRBOTTEN = "01", "06", "08", "12", "25"
NPO = "npo-psykisk-halsa"
NPO_ALDRE = "npo-aldres-halsa"
LANSCHEFSNATVERKET = "lanschefsnatverket-dalarna"
GAPS = "Rutin saknas; Utbildning behövs; Samverkan med kommunerna; Uppföljning saknas"
SKANE_REASON = "Regional handlingsplan för psykisk hälsa tas fram först"


@dataclass(frozen=True)
class SampleItem:
    """One item of the sample: kommuner aim at ``target``, regions at ``region_target``."""

    code: str
    kind: str
    title: str
    target: int = 2
    region_target: int = 3


SCHIZOFRENI_TIDIGT = SampleItem("psvf-schizofreni-tidigt", "psvf", "PSVF Schizofreni – tidigt insjuknande", 1)
SCHIZOFRENI_FORTSATT = SampleItem(
    "psvf-schizofreni-fortsatt", "psvf", "PSVF Schizofreni – fortsatt vård och behandling", 1
)
SKADLIGT_BRUK = SampleItem("vip-skadligt-bruk", "vip", "VIP Skadligt bruk och beroende", 2)
SJALVSKADA = SampleItem("psvf-sjalvskada", "psvf", "PSVF Självskada", 1)
ANGEST_DEPRESSION = SampleItem("psvf-angest-depression", "psvf", "PSVF Ångest och depression", 1)
ALDRE = SampleItem("vip-psykisk-ohalsa-aldre", "vip", "VIP Psykisk ohälsa hos äldre", 2)
SIP_DALARNA = SampleItem("sip-riktlinje-dalarna", "riktlinje", "SIP-riktlinje Dalarna (revision)", 2)


@dataclass(frozen=True)
class Adopted:
    """When an item went on remiss, closed it and was adopted, and by whom."""

    referred: date
    due: date
    adopted: date
    ref: str


class Story:
    """Runs the steps of the sample, each as of its own day."""

    def __init__(self, services: Services, structure: Structure, report: Callable[[str], None]) -> None:
        self.services = services
        self.s = structure
        self.today = services.clock.today()
        self.report = report
        self.steps = 0

    # ---------------------------------------------------------------- helpers
    def ago(self, working_days: int) -> date:
        """The working day ``working_days`` working days before today."""
        return working_days_before(self.today, working_days)

    def ahead(self, working_days: int) -> date:
        """The working day ``working_days`` working days after today."""
        return working_days_after(self.today, working_days)

    def on(self, day: date) -> Services:
        """Services as of ``day``."""
        return replace(self.services, clock=AsOfClock(day))

    def act(
        self,
        day: date,
        item: str,
        org: str,
        event: str,
        role: str,
        *,
        ref: str | None = None,
        note: str | None = None,
        values: dict[str, object] | None = None,
        force: bool = False,
    ) -> None:
        """One advance, as of ``day`` (never after today), by the holder of ``role`` at ``org``."""
        pairs = tuple(f"{key}={value}" for key, value in (values or {}).items())
        request = AdvanceRequest(item, org, event, self.s.holder(org, role), ref, note, pairs, force)
        services = self.on(min(day, self.today))
        if event in HOLD_STEPS:
            take_hold_step(services, request)
        else:
            advance(services, request)
        self.steps += 1

    def huvudman_units(self, lan: str) -> list[tuple[str, list[str]]]:
        """(huvudman, its units) for every huvudman of a län, the region first."""
        huvudman = list(dict.fromkeys([self.s.region_of_lan[lan], *self.s.kommuner_of_lan[lan]]))
        return [(code, self.s.units_of.get(code, [])) for code in huvudman]

    # ---------------------------------------------------------------- phases
    def add_and_refer(self, item: SampleItem, referred: date, due: date, owner: str = NPO) -> None:
        """Add the item at its NPO and send it on remiss."""
        person = self.s.holder(owner, "samordnare")
        add_item(
            self.on(referred), item.code, item.kind, item.title, actor=person, owner=owner, target_level=item.target
        )
        refer(self.on(referred), item.code, due.isoformat(), actor=person)
        self.report(str(t("{title}: skickat på remiss till hela kedjan", title=item.title)))

    def answer_lan(self, item: str, lan: str, day: date, *, complete: bool, lags: bool = True) -> None:
        """Units, huvudmän and LAGs of a län answer; with ``complete`` everyone does."""
        for index, (huvudman, units) in enumerate(self.huvudman_units(lan)):
            if not complete and index % 3 == 2:
                continue
            for unit in units:
                self.act(day, item, unit, "answer", "kontaktperson", ref=f"Svar {unit}")
            self.act(
                day, item, huvudman, "answer", "kontaktperson", ref=f"Dnr {huvudman.upper()}-{day.year}-{index + 10}"
            )
        for lag in self.s.lags_of_lan[lan] if lags else ():
            self.act(day, item, lag, "answer", "sammankallande", ref=f"Yttrande {lag}")

    def compile_up(self, item: str, day: date) -> None:
        """Every LPO, then every RPO, then the NPO submit compiled answers."""
        for _lan, lpo in sorted(self.s.lpo_of_lan.items()):
            self.act(
                day, item, lpo, "answer", "sekreterare", ref=f"Sammanställning {lpo}", force=True,
                note="Sammanställt med de svar som kommit in.",
            )  # fmt: skip
        lpos = set(self.s.lpo_of_lan.values())
        for rpo in sorted({str(o.parent) for o in self.s.organisations if o.code in lpos and o.parent}):
            self.act(day, item, str(rpo), "answer", "samordnare", ref=f"Sammanställning {rpo}")
        self.act(day, item, NPO, "answer", "samordnare", ref="Sammanställda remissvar")

    def through_remiss(self, item: SampleItem, referred: date, due: date) -> None:
        """The remiss of a national item: Östergötland answers in full, Dalarna in part, everyone compiles."""
        self.add_and_refer(item, referred, due)
        self.answer_lan(item.code, OSTERGOTLAND, working_days_after(referred, 15), complete=True)
        self.answer_lan(item.code, DALARNA, working_days_after(referred, 18), complete=False)
        self.compile_up(item.code, working_days_before(due, 2))

    def adopt(self, item: SampleItem, day: date, ref: str) -> None:
        """The adopting body decides (SKS for a PSVF, the NPO for a VIP); the NPO's coordinator records it."""
        self.act(day, item.code, NPO, "adopt", "samordnare", ref=ref, values={"date": day.isoformat()})

    def decide(self, item: SampleItem, lan: str, day: date) -> None:
        """The län's forums decide and the LPO's secretary records it (R6): one joint decision, or the region's forum
        for the region and then the kommuner's forum for the rest; the region aims higher than the kommuner."""
        lpo, region = self.s.lpo_of_lan[lan], self.s.region_of_lan[lan]
        forums = self.s.forum_of_lan[lan]
        joint = forums["region"] == forums["kommun"]
        values: dict[str, object] = {"body": forums["region"], region: item.region_target}
        if not joint:
            values["for"] = region
        self.act(
            day, item.code, lpo, "decide", "sekreterare", ref=self.minutes(forums["region"], day, 4), values=values
        )
        if not joint:
            later = working_days_after(day, 8)
            self.act(later, item.code, lpo, "decide", "sekreterare", ref=self.minutes(forums["kommun"], later, 6),
                     values={"body": forums["kommun"]})  # fmt: skip

    def minutes(self, forum: str, day: date, paragraph: int) -> str:
        """A forum's minutes as the decision's reference: "Länschefsnätverket Dalarna 2023-06-15 §4"."""
        return f"{self.name_of(forum)} {day.isoformat()} §{paragraph}"

    def name_of(self, code: str) -> str:
        """An organisation's short or formal name."""
        org = next(o for o in self.s.organisations if o.code == code)
        return org.short_name or org.name

    def implement(
        self, item: SampleItem, lan: str, decided: date, *, reached: float = 1.0, region_done: bool = True
    ) -> None:
        """After the decision: kommuner report levels by information (levels 1–2 need no GAP, seed 000); the region
        also completes its GAP analysis and reaches level 3. ``reached`` is the share of kommuner at their target."""
        huvudmän = self.huvudman_units(lan)
        region, kommuner = huvudmän[0], huvudmän[1:]
        done = round(len(kommuner) * reached)
        for index, (code, units) in enumerate(kommuner):
            levels = item.target if index < done else item.target - 1
            self.levels(item, code, working_days_after(decided, 15 + index % 20), levels)
            for unit in units:
                self.levels(item, unit, working_days_after(decided, 25), item.target)
        code, units = region
        start = working_days_after(decided, 10)
        self.levels(item, code, start, min(2, item.region_target))
        for unit in units:
            self.levels(item, unit, working_days_after(decided, 25), item.target)
        if region_done:
            self.act(working_days_after(start, 40), item.code, code, "complete_gap", "kontaktperson",
                     ref=f"GAP-rapport {self.name_of(code)}",
                     values={"gaps": 4, "gap_list": GAPS})  # fmt: skip
            self.levels(item, code, working_days_after(start, 90), item.region_target, start_at=3)

    def levels(self, item: SampleItem, org: str, day: date, up_to: int, start_at: int = 1) -> None:
        """``org`` reports levels ``start_at`` … ``up_to``, twenty working days apart."""
        for level in range(start_at, up_to + 1):
            self.act(working_days_after(day, 20 * (level - start_at)), item.code, org, "reach_level", "kontaktperson",
                     values={"level": level})  # fmt: skip

    def national(
        self, item: SampleItem, when: Adopted, decisions: Iterable[tuple[str, date]], *, reached: float = 1.0
    ) -> None:
        """Remiss, adoption, the local decisions and implementation of one national item."""
        self.through_remiss(item, when.referred, when.due)
        self.adopt(item, when.adopted, when.ref)
        for lan, day in decisions:
            self.decide(item, lan, day)
            self.implement(item, lan, day, reached=reached if day.year >= self.today.year else 1.0)


def spread(lans: Iterable[str], first: date, step: int) -> list[tuple[str, date]]:
    """One decision date per län, ``step`` working days apart from ``first``."""
    return [(lan, working_days_after(first, index * step)) for index, lan in enumerate(lans)]


def tell(story: Story) -> None:
    """The whole sample story, oldest item first."""
    s = story
    every = sorted(s.s.lpo_of_lan)
    dalarna_first = [DALARNA, *[lan for lan in every if lan != DALARNA]]
    s.national(
        SCHIZOFRENI_TIDIGT,
        Adopted(date(2019, 10, 14), date(2019, 12, 13), date(2020, 5, 28), "SKS 2020-05-28"),
        spread(dalarna_first, date(2020, 10, 15), 6),
    )
    s.national(
        SCHIZOFRENI_FORTSATT,
        Adopted(date(2020, 9, 7), date(2020, 11, 27), date(2021, 4, 22), "SKS 2021-04-22"),
        spread(every, date(2021, 6, 3), 5),
    )
    s.national(
        SKADLIGT_BRUK,
        Adopted(date(2020, 10, 5), date(2020, 12, 18), date(2021, 3, 25), "NPO psykisk hälsa 2021-03-25 §3"),
        spread(every, date(2021, 5, 6), 5),
    )
    s.report(str(t("{title}: fastställt, beslutat och implementerat i alla län", title=SCHIZOFRENI_TIDIGT.title)))
    late = (JONKOPING, KALMAR)
    s.national(
        SJALVSKADA,
        Adopted(date(2022, 6, 13), date(2022, 9, 30), date(2023, 3, 16), "SKS 2023-03-16"),
        [*spread([lan for lan in every if lan not in late], date(2023, 5, 4), 8), *spread(late, s.ago(75), 3)],
        reached=0.5,
    )
    s.report(str(t("{title}: implementerat i de flesta län, sent i Jönköpings och Kalmar län", title=SJALVSKADA.title)))
    tell_angest(s, every)
    tell_plan_ostergotland(s)
    tell_sip_dalarna(s)
    tell_now(s)


def tell_angest(s: Story, every: list[str]) -> None:
    """PSVF Ångest och depression: decided almost everywhere; Skåne holds it until its regional plan is done."""
    item = ANGEST_DEPRESSION
    when = Adopted(date(2022, 9, 5), date(2022, 11, 25), date(2023, 6, 15), "SKS 2023-06-15")
    lpo_skane = s.s.lpo_of_lan[SKANE]
    s.through_remiss(item, when.referred, when.due)
    s.adopt(item, when.adopted, when.ref)
    s.act(date(2023, 8, 24), item.code, lpo_skane, "prioritise", "sekreterare", values={"priority": "låg"})
    s.act(date(2023, 8, 24), item.code, lpo_skane, "hold", "ordforande",
          values={"reason": SKANE_REASON, "review": s.ahead(30).isoformat()})  # fmt: skip
    for lan, day in spread([lan for lan in every if lan not in (SKANE, NORRBOTTEN)], date(2023, 9, 14), 7):
        s.decide(item, lan, day)
        s.implement(item, lan, day, region_done=lan != STOCKHOLM)
    # Region Stockholm finished its GAP analysis only a year ago and has not yet reported level 3.
    region = s.s.region_of_lan[STOCKHOLM]
    s.act(s.ago(258), item.code, region, "complete_gap", "kontaktperson", ref="GAP-rapport Region Stockholm",
          values={"gaps": 6, "gap_list": GAPS})  # fmt: skip
    decided = s.ago(70)
    s.decide(item, NORRBOTTEN, decided)
    s.implement(item, NORRBOTTEN, decided, reached=0.4)
    s.report(str(t("{title}: beslutat i 20 län, pausat i Skåne", title=item.title)))


def tell_plan_ostergotland(s: Story) -> None:
    """Seed 000: Östergötland's implementation and communication plan, for PSVF Schizofreni – tidigt insjuknande."""
    lpo = s.s.lpo_of_lan[OSTERGOTLAND]
    import_plan(
        s.on(PLANNED_ON), SCHIZOFRENI_TIDIGT.code, lpo, ostergotland_plan(), actor=s.s.holder(lpo, "sekreterare")
    )
    s.report(str(t("{title}: Östergötlands implementerings- och kommunikationsplan", title=SCHIZOFRENI_TIDIGT.title)))


def tell_sip_dalarna(s: Story) -> None:
    """Seed 004: Länschefsnätverket commissions the SIP-riktlinje revision on 2022-09-23; Dalarna implements it."""
    chair = s.s.holder(LANSCHEFSNATVERKET, "ordforande")
    item = SIP_DALARNA.code
    add_item(s.on(date(2022, 9, 23)), item, SIP_DALARNA.kind, SIP_DALARNA.title, actor=chair, owner=LANSCHEFSNATVERKET)
    members = "RSS Dalarna (processledare); Psykiatrin, Region Dalarna; Socialtjänsten, Falun; Elevhälsan, Borlänge"
    s.act(date(2022, 10, 6), item, LANSCHEFSNATVERKET, "appoint_group", "ordforande",
          ref="Länschefsnätverket 2022-09-23 §7", values={"members": members})  # fmt: skip
    s.act(date(2023, 3, 9), item, LANSCHEFSNATVERKET, "submit_draft", "ordforande", ref="Förslag SIP-riktlinje v2")
    referred = date(2023, 3, 13)
    refer(s.on(referred), item, date(2023, 5, 12).isoformat(), actor=chair)
    for index, (huvudman, _) in enumerate(s.huvudman_units(DALARNA)):
        if index % 7 == 6:
            s.act(date(2023, 4, 21), item, huvudman, "decline", "kontaktperson", values={"reason": "Inga synpunkter"})
        else:
            s.act(date(2023, 4, 18), item, huvudman, "answer", "kontaktperson", ref=f"Yttrande {s.name_of(huvudman)}")
    s.act(date(2023, 6, 15), item, LANSCHEFSNATVERKET, "decide", "ordforande", ref="Länschefsnätverket 2023-06-15 §4")
    for index, (huvudman, _) in enumerate(s.huvudman_units(DALARNA)):
        reported = working_days_after(date(2023, 10, 2), 12 * index)
        s.act(reported, item, huvudman, "report_implemented", "kontaktperson", ref=f"Rapport {s.name_of(huvudman)}")
    s.report(str(t("{title}: beslutat av Länschefsnätverket, implementerat i hela Dalarna", title=SIP_DALARNA.title)))


def tell_now(s: Story) -> None:
    """What is on remiss today: the second version of VIP Skadligt bruk och beroende, and äldres hälsa's VIP."""
    referred = s.ago(12)
    s.act(referred, SKADLIGT_BRUK.code, NPO, "revise", "samordnare", ref="VIP Skadligt bruk och beroende, version 2",
          values={"due": s.ahead(40).isoformat()})  # fmt: skip
    s.answer_lan(SKADLIGT_BRUK.code, OSTERGOTLAND, s.ago(3), complete=False)
    s.report(str(t("{title}: version 2 på remiss, de första svaren från Östergötland", title=SKADLIGT_BRUK.title)))
    s.add_and_refer(ALDRE, s.ago(5), s.ahead(45), owner=NPO_ALDRE)
    s.answer_lan(ALDRE.code, VARMLAND, s.ago(1), complete=False, lags=False)
    s.report(str(t("{title}: på remiss, de första svaren från Värmland", title=ALDRE.title)))
