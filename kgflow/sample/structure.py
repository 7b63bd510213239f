"""The Swedish structure of the sample: six programområden, each with its NPO, 6 RPOs and 21 LPOs; 310 huvudmän.

Facts come from the files in ``kgflow/sample/``: ``kommuner.csv`` (SCB's
municipality codes by län) and ``struktur.yaml`` (programområden,
sjukvårdsregioner, regions, example LAGs, units and each län's decision
forums). Huvudmän stand under the psykisk hälsa LPO of their län and are linked
under the other areas' LPOs there; Region Halland's LPOs stand under Södra's
RPOs and are linked under Västra's. People are invented, one or more per
organisation in the role that answers for it, with ``.example`` addresses; a
few hold roles in several areas, and the people the features name hold the
same roles here.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field, replace
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
    areas: dict[str, str] = field(default_factory=dict)
    npo_of_area: dict[str, str] = field(default_factory=dict)
    lpo_of: dict[tuple[str, str], str] = field(default_factory=dict)
    forum_of_lan: dict[str, dict[str, str]] = field(default_factory=dict)
    """Per län, per kind of huvudman (``region``, ``kommun``), the code of the first forum deciding for it."""

    def holder(self, org: str, role: str) -> str:
        """The code of the person holding ``role`` at ``org``."""
        return self.holders[(org, role)]


FIRST_AREA = "psykisk-halsa"

# Parents before children: the order organisations are added in.
_RANK = {"npo": 0, "rpo": 1, "lpo": 2, "lag": 3, "region": 3, "kommun": 3, "body": 3, "unit": 4}


def _read(name: str) -> str:
    return (files("kgflow") / "sample" / name).read_text(encoding="utf-8")


def formal_name(short: str, exceptions: dict[str, str], cities: Collection[str]) -> str:
    """``Falun`` → ``Falu kommun``, ``Mora`` → ``Mora kommun``, ``Stockholm`` → ``Stockholms stad``.

    The rule: ``s`` is added after a consonant but not after s or x, then
    " kommun" (or " stad" for the cities that call themselves so).
    """
    if short in exceptions:
        return exceptions[short]
    genitive = short if short[-1].lower() in "aeiouyåäösx" else f"{short}s"
    return f"{genitive} {'stad' if short in cities else 'kommun'}"


def _codes(area: str, group: str, short: str) -> tuple[str, str, str]:  # area: its code, or its codes' prefix
    """The NPO's, RPO's and LPO's codes of an area: psykisk hälsa keeps the first sample's codes."""
    if area == FIRST_AREA:
        return f"npo-{area}", f"rpo-{group}", f"lpo-{slug(short)}"
    return f"npo-{area}", f"rpo-{area}-{group}", f"lpo-{area}-{slug(short)}"


def build_structure() -> Structure:
    """Read the sample files and build every organisation and person."""
    data: Any = to_plain(compose(_read("struktur.yaml"), "struktur.yaml"), "struktur.yaml")
    kommuner = list(csv.DictReader(io.StringIO(_read("kommuner.csv"))))
    s = Structure()
    first = _first_area(s, data, kommuner)
    later = _other_areas(s, data)
    # People keep the names the first sample gave them; the other areas' people come after.
    _invent_people(s, [*first, *later], data)
    s.organisations = sorted([*first, *later], key=lambda o: _RANK[o.kind])
    return s


def _first_area(s: Structure, data: Any, kommuner: list[dict[str, str]]) -> list[NewOrganisation]:
    """Psykisk hälsa with the huvudmän, LAGs, bodies and units, in the first sample's order."""
    slugs = Counter(slug(row["kommun"]) for row in kommuner)
    merged = {region["kommunkod"] for region in data["regioner"].values() if "kommunkod" in region}
    areas = data["programomraden"]
    s.areas = {area["code"]: area["name"] for area in areas}
    linked_groups = {lan: group for group in data["sjukvardsregioner"] for lan in group.get("also_lan", [])}
    exceptions, cities = data["formal_names"], set(data["stader"])
    out: list[NewOrganisation] = []
    add = out.append
    npo = data["npo"]
    s.npo_of_area[FIRST_AREA] = npo["code"]
    add(NewOrganisation(npo["code"], npo["name"], "npo", area=FIRST_AREA))
    for body in data["national_bodies"]:
        add(NewOrganisation(body["code"], body["name"], "body"))
    for region_group in data["sjukvardsregioner"]:
        _, rpo, _ = _codes(FIRST_AREA, region_group["code"], "")
        add(NewOrganisation(rpo, f"RPO psykisk hälsa, {region_group['name']}", "rpo", npo["code"], area=FIRST_AREA))
        for lan in region_group["lan"]:
            region = data["regioner"][lan]
            _, _, lpo = _codes(FIRST_AREA, "", region["short"])
            s.lpo_of_lan[lan] = lpo
            s.region_of_lan[lan] = region["code"]
            also = _codes(FIRST_AREA, linked_groups[lan]["code"], "")[1:2] if lan in linked_groups else ()
            name = f"LPO psykisk hälsa, {region['name']}"
            add(NewOrganisation(lpo, name, "lpo", rpo, area=FIRST_AREA, lan=lan, also_under=also))
            s.lags_of_lan[lan] = []
            for lag in data["lags"]:
                code = f"lag-{slug(region['short'])}-{lag['suffix']}"
                name = lag["name"].format(short=region["short"])
                add(NewOrganisation(code, name, "lag", lpo, area=FIRST_AREA, lan=lan))
                s.lags_of_lan[lan].append(code)
            further = tuple(_codes(area.get("prefix", area["code"]), "", region["short"])[2] for area in areas[1:])
            add(
                NewOrganisation(
                    region["code"], region["name"], "region", lpo, region.get("kommunkod"),
                    lan=lan, short_name=region["short"], also_under=further,
                )
            )  # fmt: skip
            s.kommuner_of_lan[lan] = []
            for row in kommuner:
                if row["lanskod"] == lan and row["kommunkod"] not in merged:
                    # Håbo and Habo share a slug; such kommuner carry their number too.
                    code = slug(row["kommun"])
                    if slugs[code] > 1:
                        code = f"{code}-{row['kommunkod']}"
                    add(
                        NewOrganisation(
                            code, formal_name(row["kommun"], exceptions, cities), "kommun", lpo, row["kommunkod"],
                            lan=lan, short_name=row["kommun"], also_under=further,
                        )
                    )  # fmt: skip
                    s.kommuner_of_lan[lan].append(code)
            out.extend(_forums(s, data["forums"].get(lan, []), lan, invented=False))
    for parent, units in data["units"].items():
        s.units_of[parent] = []
        for unit in units:
            add(NewOrganisation(unit["code"], unit["name"], "unit", parent))
            s.units_of[parent].append(unit["code"])
    for lan, forums in data["forums"].items():
        out.extend(_forums(s, forums, lan, invented=True))
    return out


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


def _other_areas(s: Structure, data: Any) -> list[NewOrganisation]:
    """The NPO, RPOs and LPOs of every programområde after the first."""
    out: list[NewOrganisation] = []
    linked_groups = {lan: group for group in data["sjukvardsregioner"] for lan in group.get("also_lan", [])}
    for area in data["programomraden"][1:]:
        code, name = area["code"], area["name"]
        prefix = area.get("prefix", code)  # the organisations' codes, shorter where the area's code is long
        npo = _codes(prefix, "", "")[0]
        s.npo_of_area[code] = npo
        out.append(NewOrganisation(npo, area.get("npo", f"NPO {name}"), "npo", area=code))
        for group in data["sjukvardsregioner"]:
            rpo = _codes(prefix, group["code"], "")[1]
            rpo_name = area.get("rpo", "RPO {area}, {group}").format(area=name, group=group["name"])
            out.append(NewOrganisation(rpo, rpo_name, "rpo", npo, area=code))
            for lan in group["lan"]:
                region = data["regioner"][lan]
                lpo = _codes(prefix, "", region["short"])[2]
                s.lpo_of[(code, lan)] = lpo
                also = (_codes(prefix, linked_groups[lan]["code"], "")[1],) if lan in linked_groups else ()
                lpo_name = area.get("lpo", "LPO {area}, {region}").format(area=name, region=region["name"])
                out.append(NewOrganisation(lpo, lpo_name, "lpo", rpo, area=code, lan=lan, also_under=also))
    for lan, lpo in s.lpo_of_lan.items():
        s.lpo_of[(FIRST_AREA, lan)] = lpo
    return out


def _invent_people(s: Structure, organisations: list[NewOrganisation], data: Any) -> None:
    """One person per role and organisation; a shared role goes to the person who holds it at the first place."""
    first_names: list[str] = data["first_names"]
    last_names: list[str] = data["last_names"]
    shared = {
        (at, entry["role"]): (entry["at"][0], entry["role"]) for entry in data["shared_roles"] for at in entry["at"]
    }
    merged = {region["code"] for region in data["regioner"].values() if "kommunkod" in region}
    named = {(org, role): name for org, by_role in data["named_people"].items() for role, name in by_role.items()}
    used: set[str] = {slug(name).replace("-", ".") for name in named.values()}
    roles: dict[str, list[tuple[str, str]]] = {}
    counter = 0
    for org in organisations:
        for role in ROLES_BY_KIND[org.kind]:
            owner = shared.get((org.code, role))
            if owner is not None and owner != (org.code, role):
                person = s.holders[owner]
                roles[person].append((role, org.code))
                s.holders[(org.code, role)] = person
                continue
            first = first_names[(counter * 7) % len(first_names)]
            last = last_names[(counter * 11 + counter // len(first_names)) % len(last_names)]
            counter += 1
            full = named.get((org.code, role), f"{first} {last}")
            base = slug(full).replace("-", ".")
            code, n = base, 1
            while code in used and (org.code, role) not in named:
                n += 1
                code = f"{base}{n}"
            used.add(code)
            domain = org.code if org.kind != "npo" else "kunskapsstyrning"
            s.people.append(NewPerson(code, full, f"{code}@{domain}.example"))
            roles[code] = [(role, org.code)]
            s.holders[(org.code, role)] = code
        if org.code in merged:
            counter += 1  # the kommun a region also is had a person of its own in the first sample
    s.people = [replace(person, roles=tuple(roles[person.code])) for person in s.people]
