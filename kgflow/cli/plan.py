"""``kgflow plan``: a län's implementation and communication plan for an item (R19, seed 000)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from kgflow.cli.app import AppContext, pass_app
from kgflow.cli.render import emit_json, say, table
from kgflow.domain.wording import gettext as _
from kgflow.domain.wording import marked, t, tn

if TYPE_CHECKING:
    from kgflow.domain.plans import Activity
    from kgflow.service.plans import PlanView

_LPO_HELP = marked("LPO:n vars plan det är: kod eller namn (lpo-ostergotland, Östergötland).")


@click.group()
def plan() -> None:
    """Implementerings- och kommunikationsplaner: vem som informerar vilka, var, hur och när.

    En plan hör till ett kunskapsstöd i ett län (dess LPO) och är en
    aktivitetslista: målgrupp, vad, var, genomförande och tidplan, och om
    aktiviteten är planerad, genomförd eller inställd. LPO:ns sekreterare och
    ordförande håller planen; den som genomför en aktivitet kan markera den.
    En aktivitet med ett datum eller en termin som tidplan påminns den som
    genomför den om när dagen passerat och den fortfarande är planerad.

    \b
    Exempel:
      kgflow plan show psvf-schizofreni-tidigt --lpo lpo-ostergotland
      kgflow plan import psvf-sjalvskada --lpo lpo-dalarna aktivitetslista.xlsx
    """


@plan.command("show")
@click.argument("item", metavar="KUNSKAPSSTÖD")
@click.option("--lpo", "lpo", required=True, metavar="LPO", help=_LPO_HELP)
@click.option("--json", "as_json", is_flag=True, help="Skriv ut en JSON-lista, ett objekt per aktivitet.")
@pass_app
def show(app: AppContext, item: str, lpo: str, as_json: bool) -> None:
    """Visa planens aktiviteter; de som passerat sin dag och fortfarande är planerade märks försenade.

    \b
    Exempel:
      kgflow plan show psvf-schizofreni-tidigt --lpo lpo-ostergotland
      kgflow plan show psvf-schizofreni-tidigt --lpo Östergötland --json
    """
    from kgflow.service.plans import show_plan

    view = show_plan(app.services, item, lpo)
    if as_json:
        emit_json(view.as_json())
        return
    _table(view)


def _table(view: PlanView) -> None:
    title = str(t("Implementeringsplan för {item} i {lpo}", item=view.item.title, lpo=view.lpo.name))
    if not view.activities:
        say(
            str(
                t(
                    "{title}: inga aktiviteter än. Lägg till med `kgflow plan add` eller `kgflow plan import`.",
                    title=title,
                )
            )
        )
        return
    late = sum(1 for a in view.activities if a.is_late(view.today))
    caption = str(tn("{count} aktivitet", "{count} aktiviteter", len(view.activities)))
    if late:
        caption += ", " + str(tn("{count} försenad", "{count} försenade", late))
    table(
        title,
        [_("Nr"), _("Målgrupp"), _("Vad"), _("Var"), _("Genomförande"), _("Tidplan"), _("Status")],
        [
            (a.number, a.target_group, a.what, a.venue, a.performer, a.schedule, _status(a, view))
            for a in view.activities
        ],
        caption=caption,
    )


def _status(activity: Activity, view: PlanView) -> str:
    word = str(activity.status.word)
    if activity.is_late(view.today):
        word = str(t("{status}, FÖRSENAD sedan {due}", status=word, due=activity.due))
    if activity.note:
        word += f"\n{activity.note}"
    return word


@plan.command("add")
@click.argument("item", metavar="KUNSKAPSSTÖD")
@click.option("--lpo", "lpo", required=True, metavar="LPO", help=_LPO_HELP)
@click.option("--malgrupp", "--målgrupp", "target_group", required=True, metavar="TEXT", help="Vilka som ska nås.")
@click.option("--vad", "what", required=True, metavar="TEXT", help="Vad aktiviteten är.")
@click.option("--var", "venue", default="", metavar="TEXT", help="Var: vilket möte eller vilken arena.")
@click.option(
    "--genomforande",
    "--genomförande",
    "performer",
    default="",
    metavar="TEXT",
    help="Vem som genomför: en person (kod, e-post eller namn) eller en roll, t.ex. 'Utvecklingsledare, Mitt i Livet'.",
)
@click.option(
    "--tidplan",
    "schedule",
    required=True,
    metavar="TEXT",
    help="När: ett datum (2027-03-31), en termin (VT 2027, HT 2027), 'fortlöpande' eller 'vid behov'.",
)
@click.option("--note", metavar="TEXT", help="En anteckning.")
@pass_app
def add(
    app: AppContext,
    item: str,
    lpo: str,
    target_group: str,
    what: str,
    venue: str,
    performer: str,
    schedule: str,
    note: str | None,
) -> None:
    """Lägg till en aktivitet sist i planen.

    \b
    Exempel:
      kgflow --as sara.ek plan add psvf-sjalvskada --lpo lpo-dalarna \\
        --malgrupp "Socialchefsnätverket" --vad "Information om PSVF" \\
        --var "Möte i socialchefsnätverket" --genomforande "Utvecklingsledare" --tidplan "VT 2027"
    """
    from kgflow.domain.plans import Draft
    from kgflow.service.plans import add_activity

    draft = Draft(target_group, what, venue, performer, schedule, None, note)
    activity = add_activity(app.services, item, lpo, draft, actor=app.actor)
    say(str(t("Aktivitet {number} lades till: {what} för {group} ({schedule}).", number=activity.number,
              what=activity.what, group=activity.target_group, schedule=activity.schedule)))  # fmt: skip


@plan.command("mark")
@click.argument("item", metavar="KUNSKAPSSTÖD")
@click.argument("number", metavar="NR", type=int)
@click.option("--lpo", "lpo", required=True, metavar="LPO", help=_LPO_HELP)
@click.option(
    "--status",
    required=True,
    metavar="STATUS",
    help="genomförd, inställd eller planerad (å/ä/ö får utelämnas: genomford, installd).",
)
@click.option("--note", metavar="TEXT", help="En anteckning, t.ex. när och var det genomfördes.")
@pass_app
def mark(app: AppContext, item: str, number: int, lpo: str, status: str, note: str | None) -> None:
    """Markera aktivitet NR som genomförd, inställd eller planerad igen.

    \b
    Exempel:
      kgflow --as sara.ek plan mark psvf-sjalvskada --lpo lpo-dalarna 3 --status genomförd \\
        --note "Genomfört på LGVO 2027-03-12"
    """
    from kgflow.service.plans import mark_activity

    activity = mark_activity(app.services, item, lpo, number, status, note, actor=app.actor)
    say(str(t("Aktivitet {number} är nu {status}.", number=activity.number, status=activity.status.word)))


@plan.command("change")
@click.argument("item", metavar="KUNSKAPSSTÖD")
@click.argument("number", metavar="NR", type=int)
@click.option("--lpo", "lpo", required=True, metavar="LPO", help=_LPO_HELP)
@click.option("--malgrupp", "--målgrupp", "target_group", metavar="TEXT", help="Ny målgrupp.")
@click.option("--vad", "what", metavar="TEXT", help="Nytt vad.")
@click.option("--var", "venue", metavar="TEXT", help="Nytt var.")
@click.option("--genomforande", "--genomförande", "performer", metavar="TEXT", help="Nytt genomförande.")
@click.option("--tidplan", "schedule", metavar="TEXT", help="Ny tidplan.")
@click.option("--note", metavar="TEXT", help="Ny anteckning.")
@pass_app
def change(app: AppContext, /, item: str, number: int, lpo: str, **given: str | None) -> None:
    """Ändra fält i aktivitet NR; de fält som inte anges behålls.

    \b
    Exempel:
      kgflow --as sara.ek plan change psvf-sjalvskada --lpo lpo-dalarna 2 --tidplan "HT 2027"
    """
    from kgflow.domain.errors import UsageError
    from kgflow.service.plans import change_activity

    changes = {name: value for name, value in given.items() if value is not None}
    if not changes:
        raise UsageError(t("Säg vad som ska ändras: --malgrupp, --vad, --var, --genomforande, --tidplan eller --note."))
    activity = change_activity(app.services, item, lpo, number, changes, actor=app.actor)
    say(str(t("Aktivitet {number} ändrades: {what} för {group} ({schedule}).", number=activity.number,
              what=activity.what, group=activity.target_group, schedule=activity.schedule)))  # fmt: skip


@plan.command("remove")
@click.argument("item", metavar="KUNSKAPSSTÖD")
@click.argument("number", metavar="NR", type=int)
@click.option("--lpo", "lpo", required=True, metavar="LPO", help=_LPO_HELP)
@pass_app
def remove(app: AppContext, item: str, number: int, lpo: str) -> None:
    """Ta bort aktivitet NR ur planen; de andra behåller sina nummer.

    \b
    Exempel:
      kgflow --as sara.ek plan remove psvf-sjalvskada --lpo lpo-dalarna 4
    """
    from kgflow.service.plans import remove_activity

    remove_activity(app.services, item, lpo, number, actor=app.actor)
    say(str(t("Aktivitet {number} togs bort.", number=number)))


@plan.command("import")
@click.argument("item", metavar="KUNSKAPSSTÖD")
@click.argument("file", metavar="FIL", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--lpo", "lpo", required=True, metavar="LPO", help=_LPO_HELP)
@pass_app
def import_(app: AppContext, item: str, file: Path, lpo: str) -> None:
    """Ersätt planens aktiviteter med raderna i ett kalkylark (.xlsx eller .csv), allt eller inget.

    Första raden namnger kolumnerna Målgrupp, Vad, Var, Genomförande, Tidplan,
    och gärna Status och Anteckning (stora eller små bokstäver, med eller utan
    å/ä/ö). Varje rad kontrolleras först; finns det fel listas varje felaktig rad
    med sitt radnummer och ingenting ändras. En export går att läsa in igen.

    \b
    Exempel:
      kgflow --as sara.ek plan import psvf-sjalvskada --lpo lpo-dalarna aktivitetslista.xlsx
    """
    from kgflow.domain.plans import sheet_drafts
    from kgflow.reports.plan_sheet import read_sheet
    from kgflow.service.plans import import_plan

    header, rows = read_sheet(file)
    result = import_plan(app.services, item, lpo, sheet_drafts(header, rows), actor=app.actor)
    say(
        str(
            t(
                "Planen har nu {activities}; {recorded} nya eller ändrade, {removed} borttagna.",
                activities=tn("{count} aktivitet", "{count} aktiviteter", result.activities),
                recorded=result.recorded,
                removed=result.removed,
            )
        )
    )


@plan.command("export")
@click.argument("item", metavar="KUNSKAPSSTÖD")
@click.option("--lpo", "lpo", required=True, metavar="LPO", help=_LPO_HELP)
@click.option(
    "--out",
    required=True,
    metavar="FIL",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Filen: .xlsx eller .csv.",
)
@pass_app
def export(app: AppContext, item: str, lpo: str, out: Path) -> None:
    """Skriv planen till ett kalkylark med samma kolumner som import läser.

    \b
    Exempel:
      kgflow plan export psvf-schizofreni-tidigt --lpo lpo-ostergotland --out aktivitetslista.xlsx
    """
    from kgflow.domain.plans import sheet_row
    from kgflow.reports.plan_sheet import write_sheet
    from kgflow.service.plans import show_plan

    view = show_plan(app.services, item, lpo)
    count = write_sheet(out, [sheet_row(a) for a in view.activities], str(_("Aktivitetslista")))
    say(str(tn("{count} aktivitet skrevs till {path}.", "{count} aktiviteter skrevs till {path}.", count, path=out)))
