"""The sample's story: the items of the seeds, carried through the chain by its people.

Dates are counted back from today, so the sample is always alive: PSVF
Schizofreni (both) and VIP Skadligt bruk och beroende were adopted a while ago
and are being implemented in Östergötland, Dalarna, Värmland and Västra
Götaland; PSVF Självskada and PSVF Ångest och depression are on remiss, some
answers in, some late. Every step goes through the same services as the
command line, each as of its own date.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from kgflow.domain.calendar import working_days_after, working_days_before
from kgflow.domain.clock import AsOfClock
from kgflow.domain.wording import t
from kgflow.sample.structure import Structure
from kgflow.service.advance import AdvanceRequest, advance
from kgflow.service.context import Services
from kgflow.service.items import add_item
from kgflow.service.refer import refer

OSTERGOTLAND, DALARNA, VARMLAND, VASTRA_GOTALAND = "05", "20", "17", "14"


@dataclass(frozen=True)
class SampleItem:
    """One item of the sample."""

    code: str
    kind: str
    title: str
    target: int = 2


SCHIZOFRENI_TIDIGT = SampleItem("psvf-schizofreni-tidigt", "psvf", "PSVF Schizofreni – tidigt insjuknande", 2)
SCHIZOFRENI_FORTSATT = SampleItem(
    "psvf-schizofreni-fortsatt", "psvf", "PSVF Schizofreni – fortsatt vård och behandling", 2
)
SKADLIGT_BRUK = SampleItem("vip-skadligt-bruk", "vip", "VIP Skadligt bruk och beroende", 2)
SJALVSKADA = SampleItem("psvf-sjalvskada", "psvf", "PSVF Självskada", 2)
ANGEST_DEPRESSION = SampleItem("psvf-angest-depression", "psvf", "PSVF Ångest och depression", 2)
SIP_DALARNA = SampleItem("sip-riktlinje-dalarna", "riktlinje", "SIP-riktlinje Dalarna (revision)", 2)
LANSCHEFSNATVERKET = "lanschefsnatverket-dalarna"


class Story:
    """Runs the steps of the sample, each as of its own day."""

    def __init__(self, services: Services, structure: Structure, report: Callable[[str], None]) -> None:
        self.services = services
        self.s = structure
        self.today = services.clock.today()
        self.report = report
        self.steps = 0

    # ---------------------------------------------------------------- helpers
    def day(self, days_ago: int) -> date:
        """The working day on or before ``days_ago`` calendar days ago."""
        return working_days_before(self.today - timedelta(days=days_ago), 0)

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
        """One advance, as of ``day``, by the holder of ``role`` at ``org``."""
        pairs = tuple(f"{key}={value}" for key, value in (values or {}).items())
        request = AdvanceRequest(item, org, event, self.s.holder(org, role), ref, note, pairs, force)
        advance(self.on(day), request)
        self.steps += 1

    def huvudman_units(self, lan: str) -> list[tuple[str, list[str]]]:
        """(huvudman, its units) for every huvudman of a län."""
        huvudman = [self.s.region_of_lan[lan], *self.s.kommuner_of_lan[lan]]
        return [(code, self.s.units_of.get(code, [])) for code in huvudman]

    # ---------------------------------------------------------------- phases
    def add_and_refer(self, item: SampleItem, referred: date, due: date) -> None:
        """Add the item at the NPO and send it on remiss."""
        npo_person = self.s.holder("npo-psykisk-halsa", "samordnare")
        add_item(
            self.on(referred),
            item.code,
            item.kind,
            item.title,
            actor=npo_person,
            target_level=item.target,
        )
        refer(self.on(referred), item.code, due.isoformat(), actor=npo_person)
        self.report(str(t("{title}: skickat på remiss till hela kedjan", title=item.title)))

    def answer_lan(self, item: str, lan: str, day: date, *, complete: bool) -> None:
        """Units, huvudmän and LAGs of a län answer; with ``complete`` everyone does."""
        for index, (huvudman, units) in enumerate(self.huvudman_units(lan)):
            if not complete and index % 3 == 2:
                continue
            for unit in units:
                self.act(day, item, unit, "answer", "kontaktperson", ref=f"Svar {unit}")
            self.act(
                day,
                item,
                huvudman,
                "answer",
                "kontaktperson",
                ref=f"Dnr {huvudman.upper()}-{day.year}-{index + 10}",
            )
        for lag in self.s.lags_of_lan[lan]:
            self.act(day, item, lag, "answer", "sammankallande", ref=f"Yttrande {lag}")

    def compile_up(self, item: str, day: date) -> None:
        """Every LPO, then every RPO, then the NPO submit compiled answers."""
        for _lan, lpo in sorted(self.s.lpo_of_lan.items()):
            self.act(
                day,
                item,
                lpo,
                "answer",
                "sekreterare",
                ref=f"Sammanställning {lpo}",
                force=True,
                note="Sammanställt med de svar som kommit in.",
            )
        for rpo in sorted(
            {o.parent for o in self.s.organisations if o.code in self.s.lpo_of_lan.values() and o.parent}
        ):
            self.act(day, item, str(rpo), "answer", "samordnare", ref=f"Sammanställning {rpo}")
        self.act(day, item, "npo-psykisk-halsa", "answer", "samordnare", ref="Sammanställda remissvar")

    def adopt(self, item: str, day: date, ref: str) -> None:
        """SKS adopts; the NPO records it."""
        self.act(
            day,
            item,
            "npo-psykisk-halsa",
            "adopt",
            "samordnare",
            ref=ref,
            values={"date": day.isoformat()},
        )

    def decide(self, item: str, lan: str, day: date, region_target: int = 3) -> None:
        """The län's forums decide and the LPO records it (R6); the region aims higher than the kommuner."""
        lpo, region = self.s.lpo_of_lan[lan], self.s.region_of_lan[lan]
        forums = self.s.forum_of_lan[lan]
        values: dict[str, object] = {"body": forums["region"], region: region_target}
        if forums["kommun"] != forums["region"]:
            values["for"] = region
        self.act(day, item, lpo, "decide", "sekreterare", ref=f"Beslut {day.isoformat()}", values=values)
        if forums["kommun"] != forums["region"]:
            self.act(day, item, lpo, "decide", "sekreterare", ref=f"Beslut {day.isoformat()}",
                     values={"body": forums["kommun"]})  # fmt: skip

    def gap_and_levels(self, item: str, lan: str, day: date, *, share: float, levels: int) -> None:
        """A share of a län's huvudmän complete GAP; each then climbs up to ``levels`` levels."""
        huvudman = [code for code, _ in self.huvudman_units(lan)]
        chosen = huvudman[: max(1, round(len(huvudman) * share))]
        for code in chosen:
            self.act(
                day,
                item,
                code,
                "complete_gap",
                "kontaktperson",
                ref=f"GAP-rapport {code}",
                values={
                    "gaps": 3,
                    "gap_list": "Rutin saknas; Utbildning behövs; Uppföljning saknas",
                },
            )
        for index, code in enumerate(chosen):
            reached = levels - index % (levels + 1)
            for level in range(1, reached + 1):
                level_day = min(working_days_after(day, 20 * level), self.today)
                self.act(level_day, item, code, "reach_level", "kontaktperson", values={"level": level})


def tell(story: Story) -> None:
    """The whole sample story, oldest item first."""
    s, ago = story, story.day
    for item, start, decided in (
        (SCHIZOFRENI_TIDIGT, 760, (OSTERGOTLAND, DALARNA, VARMLAND, VASTRA_GOTALAND)),
        (SCHIZOFRENI_FORTSATT, 620, (OSTERGOTLAND, DALARNA)),
        (SKADLIGT_BRUK, 420, (DALARNA, VARMLAND)),
    ):
        referred = ago(start)
        due = working_days_after(referred, 60)
        s.add_and_refer(item, referred, due)
        for lan in (OSTERGOTLAND, DALARNA):
            s.answer_lan(item.code, lan, working_days_after(referred, 20), complete=lan == OSTERGOTLAND)
        s.compile_up(item.code, working_days_before(due, 2))
        adopted = working_days_after(due, 40)
        s.adopt(item.code, adopted, f"SKS {adopted.year}-{adopted.month:02d}")
        for offset, lan in enumerate(decided):
            decision_day = working_days_after(adopted, 25 + 15 * offset)
            s.decide(item.code, lan, decision_day)
            gap_day = min(working_days_after(decision_day, 45), ago(30))
            s.gap_and_levels(item.code, lan, gap_day, share=0.8 if offset == 0 else 0.4, levels=3 - offset % 3)
        s.report(
            str(
                t(
                    "{title}: fastställt, beslutat i {count} län, implementering pågår",
                    title=item.title,
                    count=len(decided),
                )
            )
        )
    referred = ago(45)
    due = working_days_after(s.today, 15)
    s.add_and_refer(SJALVSKADA, referred, due)
    s.answer_lan(SJALVSKADA.code, OSTERGOTLAND, working_days_after(referred, 10), complete=True)
    s.act(
        working_days_after(referred, 12),
        SJALVSKADA.code,
        s.s.lpo_of_lan[OSTERGOTLAND],
        "answer",
        "sekreterare",
        ref="Sammanställning Östergötland",
        note="Alla huvudmän och LAG har svarat.",
    )
    s.answer_lan(SJALVSKADA.code, DALARNA, ago(3), complete=False)
    s.report(str(t("{title}: på remiss, Östergötland klart, Dalarna delvis och sent", title=SJALVSKADA.title)))
    referred = ago(10)
    s.add_and_refer(ANGEST_DEPRESSION, referred, working_days_after(s.today, 50))
    tell_sip_dalarna(s)
    s.answer_lan(ANGEST_DEPRESSION.code, VARMLAND, ago(1), complete=False)
    s.report(str(t("{title}: på remiss, de första svaren från Värmland", title=ANGEST_DEPRESSION.title)))


def tell_sip_dalarna(s: Story) -> None:
    """Seed 004: Länschefsnätverket commissions the SIP-riktlinje revision; Dalarna implements it."""
    ago = s.day
    chair = s.s.holder(LANSCHEFSNATVERKET, "ordforande")
    commissioned = ago(430)
    add_item(s.on(commissioned), SIP_DALARNA.code, SIP_DALARNA.kind, SIP_DALARNA.title, actor=chair,
             owner=LANSCHEFSNATVERKET)  # fmt: skip
    members = "RSS Dalarna (processledare); Psykiatrin, Region Dalarna; Socialtjänsten, Falun; Elevhälsan, Borlänge"
    s.act(ago(415), SIP_DALARNA.code, LANSCHEFSNATVERKET, "appoint_group", "ordforande",
          ref="Länschefsnätverket 220923", values={"members": members})  # fmt: skip
    s.act(ago(330), SIP_DALARNA.code, LANSCHEFSNATVERKET, "submit_draft", "ordforande", ref="Förslag SIP-riktlinje v2")
    referred = ago(320)
    refer(s.on(referred), SIP_DALARNA.code, working_days_after(referred, 40).isoformat(), actor=chair)
    for index, (huvudman, _) in enumerate(s.huvudman_units(DALARNA)):
        if index % 7 == 6:
            s.act(
                ago(280), SIP_DALARNA.code, huvudman, "decline", "kontaktperson", values={"reason": "Inga synpunkter"}
            )
        else:
            s.act(ago(285), SIP_DALARNA.code, huvudman, "answer", "kontaktperson", ref=f"Yttrande {huvudman}")
    s.act(ago(240), SIP_DALARNA.code, LANSCHEFSNATVERKET, "decide", "ordforande", ref="Länschefsnätverket 230615")
    for index, (huvudman, _) in enumerate(s.huvudman_units(DALARNA)):
        if index % 3 == 0:
            s.act(ago(60), SIP_DALARNA.code, huvudman, "report_implemented", "kontaktperson", ref=f"Rapport {huvudman}")
    s.report(str(t("{title}: beslutat av Länschefsnätverket, implementeras i hela Dalarna", title=SIP_DALARNA.title)))
