"""The whole country in one database: six programområden, ~20 items each, realistic progress and history.

``generate(url, items_per_area)`` builds it on SQLite or PostgreSQL: the
sample's structure (all six joint programområden, every RPO, LPO, region,
kommun and unit), then per area ``items_per_area`` items referred through
kgflow's own ``refer`` (set-based fan-out), then each item moved on in
*rounds* — every instance's next step at once, one ``executemany`` for the
history rows (hash-chained by kgflow's own history repository: in Python on
SQLite, by the trigger on PostgreSQL) and one for the instances. Progress
follows the national workflow's real paths (answer → remiss closed → adopted
→ decided in the län → GAP → levels 1–3), with a phase per item: a quarter on
remiss, a quarter being decided in the län, half being implemented. The
result passes ``kgflow audit verify``.

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

from sqlalchemy import bindparam, func, select, update

from kgflow.domain.identity import SYSTEM
from kgflow.domain.model import HistoryEntry
from kgflow.persistence import migrate
from kgflow.persistence.database import Database
from kgflow.persistence.tables import history, instance, item, item_version, organisation
from kgflow.sample.structure import build_structure
from kgflow.service.items import add_item
from kgflow.service.organisations import store
from kgflow.service.refer import refer
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


def generate(url: str, items_per_area: int, seed: int = 2026) -> dict[str, Any]:
    """Build the national dataset at ``url`` (an empty database); returns counts and seconds."""
    started = time.perf_counter()
    database = Database.from_url(url)
    migrate.upgrade(database)
    database.dispose()
    app = application(url, FixedClock(date(2023, 1, 16)))
    structure = build_structure()
    with app.services.uow(write=True) as uow:
        store(uow, structure.organisations, structure.people, actor=SYSTEM, now=datetime(2023, 1, 2, tzinfo=UTC))
        uow.commit()
    created = list(_items(structure, items_per_area))
    for code, kind, title, holder in created:
        add_item(app.services, code, kind, title, actor=holder)
        refer(app.services, code, "2023-03-31", actor=holder)
    structured = time.perf_counter()
    rng = random.Random(seed)
    for index, (code, _, _, _) in enumerate(created):
        when = date(2023, 4, 3) + timedelta(days=7 * index)
        _progress(app, code, PHASES[index % len(PHASES)], rng, when, structure.holders)
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
        "structure_and_referrals_s": round(structured - started, 2),
        "seconds": round(time.perf_counter() - started, 2),
    }


def _progress(
    app: Any, code: str, phase: str, rng: random.Random, start: date, holders: dict[tuple[str, str], str]
) -> None:
    """Move every instance of ``code`` along its path, a round of steps at a time, in one transaction."""
    with app.services.uow(write=True) as uow:
        connection = uow.connection
        rows = connection.execute(
            select(
                instance.c.id,
                instance.c.org_id,
                instance.c.item_version_id,
                organisation.c.kind,
                organisation.c.code,
                organisation.c.parent_id,
                item_version.c.number,
            )
            .join(organisation, organisation.c.id == instance.c.org_id)
            .join(item_version, item_version.c.id == instance.c.item_version_id)
            .join(item, item.c.id == instance.c.item_id)
            .where(item.c.code == code)
        ).all()
        lpos = {row.org_id: rng.random() < (0.5 if phase == "deciding" else 1.0) for row in rows if row.kind == "lpo"}
        decided_above = {row.id: lpos.get(row.parent_id, True) for row in rows}
        paths = {row.id: path(row.kind, phase, rng, lpos.get(row.org_id, decided_above[row.id])) for row in rows}
        version = rows[0].number if rows else 1
        uow.lock_history()
        state: dict[int, tuple[str, int | None, int | None]] = {row.id: ("remiss", None, None) for row in rows}
        for round_number in range(max((len(steps) for steps in paths.values()), default=0)):
            at = datetime.combine(start + timedelta(days=14 * round_number), datetime.min.time(), UTC)
            entries = []
            for row in rows:
                steps = paths[row.id]
                if round_number >= len(steps):
                    continue
                taken = steps[round_number]
                before = state[row.id]
                level = taken.level if taken.level is not None else before[1]
                target = taken.target if taken.target is not None else before[2]
                state[row.id] = (taken.to, level, target)
                actor = holders.get((row.code, taken.actor), SYSTEM) if taken.actor != SYSTEM else SYSTEM
                entry = HistoryEntry(
                    row.id, at, actor, taken.event, before[0], taken.to, taken.fields or {}, None, target
                )
                entries.append((entry, version, level))
            uow.history.append_many(entries)
        moved = [
            {"key": key, "state": to, "level": level, "target": target, "due": _due(to, start), "late": False}
            for key, (to, level, target) in state.items()
            if paths[key]
        ]
        if moved:
            connection.execute(
                update(instance)
                .where(instance.c.id == bindparam("key"))
                .values(
                    state=bindparam("state"),
                    level=bindparam("level"),
                    target_level=bindparam("target"),
                    due=bindparam("due"),
                    late=bindparam("late"),
                    version=instance.c.version + 1,
                ),
                moved,
            )
        if phase != "remiss":
            connection.execute(
                update(item_version)
                .where(item_version.c.id == rows[0].item_version_id)
                .values(status="adopted", adopted_on=date(2025, 5, 12), adoption_ref="SKS")
            )
        uow.commit()


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
