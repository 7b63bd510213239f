"""The living documentation: features read with Regel and Bakgrund, results joined by file and line, the site."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from xml.etree import ElementTree

import pytest

from kgflow.config import shipped_features, shipped_workflows
from kgflow.domain.errors import UsageError
from kgflow.reports.diagram_svg import to_svg
from kgflow.reports.gherkin_doc import read_feature, read_features
from kgflow.reports.results import FAILED, NOT_RUN, PASSED, read_results
from kgflow.reports.site import build
from kgflow.reports.templating import PLAIN_SV
from kgflow.service.catalogue import WorkflowCatalogue, vocabulary

FEATURE = """\
# language: sv
@arbetsflöde:nationellt-kunskapsstod @R3
Egenskap: Svar på remissen
  Beskrivning för en granskare.

  Bakgrund:
    Givet att NPO har skickat "PSVF ADHD" på remiss

  Regel: En kommun svarar i tid
    Scenario: Falun svarar
      När Falun svarar
      Så står Falun i läget "Remissvar lämnat"

    Scenariomall: Vem får svara
      När <person> svarar för Borlänge
      Så <utfall>

      Exempel:
        | person | utfall  |
        | Bo Lund | godtas |
        | Åsa Öst | nekas  |

  Regel: Ingen har provat detta
    Scenario: Ej körd
      Givet att ingenting händer
"""


@pytest.fixture
def features(tmp_path: Path) -> Path:
    folder = tmp_path / "features"
    folder.mkdir()
    (folder / "remissvar.feature").write_text(FEATURE, encoding="utf-8")
    return folder


def cucumber(path: Path, elements: list[tuple[int, str, str]]) -> Path:
    """Results as pytest-bdd writes them: one element per test, ids with pytest's escapes."""
    data = [
        {
            "uri": "features/remissvar.feature",
            "elements": [
                {"line": line, "id": test_id, "steps": [{"result": {"status": status}}]}
                for line, test_id, status in elements
            ],
        }
    ]
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_rules_backgrounds_and_examples_are_kept(features: Path) -> None:
    [feature] = read_features(features)
    assert feature.name == "Svar på remissen"
    assert feature.tags == ["@arbetsflöde:nationellt-kunskapsstod", "@R3"]
    assert [step.text for step in feature.background] == ['att NPO har skickat "PSVF ADHD" på remiss']
    assert [rule.name for rule in feature.rules] == ["En kommun svarar i tid", "Ingen har provat detta"]
    outline = feature.rules[0].scenarios[1]
    assert (outline.keyword, outline.line) == ("Scenariomall", 14)
    assert outline.examples[0].header == ["person", "utfall"]
    assert [cells for _, cells in outline.examples[0].rows] == [["Bo Lund", "godtas"], ["Åsa Öst", "nekas"]]


def test_a_broken_feature_is_one_sentence(tmp_path: Path) -> None:
    broken = tmp_path / "trasig.feature"
    broken.write_text("# language: sv\nEgenskap: x\n  Scenario: y\n    Givet a\n    nonsens | här\n", encoding="utf-8")
    with pytest.raises(UsageError, match=r"trasig.feature:5: Gherkin kan inte läsa raden"):
        read_feature(broken)
    empty = tmp_path / "tom.feature"
    empty.write_text("# bara en kommentar\n", encoding="utf-8")
    with pytest.raises(UsageError, match="innehåller ingen Egenskap"):
        read_feature(empty)


def test_results_join_by_file_and_line_and_every_database_must_pass(tmp_path: Path) -> None:
    results = read_results(
        cucumber(
            tmp_path / "c.json",
            [
                (10, "test_falun_svarar[sqlite]", "passed"),
                (10, "test_falun_svarar[postgresql]", "failed"),
                (14, "test_vem_får_svara[sqlite-Bo Lund-godtas]", "passed"),
                (14, "test_vem_får_svara[sqlite-\\xc5sa \\xd6st-nekas]", "passed"),
            ],
        )
    )
    assert results.scenario("remissvar.feature", 10) == FAILED
    assert results.row("remissvar.feature", 14, ["Bo Lund", "godtas"]) == PASSED
    assert results.row("remissvar.feature", 14, ["Åsa Öst", "nekas"]) == PASSED
    assert results.row("remissvar.feature", 14, ["Åsa Öst", "godtas"]) == NOT_RUN
    assert results.scenario("remissvar.feature", 23) == NOT_RUN


def test_results_that_are_not_cucumber_json_are_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"not": "a list"}', encoding="utf-8")
    with pytest.raises(UsageError, match="är inte en cucumber-JSON-fil"):
        read_results(bad)


def workflows() -> list:  # type: ignore[type-arg]
    catalogue = WorkflowCatalogue(shipped_workflows())
    return [catalogue.current(name) for name in catalogue.names()]


def test_the_site_shows_rules_statuses_and_the_workflow(features: Path, tmp_path: Path) -> None:
    results = cucumber(
        tmp_path / "c.json",
        [(10, "test_falun_svarar[sqlite]", "passed"), (14, "test_vem_får_svara[sqlite-Bo Lund-godtas]", "failed")],
    )
    out = tmp_path / "site"
    built = build(out, features, results, workflows(), now=datetime(2027, 1, 1, 12, 0))
    assert built.counts == {PASSED: 1, FAILED: 1, NOT_RUN: 1, "total": 3}
    page = (out / "egenskaper" / "remissvar.html").read_text(encoding="utf-8")
    assert "Regel: En kommun svarar i tid" in page
    assert "Bakgrund" in page
    assert 'data-scenario="Falun svarar"' in page
    assert page.count('class="badge failed"') >= 2  # the outline, its row (and the feature)
    assert "<svg" in page
    assert "nationellt-kunskapsstod.html" in page
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "ej körd" in index
    assert "godkänd" in index
    assert "underkänd" in index
    assert (out / "assets" / "search.js").is_file()
    assert (out / "assets" / "vendor" / "viz" / "viz-global.js").is_file()  # draws the diagrams offline
    assert (out / "assets" / "vendor" / "viz" / "LICENSE").is_file()
    assert 'data-dot="digraph' in page
    assert (out / "arbetsfloden" / "regional-riktlinje.html").is_file()
    for html in out.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert "https://" not in text, html
        assert "http://" not in text.replace("http://www.w3.org/2000/svg", ""), html


def test_a_feature_naming_an_unknown_workflow_is_refused(features: Path, tmp_path: Path) -> None:
    path = features / "remissvar.feature"
    path.write_text(
        FEATURE.replace("@arbetsflöde:nationellt-kunskapsstod", "@arbetsflöde:finns-inte"), encoding="utf-8"
    )
    with pytest.raises(UsageError, match="finns-inte"):
        build(tmp_path / "site", features, None, workflows(), now=datetime(2027, 1, 1))


def test_every_shipped_feature_names_its_workflow_and_rules() -> None:
    for feature in read_features(shipped_features()):
        assert any(tag.startswith("@arbetsflöde:") for tag in feature.tags), feature.path
        assert any(tag.startswith("@R") for tag in feature.tags), feature.path


def test_every_guard_and_effect_has_plain_swedish() -> None:
    words = vocabulary()
    names = words.guards | words.effects | words.conditions | words.warnings
    assert names - set(PLAIN_SV) == set()


@pytest.mark.parametrize("definition", workflows(), ids=lambda d: d.name)
def test_the_svg_diagram_is_well_formed_and_names_every_state(definition) -> None:  # type: ignore[no-untyped-def]
    svg = ElementTree.fromstring(to_svg(definition))  # drawn by Graphviz's dot (tests/unit/test_workflow_diagram.py)
    drawn = {
        g.get("id") for g in svg.iter("{http://www.w3.org/2000/svg}g") if "state" in (g.get("class") or "").split()
    }
    assert drawn == {f"state-{name}" for name in definition.states}
    text = "".join(svg.itertext())
    for state in definition.states.values():
        assert state.label.sv.split()[0] in text
