"""The latest test results (pytest-bdd's cucumber JSON), joined to scenarios by file name and line.

A scenario runs once per database; it counts as passed only if every run
passed. A row of a Scenariomall's examples is found by its values in the test
id. Scenarios with no result are "not run".
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kgflow.domain.errors import UsageError
from kgflow.domain.wording import t

PASSED, FAILED, NOT_RUN = "passed", "failed", "not run"


@dataclass
class Results:
    """Statuses by (feature file name, scenario line)."""

    runs: dict[tuple[str, int], list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    source: str | None = None

    def scenario(self, file: str, line: int) -> str:
        """passed, failed or not run."""
        return _combine(status for _, status in self.runs.get((file, line), []))

    def row(self, file: str, line: int, cells: list[str]) -> str:
        """The status of one row of a Scenariomall's examples, found by its values in the test id.

        pytest writes non-ASCII characters of an id as escapes (``\\xe5`` for å), so both forms are tried.
        """
        plain = "-".join(cells)
        escaped = plain.encode("unicode_escape").decode("ascii")
        endings = {f"{sep}{marker}]" for sep in "-[" for marker in (plain, escaped)}
        return _combine(
            status for test_id, status in self.runs.get((file, line), []) if any(map(test_id.endswith, endings))
        )

    @property
    def empty(self) -> bool:
        """True when no result was read."""
        return not self.runs


def _combine(statuses: Iterable[str]) -> str:
    seen = list(statuses)
    if not seen:
        return NOT_RUN
    return PASSED if all(status == PASSED for status in seen) else FAILED


def read_results(path: Path | None) -> Results:
    """Read a cucumber JSON file; no file means every scenario is "not run".

    Raises:
        UsageError: when the file is not cucumber JSON.
    """
    results = Results(source=str(path) if path else None)
    if path is None or not path.is_file():
        return results
    try:
        features = json.loads(path.read_text(encoding="utf-8"))
        for feature in features:
            for element in feature.get("elements", []):
                steps = element.get("steps", [])
                passed = bool(steps) and all(step.get("result", {}).get("status") == PASSED for step in steps)
                results.runs[(Path(feature["uri"]).name, element["line"])].append(
                    (element["id"], PASSED if passed else FAILED)
                )
    except (ValueError, KeyError, TypeError, AttributeError) as exc:  # JSONDecodeError and UnicodeDecodeError too
        raise UsageError(t("{path} är inte en cucumber-JSON-fil från pytest-bdd.", path=path)) from exc
    return results
