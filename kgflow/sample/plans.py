"""Seed 000's aktivitetslista: Östergötland's implementation and communication plan for VIP and PSVF.

The rows as the plan of 2022-08-16 has them (målgrupp, vad, var, tidplan),
each carried out by "Utvecklingsledare, Mitt i Livet" — a role, not a named
person, so the LPO's secretary is the one chased for a dated row. Two of the
seed's slips are mended: "Information om Information om" and the hyphenated
"Utvecklings- ledare" of a page break.
"""

from __future__ import annotations

from datetime import date

from kgflow.domain.plans import Draft

PLANNED_ON = date(2022, 8, 16)
MITT_I_LIVET = "Utvecklingsledare, Mitt i Livet"
INFORMATION = "Information om VIP/PSVF och processer inom kunskapsstyrning"
OSTERGOTLAND_PLAN = (
    ("LGVO", INFORMATION, "Möten LGVO", "När behov så föreligger – bereds via LGVO AU."),
    ("Socialchefsnätverket", INFORMATION, "Möten socialchefsnätverket",
     "När behov så föreligger – bereds via AU Socialchefsnätverket"),
    ("Föreningar för personer med psykisk funktionsnedsättning och deras närstående", INFORMATION,
     "Möten med NSPH Östergötland", "När behov så föreligger, dialog mellan utvecklingsledare och "
     "styrelserepresentanter för NSPH Östergötland"),
    ("Psykiatricentrums (PC) ledningsgrupp (LG)", INFORMATION, "Möten PC LG",
     "När behov så föreligger – bereds via PC centrumchef"),
    ("Primärvårdens (PVC) ledningsgrupp (LG)", INFORMATION, "Möten PVC LG",
     "När behov så föreligger – bereds via PVC centrumchef/primärvårdsområdeschef"),
    ("Primärvårdens verksamhetschefer", INFORMATION, "Chefsmöte primärvård",
     "När behov så föreligger – bereds via PVC LG"),
    ("Rehab verksamhetschefer", INFORMATION, "Chefsmöte verksamhetschefer", "VT 2023"),
    ("Ungdomshälsans (UH) ledningsgrupp (LG)", INFORMATION, "Möte i UH LG",
     "När behov så föreligger – bereds via verksamhetschef Ungdomshälsa, RÖ"),
    ("Elevhälsonätverk", INFORMATION, "", "När behov så föreligger – bereds via sammankallande elevhälsonätverk"),
    ("Lärosäten: LiU med fokus på SSK-programmet och socionomprogrammet, AT-utbildning, VO College, Evicomp",
     "Information om VIP/PSVF", "Anpassat till lämplig arena i respektive lärosäte", "Fortlöpande"),
    ("Verksamhetschefer i länets kommuner", INFORMATION, "Webbinarium", "När behov så föreligger"),
    ("Sakområdesnätverk", f"{INFORMATION}; möjlighet till remisshantering av öppna remisser kopplat till "
     "nationellt system för kunskapsstyrning; samverkan kring att genomföra GAP-analyser och tillvarata "
     "resultaten av dessa; spridning av goda exempel och möjligheter till gemensam kompetensutveckling",
     "Fysiska och digitala möten", "Fortlöpande"),
)  # fmt: skip
"""Seed 000's aktivitetslista (2022-08-16), each carried out by "Utvecklingsledare, Mitt i Livet"."""


def ostergotland_plan() -> list[tuple[int, Draft]]:
    """The plan's rows as a spreadsheet would number them (the header is row 1)."""
    return [
        (row, Draft(group, what, venue, MITT_I_LIVET, schedule))
        for row, (group, what, venue, schedule) in enumerate(OSTERGOTLAND_PLAN, start=2)
    ]
