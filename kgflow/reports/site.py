"""``kgflow docs build``: the living documentation as a static site, in the reader's language (Swedish by default).

Pages: an index with every feature, rule and scenario and its last result,
searchable offline; one page per feature with its steps, examples and the
diagram of the workflow it governs (tag ``@arbetsflöde:NAMN``); one page per
workflow with its diagram and tables of states, events, roles, deadlines and
ladders. Everything is generated from ``features/`` and ``workflows/``; the
site needs no network to build or to view.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

from markupsafe import Markup

from kgflow import __version__
from kgflow.definitions.model import WorkflowDefinition
from kgflow.domain.errors import UsageError
from kgflow.domain.wording import gettext as _
from kgflow.domain.wording import t
from kgflow.reports.diagram_svg import SITE_ASSETS, site_figure
from kgflow.reports.gherkin_doc import Feature, Scenario, read_features
from kgflow.reports.results import FAILED, NOT_RUN, PASSED, Results, read_results
from kgflow.reports.templating import asset, environment, label, responsible_for, rule_sv

WORKFLOW_TAG = "@arbetsflöde:"
ASSETS = ("style.css", "search.js", *SITE_ASSETS)


@dataclass(frozen=True)
class Built:
    """What a build wrote."""

    out: Path
    pages: int
    features: int
    scenarios: int
    counts: dict[str, int]
    results_read: bool


def _workflow_of(feature: Feature, workflows: dict[str, WorkflowDefinition]) -> WorkflowDefinition | None:
    for tag in feature.tags:
        if tag.startswith(WORKFLOW_TAG):
            name = tag.removeprefix(WORKFLOW_TAG)
            if name not in workflows:
                raise UsageError(
                    t(
                        "{path} är taggad med arbetsflödet {name!r}, som inte finns; rätta taggen @arbetsflöde:.",
                        path=feature.path,
                        name=name,
                    )
                )
            return workflows[name]
    return None


class _Statuses:
    """Scenario, example row and feature statuses from the test results."""

    def __init__(self, results: Results) -> None:
        self.results = results

    def scenario(self, feature: Feature, scenario: Scenario) -> str:
        if scenario.examples:
            return _worst(self.row(feature, scenario, cells) for block in scenario.examples for _, cells in block.rows)
        return self.results.scenario(feature.file, scenario.line)

    def row(self, feature: Feature, scenario: Scenario, cells: list[str]) -> str:
        return self.results.row(feature.file, scenario.line, cells)

    def feature(self, feature: Feature) -> str:
        return _worst(self.scenario(feature, scenario) for scenario in feature.scenarios)


def _worst(statuses: Iterable[str]) -> str:
    seen = set(statuses)
    for status in (FAILED, NOT_RUN):
        if status in seen:
            return status
    return PASSED


def build(
    out: Path,
    features_dir: Path,
    results_file: Path | None,
    workflows: Sequence[WorkflowDefinition],
    *,
    now: datetime,
    progress: Callable[[int, int], None] | None = None,
) -> Built:
    """Write the site into ``out`` (created if missing; kgflow's own pages in it are replaced).

    Raises:
        UsageError: when the features folder is missing or a feature or the results cannot be read.
    """
    if not features_dir.is_dir():
        raise UsageError(t("Det finns ingen mapp med egenskaper i {folder}.", folder=features_dir))
    features = read_features(features_dir)
    if not features:
        raise UsageError(t("Det finns inga .feature-filer i {folder}.", folder=features_dir))
    results = read_results(results_file)
    statuses = _Statuses(results)
    by_name = {definition.name: definition for definition in workflows}
    governed = {feature.slug: _workflow_of(feature, by_name) for feature in features}
    counts = {PASSED: 0, FAILED: 0, NOT_RUN: 0}
    for feature in features:
        for scenario in feature.scenarios:
            counts[statuses.scenario(feature, scenario)] += 1
    counts["total"] = sum(counts.values())
    env = environment(
        status_of=statuses.scenario,
        status_of_row=statuses.row,
        status_of_feature=statuses.feature,
        workflows=list(by_name.values()),
        built=now.strftime("%Y-%m-%d %H:%M"),
        version=__version__,
        results_source=results.source if not results.empty else None,
    )

    jobs: list[tuple[Path, str, dict[str, Any]]] = [
        (
            Path("index.html"),
            "index.html.j2",
            {"title": _("Regler"), "root": "", "features": features, "counts": counts},
        )
    ]
    for feature in features:
        workflow = governed[feature.slug]
        context: dict[str, Any] = {"title": feature.name, "root": "../", "feature": feature, "workflow": workflow}
        jobs.append((Path("egenskaper", f"{feature.slug}.html"), "feature.html.j2", context))
    for name, definition in by_name.items():
        context = {
            "title": label(definition.title),
            "root": "../",
            "workflow": definition,
            "features": [feature for feature in features if governed[feature.slug] is definition],
            "rule_sv": partial(rule_sv, definition=definition),
            "responsible_for": partial(responsible_for, definition=definition),
            "event_sv": {event.name: label(event.label) for event in definition.events}.get,
        }
        jobs.append((Path("arbetsfloden", f"{name}.html"), "workflow.html.j2", context))

    _copy_assets(out)
    figures: dict[tuple[str, str], Markup] = {}
    for done, (relative, template, context) in enumerate(jobs, 1):
        governs = context.get("workflow")
        if governs and (governs.name, context["root"]) not in figures:  # dot runs once per workflow
            figures[governs.name, context["root"]] = site_figure(governs, context["root"])
        context["diagram"] = figures[governs.name, context["root"]] if governs else ""
        (out / relative).parent.mkdir(parents=True, exist_ok=True)
        (out / relative).write_text(env.get_template(template).render(**context), encoding="utf-8")
        if progress is not None:
            progress(done, len(jobs))
    return Built(out, len(jobs), len(features), counts["total"], counts, not results.empty)


def _copy_assets(out: Path) -> None:
    (out / "assets").mkdir(parents=True, exist_ok=True)
    for name in ASSETS:
        (out / "assets" / name).parent.mkdir(parents=True, exist_ok=True)
        (out / "assets" / name).write_text(asset(name), encoding="utf-8")
