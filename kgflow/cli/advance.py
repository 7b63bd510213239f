"""``kgflow refer`` and ``kgflow advance``: the decisions that move items along."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from kgflow.cli.app import AppContext, pass_app
from kgflow.cli.render import emit_json, say, warn

if TYPE_CHECKING:
    from kgflow.service.advance import AdvanceResult


def _report(result: AdvanceResult, as_json: bool) -> None:
    if as_json:
        emit_json([result.as_json()])
        return
    level = f", level {result.level}" if result.level is not None else ""
    target = f" of {result.target_level}" if result.target_level is not None and result.level is not None else ""
    due = f", due {result.due.isoformat()}" if result.due else ""
    say(f"{result.org_name}: {result.from_label} → {result.to_label}{level}{target}{due}.")
    if result.created:
        say(f"Created {result.created} instances down the chain.")
    if result.moved:
        say(f"Moved {result.moved} other instances along with it.")
    for line in result.warnings:
        warn(line)


@click.command()
@click.argument("item")
@click.option(
    "--due",
    required=True,
    metavar="YYYY-MM-DD",
    help="Answers are due at the owner on this working day.",
)
@click.option("--note", help="A note for the history.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_app
def refer(app: AppContext, item: str, due: str, note: str | None, as_json: bool) -> None:
    """Send ITEM on remiss to the whole chain below its owner (R1, R2).

    Every participant gets an instance in one transaction; each level's
    deadline is its parent's minus the workflow's margin in Swedish working
    days.

    \b
    Example:
      kgflow --as anna.andersson refer psvf-adhd --due 2027-03-01
    """
    from kgflow.service.refer import refer as refer_item

    _report(refer_item(app.services, item, due, actor=app.actor, note=note), as_json)


@click.command()
@click.argument("item")
@click.argument("org")
@click.argument("event")
@click.option("--ref", help="Reference: diary number, decision or report.")
@click.option("--note", help="A note for the history.")
@click.option(
    "--set",
    "values",
    multiple=True,
    metavar="KEY=VALUE",
    help="A value the event takes; repeatable.",
)
@click.option("--force", is_flag=True, help="Override missing answers below (needs --note).")
@click.option(
    "--expect-state",
    metavar="STATE",
    help="Only advance if the instance is in STATE (compare-and-set).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_app
def advance(
    app: AppContext,
    item: str,
    org: str,
    event: str,
    ref: str | None,
    note: str | None,
    values: tuple[str, ...],
    force: bool,
    expect_state: str | None,
    as_json: bool,
) -> None:
    """Perform EVENT on ITEM at ORG.

    \b
    Events of the national workflow:
      answer        answer the remiss (--ref); at a parent, its compiled answer
      decline       decline to answer (--set reason=…)
      adopt         record the SKS decision (--ref, --set date=YYYY-MM-DD)
      decide        the LPO's local decision (--ref, --set target=N, --set ORG=N)
      complete_gap  finish the GAP analysis (--ref, --set gaps=N)
      reach_level   the next implementation level (--set level=N)
      revise        a new version of an adopted item (--ref)
      withdraw      close the item everywhere (--set reason=…)

    \b
    Examples:
      kgflow --as klara.forsberg advance psvf-sjalvskada avesta answer --ref KS-2026-117
      kgflow --as sara.eriksson advance psvf-sjalvskada lpo-dalarna answer --ref LPO-7 --force --note "Sent ändå"
      kgflow --as "Ida Jansson" advance vip-skadligt-bruk lpo-norrbotten decide --ref LPO-12 --set Luleå=3 --set 2514=1
    """
    from kgflow.service.advance import AdvanceRequest
    from kgflow.service.advance import advance as advance_instance

    request = AdvanceRequest(item, org, event, app.actor, ref, note, values, force, expect_state)
    _report(advance_instance(app.services, request), as_json)
