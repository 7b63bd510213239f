"""Administrative facts in the history chain: organisations, people, roles, workflow versions and plans.

Who may act (people, their logins and roles), where (organisations) and by
which rules (workflow versions) is as much the record as the steps taken, and
so is what each län plans to do (the activities of implementation plans), so
each change to them is a history row of its own, with no instance: an event
named here and the fact as its fields. :func:`replay` folds those rows into
what the tables must hold; :func:`first_differences` names, per kind, the
first thing the tables hold that the chain does not say — a role added with
plain SQL, an e-mail address or login changed behind kgflow's back, a
workflow text replaced.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from kgflow.domain.wording import Phrase, t

ORGANISATION = "organisation_recorded"
PERSON = "person_recorded"
ROLE_GRANTED = "role_granted"
WORKFLOW = "workflow_registered"
ACTIVITY = "plan_activity_recorded"
ACTIVITY_REMOVED = "plan_activity_removed"
EVENTS = frozenset({ORGANISATION, PERSON, ROLE_GRANTED, WORKFLOW, ACTIVITY, ACTIVITY_REMOVED})


# What an organisation fact recorded before programområden (migration 0007) says of the newer columns:
# nothing, which is what such an organisation holds unless changed behind kgflow's back.
ORGANISATION_DEFAULTS: dict[str, Any] = {
    "area": None,
    "lan": None,
    "short_name": None,
    "decides_for": None,
    "also_under": [],
}


def organisation_fact(
    code: str,
    name: str,
    kind: str,
    parent: str | None,
    municipality_code: str | None,
    *,
    area: str | None = None,
    lan: str | None = None,
    short_name: str | None = None,
    decides_for: str | None = None,
    also_under: Iterable[str] = (),
) -> dict[str, Any]:
    """The fields of an organisation's row (added, or renamed), with its further parents in the order added."""
    return {
        "code": code,
        "name": name,
        "kind": kind,
        "parent": parent,
        "municipality_code": municipality_code,
        "area": area,
        "lan": lan,
        "short_name": short_name,
        "decides_for": decides_for,
        "also_under": list(also_under),
    }


def person_fact(code: str, name: str, email: str, login: str | None) -> dict[str, Any]:
    """The fields of a person's row (added, or changed)."""
    return {"code": code, "name": name, "email": email, "login": login}


def role_fact(person: str, org: str, role: str) -> dict[str, Any]:
    """The fields of a role granted to a person at an organisation."""
    return {"person": person, "org": org, "role": role}


def workflow_fact(name: str, version: int, digest: str) -> dict[str, Any]:
    """The fields of a workflow version registered: its name, version and the digest of its text."""
    return {"name": name, "version": version, "digest": digest}


def text_digest(text: str) -> str:
    """The digest of a workflow text, as registered."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class Recorded:
    """What the chain says the administrative tables hold."""

    organisations: dict[str, dict[str, Any]] = field(default_factory=dict)
    people: dict[str, dict[str, Any]] = field(default_factory=dict)
    roles: set[tuple[str, str, str]] = field(default_factory=set)
    workflows: dict[tuple[str, int], str] = field(default_factory=dict)
    activities: dict[str, dict[str, Any]] = field(default_factory=dict)

    def add(self, event: str, fields_text: str) -> None:
        """Fold one administrative row in (other events are ignored)."""
        if event not in EVENTS:
            return
        fields = json.loads(fields_text)
        if event == ORGANISATION:
            self.organisations[fields["code"]] = {**ORGANISATION_DEFAULTS, **fields}
        elif event == PERSON:
            self.people[fields["code"]] = fields
        elif event == ROLE_GRANTED:
            self.roles.add((fields["person"], fields["org"], fields["role"]))
        elif event == ACTIVITY:
            self.activities[fields["key"]] = fields
        elif event == ACTIVITY_REMOVED:
            self.activities.pop(fields["key"], None)
        else:
            self.workflows[(fields["name"], int(fields["version"]))] = fields["digest"]


def replay(rows: Iterable[tuple[str, str]]) -> Recorded:
    """Fold (event, fields text) rows, oldest first, into what the tables must hold."""
    recorded = Recorded()
    for event, fields_text in rows:
        recorded.add(event, fields_text)
    return recorded


@dataclass(frozen=True)
class StoredWorkflow:
    """A workflow version as the database holds it."""

    name: str
    version: int
    digest: str
    source: str


@dataclass(frozen=True)
class Stored:
    """What the administrative tables hold now."""

    organisations: Mapping[str, dict[str, Any]]
    people: Mapping[str, dict[str, Any]]
    roles: frozenset[tuple[str, str, str]]
    workflows: tuple[StoredWorkflow, ...]
    rerouted: tuple[str, ...] = ()
    """Organisations whose stored ways up do not follow from their parents (edited behind kgflow's back)."""
    activities: Mapping[str, dict[str, Any]] = field(default_factory=dict)
    """Every activity of every implementation plan, by :func:`kgflow.domain.plans.activity_key`."""


def _first_row_difference(
    kind: Phrase, recorded: Mapping[str, dict[str, Any]], stored: Mapping[str, dict[str, Any]]
) -> Phrase | None:
    for code in sorted(set(recorded) | set(stored)):
        said, held = recorded.get(code), stored.get(code)
        if said is None:
            return t("{kind} {code!r} finns i databasen men registrerades aldrig i historiken", kind=kind, code=code)
        if held is None:
            return t("{kind} {code!r} registrerades i historiken men saknas i databasen", kind=kind, code=code)
        changed = sorted(key for key in said if said.get(key) != held.get(key))
        if changed:
            return t(
                "{kind} {code!r} skiljer sig från det historiken registrerade ({keys})",
                kind=kind,
                code=code,
                keys=", ".join(changed),
            )
    return None


def first_differences(recorded: Recorded, stored: Stored) -> list[Phrase]:
    """The first mismatch of each kind between the chain and the tables, as sentences without a full stop."""
    problems = [
        problem
        for problem in (
            _first_row_difference(t("organisationen"), recorded.organisations, stored.organisations),
            _first_row_difference(t("personen"), recorded.people, stored.people),
            _first_row_difference(t("planaktiviteten"), recorded.activities, stored.activities),
        )
        if problem is not None
    ]
    if stored.rerouted:
        problems.append(
            t(
                "organisationen {code!r} står under andra organisationer än dess överordnade säger",
                code=stored.rerouted[0],
            )
        )
    extra = sorted(stored.roles - recorded.roles)
    gone = sorted(recorded.roles - stored.roles)
    if extra:
        person, org, role = extra[0]
        problems.append(
            t(
                "{person} har rollen {role} vid {org}, vilket historiken aldrig registrerade",
                person=person,
                role=role,
                org=org,
            )
        )
    elif gone:
        person, org, role = gone[0]
        problems.append(
            t(
                "historiken registrerar {person} som {role} vid {org}, men databasen har inte längre den rollen",
                person=person,
                role=role,
                org=org,
            )
        )
    for workflow in sorted(stored.workflows, key=lambda w: (w.name, w.version)):
        said = recorded.workflows.get((workflow.name, workflow.version))
        if text_digest(workflow.source) != workflow.digest:
            problems.append(
                t(
                    "den lagrade texten för arbetsflödet {name} version {version} stämmer inte med sin kontrollsumma: "
                    "den har skrivits om",
                    name=workflow.name,
                    version=workflow.version,
                )
            )
            break
        if said != workflow.digest:
            problems.append(
                t(
                    "arbetsflödet {name} version {version} är lagrat med en kontrollsumma som historiken aldrig "
                    "registrerade",
                    name=workflow.name,
                    version=workflow.version,
                )
            )
            break
    return problems
