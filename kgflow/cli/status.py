"""``kgflow status`` and ``kgflow history``: where things stand, and how they got there."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import TYPE_CHECKING

import click

from kgflow.cli.app import AppContext, pass_app
from kgflow.cli.render import emit_json, say, table

if TYPE_CHECKING:
    from kgflow.service.ports import HistoryRecord


@click.command()
@click.argument("item", required=False)
@click.option("--org", metavar="ORG", help="Only this organisation and everything below it.")
@click.option("--json", "as_json", is_flag=True, help="Print every instance as a JSON list.")
@pass_app
def status(app: AppContext, item: str | None, org: str | None, as_json: bool) -> None:
    """Where items stand: one line per organisation, or a summary per item.

    Without ITEM or --org the table sums up each item by state; with either,
    it lists the instances. --json always lists instances, each with item,
    org, state, due and level.

    \b
    Examples:
      kgflow status
      kgflow status psvf-sjalvskada --org lpo-dalarna
      kgflow status --org falun --json
    """
    from kgflow.service.queries import status as status_of

    lines = status_of(app.services, item=item, org=org)
    if as_json:
        emit_json(line.as_json() for line in lines)
        return
    if not lines:
        say("Nothing to show: no instances match.")
        return
    if item is None and org is None:
        by_item: dict[str, Counter[str]] = {}
        titles: dict[str, str] = {}
        for line in lines:
            by_item.setdefault(line.row.item, Counter())[line.state_label] += 1
            titles[line.row.item] = line.row.item_title
        table(
            "Status per item",
            ["Item", "Title", "Instances", "States"],
            [
                (
                    code,
                    titles[code],
                    sum(c.values()),
                    ", ".join(f"{label} {n}" for label, n in c.most_common()),
                )
                for code, c in by_item.items()
            ],
            caption="kgflow status ITEM --org ORG lists the organisations",
        )
        return
    today = app.app.services.clock.today()
    table(
        None,
        ["Item", "Organisation", "Kind", "State", "Due", "Level"],
        [
            (
                line.row.item,
                line.row.org_name,
                line.row.org_kind,
                line.state_label,
                _due(line.row.due, today),
                _level(line.row.level, line.row.target_level),
            )
            for line in lines
        ],
        caption=f"{len(lines)} instances",
    )


def _due(due: date | None, today: date) -> str:
    if due is None:
        return ""
    return f"{due.isoformat()} (late)" if due < today else due.isoformat()


def _level(level: int | None, target: int | None) -> str:
    if level is None and target is None:
        return ""
    return f"{level if level is not None else '–'}/{target if target is not None else '–'}"


def _who(record: HistoryRecord) -> str:
    """The person, and the database login that acted on their behalf where it was not their own."""
    return f"{record.actor} (by {record.login})" if record.on_behalf else record.actor


@click.command()
@click.argument("item")
@click.argument("org")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of history rows.")
@pass_app
def history(app: AppContext, item: str, org: str, as_json: bool) -> None:
    """Every recorded step of ITEM at ORG: when, who, from, to, event, values, note.

    \b
    Example:
      kgflow history psvf-schizofreni-tidigt linkoping
    """
    from kgflow.service.queries import history as history_of

    subject, lines = history_of(app.services, item, org)
    if as_json:
        emit_json(line.as_json() for line in lines)
        return
    table(
        f"{subject.item.title} — {subject.org.name}",
        ["When (UTC)", "Who", "Event", "From", "To", "Values", "Note"],
        [
            (
                f"{line.record.at:%Y-%m-%d %H:%M}",
                _who(line.record),
                line.record.event,
                line.from_label or "",
                line.to_label,
                ", ".join(f"{k}={v}" for k, v in line.record.fields.items()),
                line.record.note or "",
            )
            for line in lines
        ],
    )
