"""``kgflow sweep``, ``kgflow overdue`` and ``kgflow notify``: chasing what is late (R11, R14)."""

from __future__ import annotations

from datetime import date

import click

from kgflow.cli.app import AppContext, pass_app
from kgflow.cli.render import emit_json, say, table, warn
from kgflow.cli.words import DIGEST_STATUSES, label, named, rung, state_label, workflow
from kgflow.domain.wording import gettext as _
from kgflow.domain.wording import t, tn


@click.command()
@click.option("--dry-run", is_flag=True, help="Räkna vad som skulle köas; ändra ingenting.")
@click.option("--json", "as_json", is_flag=True, help="Skriv ut antalen som en JSON-lista.")
@pass_app
def sweep(app: AppContext, dry_run: bool, as_json: bool) -> None:
    """Köa varje påminnelse, besked och eskalering som ska gå ut i dag.

    Går igenom varje arbetsflödes eskaleringstrappa en gång; varje trappsteg
    köas högst en gång per ärende och steg, så en andra körning köar inget nytt.
    Har flera trappsteg blivit aktuella på en gång (efter ett uppehåll) får
    organisationen själv besked först, det högsta trappsteget går ut och de
    däremellan noteras som överhoppade. Pausade steg jagas inte.
    Uppföljningsomgångar vars dag har kommit öppnas också. `kgflow notify send`
    skickar sedan det som köades.
    """
    from kgflow.service.sweep import sweep as run_sweep

    report = run_sweep(app.services, dry_run=dry_run)
    if as_json:
        keys = sorted(report.queued.keys() | report.skipped.keys())
        rows = [{"workflow": w, "state": s, "rung": r, "notices": report.queued.get((w, s, r), 0),
                 "skipped": report.skipped.get((w, s, r), 0)} for w, s, r in keys]  # fmt: skip
        rows += [{"round": r.item, "year": r.year, "due": r.due.isoformat(), "organisations": r.organisations}
                 for r in report.rounds]  # fmt: skip
        rows += [{"plan_activities": True, "rung": r, "notices": n} for r, n in sorted(report.activities.items())]
        emit_json(rows)
        return
    planned = sum(report.activities.values())
    if planned:
        if dry_run:
            told = tn(
                "Skulle köa {count} meddelande om en planaktivitet som passerat sin dag.",
                "Skulle köa {count} meddelanden om planaktiviteter som passerat sin dag.",
                planned,
            )
        else:
            told = tn(
                "Köade {count} meddelande om en planaktivitet som passerat sin dag.",
                "Köade {count} meddelanden om planaktiviteter som passerat sin dag.",
                planned,
            )
        say(str(told))
    for opened in report.rounds:
        template = (
            "Skulle öppna {title} för {count} organisationer, senast {due}."
            if dry_run
            else "Öppnade {title} för {count} organisationer, senast {due}."
        )
        say(str(t(template, title=opened.title, count=opened.organisations, due=opened.due)))
    if not report.queued and not report.skipped:
        if planned:
            return
        if dry_run:
            say(_("Skulle inte köa något: inget trappsteg ska gå ut i dag."))
        else:
            say(_("Köade inget: inget trappsteg ska gå ut i dag."))
        return
    if dry_run:
        caption = tn("Skulle köa {count} meddelande", "Skulle köa {count} meddelanden", report.total)
    else:
        caption = tn("Köade {count} meddelande", "Köade {count} meddelanden", report.total)
    table(None, [_("Arbetsflöde"), _("Läge"), _("Trappsteg"), _("Meddelanden"), _("Överhoppade")],
          [(_title(app, w), state_label(workflow(app.services, w), s), rung(r), report.queued.get((w, s, r), 0),
            report.skipped.get((w, s, r), 0))
           for w, s, r in sorted(report.queued.keys() | report.skipped.keys())],
          caption=str(caption))  # fmt: skip


@click.command()
@click.argument("item", metavar="[KUNSKAPSSTÖD]", required=False)
@click.option("--org", metavar="ORG", help="Bara ORG och allt som ligger under den.")
@click.option("--area", metavar="OMRÅDE", help="Bara kunskapsstöden i det här programområdet (kod eller namn).")
@click.option("--json", "as_json", is_flag=True, help="Skriv ut en JSON-lista med days_late och rung.")
@pass_app
def overdue(app: AppContext, item: str | None, org: str | None, area: str | None, as_json: bool) -> None:
    """Det som är försenat nu: hur många arbetsdagar sent och vilket trappsteg som har nåtts.

    \b
    Exempel:
      kgflow overdue
      kgflow overdue psvf-sjalvskada --org lpo-dalarna --json
      kgflow overdue --area "äldres hälsa"
    """
    from kgflow.service.overdue import overdue as find_overdue

    late = find_overdue(app.services, item, org, area)
    if as_json:
        emit_json(entry.as_json() for entry in late)
        return
    if not late:
        say(_("Inget är försenat."))
        return
    table(None, [_("Kunskapsstöd"), _("Organisation"), _("Läge"), _("Senast"), _("Dagar sent"), _("Trappsteg")],
          [(e.line.row.item, e.line.row.org_name, e.line.state_shown, _day(e.line.row.due), e.days_late,
            rung(e.rung)) for e in late],
          caption=str(tn("{count} försenat ärende", "{count} försenade ärenden", len(late))))  # fmt: skip


def _title(app: AppContext, name: str) -> str:
    definition = workflow(app.services, name)
    return label(definition.title) if definition is not None else name


def _day(day: date | None) -> str:
    return day.isoformat() if day else ""


@click.group()
def notify() -> None:
    """Förhandsgranska, skicka och lista samlingsmejlen med köade meddelanden.

    Utan inställd SMTP-server (KGFLOW_SMTP_HOST) skrivs e-posten som .eml-filer
    i KGFLOW_MAIL_DIR (standard: kgflow-mail bredvid databasen).
    """


@notify.command()
@click.option("--to", metavar="PERSON", help="Bara samlingsmejlet till den här personen: kod, e-postadress eller namn.")
@pass_app
def preview(app: AppContext, to: str | None) -> None:
    """Visa som text de samlingsmejl nästa utskick skulle skicka; ingenting ändras.

    \b
    Exempel:
      kgflow notify preview
      kgflow notify preview --to "Sara Ek"
    """
    from kgflow.service.delivery import preview as render_preview

    digests = render_preview(app.services, app.app.mail, to)
    if not digests:
        say(_("Inget att skicka.") if to is None else str(t("Inget att skicka till {to}.", to=to)))
        return
    for digest, rendered in digests:
        say(str(t("Till: {name} <{email}>", name=digest.person_name, email=digest.email)))
        if rendered is None:
            say(_("(inget i det går att visa)") + "\n")
            continue
        say(str(t("Ämne: {subject}", subject=rendered.subject)) + f"\n\n{rendered.text}")


@notify.command()
@pass_app
def send(app: AppContext) -> None:
    """Skicka ett samlingsmejl per person; misslyckade försöks igen eller läggs åt sidan som döda.

    Varje samlingsmejl skickas minst en gång, med ett fast Message-ID: om
    kgflow stoppas efter att servern tagit emot ett meddelande men innan kgflow
    hunnit notera det, skickar nästa utskick det igen med samma Message-ID.
    Sammanställningarna tas några i taget; ett utskick som pausats eller gått
    långsammare än KGFLOW_MAIL_LEASE_SECONDS och finner dem övertagna av ett
    annat slutar och räknar dem som förlorade.
    """
    from kgflow.service.delivery import send_notices

    mail = app.app.mail
    report = send_notices(app.services, mail)
    sent = tn(
        "Skickade {count} samlingsmejl till {transport}; {retried} försöks igen senare, {dead} döda; "
        "{cancelled} meddelanden ströks eftersom deras steg redan var taget.",
        "Skickade {count} samlingsmejl till {transport}; {retried} försöks igen senare, {dead} döda; "
        "{cancelled} meddelanden ströks eftersom deras steg redan var taget.",
        report.sent,
        transport=mail.transport.description,
        retried=report.retried,
        dead=report.dead,
        cancelled=report.cancelled,
    )
    say(str(sent))
    if report.lost:
        say(str(t("{count} togs över av ett annat utskick.", count=report.lost)))
    for reason in report.reasons:
        warn(str(reason))
    if report.stopped:
        warn(str(t("Stoppat: {reason}", reason=report.stopped)))


@notify.command("list")
@click.option("--dead", is_flag=True, help="Bara samlingsmejl som inte kommer att skickas, med skälet.")
@click.option("--json", "as_json", is_flag=True, help="Skriv ut en JSON-lista.")
@pass_app
def list_(app: AppContext, dead: bool, as_json: bool) -> None:
    """Lista samlingsmejl: till vem, status, antal försök och varför ett dött inte gick att skicka."""
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
        say(_("Inga döda samlingsmejl.") if dead else _("Inga samlingsmejl än."))
        return
    table(None, [_("Id"), _("Till"), _("Status"), _("Försök"), _("Meddelanden"), _("Skäl")],
          [(d.id, d.email, named(DIGEST_STATUSES, d.status), d.attempts, d.notices, d.reason or "")
           for d in digests])  # fmt: skip
