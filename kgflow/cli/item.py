"""``kgflow item``: knowledge-support items (VIP, PSVF, guidelines)."""

from __future__ import annotations

import click

from kgflow.cli.app import AppContext, pass_app
from kgflow.cli.render import emit_json, say, table

ITEM_KINDS = ["vip", "psvf", "vardprogram", "riktlinje"]


@click.group()
def item() -> None:
    """Add, list and show knowledge-support items."""


@item.command("add")
@click.argument("code")
@click.option("--kind", required=True, type=click.Choice(ITEM_KINDS), help="What kind of knowledge support.")
@click.option("--title", required=True, help="The item's title, e.g. 'PSVF Självskada'.")
@click.option("--workflow", metavar="NAME", help="Workflow to follow [default: the one for this kind].")
@click.option(
    "--owner",
    metavar="ORG",
    help="Owning organisation [default: the only one of the workflow's owner kind].",
)
@click.option(
    "--target-level",
    type=click.IntRange(1, 3),
    default=2,
    show_default=True,
    help="Default implementation level LPOs aim for.",
)
@pass_app
def add(
    app: AppContext,
    code: str,
    kind: str,
    title: str,
    workflow: str | None,
    owner: str | None,
    target_level: int,
) -> None:
    """Add an item; it starts in its workflow's first state at its owner.

    \b
    Example:
      kgflow --as anna.andersson item add psvf-adhd --kind psvf --title "PSVF ADHD"
    """
    from kgflow.service.items import add_item

    summary = add_item(
        app.services,
        code,
        kind,
        title,
        actor=app.actor,
        workflow=workflow,
        owner=owner,
        target_level=target_level,
    )
    say(
        f"Added {summary.item.code} ({summary.item.title}), owned by {summary.owner}, "
        f"on workflow {summary.item.workflow}."
    )
    say(f"Send it on remiss with: kgflow refer {summary.item.code} --due YYYY-MM-DD")


@item.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list.")
@pass_app
def list_(app: AppContext, as_json: bool) -> None:
    """List items with their version, status and number of instances."""
    from kgflow.service.items import list_items

    items = list_items(app.services)
    if as_json:
        emit_json(summary.as_json() for summary in items)
        return
    table(
        None,
        ["Item", "Kind", "Title", "Version", "Status", "Instances"],
        [
            (
                s.item.code,
                s.item.kind.value.upper(),
                s.item.title,
                s.as_json()["version"],
                s.as_json()["status"],
                sum(s.states.values()),
            )
            for s in items
        ],
    )


@item.command("show")
@click.argument("code")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list with one object.")
@pass_app
def show(app: AppContext, code: str, as_json: bool) -> None:
    """Show an item: its versions and how many organisations are in each state."""
    from kgflow.service.items import show_item

    summary = show_item(app.services, code)
    data = summary.as_json()
    if as_json:
        emit_json(
            [
                {
                    **data,
                    "versions": [
                        {
                            "number": v.number,
                            "status": v.status.value,
                            "adopted_on": v.adopted_on.isoformat() if v.adopted_on else None,
                            "adoption_ref": v.adoption_ref,
                        }
                        for v in summary.versions
                    ],
                }
            ]
        )
        return
    say(f"{summary.item.title} ({summary.item.code}, {summary.item.kind.value.upper()})")
    say(
        f"Workflow {summary.item.workflow}; owner {summary.owner}; "
        f"default target level {summary.item.default_target_level}"
    )
    for version in summary.versions:
        adopted = f", adopted {version.adopted_on} ({version.adoption_ref})" if version.adopted_on else ""
        say(f"  version {version.number}: {version.status.value}{adopted}")
    table(None, ["State", "Instances"], sorted(summary.states.items()))
