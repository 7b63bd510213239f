"""The whole country in one database: six programområden, ~20 items each, realistic progress and history.

``generate(url, items_per_area)`` builds it on SQLite or PostgreSQL: the
sample's structure (all six joint programområden, every RPO, LPO, region,
kommun and unit) and the items through kgflow's own services, then — set-based,
in one transaction — every item's remiss and its progress. The remiss is the
referral kgflow performs (who is asked and by when: the domain's
``referral_plan`` over the compiled workflow's participants and margins; the
instances by kgflow's instance repository, one ``executemany`` per item), and
each instance's path is built in Python along the national workflow's real
steps (answer → remiss closed → adopted → decided in the län → GAP → levels
1–3), with a phase per item: a quarter on remiss, a quarter being decided in
the län, half being implemented. Every history row is written by kgflow's own
history repository, hash-chained as kgflow chains it (in Python on SQLite, by
the trigger on PostgreSQL), a large ``executemany`` at a time; the instances
then get their final state in one more. The result passes ``kgflow audit
verify``.

    python bench/national.py --out /tmp/national.db [--items-per-area 20]
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from national_writes import append_history, finish_instances  # beside this script
from sqlalchemy import func, select

from kgflow.domain.identity import SYSTEM
from kgflow.domain.model import HistoryEntry, Organisation, VersionStatus
from kgflow.domain.rules.referral import referral_plan
from kgflow.persistence import migrate
from kgflow.persistence.database import Database
from kgflow.persistence.tables import history, instance, item, organisation
from kgflow.sample.structure import build_structure
from kgflow.service.items import add_item
from kgflow.service.organisations import store
from kgflow.service.ports.instances import NewInstance
from kgflow.testing import FixedClock, application

TODAY = date(2026, 12, 1)
KINDS = ("psvf", "vip", "vardprogram")
HUVUDMAN = ("region", "kommun", "unit")
PHASES = ("remiss", "deciding", "implementing", "implementing")


@dataclass(frozen=True)
class Step:
    """One step of an instance: event, where it goes, its level and target after it, who took it, its values."""

    event: str
    to: str
    level: int | None = None
    target: int | None = None
    actor: str = SYSTEM  # or the role whose holder at the organisation (or its LPO) took it
    fields: dict[str, Any] | None = None


def path(kind: str, phase: str, rng: random.Random, lpo_decided: bool) -> list[Step]:
    """The steps an organisation of ``kind`` has taken on an item in ``phase`` (after the referral)."""
    answered = rng.random() < (0.65 if phase == "remiss" else 0.9)
    first = (
        [Step("answer", "answered", actor="kontaktperson", fields={"ref": f"KS {rng.randrange(1, 999)}"})]
        if answered
        else [Step("decline", "declined", actor="kontaktperson", fields={"reason": "Inga synpunkter"})]
        if rng.random() < 0.1
        else []
    )
    if phase == "remiss":
        return first
    closed = [*first, Step("remiss_closed", "awaiting_adoption")]
    if kind == "npo":
        return [*closed, Step("adopt", "adopted", actor="samordnare", fields={"ref": "SKS", "date": "2025-05-12"})]
    if kind in ("rpo", "lag"):
        return [*closed, Step("mark_adopted", "adopted")]
    if kind == "lpo":
        if not lpo_decided:
            return [*closed, Step("prepare_decision", "to_decide")]
        decided = {"ref": "Länschefsnätverket §4", "body": "forum", "target": 3}
        return [
            *closed,
            Step("prepare_decision", "to_decide"),
            Step("decide", "decided", actor="sekreterare", fields=decided),
        ]
    if kind not in HUVUDMAN:
        return closed
    waiting = [*closed, Step("await_decision", "awaiting_decision")]
    if not lpo_decided:
        return waiting
    target = 3 if rng.random() < 0.6 else 2
    steps = [*waiting, Step("open_gap", "gap_analysis", target=target)]
    if phase == "deciding":
        return steps
    if rng.random() < 0.2:
        return steps
    gaps = {"ref": f"GAP {rng.randrange(1, 99)}", "gaps": rng.randrange(0, 6)}
    steps.append(Step("complete_gap", "implementing", 0, target, "kontaktperson", gaps))
    for level in range(1, rng.choice((1, 2, 2, 3, 3)) + 1):
        done = level >= target
        steps.append(
            Step(
                "reach_level",
                "implemented" if done else "implementing",
                level,
                target,
                "kontaktperson",
                {"level": level},
            )
        )
        if done:
            break
    return steps


def _items(structure: Any, per_area: int) -> Iterator[tuple[str, str, str, str]]:
    """(code, kind, title, NPO's samordnare) for every item to create."""
    npos = [org for org in structure.organisations if org.kind == "npo"]
    for npo in npos:
        holder = structure.holders.get((npo.code, "samordnare"))
        if holder is None:
            continue
        for number in range(per_area):
            kind = KINDS[number % len(KINDS)]
            yield (
                f"{npo.code.removeprefix('npo-')}-{kind}-{number}",
                kind,
                f"{kind.upper()} {npo.name} {number}",
                holder,
            )


REMISS_DUE = date(2023, 3, 31)
CHUNK = 20_000  # history rows per bulk write


@dataclass(frozen=True)
class Referred:
    """One item sent on remiss: its version, owner's instance, and every instance with its organisation."""

    item_id: int
    version_id: int
    version: int
    instances: list[tuple[int, Organisation]]  # the owner's first, then the referral's in plan order


def generate(url: str, items_per_area: int, seed: int = 2026) -> dict[str, Any]:
    """Build the national dataset at ``url`` (an empty database); returns counts and seconds."""
    started = time.perf_counter()
    database = Database.from_url(url)
    migrate.upgrade(database)
    database.dispose()
    app = application(url, FixedClock(date(2023, 1, 16)))
    structure = build_structure()
    created = list(_items(structure, items_per_area))
    # As `kgflow init` loads the sample: on SQLite, commits wait for the write-ahead log, not for the disk.
    with app.database.loading_in_bulk():
        with app.services.uow(write=True) as uow:
            now = datetime(2023, 1, 2, tzinfo=UTC)
            store(uow, structure.organisations, structure.people, actor=SYSTEM, now=now)
            uow.commit()
        for code, kind, title, holder in created:
            add_item(app.services, code, kind, title, actor=holder)
        structured = time.perf_counter()
        _refer_and_progress(app, created, structure.holders, random.Random(seed))
    with app.services.uow() as uow:
        counted = {
            name: uow.connection.execute(select(func.count()).select_from(table)).scalar_one()
            for name, table in (
                ("organisations", organisation),
                ("items", item),
                ("instances", instance),
                ("history_rows", history),
            )
        }
    app.close()
    return {
        **counted,
        "structure_and_items_s": round(structured - started, 2),
        "seconds": round(time.perf_counter() - started, 2),
    }


def _refer_and_progress(
    app: Any, created: list[tuple[str, str, str, str]], holders: dict[tuple[str, str], str], rng: random.Random
) -> None:
    """Every item's remiss and its progress, in one transaction: history in bulk, then the instances' final rows."""
    with app.services.uow(write=True) as uow:
        uow.lock_history()
        if uow.connection.dialect.name == "sqlite":
            # 64 MB of page cache for this one transaction: the history's unique index on prev_hash takes
            # random keys, and with SQLite's default 2 MB its pages spill to the file long before the commit.
            uow.connection.exec_driver_sql("PRAGMA cache_size = -65536")
        now = app.services.clock.now()
        subtrees: dict[int, list[Organisation]] = {}
        entries: list[tuple[HistoryEntry, int | None, int | None]] = []
        finals: list[dict[str, Any]] = []
        for index, (code, _, _, holder) in enumerate(created):
            referred = _refer(app, uow, code, holder, now, subtrees, entries)
            phase = PHASES[index % len(PHASES)]
            start = date(2023, 4, 3) + timedelta(days=7 * index)
            finals.extend(_progress(referred, phase, rng, start, holders, entries))
            if len(entries) >= CHUNK:
                append_history(uow, entries)
                entries.clear()
            if phase == "remiss":
                uow.items.set_version_status(referred.version_id, VersionStatus.REMISS)
            else:
                uow.items.set_version_status(
                    referred.version_id, VersionStatus.ADOPTED, adopted_on=date(2025, 5, 12), ref="SKS"
                )
        append_history(uow, entries)
        finish_instances(uow.connection, finals)
        uow.commit()


def _refer(
    app: Any,
    uow: Any,
    code: str,
    holder: str,
    now: datetime,
    subtrees: dict[int, list[Organisation]],
    entries: list[tuple[HistoryEntry, int | None, int | None]],
) -> Referred:
    """What ``kgflow refer CODE --due 2023-03-31`` does, without the service around it.

    The plan is the domain's (R1/R2), the instances are created by kgflow's
    repository, and the history rows are the fan-out's: one per new instance,
    then the owner's own step; the owner's instance is moved with the rest at the end.
    """
    owner_row = uow.connection.execute(
        select(instance.c.id, instance.c.org_id, instance.c.state, instance.c.workflow, instance.c.workflow_version)
        .join(item, item.c.id == instance.c.item_id)
        .where(item.c.code == code)
    ).one()
    owner = uow.orgs.by_ids([owner_row.org_id])[owner_row.org_id]
    workflow = app.services.catalogue.compiled(owner_row.workflow, owner_row.workflow_version, uow)
    definition = workflow.definition
    referral = definition.referral
    deadline = definition.states[referral.state].deadline
    root = owner
    if referral.below == "parent" and owner.parent_id is not None:
        root = uow.orgs.by_ids([owner.parent_id])[owner.parent_id]
    if root.id not in subtrees:
        subtrees[root.id] = uow.orgs.subtree(root)
    subtree = subtrees[root.id]
    margins = dict(deadline.before_parent) if deadline is not None else {}
    plan = referral_plan(subtree, owner, referral.state, REMISS_DUE, frozenset(definition.participants), margins)
    item_row = uow.items.find(code)
    [version] = uow.items.versions(item_row.id)
    new = [NewInstance(p.org_id, p.state, p.due, p.parent_org_id) for p in plan]
    ids = uow.instances.create(version, new, now, fallback_parent=owner_row.id)
    fanned = {"referred_by": owner.code}
    for instance_id, planned in zip(ids, plan, strict=True):
        fields = {"due": planned.due.isoformat() if planned.due else None, **fanned}
        entries.append(
            (HistoryEntry(instance_id, now, holder, referral.event, None, planned.state, fields), version.number, None)
        )
    to = workflow.target(owner_row.state, referral.event, lambda condition: False).name
    own = {"due": REMISS_DUE.isoformat()}
    entries.append(
        (HistoryEntry(owner_row.id, now, holder, referral.event, owner_row.state, to, own), version.number, None)
    )
    by_id = {org.id: org for org in subtree} | {owner.id: owner}
    instances = [(owner_row.id, owner)] + [(i, by_id[p.org_id]) for i, p in zip(ids, plan, strict=True)]
    return Referred(item_row.id, version.id, version.number, instances)


def _progress(
    referred: Referred,
    phase: str,
    rng: random.Random,
    start: date,
    holders: dict[tuple[str, str], str],
    entries: list[tuple[HistoryEntry, int | None, int | None]],
) -> list[dict[str, Any]]:
    """Move every instance of an item along its path, a round of steps at a time; returns their final rows."""
    rows = referred.instances
    lpos = {org.id: rng.random() < (0.5 if phase == "deciding" else 1.0) for _, org in rows if org.kind == "lpo"}
    paths = {key: path(org.kind, phase, rng, lpos.get(org.id, lpos.get(org.parent_id, True))) for key, org in rows}
    owner = rows[0][0]
    state: dict[int, tuple[str, int | None, int | None]] = {key: ("remiss", None, None) for key, _ in rows}
    for round_number in range(max((len(steps) for steps in paths.values()), default=0)):
        at = datetime.combine(start + timedelta(days=14 * round_number), datetime.min.time(), UTC)
        for key, org in rows:
            steps = paths[key]
            if round_number >= len(steps):
                continue
            taken = steps[round_number]
            before = state[key]
            level = taken.level if taken.level is not None else before[1]
            target = taken.target if taken.target is not None else before[2]
            state[key] = (taken.to, level, target)
            actor = holders.get((org.code, taken.actor), SYSTEM) if taken.actor != SYSTEM else SYSTEM
            entry = HistoryEntry(key, at, actor, taken.event, before[0], taken.to, taken.fields or {}, None, target)
            entries.append((entry, referred.version, level))
    # An instance starts at version 1; the owner's remiss moved it once, its path once more.
    return [
        {
            "key": key,
            "state": to,
            "level": level,
            "target": target,
            "due": _due(to, start) if paths[key] else REMISS_DUE,
            "late": False,
            "moves": 1 + (key == owner) + bool(paths[key]),
        }
        for key, (to, level, target) in state.items()
        if paths[key] or key == owner
    ]


def _due(state: str, start: date) -> date | None:
    """A deadline for the states that have one, some weeks after the item's rounds began."""
    if state == "remiss":
        return TODAY + timedelta(days=18)
    if state in ("to_decide", "gap_analysis", "implementing"):
        return start + timedelta(days=400)
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, help="a SQLite file to create, or a database URL (empty)")
    parser.add_argument("--items-per-area", type=int, default=20)
    args = parser.parse_args()
    url = args.out if "://" in args.out else f"sqlite:///{args.out}"
    print(json.dumps(generate(url, args.items_per_area), indent=2))


if __name__ == "__main__":
    main()
