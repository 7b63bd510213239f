"""``kgflow uppfoljning`` (alias ``followup``): yearly follow-up rounds (R14): check, show, answer, compile, report."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from kgflow.cli.app import AppContext, pass_app
from kgflow.cli.render import say, table, warn, writing
from kgflow.domain.wording import gettext as _
from kgflow.domain.wording import t, tn

if TYPE_CHECKING:
    from kgflow.domain.follow_up import FollowUpDefinition
    from kgflow.domain.wording import Phrase


@click.group()
def followup() -> None:
    """Årlig uppföljning: enkätrundor till länets huvudmän, svar, sammanställning och årsrapport.

    \b
    En uppföljning beskrivs i workflows/uppfoljningar/KOD.yaml: ägare (länets LPO),
    mottagare (region, kommun), frågor per insatsområde och tre datum — när rundan
    öppnar, när svaren ska vara inne och när rundan ska vara sammanställd.
    Påminnelserna (`kgflow sweep`) öppnar årets runda på öppningsdagen; den heter
    uppfoljning-KOD-ÅR.

    \b
    Så här går en runda:
      kgflow uppfoljning validate
      kgflow sweep                                   öppnar rundan på dess dag
      kgflow uppfoljning show uppfoljning-varmland-psykisk-halsa-2027
      kgflow uppfoljning answer uppfoljning-varmland-psykisk-halsa-2027 karlstad --set kompetens_plan=ja …
      kgflow uppfoljning import uppfoljning-varmland-psykisk-halsa-2027 svar.xlsx
      kgflow uppfoljning compile uppfoljning-varmland-psykisk-halsa-2027 --ref "Dnr 2028/12"
      kgflow uppfoljning report uppfoljning-varmland-psykisk-halsa-2027 --format xlsx --out rapport.xlsx
    """


@followup.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path), metavar="[FILER]...")
@pass_app
def validate(app: AppContext, files: tuple[Path, ...]) -> None:
    """Kontrollera uppföljningsfiler; varje fel skrivs som FIL:RAD: mening.

    Utan FILER kontrolleras alla filer i workflows/uppfoljningar/. Avslutar med 2
    när en fil är felaktig, med 0 när alla är riktiga.
    """
    from kgflow.cli.checking import check_files
    from kgflow.definitions.follow_up import load_follow_up_file
    from kgflow.service.follow_up_rounds import FOLDER

    paths = list(files) or sorted((app.app.settings.workflows_dir / FOLDER).glob("*.yaml"))
    if not paths:
        raise click.UsageError(_("Det finns inga uppföljningsfiler att kontrollera."))
    check_files(paths, load_follow_up_file, _follow_up_checked)


def _follow_up_checked(path: Path, definition: FollowUpDefinition) -> Phrase:
    questions = tn("{count} fråga", "{count} frågor", len(definition.questions))
    areas = tn("{count} insatsområde", "{count} insatsområden", len(definition.areas))
    return t("{file}: ok — {code}, {questions} i {areas}", file=path, code=definition.code, questions=questions,
             areas=areas)  # fmt: skip


@followup.command()
@click.argument("round_code", metavar="RUNDA")
@pass_app
def show(app: AppContext, round_code: str) -> None:
    """Visa en runda: datumen, vilka huvudmän som har svarat och frågorna.

    RUNDA är uppfoljning-KOD-ÅR, till exempel uppfoljning-varmland-psykisk-halsa-2027.
    """
    from kgflow.reports.follow_up import rate_text
    from kgflow.reports.templating import date_sv, kind_sv
    from kgflow.service.follow_up_report import round_report

    report = round_report(app.services, round_code)
    current = report.current
    say(f"{report.definition.title} {current.year} ({current.code})")
    say(
        str(
            t(
                "Öppnade {opens}; svar senast {answers}; sammanställs senast {compiled}.",
                opens=date_sv(report.dates.opens),
                answers=date_sv(report.dates.answers_due),
                compiled=date_sv(report.dates.compiled_due),
            )
        )
    )
    say(str(t("Svarat: {rate}.", rate=rate_text(current.overall))))
    table(
        None,
        [_("Huvudman"), _("Typ"), _("Svarat"), _("Svar senast")],
        [(r.name, kind_sv(r.kind), _("ja") if r.answered else _("nej"), date_sv(r.due)) for r in current.recipients],
    )
    table(
        None,
        [_("Insatsområde"), _("Fråga"), _("Typ"), _("Text")],
        [(area, s.question.id, s.question.type.value, s.question.text) for area, qs in current.areas for s in qs],
    )


@followup.command()
@click.argument("round_code", metavar="RUNDA")
@click.argument("org", metavar="ORG")
@click.option("--set", "values", multiple=True, metavar="FRÅGA=SVAR", help="Ett svar; upprepa för flera frågor.")
@click.option("--from", "from_file", type=click.Path(path_type=Path, dir_okay=False), metavar="FIL",
              help="Svaren ur en YAML-fil med en rad per fråga: 'fråga: svar'.")  # fmt: skip
@pass_app
def answer(app: AppContext, round_code: str, org: str, values: tuple[str, ...], from_file: Path | None) -> None:
    """Registrera en huvudmans svar på rundan, alla på en gång.

    \b
    ORG är organisationens kod, kommunkod eller namn. Svaren ges per fråga-id:
      ja/nej   ja eller nej
      skala    ett heltal mellan skalans min och max
      tal      ett tal (decimaler med komma eller punkt)
      val      ett av frågans alternativ
      fritext  en text
    Ett svar som inte passar frågan avvisas med en mening och ingenting ändras.

    \b
    Exempel:
      kgflow uppfoljning answer uppfoljning-varmland-psykisk-halsa-2027 karlstad \\
          --set kompetens_plan=ja --set tidig_rutin=4 --set stod_utbud=ökat
      kgflow uppfoljning answer uppfoljning-varmland-psykisk-halsa-2027 1780 --from svar.yaml
    """
    from kgflow.domain.errors import UsageError
    from kgflow.domain.fields import parse_assignments
    from kgflow.service.follow_up_answers import answer_round

    given = parse_assignments(values)
    if from_file is not None:
        for key, value in _answers_file(from_file).items():
            if key in given:
                raise UsageError(t("Frågan {key!r} besvaras både i filen och med --set; ange den en gång.", key=key))
            given[key] = value
    done = answer_round(app.services, round_code, org, given, app.actor)
    say(
        str(
            tn(
                "{org} har besvarat rundan: {count} svar registrerat.",
                "{org} har besvarat rundan: {count} svar registrerade.",
                len(done.answers),
                org=done.step.org_name,
            )
        )
    )
    for warning in done.step.warnings:
        warn(warning)


@followup.command("import")
@click.argument("round_code", metavar="RUNDA")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False), metavar="FIL")
@pass_app
def import_(app: AppContext, round_code: str, file: Path) -> None:
    """Läs in svar ur ett kalkylark (xlsx eller csv), allt eller inget.

    \b
    En rad per organisation och en kolumn per fråga-id, plus kolumnen
    'organisation' (kod, kommunkod eller namn). En tom ruta är inget svar.
    Alla rader kontrolleras först; avvisas en enda rad registreras ingenting,
    och varje fel skrivs med sitt radnummer.

    \b
    Exempel:
      organisation;kompetens_plan;tidig_rutin;stod_utbud
      karlstad;ja;4;ökat
      arvika;nej;2;oförändrat
    """
    from kgflow.reports.follow_up import read_answer_sheet
    from kgflow.service.follow_up_answers import import_answers

    done = import_answers(app.services, round_code, read_answer_sheet(file), app.actor)
    say(str(tn("{count} huvudmans svar registrerades.", "{count} huvudmäns svar registrerades.", len(done))))
    for answered in done:
        for warning in answered.step.warnings:
            warn(f"{answered.step.org_name}: {warning}")


@followup.command("compile")
@click.argument("round_code", metavar="RUNDA")
@click.option("--ref", required=True, metavar="REF", help="Sammanställningens referens (diarienummer, protokoll).")
@click.option("--note", metavar="TEXT", help="En anteckning, till exempel varför rundan sammanställs utan alla svar.")
@pass_app
def compile_(app: AppContext, round_code: str, ref: str, note: str | None) -> None:
    """Sammanställ rundan hos ägaren (LPO:ns sekreterare) och stäng den för fler svar.

    Rundan kan sammanställas när alla mottagare har svarat, eller efter
    svarsdagen utan dem som inte svarade (de räknas upp i historiken).

    \b
    Exempel:
      kgflow uppfoljning compile uppfoljning-varmland-psykisk-halsa-2027 --ref "Dnr 2028/12"
    """
    from kgflow.service.follow_up_answers import compile_round

    result = compile_round(app.services, round_code, app.actor, ref, note)
    say(str(t("Rundan {code} är sammanställd och stängd för fler svar.", code=result.item)))
    for warning in result.warnings:
        warn(warning)


@followup.command()
@click.argument("round_code", metavar="RUNDA")
@click.option("--format", "fmt", type=click.Choice(["xlsx", "html"]), required=True, help="xlsx eller html.")
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), metavar="FIL", required=True,
              help="Filen att skriva.")  # fmt: skip
@pass_app
def report(app: AppContext, round_code: str, fmt: str, out: Path) -> None:
    """Skriv årsrapporten för rundan, att bifoga rapporteringen till SKR.

    Rapporten visar svarsfrekvensen per kommun och region och totalt, svaren per
    fråga och insatsområde (antal per svar, medelvärde för skala och tal),
    fritextsvaren per fråga och förra årets runda bredvid, om den finns.

    \b
    Exempel:
      kgflow uppfoljning report uppfoljning-varmland-psykisk-halsa-2027 --format xlsx --out rapport.xlsx
      kgflow uppfoljning report uppfoljning-varmland-psykisk-halsa-2027 --format html --out rapport.html
    """
    from datetime import datetime

    from kgflow import __version__
    from kgflow.reports.follow_up import rate_text, round_html, write_round_xlsx
    from kgflow.service.follow_up_report import round_report

    built = round_report(app.services, round_code)
    with writing(out):
        if fmt == "xlsx":
            write_round_xlsx(built, out)
        else:
            now = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M")
            out.write_text(round_html(built, built=now, version=__version__), encoding="utf-8")
    say(str(t("Skrev {out}: svarat {rate}.", out=out, rate=rate_text(built.current.overall))))


def _answers_file(path: Path) -> dict[str, str]:
    from kgflow.definitions.yaml_source import compose, to_plain
    from kgflow.domain.errors import DefinitionError, UsageError

    try:
        data = to_plain(compose(path.read_text(encoding="utf-8"), str(path)), str(path))
    except OSError as exc:
        raise UsageError(t("Det går inte att läsa {path}: {problem}.", path=path, problem=exc.strerror or exc)) from exc
    except (DefinitionError, UnicodeDecodeError) as exc:
        raise UsageError(t("{path} går inte att läsa som YAML: {problem}", path=path, problem=str(exc))) from exc
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise UsageError(t("{path} ska ha en rad per fråga: 'fråga: svar'.", path=path))
    return {str(k).strip().lower(): str(v) for k, v in data.items()}
