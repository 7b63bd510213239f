"""``kgflow audit``: is the history as it was written (R12)? And filing checkpoints outside the database."""

from __future__ import annotations

from pathlib import Path

import click

from kgflow.cli.app import AppContext, pass_app
from kgflow.cli.render import emit_json, say, warn


@click.group()
def audit() -> None:
    """Verify the history chain, and print checkpoints to file away.

    Every history row's hash covers its content and the row before. `verify`
    walks the whole chain and names the first row that does not match; with a
    checkpoint filed earlier (in the diarium, or the last line of
    KGFLOW_CHECKPOINT_FILE) it also notices a cut-off tail or a chain rewritten
    from an edit onwards.
    """


@audit.command()
@click.option("--checkpoint", metavar="SEQ:HASH", help="A checkpoint printed earlier by `kgflow audit checkpoint`.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_app
def verify(app: AppContext, checkpoint: str | None, as_json: bool) -> None:
    """Walk every history row; exit 8 and name the first that does not match.

    Without --checkpoint, the last line of KGFLOW_CHECKPOINT_FILE (when set) is
    the checkpoint: a cut tail or a wiped history is then caught as well.
    """
    from kgflow.service.audit import verify as verify_chain

    verified = verify_chain(app.services, checkpoint, app.app.checkpoint_ledger())
    against = verified.checkpoint
    if as_json:
        emit_json([{"ok": True, "rows": verified.rows, "head": str(verified.head) if verified.head else None,
                    "checkpoint": str(against) if against else None, "checkpoint_from": verified.source}])  # fmt: skip
        return
    source = f" ({verified.source})" if verified.source else ""
    checked = f"; it contains the checkpoint {against}{source}" if against else ""
    say(f"The history verifies: {verified.rows} rows, head {verified.head or 'none'}{checked}.")


@audit.command()
@click.option(
    "--file",
    "file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Append the checkpoint as a line SEQ:HASH<TAB>time to this file.",
)
@click.option("--mail", "send_mail", is_flag=True, help="Mail it to the responsible role at the top organisations.")
@click.option("--json", "as_json", is_flag=True, help="Print the checkpoint as JSON.")
@pass_app
def checkpoint(app: AppContext, file: Path | None, send_mail: bool, as_json: bool) -> None:
    """Print the chain's head as SEQ:HASH, to file in the diarium; or file and mail it.

    \b
    Examples:
      kgflow audit checkpoint
      kgflow audit checkpoint --file /srv/diarium/kgflow-checkpoints.txt --mail
    """
    if file is not None or send_mail:
        _file_and_mail(app, file, send_mail)
        return
    from kgflow.service.audit import checkpoint as head

    current = head(app.services)
    if as_json:
        emit_json([{"seq": current.seq, "hash": current.hash}] if current else [])
        return
    if current is None:
        say("The history is empty.")
        return
    say(str(current))


def _file_and_mail(app: AppContext, file: Path | None, send_mail: bool) -> None:
    from kgflow.domain.errors import UsageError
    from kgflow.service.checkpoints import file_checkpoint

    report = file_checkpoint(
        app.services, app.app.checkpoint_ledger(file) if file else None, app.app.mail if send_mail else None
    )
    if report.checkpoint is None:
        raise UsageError("The history is empty: there is no checkpoint to file yet.")
    if report.filed_in:
        say(f"Filed {report.checkpoint} in {report.filed_in}.")
    if send_mail:
        mailed = ", ".join(report.mailed) or "no one"
        say(f"Mailed {report.checkpoint} to {mailed} through {app.app.mail.transport.description}.")
    for failure in report.failures:
        warn(f"Not mailed: {failure}")
