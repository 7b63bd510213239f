"""``kgflow audit``: is the history as it was written (R12)? And filing checkpoints outside the database."""

from __future__ import annotations

from pathlib import Path

import click

from kgflow.cli.app import AppContext, pass_app
from kgflow.cli.render import emit_json, say, warn
from kgflow.domain.wording import gettext as _
from kgflow.domain.wording import t


@click.group()
def audit() -> None:
    """Kontrollera historikens kedja och skriv ut kontrollpunkter att arkivera.

    Varje historikrads hash täcker radens innehåll och raden före. `verify` går
    igenom hela kedjan och pekar ut den första rad som inte stämmer; med en
    kontrollpunkt som arkiverats tidigare (i diariet, eller sista raden i
    KGFLOW_CHECKPOINT_FILE) märker den också en avklippt svans eller en kedja
    som skrivits om från en ändring och framåt.
    """


@audit.command()
@click.option(
    "--checkpoint", metavar="SEQ:HASH", help="En kontrollpunkt som `kgflow audit checkpoint` skrev ut tidigare."
)
@click.option("--json", "as_json", is_flag=True, help="Skriv ut resultatet som JSON.")
@pass_app
def verify(app: AppContext, checkpoint: str | None, as_json: bool) -> None:
    """Gå igenom varje historikrad; avsluta med kod 8 och peka ut den första som inte stämmer.

    Utan --checkpoint är sista raden i KGFLOW_CHECKPOINT_FILE (om den är satt)
    kontrollpunkten: då upptäcks också en avklippt svans eller en raderad historik.
    """
    from kgflow.service.audit import verify as verify_chain

    verified = verify_chain(app.services, checkpoint, app.app.checkpoint_ledger())
    against = verified.checkpoint
    if as_json:
        emit_json([{"ok": True, "rows": verified.rows, "head": str(verified.head) if verified.head else None,
                    "checkpoint": str(against) if against else None, "checkpoint_from": verified.source}])  # fmt: skip
        return
    head = verified.head or _("ingen")
    if against and verified.source:
        sentence = t(
            "Historiken stämmer: {rows} rader, senaste {head}; den innehåller kontrollpunkten {checkpoint} ({source}).",
            rows=verified.rows,
            head=head,
            checkpoint=against,
            source=verified.source,
        )
    elif against:
        sentence = t(
            "Historiken stämmer: {rows} rader, senaste {head}; den innehåller kontrollpunkten {checkpoint}.",
            rows=verified.rows,
            head=head,
            checkpoint=against,
        )
    else:
        sentence = t("Historiken stämmer: {rows} rader, senaste {head}.", rows=verified.rows, head=head)
    say(str(sentence))


@audit.command()
@click.option(
    "--file",
    "file",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FIL",
    help="Lägg till kontrollpunkten som en rad SEQ:HASH<TAB>tid i FIL.",
)
@click.option(
    "--mail", "send_mail", is_flag=True, help="Mejla den till den ansvariga rollen vid organisationerna högst upp."
)
@click.option("--json", "as_json", is_flag=True, help="Skriv ut kontrollpunkten som JSON.")
@pass_app
def checkpoint(app: AppContext, file: Path | None, send_mail: bool, as_json: bool) -> None:
    """Skriv ut kedjans senaste rad som SEQ:HASH, att arkivera i diariet; eller arkivera och mejla den.

    \b
    Exempel:
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
        say(_("Historiken är tom."))
        return
    say(str(current))


def _file_and_mail(app: AppContext, file: Path | None, send_mail: bool) -> None:
    from kgflow.domain.errors import UsageError
    from kgflow.service.checkpoints import file_checkpoint

    report = file_checkpoint(
        app.services, app.app.checkpoint_ledger(file) if file else None, app.app.mail if send_mail else None
    )
    if report.checkpoint is None:
        raise UsageError(t("Historiken är tom: det finns ingen kontrollpunkt att arkivera än."))
    if report.filed_in:
        say(str(t("Arkiverade {checkpoint} i {file}.", checkpoint=report.checkpoint, file=report.filed_in)))
    if send_mail:
        mailed = ", ".join(report.mailed) or _("ingen")
        sentence = t(
            "Mejlade {checkpoint} till {mailed} via {transport}.",
            checkpoint=report.checkpoint,
            mailed=mailed,
            transport=app.app.mail.transport.description,
        )
        say(str(sentence))
    for failure in report.failures:
        warn(str(t("Inte mejlat: {failure}", failure=failure)))
