"""``kgflow sweep``, ``kgflow overdue`` and ``kgflow notify``: chasing what is late (R11, R14)."""

from __future__ import annotations

from datetime import date

import click

from kgflow.cli.app import AppContext, pass_app
from kgflow.cli.render import emit_json, say, table, warn


@click.command()
@click.option("--dry-run", is_flag=True, help="Count what would be queued; change nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the counts as a JSON list.")
@pass_app
def sweep(app: AppContext, dry_run: bool, as_json: bool) -> None:
    """Queue every reminder, notice and escalation that has come due today.

    One pass over every workflow's escalation ladders; each rung is queued at
    most once per instance and step, so running it twice queues nothing new.
    Follow-up rounds whose day has come are opened too. `kgflow notify send`
    then delivers what was queued.
    """
    from kgflow.service.sweep import sweep as run_sweep

    report = run_sweep(app.services, dry_run=dry_run)
    if as_json:
        rows = [{"workflow": w, "state": s, "rung": r, "notices": n} for (w, s, r), n in sorted(report.queued.items())]
        rows += [{"round": r.item, "year": r.year, "due": r.due.isoformat(), "organisations": r.organisations}
                 for r in report.rounds]  # fmt: skip
        emit_json(rows)
        return
    verb = "Would queue" if dry_run else "Queued"
    for opened in report.rounds:
        opens = "Would open" if dry_run else "Opened"
        say(f"{opens} {opened.title} for {opened.organisations} organisations, due {opened.due}.")
    if not report.queued:
        say(f"{verb} nothing: no rung has come due today.")
        return
    table(None, ["Workflow", "State", "Rung", "Notices"],
          [(w, s, r, n) for (w, s, r), n in sorted(report.queued.items())],
          caption=f"{verb} {report.total} notices")  # fmt: skip


@click.command()
@click.argument("item", required=False)
@click.option("--org", metavar="ORG", help="Only this organisation and everything below it.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list with days_late and rung.")
@pass_app
def overdue(app: AppContext, item: str | None, org: str | None, as_json: bool) -> None:
    """What is late now: days late (working days) and the rung of the ladder reached.

    \b
    Examples:
      kgflow overdue
      kgflow overdue psvf-sjalvskada --org lpo-dalarna --json
    """
    from kgflow.service.overdue import overdue as find_overdue

    late = find_overdue(app.services, item, org)
    if as_json:
        emit_json(entry.as_json() for entry in late)
        return
    if not late:
        say("Nothing is late.")
        return
    table(None, ["Item", "Organisation", "State", "Due", "Days late", "Rung"],
          [(e.line.row.item, e.line.row.org_name, e.line.state_label, _day(e.line.row.due), e.days_late, e.rung or "")
           for e in late], caption=f"{len(late)} late")  # fmt: skip


def _day(day: date | None) -> str:
    return day.isoformat() if day else ""


@click.group()
def notify() -> None:
    """Preview, send and list the digest e-mails of queued notices.

    With no SMTP server configured (KGFLOW_SMTP_HOST), mail is written as .eml
    files into KGFLOW_MAIL_DIR (default: kgflow-mail beside the database).
    """


@notify.command()
@pass_app
def preview(app: AppContext) -> None:
    """Show the digests the next send would deliver, as text; nothing changes."""
    from kgflow.service.delivery import preview as render_preview

    digests = render_preview(app.services, app.app.mail)
    if not digests:
        say("Nothing to send.")
        return
    for digest, rendered in digests:
        say(f"To: {digest.person_name} <{digest.email}>")
        if rendered is None:
            say("(nothing in it can be rendered)\n")
            continue
        say(f"Subject: {rendered.subject}\n\n{rendered.text}")


@notify.command()
@pass_app
def send(app: AppContext) -> None:
    """Send one digest per person; failures are retried or set aside as dead.

    Sending is at least once, with a stable Message-ID per digest: if kgflow is
    stopped after the server accepted a message but before it noted so, the
    next send repeats it with the same Message-ID. Digests are claimed a few at
    a time; a send that was paused or slow past KGFLOW_MAIL_LEASE_SECONDS and
    finds them taken over by another stops and counts them as lost.
    """
    from kgflow.service.delivery import send_notices

    mail = app.app.mail
    report = send_notices(app.services, mail)
    lost = f", {report.lost} lost to another sender" if report.lost else ""
    say(f"Sent {report.sent} digests to {mail.transport.description}; {report.retried} to retry later, "
        f"{report.dead} dead{lost}; {report.cancelled} notices cancelled because their step was finished.")  # fmt: skip
    for reason in report.reasons:
        warn(reason)
    if report.stopped:
        warn(f"Stopped: {report.stopped}")


@notify.command("list")
@click.option("--dead", is_flag=True, help="Only digests that will not be sent, with the reason.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list.")
@pass_app
def list_(app: AppContext, dead: bool, as_json: bool) -> None:
    """List digests: to whom, status, attempts and why a dead one died."""
    from kgflow.service.delivery import list_digests

    digests = list_digests(app.services, "dead" if dead else None)
    if as_json:
        emit_json(
            {"id": d.id, "message_id": d.message_id, "person": d.person_code, "email": d.email, "status": d.status,
             "attempts": d.attempts, "notices": d.notices, "created_at": d.created_at.isoformat(),
             "sent_at": d.sent_at.isoformat() if d.sent_at else None, "reason": d.reason}
            for d in digests
        )  # fmt: skip
        return
    if not digests:
        say("No dead digests." if dead else "No digests yet.")
        return
    table(None, ["Id", "To", "Status", "Attempts", "Notices", "Reason"],
          [(d.id, d.email, d.status, d.attempts, d.notices, d.reason or "") for d in digests])  # fmt: skip
