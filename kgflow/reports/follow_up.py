"""The yearly report of a follow-up round (R14) as a workbook and an HTML page, and the answer sheet read back in.

Both show the same :class:`~kgflow.service.follow_up_report.RoundReport`: the
response rate per kind of huvudman and overall (last year's beside it), who
answered and who did not, each question's summary per insatsområde, and the
free-text answers grouped by question — in Swedish, ready to attach to the
yearly reporting to SKR. As in :mod:`kgflow.reports.tabular`, every text is
written to the workbook as text, never as a formula.

:func:`read_answer_sheet` reads the spreadsheet a round's answers are imported
from (``kgflow uppfoljning import``): xlsx or csv, a header row of question ids
and an ``organisation`` column, one row per organisation.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from kgflow.domain.errors import UsageError
from kgflow.domain.follow_up import shown_answer
from kgflow.domain.follow_up_summary import QuestionSummary, Rate
from kgflow.domain.wording import gettext as _
from kgflow.domain.wording import marked, t
from kgflow.reports.tabular import sheet_title
from kgflow.reports.templating import date_sv, environment, kind_sv
from kgflow.service.follow_up_report import RoundReport, RoundSummary

MAX_SHEET_BYTES = 10 * 1024 * 1024
KINDS = {"region": marked("Regioner"), "kommun": marked("Kommuner"), "unit": marked("Verksamheter")}


def kinds_sv(kind: str) -> str:
    """The kind of huvudman a response rate is about, in the plural: "Kommuner"."""
    return _(KINDS[kind]) if kind in KINDS else kind


def rate_text(rate: Rate | None) -> str:
    """``12 av 17 (71 %)``, or a dash where there was no round."""
    if rate is None:
        return "–"
    percent = rate.percent
    shown = f" ({percent} %)" if percent is not None else ""
    return str(t("{answered} av {total}", answered=rate.answered, total=rate.total)) + shown


def summary_text(summary: QuestionSummary | None) -> str:
    """A question's answers in one line: counts per answer and the mean."""
    if summary is None:
        return "–"
    parts = [f"{label}: {count}" for label, count in summary.counts]
    if summary.mean is not None:
        parts.append(str(t("medel {mean}", mean=shown_answer(summary.mean))))
    if summary.texts:
        parts.append(str(t("{count} fritextsvar", count=len(summary.texts))))
    return "; ".join(parts) or "–"


def _previous(report: RoundReport, question_id: str) -> QuestionSummary | None:
    if report.previous is None:
        return None
    return _find(report.previous, question_id)


def _find(summary: RoundSummary, question_id: str) -> QuestionSummary | None:
    return next((s for _area, questions in summary.areas for s in questions if s.question.id == question_id), None)


def _previous_rate(report: RoundReport, kind: str | None) -> Rate | None:
    if report.previous is None:
        return None
    if kind is None:
        return report.previous.overall
    return dict(report.previous.rates).get(kind)


def round_html(report: RoundReport, *, built: str, version: str) -> str:
    """The report as one self-contained HTML page."""
    template = environment(
        rate_text=rate_text,
        summary_text=summary_text,
        previous=lambda qid: _previous(report, qid),
        previous_rate=lambda kind: _previous_rate(report, kind),
        kind_sv=kind_sv,
        kinds_sv=kinds_sv,
    ).get_template("follow_up.html.j2")
    return template.render(report=report, built=built, version=version)


def write_round_xlsx(report: RoundReport, path: Path) -> int:
    """Write the workbook (overview, recipients, questions, free texts); returns the number of sheets."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    bold = Font(bold=True)
    book = Workbook()
    taken: set[str] = set()

    def sheet(title: str, header: list[str], first: bool = False) -> Any:
        made: Any = book.active if first else book.create_sheet()
        made.title = sheet_title(title, taken)
        append(made, header)
        for target in made[1]:
            target.font = bold
        made.freeze_panes = "A2"
        return made

    def append(target: Any, values: list[Any]) -> None:
        target.append(values)
        for written in target[target.max_row]:
            if written.data_type == "f":
                written.data_type = "s"  # someone's text starting with '=' is text

    current = report.current
    year, last = str(current.year), str(current.year - 1)
    overview = sheet(_("Svarsfrekvens"), [_("Huvudmän"), year, last], first=True)
    for kind, rate in current.rates:
        append(overview, [kinds_sv(kind), rate_text(rate), rate_text(_previous_rate(report, kind))])
    append(overview, [_("Alla"), rate_text(current.overall), rate_text(_previous_rate(report, None))])
    append(overview, [])
    append(overview, [report.definition.title])
    append(overview, [_("Svar senast"), date_sv(report.dates.answers_due)])
    append(overview, [_("Sammanställs senast"), date_sv(report.dates.compiled_due)])

    asked = sheet(_("Huvudmän"), [_("Kod"), _("Namn"), _("Typ"), _("Svarat"), _("Försenat")])
    for r in current.recipients:
        append(asked, [r.code, r.name, kind_sv(r.kind), _("ja") if r.answered else _("nej"), _("ja") if r.late else ""])

    questions = sheet(_("Frågor"), [_("Insatsområde"), _("Fråga"), _("Text"), _("Antal svar"), year, _("Medel"), last])
    for area, summaries in current.areas:
        for s in summaries:
            append(
                questions,
                [area, s.question.id, s.question.text, s.answered, summary_text(s), s.mean,
                 summary_text(_previous(report, s.question.id))],
            )  # fmt: skip

    texts = sheet(_("Fritext"), [_("Insatsområde"), _("Fråga"), _("Huvudman"), _("Svar")])
    for area, summaries in current.areas:
        for s in summaries:
            for org, text in s.texts:
                append(texts, [area, s.question.text, org, text])
    book.save(path)
    return len(book.sheetnames)


def read_answer_sheet(path: Path) -> list[dict[str, str]]:
    """The rows of an answer sheet (xlsx or csv) as ``{column: text}``, the header row's names lower-cased.

    Raises:
        UsageError: when the file cannot be read or is neither xlsx nor csv.
    """
    try:
        if path.stat().st_size > MAX_SHEET_BYTES:
            raise UsageError(t("{path} är större än {size} MB.", path=path, size=MAX_SHEET_BYTES // (1024 * 1024)))
        if path.suffix.lower() == ".xlsx":
            return _xlsx_rows(path)
        if path.suffix.lower() == ".csv":
            return _csv_rows(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise UsageError(t("Det går inte att läsa {path}: {problem}.", path=path, problem=exc.strerror or exc)) from exc
    except UnicodeDecodeError as exc:
        raise UsageError(t("{path} är inte text i UTF-8.", path=path)) from exc
    raise UsageError(t("{path} ska vara en .xlsx- eller .csv-fil.", path=path))


def _xlsx_rows(path: Path) -> list[dict[str, str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise UsageError(t("{path} går inte att läsa som en xlsx-arbetsbok.", path=path)) from exc
    try:
        rows = [[_cell(value) for value in row] for row in book.worksheets[0].iter_rows(values_only=True)]
    finally:
        book.close()
    return _as_records(rows)


def _csv_rows(text: str) -> list[dict[str, str]]:
    dialect = csv.excel if text.split("\n", 1)[0].count(",") > text.split("\n", 1)[0].count(";") else _Semicolon
    return _as_records(list(csv.reader(io.StringIO(text), dialect)))


class _Semicolon(csv.excel):
    delimiter = ";"


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _as_records(rows: list[list[str]]) -> list[dict[str, str]]:
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        return []
    header = [name.strip().lower() for name in rows[0]]
    return [{name: row[i] if i < len(row) else "" for i, name in enumerate(header) if name} for row in rows[1:]]
