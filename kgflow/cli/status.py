"""``kgflow status`` and ``kgflow history``: where things stand, and how they got there."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING

import click

from kgflow.cli.app import AppContext, pass_app
from kgflow.cli.render import emit_json, say, table
from kgflow.cli.words import local_time, written
from kgflow.domain.model import org_kind_label
from kgflow.domain.wording import gettext as _
from kgflow.domain.wording import marked, t, tn

if TYPE_CHECKING:
    from kgflow.definitions.model import Label
    from kgflow.service.ports import HistoryRecord
    from kgflow.service.queries import HistoryLine, StatusLine


# What a step moved as a consequence of another records as its cause: "answer by npo-psykisk-halsa".
_CAUSE = re.compile(r"^(?P<event>\w+) by (?P<org>\S+)$")


@click.command()
@click.argument("item", required=False, metavar="[KUNSKAPSSTÖD]")
@click.option("--org", metavar="ORG", help="Bara den här organisationen och allt under den.")
@click.option("--late", is_flag=True, help="Bara ärenden som är försenade.")
@click.option("--open", "open_only", is_flag=True, help="Bara ärenden som inte är i ett slutläge.")
@click.option(
    "--state", metavar="LÄGE", help='Bara ärenden i det här läget, med id eller benämning (remiss, "På remiss").'
)
@click.option("--json", "as_json", is_flag=True, help="Skriv ut varje ärende i en JSON-lista.")
@pass_app
def status(
    app: AppContext,
    item: str | None,
    org: str | None,
    late: bool,
    open_only: bool,
    state: str | None,
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
    """
    from kgflow.service.queries import status as status_of

    lines = status_of(app.services, item=item, org=org, late=late, open_only=open_only, state=state)
    if as_json:
        emit_json(line.as_json() for line in lines)
        return
    if not lines:
        say(_("Inget att visa: inga ärenden matchar."))
        return
    if item is None and org is None and not (late or open_only or state):
        _summary(lines)
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
                line.state_shown,
                _due(line),
                _level(line.row.level, line.row.target_level),
            )
            for line in lines
        ],
        caption=str(_caption(lines)),
    )


def _summary(lines: list[StatusLine]) -> None:
    by_item: dict[str, Counter[str]] = {}
    titles: dict[str, str] = {}
    for line in lines:
        by_item.setdefault(line.row.item, Counter())[line.state_shown] += 1
        titles[line.row.item] = line.row.item_title
    table(
        _("Läget per kunskapsstöd"),
        [_("Kunskapsstöd"), _("Titel"), _("Ärenden"), _("Lägen")],
        [
            (code, titles[code], sum(c.values()), ", ".join(f"{label} {n}" for label, n in c.most_common()))
            for code, c in by_item.items()
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


def _who(record: HistoryRecord) -> str:
    """The person, and the database login that acted on their behalf where it was not their own."""
    if record.on_behalf:
        return str(t("{person} (av {inloggning})", person=record.actor, inloggning=record.login))
    return record.actor


# What kgflow itself records beside the values people give, in words; `cause`, `corrects` and
# `step_from` are told by the Steg column instead.
_RECORDED = {
    "target": marked("målnivå"),
    "targets": marked("målnivåer"),
    "due": marked("senast"),
    "warnings": marked("obs"),
    "reason": marked("skäl"),
}
_TOLD_ELSEWHERE = {"corrects", "step_from"}


def _values(fields: Mapping[str, object], events: Mapping[str, Label], roles: Mapping[str, Label]) -> str:
    shown = []
    for key, value in fields.items():
        cause = _CAUSE.match(value) if key == "cause" and isinstance(value, str) else None
        if key in _TOLD_ELSEWHERE:
            continue
        if cause is not None and cause["event"] in events:
            text = str(t("följd av {steg} vid {org}", steg=events[cause["event"]], org=cause["org"]))
        elif key == "corrected_at" and isinstance(value, str):
            text = str(t("rättar raden från {när}", när=local_time(datetime.fromisoformat(value))))
        elif key == "role" and isinstance(value, str) and value in roles:
            text = f"{key}={roles[value]}"
        elif key in _RECORDED:
            text = f"{_(_RECORDED[key])}: {written(value)}"
        else:
            text = f"{key}={written(value)}"
        shown.append(text)
    return "; ".join(shown)


def _event(line: HistoryLine, events: Mapping[str, Label]) -> str:
    from kgflow.service.corrected_values import CORRECTION

    corrects = line.record.fields.get("corrects") if line.record.event == CORRECTION else None
    if isinstance(corrects, str):
        return str(t("Rättelse av {steg}", steg=events.get(corrects, corrects)))
    return str(line.event) if line.event is not None else line.record.event


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
                _who(line.record),
                _event(line, events),
                str(line.from_state) if line.from_state is not None else (line.from_label or ""),
                str(line.to_state) if line.to_state is not None else line.to_label,
                _values(line.record.fields, events, roles),
                line.record.note or "",
            )
            for line in lines
        ],
    )
