#!/usr/bin/env python3
"""Mutation testing over kgflow's rules, one module at a time, in a bounded time (not part of CI).

Each module listed in ``tools/mutation/modules.toml`` is mutated by mutmut in a
staging copy of the working tree (``--workdir``, default
``/tmp/kgflow-mutation/<module>``), so the worktree is never changed. mutmut reads
its settings from the copy's ``pyproject.toml``; this script appends a
``[tool.mutmut]`` table there naming the one module to mutate and its tests.
Every run is bounded by the module's ``seconds`` (``timeout``) and uses one
worker. A staging copy is kept between runs: mutmut resumes where it stopped and
retests what changed; ``--fresh`` starts over.

Usage::

    python tools/mutation.py                          # every configured module
    python tools/mutation.py kgflow/domain/text.py    # one module
    python tools/mutation.py --list                   # what is configured

The last thing printed is a JSON object: per module the counts by status,
the surviving mutants' names and the score: the share of mutants the tests
detect, (killed + timeout) / (killed + survived + timeout + no tests) — a mutant that
makes a test loop for ever is caught too,
then the totals.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
import tomllib
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
MODULES = ROOT / "tools" / "mutation" / "modules.toml"
# What the tests need besides kgflow/ and tests/ (shipped workflows, templates, features).
COPIED = ["kgflow", "tests", "workflows", "notifications", "features", "pyproject.toml", "README.md"]


def load_modules() -> list[dict[str, Any]]:
    """The configured modules, in the order of the file."""
    with MODULES.open("rb") as handle:
        return list(tomllib.load(handle)["module"])


def stage(module: dict[str, Any], workdir: Path, *, fresh: bool) -> Path:
    """Copy the working tree into a staging directory whose pyproject names one module for mutmut."""
    target = workdir / module["path"].removesuffix(".py").replace("/", ".")
    if fresh and target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True, exist_ok=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".hypothesis", "build")
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=ignore, dirs_exist_ok=True)
        else:
            shutil.copy2(source, target / name)
    settings = {
        "source_paths": ["kgflow/"],
        "also_copy": ["workflows/", "notifications/", "features/", "README.md"],
        "only_mutate": [module["path"]],
        "pytest_add_cli_args_test_selection": list(module["tests"]),
        # The cucumber report and the cache are the suite's, not mutmut's business.
        "pytest_add_cli_args": ["-p", "no:cacheprovider", "-o", "addopts=--strict-markers"],
        "use_git_change_detection": False,
    }
    with (target / "pyproject.toml").open("a", encoding="utf-8") as handle:
        handle.write("\n[tool.mutmut]\n")
        for key, value in settings.items():
            handle.write(f"{key} = {json.dumps(value)}\n")
    return target


def mutmut_env() -> dict[str, str]:
    """The environment of a run: no CI (which insists on PostgreSQL), no PostgreSQL URL, one core's worth."""
    env = {k: v for k, v in os.environ.items() if k not in {"CI", "KGFLOW_TEST_DATABASE_URL"}}
    env["PYTHONHASHSEED"] = "0"
    return env


def results(staged: Path, mutmut: str) -> dict[str, str]:
    """Every mutant mutmut knows in a staging directory, by name, with its status."""
    out = subprocess.run(
        [mutmut, "results", "--all", "true"], cwd=staged, env=mutmut_env(), capture_output=True, text=True, check=False
    ).stdout
    found: dict[str, str] = {}
    for line in out.splitlines():
        name, sep, status = line.strip().rpartition(": ")
        if sep and name:
            found[name] = status
    return found


def run_module(module: dict[str, Any], workdir: Path, *, fresh: bool, mutmut: str) -> dict[str, Any]:
    """Mutate one module within its time bound and count the outcomes."""
    staged = stage(module, workdir, fresh=fresh)
    started = time.monotonic()
    seconds = int(module.get("seconds", 300))
    print(f"== {module['path']} (at most {seconds} s) in {staged}", file=sys.stderr, flush=True)
    proc = subprocess.run(
        ["timeout", "--signal=INT", "--kill-after=20", str(seconds), mutmut, "run", "--max-children", "1"],
        cwd=staged,
        env=mutmut_env(),
        stdout=sys.stderr,
        stderr=sys.stderr,
        check=False,
    )
    elapsed = round(time.monotonic() - started, 1)
    statuses = results(staged, mutmut)
    counts = Counter(statuses.values())
    killed = counts["killed"] + counts["caught by type check"]
    judged = killed + counts["survived"] + counts["timeout"] + counts["no tests"]
    return {
        "module": module["path"],
        "seconds": elapsed,
        "finished": proc.returncode == 0,
        "mutants": len(statuses),
        "killed": killed,
        "survived": counts["survived"],
        "timeout": counts["timeout"],
        "no_tests": counts["no tests"],
        "not_checked": counts["not checked"],
        "other": sum(
            v
            for k, v in counts.items()
            if k not in {"killed", "caught by type check", "survived", "timeout", "no tests", "not checked"}
        ),
        "score": round((killed + counts["timeout"]) / judged, 4) if judged else None,
        "surviving": sorted(name for name, status in statuses.items() if status in {"survived", "no tests"}),
    }


def main() -> int:
    """Parse the arguments, run the modules asked for and print the JSON summary."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", help="module paths from tools/mutation/modules.toml (default: all)")
    parser.add_argument("--workdir", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "kgflow-mutation")
    parser.add_argument("--fresh", action="store_true", help="forget earlier results and start over")
    parser.add_argument("--list", action="store_true", help="print the configured modules and stop")
    args = parser.parse_args()
    configured = load_modules()
    if args.list:
        for module in configured:
            print(f"{module['path']}\t{module.get('seconds', 300)} s\t{' '.join(module['tests'])}")
        return 0
    unknown = set(args.modules) - {m["path"] for m in configured}
    if unknown:
        parser.error(f"not configured in {MODULES.relative_to(ROOT)}: {', '.join(sorted(unknown))}")
    chosen = [m for m in configured if not args.modules or m["path"] in args.modules]
    mutmut = shutil.which("mutmut", path=str(Path(sys.executable).parent)) or shutil.which("mutmut")
    if mutmut is None:
        parser.error("mutmut is not installed: pip install -e '.[mutation]'")
    summary = [run_module(m, args.workdir, fresh=args.fresh, mutmut=mutmut) for m in chosen]
    killed = sum(s["killed"] for s in summary)
    judged = killed + sum(s["survived"] + s["timeout"] + s["no_tests"] for s in summary)
    total = {
        "killed": killed,
        "survived": sum(s["survived"] for s in summary),
        "timeout": sum(s["timeout"] for s in summary),
        "no_tests": sum(s["no_tests"] for s in summary),
        "not_checked": sum(s["not_checked"] for s in summary),
        "score": round((killed + sum(s["timeout"] for s in summary)) / judged, 4) if judged else None,
        "seconds": round(sum(s["seconds"] for s in summary), 1),
    }
    print(json.dumps({"modules": summary, "total": total}, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
