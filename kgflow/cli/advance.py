"""``kgflow refer``, ``kgflow advance`` and ``kgflow correct``: the decisions that move items along, and corrections."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from kgflow.cli.app import AppContext, pass_app
from kgflow.cli.render import emit_json, say, warn
from kgflow.domain.wording import gettext as _
from kgflow.domain.wording import t, tn

if TYPE_CHECKING:
    from kgflow.service.advance import AdvanceResult, DefaultTarget, TargetSet
    from kgflow.service.correct import CorrectionResult
    from kgflow.service.hold import HoldResult


def _report(result: AdvanceResult, as_json: bool) -> None:
    if as_json:
        emit_json([result.as_json()])
        return
    say(_moved(result.org_name, result.from_label, result.to_label, result.level, result.target_level, result))
    if result.created:
        say(
            str(
                tn(
                    "{count} ärende skapades nedåt i kedjan.",
                    "{count} ärenden skapades nedåt i kedjan.",
                    result.created,
                )
            )
        )
    if result.moved:
        say(
            str(
                tn(
                    "{count} annat ärende flyttades med steget.",
                    "{count} andra ärenden flyttades med steget.",
                    result.moved,
                )
            )
        )
    _targets(result.targets, result.default_target)
    for line in result.warnings:
        warn(line)


def _moved(
    org_name: str, from_label: str, to_label: str, level: int | None, target: int | None, result: AdvanceResult
) -> str:
    line = t("{org}: {from_label} → {to_label}", org=org_name, from_label=from_label, to_label=to_label)
    parts = [str(line)]
    if level is not None and target is not None:
        parts.append(str(t("nivå {level} av {target}", level=level, target=target)))
    elif level is not None:
        parts.append(str(t("nivå {level}", level=level)))
    if result.due:
        parts.append(str(t("senast {due}", due=result.due.isoformat())))
    return ", ".join(parts) + "."


def _targets(targets: tuple[TargetSet, ...], default: DefaultTarget | None) -> None:
    """Every target level the step set, as the service stored it, and the default it applied."""
    if not targets:
        return
    if default is not None and default.from_item and default.named == 0:
        say(
            str(
                tn(
                    "Ingen målnivå angavs: {who} fick målnivå {level} (kunskapsstödets standard).",
                    "Ingen målnivå angavs: alla {count} {who} fick målnivå {level} (kunskapsstödets standard).",
                    len(targets),
                    who=_who(targets),
                    level=default.level,
                )
            )
        )
    elif default is not None:
        source = _("kunskapsstödets standard") if default.from_item else _("angiven med --set target")
        say(str(t("Målnivå {level} för dem som inte angavs ({source}).", level=default.level, source=source)))
    say(_("Målnivåer:"))
    for target in targets:
        say(str(t("  {name} ({code}): målnivå {level}", name=target.org_name, code=target.org, level=target.level)))


def _who(targets: tuple[TargetSet, ...]) -> str:
    units = any(target.org_kind not in ("region", "kommun") for target in targets)
    if len(targets) == 1:
        return targets[0].org_name
    return _("huvudmän och verksamheter") if units else _("huvudmän")


@click.command()
@click.argument("item", metavar="KUNSKAPSSTÖD")
@click.option(
    "--due",
    required=True,
    metavar="ÅÅÅÅ-MM-DD",
    help="Sista dag för remissvaren hos ägaren (en arbetsdag).",
)
@click.option("--note", metavar="TEXT", help="En anteckning i historiken.")
@click.option("--json", "as_json", is_flag=True, help="Skriv ut resultatet som JSON.")
@pass_app
def refer(app: AppContext, item: str, due: str, note: str | None, as_json: bool) -> None:
    """Skicka KUNSKAPSSTÖD på remiss till hela kedjan under ägaren (R1, R2).

    Varje deltagare får ett ärende i en och samma transaktion; varje nivås
    sista dag är förälderns minus arbetsflödets marginal i svenska
    arbetsdagar.

    \b
    Exempel:
      kgflow --as nora.lind refer psvf-sjalvskada --due 2027-03-01
    """
    from kgflow.service.refer import refer as refer_item

    _report(refer_item(app.services, item, due, actor=app.actor, note=note), as_json)


@click.command()
@click.argument("item", metavar="KUNSKAPSSTÖD", required=False)
@click.argument("org", metavar="ORG", required=False)
@click.argument("event", metavar="STEG", required=False)
@click.option(
    "--from",
    "from_file",
    type=click.Path(path_type=Path, dir_okay=False),
    metavar="FIL",
    help="Ta stegen i ett kalkylblad (.xlsx eller .csv), en rad per organisation; alla eller inget.",
)
@click.option("--ref", metavar="REF", help="Referens: diarienummer, beslut eller rapport.")
@click.option("--note", metavar="TEXT", help="En anteckning i historiken.")
@click.option(
    "--set",
    "values",
    multiple=True,
    metavar="NYCKEL=VÄRDE",
    help="Ett värde som steget tar; kan upprepas.",
)
@click.option("--force", is_flag=True, help="Gå vidare trots att svar saknas under (kräver --note).")
@click.option(
    "--expect-state",
    metavar="LÄGE",
    help="Ta bara steget om ärendet är i LÄGE (jämför-och-sätt).",
)
@click.option("--json", "as_json", is_flag=True, help="Skriv ut resultatet som JSON.")
@pass_app
def advance(
    app: AppContext,
    item: str | None,
    org: str | None,
    event: str | None,
    from_file: Path | None,
    ref: str | None,
    note: str | None,
    values: tuple[str, ...],
    force: bool,
    expect_state: str | None,
    as_json: bool,
) -> None:
    """Ta steget STEG för KUNSKAPSSTÖD vid organisationen ORG.

    \b
    Steg i det nationella arbetsflödet:
      answer        lämna remissvar (--ref); hos en förälder dess sammanställda svar
      decline       avstå från att svara (--set reason=…)
      adopt         registrera fastställandet: PSVF och vårdprogram i SKS, VIP i NPO
                    (--ref, --set date=ÅÅÅÅ-MM-DD, ev. --set body=sks)
      decide        LPO:ns lokala beslut, fattat i länets forum (--ref, --set body=FORUM,
                    --set for=ORG,ORG om det inte gäller alla som väntar, --set target=N, --set ORG=N)
      complete_gap  slutför GAP-analysen (--ref, --set gaps=N)
      reach_level   nästa implementeringsnivå (--set level=N); nivå 1–2 även under GAP-analysen
      revise        en ny version av ett fastställt kunskapsstöd (--ref); med
                    --set due=ÅÅÅÅ-MM-DD går den på remiss som den första
      withdraw      återkalla kunskapsstödet överallt (--set reason=…)
      prioritise    LPO:ns prioritet för länet (--set priority=hög|normal|låg)
      hold          pausa för länet (--set reason=… --set review=ÅÅÅÅ-MM-DD)
      resume        återuppta; sista dagarna flyttas fram lika många arbetsdagar som pausen varade

    \b
    Många steg på en gång: --from FIL tar ett kalkylblad med kolumnerna
    Kunskapsstöd (eller KUNSKAPSSTÖD efter --from), Organisation, Steg och efter
    behov Referens, Anteckning och stegens värden (Nivå, Målnivå, Brister, Skäl,
    Forum, … eller värdets eget namn). Alla rader prövas i ordning i en och samma
    transaktion; vägras någon listas varje vägrad rad och ingenting ändras.

    \b
    Exempel:
      kgflow --as sara.ek advance --from remissvar.xlsx vip-skadligt-bruk
      kgflow --as klara.forsberg advance vip-skadligt-bruk avesta answer --ref KS-2026-117
      kgflow --as sara.ek advance vip-skadligt-bruk lpo-dalarna answer --ref LPO-7 --force --note "Sent ändå"
      kgflow --as hanna.holm advance psvf-sjalvskada lpo-kalmar-lan hold --set reason=Budget --set review=2027-02-01
    """
    if from_file is not None:
        if org is not None or event is not None or ref or note or values or force or expect_state:
            raise click.UsageError(_("Med --from står stegen och värdena i filens kolumner; ange bara KUNSKAPSSTÖD."))
        from kgflow.cli.advance_file import advance_from_file

        advance_from_file(app, from_file, item, as_json)
        return
    if item is None or org is None or event is None:
        raise click.UsageError(_("Ange KUNSKAPSSTÖD ORG STEG, eller --from FIL."))
    from kgflow.service.advance import AdvanceRequest
    from kgflow.service.advance import advance as advance_instance
    from kgflow.service.hold import HOLD_STEPS, take_hold_step

    request = AdvanceRequest(item, org, event, app.actor, ref, note, values, force, expect_state)
    if event.strip().lower() in HOLD_STEPS:
        _report_hold(take_hold_step(app.services, request), as_json)
        return
    _report(advance_instance(app.services, request), as_json)


def _report_hold(result: HoldResult, as_json: bool) -> None:
    """What a priority or hold step did (R16), in words."""
    from kgflow.domain.rules.hold import hold_words, priority_words

    if as_json:
        emit_json([result.as_json()])
        return
    if result.step == "prioritise":
        say(str(t("{org}: {item} har nu {priority} i länet.", org=result.org_name, item=result.item,
                  priority=priority_words(result.priority))))  # fmt: skip
        return
    if result.held_since is not None:
        words = hold_words(result.held_since, result.review_on, result.reason)
        say(str(t("{org}: {item} är {hold}.", org=result.org_name, item=result.item, hold=words)))
        say(
            str(
                tn(
                    "{count} ärende pausades; under pausen är det inte försenat och påminns inte.",
                    "{count} ärenden pausades; under pausen är de inte försenade och påminns inte.",
                    result.affected,
                )
            )
        )
        return
    days = result.held_days or 0
    say(
        str(
            tn(
                "{org}: {item} är återupptaget efter {count} arbetsdags paus.",
                "{org}: {item} är återupptaget efter {count} arbetsdagars paus.",
                days,
                org=result.org_name,
                item=result.item,
            )
        )
    )
    say(
        str(
            tn(
                "{count} ärende återupptogs; sista dagarna flyttades fram med pausens längd ({moved} flyttades).",
                "{count} ärenden återupptogs; sista dagarna flyttades fram med pausens längd ({moved} flyttades).",
                result.affected,
                moved=result.moved_dues,
            )
        )
    )


@click.command()
@click.argument("item", metavar="KUNSKAPSSTÖD")
@click.argument("org", metavar="ORG")
@click.option(
    "--to",
    "to_state",
    required=True,
    metavar="LÄGE",
    help="Läget ärendet ska ha efter rättelsen: där steget ledde (rätta värden) eller där det kom från (ta tillbaka).",
)
@click.option("--reason", metavar="TEXT", help="Varför steget rättas (krävs).")
@click.option("--ref", metavar="REF", help="Den rätta referensen.")
@click.option(
    "--set",
    "values",
    multiple=True,
    metavar="NYCKEL=VÄRDE",
    help="Ett rättat värde, t.ex. target=N eller ORG=N för en målnivå; kan upprepas.",
)
@click.option("--json", "as_json", is_flag=True, help="Skriv ut resultatet som JSON.")
@pass_app
def correct(
    app: AppContext,
    item: str,
    org: str,
    to_state: str,
    reason: str | None,
    ref: str | None,
    values: tuple[str, ...],
    as_json: bool,
) -> None:
    """Rätta det senaste steget för KUNSKAPSSTÖD vid organisationen ORG (R17).

    Rättelsen blir en egen rad i historiken med skälet; den ursprungliga
    raden står kvar. Arbetsflödet säger vilka steg som får rättas, av vilka
    roller och till vilka lägen. --set target=N ger alla under organisationen
    målnivå N utom dem som anges med --set ORG=N i samma rättelse.

    \b
    Exempel:
      kgflow --as sara.ek correct psvf-angest-depression lpo-dalarna --to decided \\
        --reason "Falun ska ha nivå 3" --set Falun=3
      kgflow --as sara.ek correct psvf-angest-depression lpo-dalarna --to decided \\
        --reason "Fel diarienummer" --ref LPO-2026-13
      kgflow --as karin.jansson correct vip-skadligt-bruk odeshog --to remiss --reason "Svaret gällde Ydre"
    """
    from kgflow.service.correct import CorrectionRequest
    from kgflow.service.correct import correct as correct_step

    result = correct_step(app.services, CorrectionRequest(item, org, app.actor, to_state, reason, ref, values))
    _report_correction(result, as_json)


def _report_correction(result: CorrectionResult, as_json: bool) -> None:
    if as_json:
        emit_json([result.as_json()])
        return
    say(
        str(
            t(
                "{org}: steget '{step}' den {when} är rättat: {from_label} → {to_label}.",
                org=result.org_name,
                step=result.step_label,
                when=result.step_at_local,
                from_label=result.from_label,
                to_label=result.to_label,
            )
        )
    )
    say(str(t("Skäl: {reason}", reason=result.reason)))
    for key, value in result.values.items():
        shown = f"--ref {value}" if key == "ref" else f"--set {key}={value}"
        say(str(t("  Rättat: {value}", value=shown)))
    if result.targets:
        say(_("Rättade målnivåer:"))
        for target in result.targets:
            say(str(t("  {name} ({code}): målnivå {level}", name=target.org_name, code=target.org, level=target.level)))
    say(_("Den ursprungliga raden står kvar i historiken."))
