"""``kgflow status`` and ``kgflow history``: where things stand, and how they got there."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from kgflow.cli.app import AppContext, pass_app
from kgflow.cli.render import emit_json, say, table
from kgflow.domain.model import org_kind_label
from kgflow.domain.wording import gettext as _
from kgflow.domain.wording import t, tn

if TYPE_CHECKING:
    from kgflow.service.queries import ItemStates, StatusLine


@click.command()
@click.argument("item", required=False, metavar="[KUNSKAPSSTÖD]")
@click.option("--org", metavar="ORG", help="Bara den här organisationen och allt under den.")
@click.option("--late", is_flag=True, help="Bara ärenden som är försenade.")
@click.option("--open", "open_only", is_flag=True, help="Bara ärenden som inte är i ett slutläge.")
@click.option(
    "--state", metavar="LÄGE", help='Bara ärenden i det här läget, med id eller benämning (remiss, "På remiss").'
)
@click.option("--area", metavar="OMRÅDE", help="Bara kunskapsstöden i det här programområdet (kod eller namn).")
@click.option("--json", "as_json", is_flag=True, help="Skriv ut varje ärende i en JSON-lista.")
@pass_app
def status(
    app: AppContext,
    item: str | None,
    org: str | None,
    late: bool,
    open_only: bool,
    state: str | None,
    area: str | None,
    as_json: bool,
) -> None:
    """Var kunskapsstöden står: en rad per organisation, eller en summering per kunskapsstöd.

    Utan KUNSKAPSSTÖD, --org, --late, --open och --state summerar tabellen
    varje kunskapsstöd per läge; annars listas ärendena, med organisationens
    kod som du skriver den i andra kommandon. --json listar alltid ärendena,
    vart och ett med kunskapsstöd, organisation, läge, sista dag och nivå.

    \b
    Exempel:
      kgflow status
      kgflow status psvf-sjalvskada --org lpo-dalarna
      kgflow status --org lpo-dalarna --late
      kgflow status --open --state "GAP-analys pågår"
      kgflow status --org falun --json
      kgflow status --area aldres-halsa
    """
    from kgflow.service.queries import status as status_of
    from kgflow.service.queries import status_summary

    if not as_json and item is None and org is None and not (late or open_only or state):
        summary = status_summary(app.services, area=area)
        if summary:
            _summary(summary)
        else:
            say(_("Inget att visa: inga ärenden matchar."))
        return
    lines = status_of(app.services, item=item, org=org, late=late, open_only=open_only, state=state, area=area)
    if as_json:
        emit_json(line.as_json() for line in lines)
        return
    if not lines:
        say(_("Inget att visa: inga ärenden matchar."))
        return
    table(
        None,
        [_("Kunskapsstöd"), _("Organisation"), _("Kod"), _("Typ"), _("Läge"), _("Senast"), _("Nivå")],
        [
            (
                line.row.item,
                line.row.org_name,
                line.row.org,
                str(org_kind_label(line.row.org_kind)),
                line.standing_shown,
                _due(line),
                _level(line.row.level, line.row.target_level),
            )
            for line in lines
        ],
        caption=str(_caption(lines)),
    )


def _summary(summary: list[ItemStates]) -> None:
    table(
        _("Läget per kunskapsstöd"),
        [_("Kunskapsstöd"), _("Titel"), _("Ärenden"), _("Lägen")],
        [
            (line.item, line.title, line.total, ", ".join(f"{label} {count}" for label, count in line.states))
            for line in summary
        ],
        caption=_("kgflow status KUNSKAPSSTÖD --org ORG listar organisationerna"),
    )


def _caption(lines: list[StatusLine]) -> object:
    late = sum(1 for line in lines if line.overdue)
    if late:
        return tn("{count} ärende, {sena} försenade", "{count} ärenden, {sena} försenade", len(lines), sena=late)
    return tn("{count} ärende", "{count} ärenden", len(lines))


def _due(line: StatusLine) -> str:
    due = line.row.due
    if due is None:
        return ""
    return str(t("{datum} (försenad)", datum=due.isoformat())) if line.overdue else due.isoformat()


def _level(level: int | None, target: int | None) -> str:
    if level is None and target is None:
        return ""
    return f"{level if level is not None else '–'}/{target if target is not None else '–'}"


@click.command()
@click.argument("item", metavar="KUNSKAPSSTÖD")
@click.argument("org", metavar="ORG")
@click.option("--json", "as_json", is_flag=True, help="Skriv ut historiken som en JSON-lista.")
@pass_app
def history(app: AppContext, item: str, org: str, as_json: bool) -> None:
    """Varje registrerat steg för KUNSKAPSSTÖD vid ORG: när, vem, från, till, steg, värden, anteckning.

    Tiderna är svensk tid (Europe/Stockholm); --json ger dem i UTC.

    \b
    Exempel:
      kgflow history psvf-schizofreni-tidigt linkoping
    """
    from kgflow.reports.history_text import event_text, local_time, values_text, who
    from kgflow.service.queries import history as history_of
    from kgflow.service.queries import history_words

    subject, lines = history_of(app.services, item, org)
    if as_json:
        emit_json(line.as_json() for line in lines)
        return
    events, roles = history_words(app.services, subject)
    table(
        f"{subject.item.title} — {subject.org.name} ({subject.org.code})",
        [_("När (svensk tid)"), _("Vem"), _("Steg"), _("Från"), _("Till"), _("Värden"), _("Anteckning")],
        [
            (
                local_time(line.record.at),
                who(line.record),
                event_text(line, events),
                str(line.from_state) if line.from_state is not None else (line.from_label or ""),
                str(line.to_state) if line.to_state is not None else line.to_label,
                values_text(line.record.fields, events, roles),
                line.record.note or "",
            )
            for line in lines
        ],
    )
