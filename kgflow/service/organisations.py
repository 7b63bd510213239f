"""Organisations and people: listing the tree, importing a user's own file.

``kgflow org import FILE`` takes YAML (organisations, and optionally people
with their roles and the database login each uses on a shared PostgreSQL)
or CSV (organisations only; columns ``code,name,kind,parent`` and optionally
``municipality_code``, ``area``, ``lan``, ``short_name``, ``decides_for`` and
``also_under``: further parents, ``;``-separated in CSV, a list in YAML). The whole file is checked before
anything is written, and written in one transaction.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from kgflow.domain import records
from kgflow.domain import text as limits
from kgflow.domain.addresses import checked_address
from kgflow.domain.errors import DefinitionError, UsageError
from kgflow.domain.model import HUVUDMAN_KINDS, Organisation, OrgKind, Person
from kgflow.domain.wording import Phrase, t
from kgflow.service.context import Services
from kgflow.service.identity import administrator
from kgflow.service.lookup import find_area, find_org
from kgflow.service.ports import NewOrganisation, UnitOfWork
from kgflow.service.records import record_facts

CODE = re.compile(r"^[a-z0-9][a-z0-9.-]{0,79}$")
LOGIN = re.compile(r"^[A-Za-z_][A-Za-z0-9_.@-]{0,62}$")
MAX_IMPORT_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class NewPerson:
    """A person to add, with (role, organisation code) pairs."""

    code: str
    name: str
    email: str
    roles: tuple[tuple[str, str], ...] = ()
    login: str | None = None


@dataclass
class ImportResult:
    """What an import did."""

    added: int = 0
    renamed: int = 0
    unchanged: int = 0
    people_added: int = 0
    roles_added: int = 0
    problems: list[str] = field(default_factory=list)


HUVUDMAN = "huvudman"
"""Not a kind of its own: regions and kommuner, each once."""


def list_orgs(
    services: Services, kind: str | None = None, under: str | None = None, area: str | None = None
) -> list[Organisation]:
    """Organisations, optionally of one kind and/or below one (inclusive, on any route) and/or of one programområde.

    ``kommun`` lists every organisation with a municipality code (Region Gotland
    is also Gotland's kommun); ``huvudman`` lists regions and kommuner.
    """
    if kind is not None and kind not in {k.value for k in OrgKind} | {HUVUDMAN}:
        kinds = ", ".join([*(k.value for k in OrgKind), HUVUDMAN])
        raise UsageError(t("{kind!r} är inget slag av organisation; använd något av: {kinds}.", kind=kind, kinds=kinds))
    with services.uow() as uow:
        root = find_org(uow, under) if under else None
        wanted_area = find_area(uow, area) if area else None
        if kind == HUVUDMAN:
            return uow.orgs.list(under=root, kinds=sorted(HUVUDMAN_KINDS), area=wanted_area)
        return uow.orgs.list(kind=kind, under=root, area=wanted_area, numbered=kind == OrgKind.KOMMUN)


@dataclass(frozen=True)
class OrganisationCard:
    """One organisation: where it sits and who holds which role there."""

    org: Organisation
    parent: Organisation | None
    children: int
    people: list[tuple[str, Person]]
    also_under: tuple[Organisation, ...] = ()

    def as_json(self) -> dict[str, object]:
        """JSON-ready."""
        return {
            "code": self.org.code,
            "name": self.org.name,
            "kind": self.org.kind.value,
            "municipality_code": self.org.municipality_code,
            "parent": self.parent.code if self.parent else None,
            "also_under": [other.code for other in self.also_under],
            "area": self.org.area,
            "lan": self.org.lan,
            "short_name": self.org.short_name,
            "children": self.children,
            "people": [{"role": role, "code": p.code, "name": p.name, "email": p.email} for role, p in self.people],
        }


def show_org(services: Services, ref: str) -> OrganisationCard:
    """An organisation with its parent, how many are directly below it, and its people."""
    with services.uow() as uow:
        org = find_org(uow, ref)
        parents = uow.orgs.by_ids(org.parent_ids)
        parent = parents.get(org.parent_id) if org.parent_id else None
        also = tuple(parents[i] for i in org.parent_ids[1:] if i in parents)
        below = uow.orgs.list(under=org)
        children = sum(1 for other in below if org.id in other.parent_ids)
        return OrganisationCard(org, parent, children, uow.people.at(org.id), also)


def read_import_file(path: Path) -> tuple[list[NewOrganisation], list[NewPerson]]:
    """Parse and check an import file without touching the database.

    Raises:
        UsageError: naming the file, the row and what is wrong.
    """
    try:
        if path.stat().st_size > MAX_IMPORT_BYTES:
            raise UsageError(t("{path} är större än {size} MB.", path=path, size=MAX_IMPORT_BYTES // (1024 * 1024)))
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise UsageError(t("Det går inte att läsa {path}: {problem}.", path=path, problem=exc.strerror or exc)) from exc
    except UnicodeDecodeError as exc:
        raise UsageError(t("{path} är inte text i UTF-8.", path=path)) from exc
    if path.suffix.lower() == ".csv":
        return _from_csv(text, str(path)), []
    if path.suffix.lower() in (".yaml", ".yml"):
        return _from_yaml(text, str(path))
    raise UsageError(t("{path} ska vara en .yaml-, .yml- eller .csv-fil.", path=path))


def _from_csv(text: str, shown: str) -> list[NewOrganisation]:
    reader = csv.DictReader(io.StringIO(text))
    missing = {"code", "name", "kind", "parent"} - set(reader.fieldnames or [])
    if missing:
        raise UsageError(
            t(
                "{file} behöver kolumnerna code, name, kind, parent (saknas: {missing}).",
                file=shown,
                missing=", ".join(sorted(missing)),
            )
        )
    return [_organisation(row, f"{shown}:{number}") for number, row in enumerate(reader, start=2)]


def _from_yaml(text: str, shown: str) -> tuple[list[NewOrganisation], list[NewPerson]]:
    from kgflow.definitions.yaml_source import compose, to_plain  # YAML only for a YAML import

    try:
        data = to_plain(compose(text, shown), shown)
    except DefinitionError as exc:
        raise UsageError(str(exc)) from exc
    if not isinstance(data, dict) or not set(data) <= {"organisations", "people"}:
        raise UsageError(t("{file} ska vara en mappning med 'organisations' och/eller 'people'.", file=shown))
    orgs = [
        _organisation(row, t("{file}: organisation {number}", file=shown, number=i))
        for i, row in enumerate(_list(data, "organisations", shown), 1)
    ]
    people = [
        _person(row, t("{file}: person {number}", file=shown, number=i))
        for i, row in enumerate(_list(data, "people", shown), 1)
    ]
    return orgs, people


def _list(data: dict[str, Any], key: str, shown: str) -> list[Any]:
    value = data.get(key) or []
    if not isinstance(value, list):
        raise UsageError(t("{file}: '{key}' ska vara en lista.", file=shown, key=key))
    return value


# The most characters each key of an import may have (see kgflow.domain.text).
_LIMITS = {
    "code": limits.CODE, "name": limits.NAME, "kind": limits.CODE, "parent": limits.CODE,
    "municipality_code": limits.CODE, "email": limits.EMAIL, "role": limits.ROLE, "at": limits.CODE,
    "login": limits.LOGIN, "area": limits.CODE, "lan": limits.CODE, "short_name": limits.NAME,
    "decides_for": limits.CODE, "also_under": limits.CODE,
}  # fmt: skip


def _text(row: Any, key: str, where: Phrase | str, *, required: bool = True) -> str | None:
    value = row.get(key) if isinstance(row, dict) else None
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise UsageError(t("{where}: '{key}' saknas.", where=where, key=key))
        return None
    if not isinstance(value, str):
        raise UsageError(t("{where}: '{key}' ska vara en text.", where=where, key=key))
    return limits.checked(value.strip(), t("{where}: '{key}'", where=where, key=key), _LIMITS[key])


def _organisation(row: Any, where: Phrase | str) -> NewOrganisation:
    code = str(_text(row, "code", where)).lower()
    if not CODE.match(code):
        raise UsageError(
            t("{where}: koden {code!r} ska vara gemena bokstäver, siffror, '.' eller '-'.", where=where, code=code)
        )
    kind = str(_text(row, "kind", where)).lower()
    if kind not in {k.value for k in OrgKind}:
        raise UsageError(t("{where}: {kind!r} är inget slag av organisation.", where=where, kind=kind))
    municipality = _text(row, "municipality_code", where, required=False)
    if municipality is not None and not re.fullmatch(r"\d{4}", municipality):
        raise UsageError(t("{where}: kommunkoden {number!r} ska vara fyra siffror.", where=where, number=municipality))
    parent = _text(row, "parent", where, required=False)
    lan = _text(row, "lan", where, required=False)
    if lan is not None and not re.fullmatch(r"\d{2}", lan):
        raise UsageError(t("{where}: länskoden {number!r} ska vara två siffror.", where=where, number=lan))
    area = _text(row, "area", where, required=False)
    decides_for = _text(row, "decides_for", where, required=False)
    if decides_for is not None and not set(decides_for.lower().split()) <= {k.value for k in HUVUDMAN_KINDS}:
        raise UsageError(
            t(
                "{where}: 'decides_for' ska vara region, kommun eller båda, inte {value!r}.",
                where=where,
                value=decides_for,
            )
        )
    return NewOrganisation(
        code,
        str(_text(row, "name", where)),
        kind,
        parent.lower() if parent else None,
        municipality,
        area=area.lower() if area else None,
        lan=lan,
        short_name=_text(row, "short_name", where, required=False),
        decides_for=" ".join(decides_for.lower().split()) if decides_for else None,
        also_under=_further_parents(row, where),
    )


def _further_parents(row: Any, where: Phrase | str) -> tuple[str, ...]:
    """``also_under``: a list (YAML) or ``;``-separated codes (CSV), lower-cased, each once."""
    value = row.get("also_under") if isinstance(row, dict) else None
    if value is None:
        return ()
    if isinstance(value, str):
        value = value.split(";")
    if not isinstance(value, list) or not all(isinstance(part, str) for part in value):
        raise UsageError(t("{where}: 'also_under' ska vara en lista med koder.", where=where))
    codes = [str(limits.checked(part.strip(), t("{where}: 'also_under'", where=where), limits.CODE)) for part in value]
    return tuple(dict.fromkeys(code.lower() for code in codes if code))


def _person(row: Any, where: Phrase | str) -> NewPerson:
    code = str(_text(row, "code", where)).lower()
    if not CODE.match(code):
        raise UsageError(
            t("{where}: koden {code!r} ska vara gemena bokstäver, siffror, '.' eller '-'.", where=where, code=code)
        )
    try:
        email = checked_address(str(_text(row, "email", where)))
    except UsageError as exc:
        raise UsageError(t("{where}: {problem}", where=where, problem=exc)) from exc
    roles = []
    for entry in row.get("roles") or []:
        role, at = _text(entry, "role", where), _text(entry, "at", where)
        roles.append((str(role).lower(), str(at).lower()))
    login = _text(row, "login", where, required=False)
    if login is not None and not LOGIN.match(login):
        raise UsageError(
            t(
                "{where}: inloggningen {login!r} ska vara namnet på en databasroll "
                "(bokstäver, siffror, '_', '.', '-').",
                where=where,
                login=login,
            )
        )
    return NewPerson(code, str(_text(row, "name", where)), email, tuple(roles), login)


def import_orgs(services: Services, path: Path, *, actor: str | None = None) -> ImportResult:
    """Add the organisations and people of a file; existing ones may be renamed, not moved.

    Raises:
        UsageError: for a file kgflow cannot use; nothing is written.
        NotAuthorised: on a shared database, for a login that is not an administrator.
    """
    orgs, people = read_import_file(path)
    with services.uow(write=True) as uow:
        result = store(uow, orgs, people, actor=administrator(uow, actor), now=services.clock.now())
        uow.commit()
    return result


def store(
    uow: UnitOfWork, orgs: list[NewOrganisation], people: list[NewPerson], *, actor: str, now: datetime
) -> ImportResult:
    """Write organisations and people inside an open unit of work, each change recorded in the history.

    Raises:
        UsageError: when an existing organisation would change kind or parent.
    """
    result = ImportResult()
    fresh: list[NewOrganisation] = []
    linking: list[tuple[int, list[str]]] = []
    facts: list[tuple[str, dict[str, Any]]] = []
    seen: set[str] = set()
    for new in orgs:
        if new.code in seen:
            raise UsageError(t("Organisationen {code!r} finns två gånger i filen.", code=new.code))
        seen.add(new.code)
        existing = uow.orgs.find(new.code)
        if existing is None or existing.code != new.code:
            fresh.append(new)
            continue
        parents = uow.orgs.by_ids(existing.parent_ids)
        parent = parents.get(existing.parent_id) if existing.parent_id else None
        also = [parents[i].code for i in existing.parent_ids[1:] if i in parents]
        # Further parents may be added after those an organisation has (a file without them keeps them);
        # taking one away would move it.
        wanted = [code for code in dict.fromkeys(new.also_under) if code != new.parent] or also
        moved = wanted[: len(also)] != also
        if existing.kind != new.kind or (parent.code if parent else None) != new.parent or moved:
            raise UsageError(
                t(
                    "{code!r} finns redan med ett annat slag eller en annan överordnad; "
                    "kgflow kan inte flytta organisationer.",
                    code=new.code,
                )
            )
        added = wanted[len(also) :]
        if added:
            linking.append((existing.id, added))
        new = replace(new, also_under=tuple(wanted))
        described = (new.name, new.municipality_code, new.short_name, new.area, new.lan, new.decides_for)
        if (
            existing.name,
            existing.municipality_code,
            existing.short_name,
            existing.area,
            existing.lan,
            existing.decides_for,
        ) != described or added:
            uow.orgs.rename(
                existing.id,
                new.name,
                new.municipality_code,
                short_name=new.short_name,
                area=new.area,
                lan=new.lan,
                decides_for=new.decides_for,
            )
            facts.append((records.ORGANISATION, _org_fact(new)))
            result.renamed += 1
        else:
            result.unchanged += 1
    result.added = uow.orgs.add_many(fresh)
    facts.extend((records.ORGANISATION, _org_fact(new)) for new in fresh)
    for org_id, codes in linking:  # after the new ones, which they may be linked under
        uow.orgs.add_parents(org_id, [find_org(uow, code).id for code in codes])
    for new_person in people:
        person = uow.people.find(new_person.code)
        if person is None:
            person = uow.people.add(new_person.code, new_person.name, new_person.email, new_person.login)
            facts.append(
                (records.PERSON, records.person_fact(person.code, person.name, person.email, new_person.login))
            )
            result.people_added += 1
        elif new_person.login is not None and uow.people.login_of(person.id) != new_person.login:
            uow.people.set_login(person.id, new_person.login)
            facts.append(
                (records.PERSON, records.person_fact(person.code, person.name, person.email, new_person.login))
            )
        for role, at in new_person.roles:
            org = find_org(uow, at)
            if uow.people.assign(person.id, org.id, role):
                facts.append((records.ROLE_GRANTED, records.role_fact(person.code, org.code, role)))
                result.roles_added += 1
    record_facts(uow, facts, actor=actor, now=now)
    return result


def _org_fact(new: NewOrganisation) -> dict[str, Any]:
    return records.organisation_fact(
        new.code,
        new.name,
        new.kind,
        new.parent,
        new.municipality_code,
        area=new.area,
        lan=new.lan,
        short_name=new.short_name,
        decides_for=new.decides_for,
        also_under=[code for code in dict.fromkeys(new.also_under) if code != new.parent],
    )
