"""``kgflow audit``: is the history as it was written (R12)?"""

from __future__ import annotations

import click

from kgflow.cli.app import AppContext, pass_app
from kgflow.cli.render import emit_json, say


@click.group()
def audit() -> None:
    """Verify the history chain, and print checkpoints to file away.

    Every history row's hash covers its content and the row before. `verify`
    walks the whole chain and names the first row that does not match; with a
    checkpoint filed earlier (in the diarium) it also notices a cut-off tail or
    a chain rewritten from an edit onwards.
    """


@audit.command()
@click.option("--checkpoint", metavar="SEQ:HASH", help="A checkpoint printed earlier by `kgflow audit checkpoint`.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_app
def verify(app: AppContext, checkpoint: str | None, as_json: bool) -> None:
    """Walk every history row; exit 8 and name the first that does not match."""
    from kgflow.service.audit import verify as verify_chain

    verdict = verify_chain(app.services, checkpoint)
    if as_json:
        emit_json([{"ok": True, "rows": verdict.rows, "head": str(verdict.head) if verdict.head else None}])
        return
    checked = f"; it contains the checkpoint {checkpoint}" if checkpoint else ""
    say(f"The history verifies: {verdict.rows} rows, head {verdict.head or 'none'}{checked}.")


@audit.command()
@click.option("--json", "as_json", is_flag=True, help="Print the checkpoint as JSON.")
@pass_app
def checkpoint(app: AppContext, as_json: bool) -> None:
    """Print the chain's head as SEQ:HASH, to file in the diarium."""
    from kgflow.service.audit import checkpoint as head

    current = head(app.services)
    if as_json:
        emit_json([{"seq": current.seq, "hash": current.hash}] if current else [])
        return
    if current is None:
        say("The history is empty.")
        return
    say(str(current))
