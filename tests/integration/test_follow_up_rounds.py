"""Follow-up rounds on SQLite and PostgreSQL (R14): import all or nothing, answers in the chain, the report's years."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from kgflow.domain.errors import HistoryBroken, UsageError
from kgflow.reports.follow_up import read_answer_sheet, round_html, write_round_xlsx
from kgflow.service.audit import verify
from kgflow.service.follow_up_answers import answer_round, compile_round, import_answers
from kgflow.service.follow_up_report import round_report
from kgflow.service.queries import history, status
from kgflow.service.sweep import sweep
from kgflow.testing import World
from tests.tamper import plain_sql

ROUND = "uppfoljning-varmland-psykisk-halsa-2027"


@pytest.fixture
def round_open(world: World) -> World:
    """The small chain's LPO Värmland with Karlstad and Arvika; the 2027 round opened on 1 December."""
    world.org("Arvika", "kommun", "LPO psykisk hälsa Värmland", code="arvika", lan="17")
    world.person("Viktor Jansson", "kontaktperson", "Arvika")
    world.clock.set(date(2027, 12, 1))
    sweep(world.services)
    return world


def _states(world: World, item: str = ROUND) -> dict[str, str]:
    return {line.row.org: line.row.state for line in status(world.services, item)}


def test_an_import_with_one_refused_row_records_nothing_and_names_the_row(round_open: World, tmp_path: Path) -> None:
    sheet = tmp_path / "svar.csv"
    sheet.write_text(
        "organisation;kompetens_plan;tidig_rutin;stod_utbud\nkarlstad;ja;4;ökat\narvika;ja;sju;minskat\n",
        encoding="utf-8",
    )
    with pytest.raises(UsageError) as refused:
        import_answers(round_open.services, ROUND, read_answer_sheet(sheet), "vera.holm")
    assert "rad 3: Fråga tidig_rutin" in str(refused.value)
    assert "rad 2" not in str(refused.value)
    assert _states(round_open)["karlstad"] == "open"
    assert round_report(round_open.services, ROUND).current.overall.answered == 0

    sheet.write_text(sheet.read_text(encoding="utf-8").replace(";sju;", ";2;"), encoding="utf-8")
    done = import_answers(round_open.services, ROUND, read_answer_sheet(sheet), "vera.holm")
    assert [answered.step.org for answered in done] == ["karlstad", "arvika"]
    assert {_states(round_open)[org] for org in ("karlstad", "arvika")} == {"reported"}


def test_a_row_refused_by_the_step_itself_rolls_back_the_rows_before_it(round_open: World, tmp_path: Path) -> None:
    answer_round(round_open.services, ROUND, "arvika", {"kompetens_plan": "ja", "tidig_rutin": "3"}, "viktor.jansson")
    sheet = tmp_path / "svar.csv"
    sheet.write_text("organisation,kompetens_plan,tidig_rutin\nkarlstad,ja,4\narvika,nej,2\n", encoding="utf-8")
    with pytest.raises(UsageError, match="rad 3"):
        import_answers(round_open.services, ROUND, read_answer_sheet(sheet), "vera.holm")
    assert _states(round_open)["karlstad"] == "open"


def test_answers_ride_in_the_history_row_and_the_chain_vouches_for_them(round_open: World, database_url: str) -> None:
    answer_round(
        round_open.services,
        ROUND,
        "karlstad",
        {"kompetens_plan": "ja", "tidig_rutin": "4", "samverkan_kommentar": "SIP med skolan"},
        "karl.strand",
    )
    last = history(round_open.services, ROUND, "karlstad")[1][-1].record
    assert last.fields["answers"] == {"kompetens_plan": True, "tidig_rutin": 4, "samverkan_kommentar": "SIP med skolan"}
    assert verify(round_open.services).ok
    changed = "replace(fields, '\"tidig_rutin\": 4', '\"tidig_rutin\": 5')"
    plain_sql(database_url, [f"UPDATE history SET fields = {changed} WHERE event = 'report'"], append_only_off=True)
    assert history(round_open.services, ROUND, "karlstad")[1][-1].record.fields["answers"]["tidig_rutin"] == 5
    with pytest.raises(HistoryBroken):
        verify(round_open.services)


def test_the_report_compares_with_last_years_round(round_open: World, tmp_path: Path) -> None:
    w = round_open
    answer_round(w.services, ROUND, "karlstad", {"kompetens_plan": "ja", "tidig_rutin": "2"}, "karl.strand")
    w.clock.set(date(2028, 1, 20))
    compile_round(w.services, ROUND, "vera.holm", "LPO-V 2028/3")
    w.clock.set(date(2028, 12, 1))
    sweep(w.services)
    next_round = "uppfoljning-varmland-psykisk-halsa-2028"
    answer_round(w.services, next_round, "karlstad", {"kompetens_plan": "ja", "tidig_rutin": "4"}, "karl.strand")
    answer_round(w.services, next_round, "arvika", {"kompetens_plan": "nej", "tidig_rutin": "5"}, "viktor.jansson")

    report = round_report(w.services, next_round)
    assert report.previous is not None
    assert (report.previous.overall.answered, report.previous.overall.total) == (1, 2)
    assert (report.current.overall.answered, report.current.overall.total) == (2, 2)
    [rutin] = [s for _, qs in report.current.areas for s in qs if s.question.id == "tidig_rutin"]
    assert rutin.mean == 4.5

    out = tmp_path / "rapport.xlsx"
    write_round_xlsx(report, out)
    book = load_workbook(out)
    rates = [[cell.value for cell in row] for row in book["Svarsfrekvens"].iter_rows()]
    assert rates[1] == ["Kommuner", "2 av 2 (100 %)", "1 av 2 (50 %)"]
    page = round_html(report, built="2028-12-20 10:00", version="test")
    assert "2 av 2 (100 %)" in page
    assert "1 av 2 (50 %)" in page


def test_an_answer_changed_in_the_table_behind_the_history_is_found(round_open: World, database_url: str) -> None:
    answer_round(round_open.services, ROUND, "karlstad", {"kompetens_plan": "ja", "tidig_rutin": "4"}, "karl.strand")
    assert verify(round_open.services).ok
    plain_sql(database_url, ["UPDATE followup_answer SET value = '5' WHERE question = 'tidig_rutin'"])
    with pytest.raises(HistoryBroken, match="uppföljningssvaren"):
        verify(round_open.services)


def test_a_corrected_answer_is_answered_again_and_replaces_the_first(round_open: World) -> None:
    w = round_open
    answer_round(w.services, ROUND, "karlstad", {"kompetens_plan": "ja", "tidig_rutin": "2"}, "karl.strand")
    w.correct(ROUND, "karlstad", "open", "Vera Holm", reason="Fel skala angavs")
    answer_round(w.services, ROUND, "karlstad", {"kompetens_plan": "ja", "tidig_rutin": "4"}, "karl.strand")
    [rutin] = [
        s for _, qs in round_report(w.services, ROUND).current.areas for s in qs if s.question.id == "tidig_rutin"
    ]
    assert (rutin.answered, rutin.mean) == (1, 4)
    assert verify(w.services).ok
