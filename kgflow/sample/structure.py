"""The Swedish structure of the sample: NPO, 6 RPOs, 21 LPOs, 290 kommuner, people.

Facts come from the files in ``kgflow/sample/``: ``kommuner.csv`` (SCB's
municipality codes by län) and ``struktur.yaml`` (sjukvårdsregioner, regions,
example LAGs, units and each län's decision forums). People are invented, one or more per
organisation in the role that answers for it, with ``.example`` addresses.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from importlib.resources import files
from typing import Any

from kgflow.definitions.yaml_source import compose, to_plain
from kgflow.service.organisations import NewPerson
from kgflow.service.ports import NewOrganisation

ROLES_BY_KIND: dict[str, tuple[str, ...]] = {
    "npo": ("samordnare",),
    "rpo": ("samordnare", "ordforande"),
    "lpo": ("sekreterare", "ordforande", "utvecklingsledare"),
    "lag": ("sammankallande",),
    "region": ("kontaktperson",),
    "kommun": ("kontaktperson",),
    "unit": ("kontaktperson",),
    "body": ("ordforande",),
}


def slug(text: str) -> str:
    """``Upplands Väsby`` → ``upplands-vasby``; ``Malung-Sälen`` → ``malung-salen``."""
    plain = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
    words = "".join(ch if ch.isalnum() else " " for ch in plain).split()
    return "-".join(words)


@dataclass
class Structure:
    """The sample's organisations and people, and who holds which role where."""

    organisations: list[NewOrganisation] = field(default_factory=list)
    people: list[NewPerson] = field(default_factory=list)
    holders: dict[tuple[str, str], str] = field(default_factory=dict)
    lpo_of_lan: dict[str, str] = field(default_factory=dict)
    region_of_lan: dict[str, str] = field(default_factory=dict)
    kommuner_of_lan: dict[str, list[str]] = field(default_factory=dict)
    units_of: dict[str, list[str]] = field(default_factory=dict)
    lags_of_lan: dict[str, list[str]] = field(default_factory=dict)
    forum_of_lan: dict[str, dict[str, str]] = field(default_factory=dict)
    """Per län, per kind of huvudman (``region``, ``kommun``), the code of the first forum deciding for it."""

    def holder(self, org: str, role: str) -> str:
        """The code of the person holding ``role`` at ``org``."""
        return self.holders[(org, role)]


def _read(name: str) -> str:
    return (files("kgflow") / "sample" / name).read_text(encoding="utf-8")


def build_structure() -> Structure:
    """Read the sample files and build every organisation and person."""
    data: Any = to_plain(compose(_read("struktur.yaml"), "struktur.yaml"), "struktur.yaml")
    kommuner = list(csv.DictReader(io.StringIO(_read("kommuner.csv"))))
    slugs = Counter(slug(row["kommun"]) for row in kommuner)
    s = Structure()
    add = s.organisations.append
    npo = data["npo"]
    add(NewOrganisation(npo["code"], npo["name"], "npo"))
    for body in data["national_bodies"]:
        add(NewOrganisation(body["code"], body["name"], "body"))
    for region_group in data["sjukvardsregioner"]:
        rpo = f"rpo-{region_group['code']}"
        add(NewOrganisation(rpo, f"RPO psykisk hälsa, {region_group['name']}", "rpo", npo["code"]))
        for lan in region_group["lan"]:
            region = data["regioner"][lan]
            lpo = f"lpo-{slug(region['short'])}"
            s.lpo_of_lan[lan] = lpo
            s.region_of_lan[lan] = region["code"]
            add(NewOrganisation(lpo, f"LPO psykisk hälsa, {region['name']}", "lpo", rpo))
            s.lags_of_lan[lan] = []
            for lag in data["lags"]:
                code = f"lag-{slug(region['short'])}-{lag['suffix']}"
                add(NewOrganisation(code, lag["name"].format(short=region["short"]), "lag", lpo))
                s.lags_of_lan[lan].append(code)
            add(NewOrganisation(region["code"], region["name"], "region", lpo))
            s.kommuner_of_lan[lan] = []
            for row in kommuner:
                if row["lanskod"] == lan:
                    # Håbo and Habo share a slug; such kommuner carry their number too.
                    code = slug(row["kommun"])
                    if slugs[code] > 1:
                        code = f"{code}-{row['kommunkod']}"
                    add(NewOrganisation(code, row["kommun"], "kommun", lpo, row["kommunkod"]))
                    s.kommuner_of_lan[lan].append(code)
            s.organisations.extend(_forums(s, data["forums"].get(lan, []), lan, invented=False))
    for parent, units in data["units"].items():
        s.units_of[parent] = []
        for unit in units:
            add(NewOrganisation(unit["code"], unit["name"], "unit", parent))
            s.units_of[parent].append(unit["code"])
    for lan, forums in data["forums"].items():
        s.organisations.extend(_forums(s, forums, lan, invented=True))
    _invent_people(s, data["first_names"], data["last_names"])
    return s


DECIDES_FOR = {"region": "region", "kommun": "kommun", "both": "region kommun"}
"""``decides_for`` in ``struktur.yaml`` → the organisation's column: the kinds of huvudman a forum decides for."""


def _forums(s: Structure, forums: list[dict[str, Any]], lan: str, *, invented: bool) -> list[NewOrganisation]:
    """R6: a län's decision forums (kind ``body``, under its LPO) from the seeds, or the invented ones.

    The seeds' forums come in their län's place and the invented ones last, so
    that the people invented for the organisations before them keep their
    names. The story's forum for a kind of huvudman is one deciding for both
    where there is one (a single decision), else the first deciding for that kind.
    """
    joint = [forum["code"] for forum in forums if forum["decides_for"] == "both"]
    for kind in ("region", "kommun"):
        own = [forum["code"] for forum in forums if kind in DECIDES_FOR[forum["decides_for"]].split()]
        if joint or own:
            s.forum_of_lan.setdefault(lan, {})[kind] = (joint or own)[0]
    return [
        NewOrganisation(
            forum["code"],
            forum["name"],
            "body",
            s.lpo_of_lan[lan],
            lan=lan,
            decides_for=DECIDES_FOR[forum["decides_for"]],
        )
        for forum in forums
        if (forum.get("invented") == "true") == invented
    ]


def _invent_people(s: Structure, first_names: list[str], last_names: list[str]) -> None:
    used: set[str] = set()
    counter = 0
    for org in s.organisations:
        for role in ROLES_BY_KIND[org.kind]:
            first = first_names[(counter * 7) % len(first_names)]
            last = last_names[(counter * 11 + counter // len(first_names)) % len(last_names)]
            counter += 1
            base = slug(f"{first} {last}").replace("-", ".")
            code, n = base, 1
            while code in used:
                n += 1
                code = f"{base}{n}"
            used.add(code)
            domain = org.code if org.kind != "npo" else "kunskapsstyrning"
            s.people.append(NewPerson(code, f"{first} {last}", f"{code}@{domain}.example", ((role, org.code),)))
            s.holders[(org.code, role)] = code
