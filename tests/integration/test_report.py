"""The implementation matrix and its files (CSV, XLSX, HTML), on both databases."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest

from kgflow.domain.errors import NotFound, UsageError
from kgflow.reports.heatmap import render_html
from kgflow.reports.tabular import COLUMNS, OVERDUE_RED, SHADES, write_csv, write_xlsx
from kgflow.service.reporting import IMPLEMENTING_KINDS, Matrix, implementation_matrix
from kgflow.testing import World

VIP, PSVF = "vip-skadligt-bruk", "psvf-sjalvskada"


@pytest.fixture
def chain(world: World) -> World:
    """VIP adopted and decided in Dalarna (Falun implemented at 2 of 2, Region Dalarna at 1 of 3); a PSVF on remiss."""
    world.item(VIP, "VIP Skadligt bruk", kind="vip")
    world.refer(VIP, date(2027, 3, 31))
    world.answer_below(VIP, "NPO psykisk hälsa", including=True)
    world.advance(VIP, "NPO psykisk hälsa", "adopt", "Nora Lind", ref="SKS 2027:7", values={"date": "2027-05-12"})
    world.advance(
        VIP,
        "LPO psykisk hälsa Dalarna",
        "decide",
        "Sara Ek",
        ref="LPO 2027:3",
        values={"body": "Länsgemensam ledningsgrupp Dalarna", "region-dalarna": 3},
    )
    for org, person, levels in (("Falun", "Anna Andersson", (1, 2)), ("Region Dalarna", "Rut Dahl", (1,))):
        world.advance(VIP, org, "complete_gap", person, ref=f"GAP {org}", values={"gaps": 2})
        for level in levels:
            world.advance(VIP, org, "reach_level", person, values={"level": level})
    world.item(PSVF, "PSVF Självskada")
    world.refer(PSVF, date(2027, 4, 30))
    return world


def past_huvudman_deadline(world: World) -> None:
    """Move the clock to the day after the huvudmän had to answer on the PSVF."""
    matrix = implementation_matrix(world.services)
    [borlange] = [row for row in matrix.rows if row.org.code == "borlange"]
    due = matrix.cell(PSVF, borlange.org.id).due
    assert due is not None
    world.clock.set(due + timedelta(days=1))


def cell(matrix: Matrix, item: str, org: str) -> tuple[str | None, int | None, int | None, bool]:
    [row] = [row for row in matrix.rows if row.org.code == org]
    found = matrix.cell(item, row.org.id)
    return found.state, found.level, found.target_level, found.overdue


def test_every_item_meets_every_implementing_organisation(chain: World) -> None:
    matrix = implementation_matrix(chain.services)
    assert [item.code for item in matrix.items] == [PSVF, VIP]
    assert {row.org.code for row in matrix.rows} == {
        "region-dalarna",
        "falun",
        "falun-elevhalsa",
        "borlange",
        "karlstad",
    }
    assert cell(matrix, VIP, "falun") == ("implemented", 2, 2, False)
    assert cell(matrix, VIP, "region-dalarna") == ("implementing", 1, 3, False)
    assert cell(matrix, VIP, "karlstad")[0] == "awaiting_decision"
    assert cell(matrix, PSVF, "borlange") == ("remiss", None, None, False)
    assert [row.lpo.code for row in matrix.rows if row.lpo] == ["lpo-dalarna"] * 4 + ["lpo-varmland"]


def test_progress_per_lpo_counts_huvudman_at_target(chain: World) -> None:
    matrix = implementation_matrix(chain.services)
    progress = {entry.lpo.code: entry for entry in matrix.progress}
    assert progress["lpo-dalarna"].at_target(VIP) == (1, 3)  # Falun of Falun, Borlänge, Region Dalarna
    assert progress["lpo-dalarna"].at_target(PSVF) == (0, 3)
    assert progress["lpo-dalarna"].at_target() == (1, 6)
    assert progress["lpo-varmland"].share(VIP) == 0.0


def test_late_steps_are_counted_where_they_are(chain: World) -> None:
    past_huvudman_deadline(chain)
    matrix = implementation_matrix(chain.services)
    assert cell(matrix, PSVF, "borlange")[3] is True
    assert cell(matrix, VIP, "falun")[3] is False
    progress = {entry.lpo.code: entry.overdue for entry in matrix.progress}
    assert progress["lpo-varmland"] >= 1
    assert progress["lpo-dalarna"] >= 4
    assert matrix.overdue_by_item[PSVF] == matrix.overdue
    assert matrix.overdue_by_item[VIP] == 0


def test_filters_by_lpo_rpo_kind_and_organisation_kind(chain: World) -> None:
    only_varmland = implementation_matrix(chain.services, lpo="lpo-varmland")
    assert [row.org.code for row in only_varmland.rows] == ["karlstad"]
    assert [entry.lpo.code for entry in only_varmland.progress] == ["lpo-varmland"]
    assert only_varmland.scope == "LPO psykisk hälsa Värmland"
    under_rpo = implementation_matrix(chain.services, rpo="rpo-mellansverige", kinds=["vip"])
    assert [item.code for item in under_rpo.items] == [VIP]
    assert len(under_rpo.rows) == 5
    lags = implementation_matrix(chain.services, org_kinds=["lag"])
    assert [row.org.code for row in lags.rows] == ["lag-dalarna-vuxna"]


def test_a_wrong_scope_is_one_sentence(chain: World) -> None:
    with pytest.raises(UsageError, match=r"^Falun \(falun\) är en kommun, inte en LPO\.$"):
        implementation_matrix(chain.services, lpo="falun")
    chain.org("RPO psykisk hälsa Norra", "rpo", "NPO psykisk hälsa", code="rpo-norra")
    with pytest.raises(UsageError, match="ligger inte under RPO psykisk hälsa Norra; ange bara en av dem"):
        implementation_matrix(chain.services, rpo="rpo-norra", lpo="lpo-dalarna")
    with pytest.raises(NotFound):
        implementation_matrix(chain.services, rpo="rpo-ingenstans")
    with pytest.raises(
        UsageError, match=r"^Det finns inget kunskapsstöd som heter 'vip-ingenting'; se `kgflow item list`\.$"
    ):
        implementation_matrix(chain.services, items=["vip-ingenting"])


def test_csv_has_one_line_per_item_and_organisation_reached(chain: World) -> None:
    stream = io.StringIO()
    lines = write_csv(implementation_matrix(chain.services), stream, "plain")
    records = list(csv.DictReader(io.StringIO(stream.getvalue())))
    assert lines == len(records) == 10
    falun = next(r for r in records if r["item"] == VIP and r["org"] == "falun")
    assert (falun["lpo"], falun["state"], falun["level"], falun["target_level"], falun["overdue"]) == (
        "lpo-dalarna", "implemented", "2", "2", "False",
    )  # fmt: skip
    assert falun["state_label"] == "Implementerad"


def test_the_state_is_named_in_the_readers_language_when_the_report_is_written(chain: World) -> None:
    from kgflow.domain.wording import speak
    from kgflow.locale import translator

    matrix = implementation_matrix(chain.services)
    stream = io.StringIO()
    with speak("en", translator("en")):
        write_csv(matrix, stream, "plain")
    records = list(csv.DictReader(io.StringIO(stream.getvalue())))
    falun = next(r for r in records if r["item"] == VIP and r["org"] == "falun")
    assert falun["state_label"] == "Implemented"


def test_the_excel_csv_opens_in_swedish_excel_with_a_bom_semicolons_and_crlf(chain: World, tmp_path: Path) -> None:
    title = "VIP Ångest och sömnbesvär hos äldre"
    chain.item("vip-angest", title, kind="vip")
    chain.refer("vip-angest", date(2027, 6, 30))
    path = tmp_path / "matris.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        lines = write_csv(implementation_matrix(chain.services), stream)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.count(b"\r\n") == lines + 1
    assert b"\n" not in raw.replace(b"\r\n", b"")
    with path.open(encoding="utf-8-sig", newline="") as stream:
        records = list(csv.DictReader(stream, delimiter=";"))
    assert len(records) == lines
    assert list(records[0]) == list(COLUMNS)
    assert {r["item_title"] for r in records if r["item"] == "vip-angest"} == {title}
    assert {r["org_name"] for r in records if r["org"] == "borlange"} == {"Borlänge"}


def test_the_plain_csv_has_commas_no_bom_and_lf(chain: World, tmp_path: Path) -> None:
    path = tmp_path / "matris.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        lines = write_csv(implementation_matrix(chain.services), stream, "plain")
    raw = path.read_bytes()
    assert raw.startswith(b"rpo,lpo,org,")
    assert b"\r" not in raw
    with path.open(encoding="utf-8", newline="") as stream:
        records = list(csv.DictReader(stream))
    assert len(records) == lines
    assert {r["org_name"] for r in records if r["org"] == "borlange"} == {"Borlänge"}


def test_xlsx_has_an_overview_the_matrix_a_sheet_per_item_and_a_legend(chain: World, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = tmp_path / "rapport.xlsx"
    write_xlsx(implementation_matrix(chain.services), path)
    book = load_workbook(path)
    assert book.sheetnames == ["Översikt", "Matris", PSVF, VIP, "Förklaring"]
    for sheet in book.worksheets[:-1]:
        assert sheet.freeze_panes in ("A2", "D2"), sheet.title
    vip = book[VIP]
    header = [cell.value for cell in vip[1]]
    assert header[:3] == ["RPO", "LPO", "Organisation"]
    falun = next(row for row in vip.iter_rows(min_row=2) if row[3].value == "falun")
    assert tuple(cell.value for cell in falun[5:8]) == ("Implementerad", 2, 2)
    assert [cell.data_type for cell in falun[6:8]] == ["n", "n"]
    grid = book["Matris"]
    assert grid.max_row == 1 + 5
    assert grid.max_column == 3 + 2 * 2
    names = [cell.value for cell in grid[1]]
    assert names[3:] == [f"{PSVF} nivå", f"{PSVF} målnivå", f"{VIP} nivå", f"{VIP} målnivå"]
    rows = {row[0].value: row for row in grid.iter_rows(min_row=2)}
    falun_vip, falun_target = rows["Falun"][5], rows["Falun"][6]
    assert (falun_vip.value, falun_target.value) == (2, 2)
    assert (falun_vip.data_type, falun_target.data_type) == ("n", "n")
    region_vip = rows["Region Dalarna"][5:7]
    assert [cell.value for cell in region_vip] == [1, 3]
    assert rows["Falun"][3].value == "·"  # the PSVF is on remiss: before implementation, no level


def test_the_level_cells_are_coloured_by_their_value(chain: World, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = tmp_path / "rapport.xlsx"
    write_xlsx(implementation_matrix(chain.services), path)
    book = load_workbook(path)
    ranges = {str(rule.sqref): [r.formula[0] for r in rule.rules] for rule in book["Matris"].conditional_formatting}
    assert ranges == {
        "D2:D6 F2:F6": [f"AND(ISNUMBER(D2),D2{test})" for test in ("=0", "=1", "=2", ">=3")],
    }
    [(sqref, fills)] = [
        (str(rule.sqref), [r.dxf.fill.fgColor.rgb[-6:] for r in rule.rules])
        for rule in book[VIP].conditional_formatting
    ]
    assert sqref.startswith("G2:G")
    assert fills == [SHADES[f"level-{level}"] for level in range(4)]


def test_the_workbook_keeps_its_look_widths_bold_headers_filters_dates_and_late_frames(
    chain: World, tmp_path: Path
) -> None:
    """What a reader sees besides the values: each sheet's column widths, bold frozen header with a filter,
    shaded and centred level cells, a red frame where a step is late, dates as dates, shares as per cent."""
    from datetime import datetime

    from openpyxl import load_workbook

    past_huvudman_deadline(chain)
    path = tmp_path / "rapport.xlsx"
    write_xlsx(implementation_matrix(chain.services), path)
    book = load_workbook(path)

    def widths(sheet: object) -> list[float]:
        dimensions = sheet.column_dimensions  # type: ignore[attr-defined]
        spans = sorted((d.min, d.max, d.width) for d in dimensions.values() if d.customWidth)
        return [width for low, high, width in spans for _ in range(low, high + 1)]

    overview, grid, psvf, legend = book["Översikt"], book["Matris"], book[PSVF], book["Förklaring"]
    assert widths(overview) == [44, 44, 20, 8, 10, 16]
    assert widths(grid) == [34, 14, 30, 10, 10, 10, 10]
    assert widths(psvf) == [30, 34, 34, 22, 14, 30, 8, 10, 12, 10]
    assert widths(legend) == [12, 100]
    for sheet, last in ((overview, "F"), (grid, "G"), (psvf, "J")):
        assert sheet.auto_filter.ref == f"A1:{last}1", sheet.title
        assert all(cell.font.b for cell in sheet[1]), sheet.title
    assert (grid.freeze_panes, psvf.freeze_panes, legend.freeze_panes) == ("D2", "A2", None)
    assert legend["A1"].font.b
    assert legend["A1"].font.sz == 14
    assert overview["E2"].number_format == "0%"
    total = next(row for row in overview.iter_rows() if row[0].value == "Hela rapporten")
    assert total[0].font.b
    assert total[4].number_format == "0%"

    borlange = next(row for row in psvf.iter_rows(min_row=2) if row[3].value == "borlange")
    level, due, late = borlange[6], borlange[8], borlange[9]
    assert level.fill.fgColor.rgb[-6:] == SHADES["before"]
    assert level.alignment.horizontal == "center"
    assert {side.color.rgb[-6:] for side in (level.border.left, level.border.right, level.border.top,
                                             level.border.bottom)} == {OVERDUE_RED}  # fmt: skip
    assert level.border.left.style == "medium"
    assert isinstance(due.value, datetime)
    assert due.number_format == "yyyy-mm-dd"
    assert late.value == "ja"
    falun = next(row for row in grid.iter_rows(min_row=2) if row[0].value == "Falun")
    vip_level, vip_target = falun[5], falun[6]
    assert vip_level.fill.fgColor.rgb[-6:] == SHADES["level-2"]
    assert vip_target.alignment.horizontal == "center"
    assert vip_target.fill.fill_type is None
    psvf_level, psvf_target = falun[3], falun[4]
    assert psvf_level.border.left.color.rgb[-6:] == OVERDUE_RED == psvf_target.border.left.color.rgb[-6:]
    on_time = next(row for row in book[VIP].iter_rows(min_row=2) if row[3].value == "falun")
    assert on_time[9].value is None
    assert on_time[6].border.left.style is None


def test_the_legend_explains_levels_target_late_marking_and_colours(chain: World, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = tmp_path / "rapport.xlsx"
    write_xlsx(implementation_matrix(chain.services), path)
    legend = load_workbook(path)["Förklaring"]
    rows = {row[0].value: row for row in legend.iter_rows(min_row=4) if row[0].value not in (None, "")}
    for level, word in ((0, "ingen nivå"), (1, "kännedom"), (2, "kunna använda"), (3, "innehållskunskap")):
        assert word in rows[level][1].value
        assert rows[level][0].data_type == "n"
        assert rows[level][0].fill.fgColor.rgb[-6:] == SHADES[f"level-{level}"]
    assert "lokala beslutet" in rows["Målnivå"][1].value
    assert "Försenat" in rows["Röd ram"][1].value
    assert rows["Röd ram"][0].border.left.color.rgb[-6:] == OVERDUE_RED
    assert any("Färgerna" in (cell.value or "") for cell in legend["B"])


class _Cells(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.cells: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "td" and "cell" in classes:
            self.cells.append(" ".join(classes))


def test_the_heatmap_has_one_cell_per_item_and_organisation(chain: World) -> None:
    from datetime import datetime

    past_huvudman_deadline(chain)
    matrix = implementation_matrix(chain.services)
    html = render_html(matrix, list(IMPLEMENTING_KINDS), datetime(2027, 4, 1, 10, 0))
    parser = _Cells()
    parser.feed(html)
    assert len(parser.cells) == len(matrix.items) * len(matrix.rows) == 10
    assert "cell level-2" in parser.cells
    assert "cell level-1" in parser.cells
    late_rows = sum(matrix.cell(item.code, row.org.id).overdue for item in matrix.items for row in matrix.rows)
    assert sum("overdue" in classes for classes in parser.cells) == late_rows == 5
    assert matrix.overdue == 6  # the LAG's own answer is late too: counted, though not a row of the matrix
    assert "http" not in html.replace("http://www.w3.org", "")  # one file, nothing fetched


def test_the_lans_plans_stand_beside_the_levels_they_aim_at(chain: World, tmp_path: Path) -> None:
    """R19: the LPO's activity list for the VIP, counted, next to its huvudmän at target level."""
    from openpyxl import load_workbook

    from kgflow.domain.plans import Draft
    from kgflow.service.plans import add_activity, mark_activity

    for what, when in (("Information i LGVO", "2027-03-01"), ("GAP-stöd", "HT 2027"), ("Webbinarium", "vid behov")):
        add_activity(chain.services, VIP, "lpo-dalarna", Draft("Socialchefer", what, "Möte", "Sara Ek", when),
                     actor="sara.ek")  # fmt: skip
    mark_activity(chain.services, VIP, "lpo-dalarna", 2, "genomförd", None, actor="sara.ek")
    chain.clock.set(date(2027, 6, 1))
    matrix = implementation_matrix(chain.services)
    [line] = matrix.plans
    assert (line.lpo.code, line.item.code) == ("lpo-dalarna", VIP)
    assert (line.activities, line.done, line.cancelled, line.late) == (3, 1, 0, 1)  # the March one is past
    assert line.at_target == (1, 3)  # Falun at its target; Region Dalarna and Borlänge not
    path = tmp_path / "rapport.xlsx"
    write_xlsx(matrix, path)
    book = load_workbook(path)
    assert book.sheetnames[-2:] == ["Planer", "Förklaring"]
    assert [cell.value for cell in book["Planer"][2]] == [
        "LPO psykisk hälsa Dalarna", VIP, 1, 3, 3, 1, 0, 1
    ]  # fmt: skip
    html = render_html(matrix, list(IMPLEMENTING_KINDS), chain.clock.now())
    assert "Implementeringsplaner" in html
    assert '<td>3</td><td>1</td><td>0</td><td class="late">1</td>' in html
    assert not implementation_matrix(chain.services, items=[PSVF]).plans  # no plan for the PSVF


def test_the_status_summary_counts_what_the_rows_say(chain: World) -> None:
    """``kgflow status`` without filters counts states in one grouped query: the same as counting the rows."""
    from collections import Counter

    from kgflow.service.queries import status, status_summary

    summary = {line.item: dict(line.states) for line in status_summary(chain.services)}
    counted: dict[str, Counter[str]] = {}
    for line in status(chain.services):
        counted.setdefault(line.row.item, Counter())[line.state_shown] += 1
    assert summary == {code: dict(counts) for code, counts in counted.items()}
    assert summary[VIP]["Implementerad"] == 1  # Falun
    assert {line.item for line in status_summary(chain.services, area="psykisk-halsa")} == {VIP, PSVF}
