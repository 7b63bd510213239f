"""The living documentation and the HTML report, opened in headless Chromium.

Debian's ``chromium`` package draws the pages; the test reads the DOM the
browser built (after the search script ran) and saves screenshots under
``build/screenshots/`` for a person to look at.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from kgflow.cli.main import cli
from tests.e2e.cli import run

ROOT = Path(__file__).parents[2]
SCREENSHOTS = ROOT / "build" / "screenshots"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed (Debian: apt-get install chromium); .ci/run installs it"
)


def chromium(profile: Path, *args: str) -> str:
    """Run headless Chromium with no network services; returns what it printed (the DOM, for --dump-dom)."""
    assert CHROMIUM is not None
    command = [
        CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
        f"--user-data-dir={profile}", *args,
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=90, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def screenshot(profile: Path, url: str, name: str, height: int) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOTS / name
    target.unlink(missing_ok=True)
    chromium(profile, f"--window-size=1400,{height}", f"--screenshot={target}", url)
    assert target.stat().st_size > 20_000, f"{target} is nearly empty"
    return target


class Scenarios(HTMLParser):
    """Scenario list items of the index: (name, badge text, hidden)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[list[object]] = []
        self._open = False
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "li" and "data-search" in attributes:
            self.found.append(["", "", "hidden" in attributes])
            self._open = True
        elif self._open and tag == "span" and "badge" in (attributes.get("class") or ""):
            self._in = "badge"
        elif self._open and tag == "a":
            self._in = "name"

    def handle_endtag(self, tag: str) -> None:
        if tag in ("a", "span"):
            self._in = None
        elif tag == "li":
            self._open = False

    def handle_data(self, data: str) -> None:
        if self._in and self._open:
            self.found[-1][0 if self._in == "name" else 1] += data.strip()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built from features/ and a real pytest-bdd run of the authority rules (R13)."""
    work = tmp_path_factory.mktemp("site")
    results = work / "cucumber.json"
    env = {key: value for key, value in os.environ.items() if key != "PYTEST_ADDOPTS"}
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n0", "tests/bdd/test_behorighet.py",
         f"--cucumberjson={results}"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout[-3000:]
    out = work / "webb"
    result = CliRunner().invoke(cli, ["docs", "build", "--out", str(out), "--results", str(results)])
    assert result.exit_code == 0, result.stderr
    return out


def test_the_index_shows_named_scenarios_with_their_results(site: Path, tmp_path: Path) -> None:
    dom = chromium(tmp_path / "profile", "--dump-dom", (site / "index.html").as_uri())
    parser = Scenarios()
    parser.feed(dom)
    status = {name: badge for name, badge, _ in parser.found}
    assert status["Den som nekas ändrar ingenting"] == "godkänd"  # ran in the pytest-bdd run above
    assert status["Midsommarafton och nationaldagen hoppas över"] == "ej körd"  # not part of that run
    screenshot(tmp_path / "profile", (site / "index.html").as_uri(), "dokumentation-index.png", 2000)


def test_the_search_box_filters_offline(site: Path, tmp_path: Path) -> None:
    dom = chromium(tmp_path / "profile", "--dump-dom", (site / "index.html").as_uri() + "?q=midsommar")
    parser = Scenarios()
    parser.feed(dom)
    shown = [name for name, _, hidden in parser.found if not hidden]
    assert shown == ["Midsommarafton och nationaldagen hoppas över"]
    assert "1 träffar" in dom


def test_a_feature_page_shows_rules_examples_and_the_workflow(site: Path, tmp_path: Path) -> None:
    page = (site / "egenskaper" / "behorighet.html").as_uri()
    dom = chromium(tmp_path / "profile", "--dump-dom", page)
    assert "Regel: Remissvar ges av den som svarar för organisationen, eller av dess LPO" in dom
    assert re.search(r"<td>Vera Holm</td>.*?godkänd", dom, re.S)
    assert 'id="state-gap_analysis"' in dom  # the workflow's diagram, drawn inline
    screenshot(tmp_path / "profile", page, "dokumentation-behorighet.png", 1800)
    screenshot(tmp_path / "profile", (site / "arbetsfloden" / "nationellt-kunskapsstod.html").as_uri(),
               "dokumentation-arbetsflode.png", 1600)  # fmt: skip


def test_the_workflow_page_draws_its_diagram_offline_with_the_shipped_viz(site: Path, tmp_path: Path) -> None:
    page = site / "arbetsfloden" / "nationellt-kunskapsstod.html"
    html = page.read_text(encoding="utf-8")
    assert '<script src="../assets/vendor/viz/viz-global.js">' in html  # shipped with kgflow, no CDN
    # Without the build-time SVG the browser alone must draw the diagram from the DOT source.
    bare = page.with_name("utan-svg.html")
    bare.write_text(re.sub(r"(<figure [^>]*>).*?(</figure>)", r"\1\2", html, flags=re.S), encoding="utf-8")
    for target in (page, bare):
        # --virtual-time-budget lets Viz.js (WebAssembly) finish before the DOM is read; no network is needed.
        dom = chromium(tmp_path / "profile", "--virtual-time-budget=20000", "--dump-dom", target.as_uri())
        assert 'data-drawn-by="viz"' in dom, target.name
        figure = dom[dom.index("<figure") : dom.index("</figure>")]
        assert "<svg" in figure
        assert 'id="state-gap_analysis"' in figure
        assert "Inväntar fastställande" in figure
    screenshot(tmp_path / "profile", page.as_uri(), "dokumentation-arbetsflode-diagram.png", 1000)


def test_the_report_heatmap_has_one_cell_per_item_and_organisation(sample_db: str, tmp_path: Path) -> None:
    def kgflow(*args: str) -> str:
        code, out, err = run(sample_db, *args)
        assert code == 0, err
        return out

    report = tmp_path / "rapport.html"
    kgflow("report", "--rpo", "rpo-sydostra", "--format", "html", "--out", str(report))
    items = [item for item in json.loads(kgflow("item", "list", "--json")) if item["kind"] != "uppfoljning"]
    orgs = [o for o in json.loads(kgflow("org", "list", "--under", "rpo-sydostra", "--json"))
            if o["kind"] in ("region", "kommun", "unit")]  # fmt: skip
    dom = chromium(tmp_path / "profile", "--dump-dom", report.as_uri())
    cells = re.findall(r'<td class="cell ([^"]*)"', dom)
    assert len(cells) == len(items) * len(orgs) > 300  # 7 items × 46 in Sydöstra
    assert any("overdue" in classes for classes in cells)
    assert any("level-3" in classes for classes in cells)
    screenshot(tmp_path / "profile", report.as_uri(), "rapport.png", 2200)
