"""The whole country in one database, measured as people use it: each command as a process, time and memory.

Builds the national dataset (``bench/national.py``: six programområden × N items)
and one ten times smaller (N/10 items per area) on SQLite — and on PostgreSQL
when ``KGFLOW_BENCH_DATABASE_URL`` or ``KGFLOW_TEST_DATABASE_URL`` names a
server — then runs, on each, the commands a secretary, an operator and the
scheduler run: ``status``, ``status --org`` for one LPO, ``todo`` for one
secretary, ``history``, the national HTML and XLSX reports, ``docs build``,
a sweep, a day's digests to the ``.eml`` folder, ``audit verify`` over the
whole chain, ``export`` and ``import``. Each is a whole process (start-up
included, kgflow compiled beforehand as an installed kgflow is:
``bench/compiled.py``); its wall time and peak memory (the child's own
``VmHWM``) are reported, with the goals: interactive commands under 1 s,
national reports under 5 s, every command under 300 MB, ``audit verify``
within 3× of a plain hashlib loop over the same rows in the same run, and
costs that grow with what is asked (``growth``: the full dataset's time over
the small one's).

    python bench/bench_national.py [--items-per-area 20] [--skip-postgresql]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from compiled import installed_like  # bench/compiled.py, beside this script
from national import TODAY, generate  # bench/national.py, beside this script
from sqlalchemy import create_engine, select, text

from kgflow.domain.audit import ChainRow, scheme2_content
from kgflow.persistence.database import parse_url
from kgflow.persistence.tables import history

INTERACTIVE = ("status", "status_org", "todo", "history")
REPORTS = ("report_html", "report_xlsx")
GOAL_INTERACTIVE_S = 1.0
GOAL_REPORT_S = 5.0
GOAL_MEMORY_MB = 300
GOAL_AUDIT_RATIO = 3.0


def commands(folder: Path, url: str, empty_url: str) -> list[tuple[str, str, list[str]]]:
    """(name, database, arguments) of every command measured, in order (the import last, into ``empty_url``)."""
    item = "psykisk-halsa-psvf-0"
    return [
        ("help", url, ["--help"]),
        ("status", url, ["status"]),
        ("status_org", url, ["status", item, "--org", "lpo-dalarna"]),
        ("todo", url, ["--as", "sara.ek", "todo"]),
        ("history", url, ["history", item, "falun"]),
        ("report_html", url, ["report", "--format", "html", "--out", str(folder / "rapport.html")]),
        ("report_xlsx", url, ["report", "--format", "xlsx", "--out", str(folder / "rapport.xlsx")]),
        ("docs_build", url, ["docs", "build", "--out", str(folder / "site")]),
        ("sweep", url, ["sweep"]),
        ("notify_send", url, ["notify", "send"]),
        ("audit_verify", url, ["audit", "verify"]),
        ("export", url, ["export", "--out", str(folder / "export.jsonl")]),
        ("init_empty", empty_url, ["init"]),
        ("import", empty_url, ["import", str(folder / "export.jsonl")]),
    ]


# The child's own peak: VmHWM of its memory after exec. (wait4's ru_maxrss would include the pages of this
# large parent the child was forked from, so it would say more than the command used.)
_PEAK = (
    "import atexit, runpy, sys\n"
    "target = sys.argv.pop(1)\n"
    "def peak():\n"
    "    with open('/proc/self/status') as status, open(target, 'w') as out:\n"
    "        out.write(next(line.split()[1] for line in status if line.startswith('VmHWM:')))\n"
    "atexit.register(peak)\n"
    "sys.argv[0] = 'kgflow'\n"
    "runpy.run_module('kgflow', run_name='__main__')\n"
)


def run(url: str, args: list[str], mail: Path, compiled: dict[str, str]) -> dict[str, Any]:
    """One command as a process (in the ``compiled`` environment): seconds, its own peak megabytes, why it failed."""
    peak_file = mail.parent / "peak.kb"
    command = [sys.executable, "-c", _PEAK, str(peak_file), "--db", url, "--today", TODAY.isoformat(), *args]
    env = {**compiled, "KGFLOW_MAIL_DIR": str(mail), "KGFLOW_LANGUAGE": "sv"}
    env.pop("KGFLOW_SMTP_HOST", None)
    started = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, check=False)
    elapsed = time.perf_counter() - started
    result: dict[str, Any] = {"s": round(elapsed, 3), "mb": round(int(peak_file.read_text()) / 1024, 1)}
    if done.returncode != 0:
        error = done.stderr.decode().strip()
        result["failed"] = error.splitlines()[-1] if error else done.returncode
    return result


def hashlib_loop(url: str) -> float:
    """Seconds for the yardstick: read every history row and hash its canonical content in a plain loop."""
    engine = create_engine(parse_url(url))
    started = time.perf_counter()
    previous = "0" * 64
    with engine.connect() as connection:
        for row in connection.execute(select(history).order_by(history.c.seq)):
            chain = ChainRow(
                row.seq,
                row.instance_id,
                row.item_version,
                row.at,
                row.actor,
                row.event,
                row.from_state,
                row.to_state,
                row.level,
                row.fields,
                row.note,
                previous,
                row.login,
                row.scheme,
                row.target_level,
            )
            previous = hashlib.sha256(scheme2_content(chain).encode()).hexdigest()
    engine.dispose()
    return time.perf_counter() - started


@contextmanager
def sqlite_urls(folder: Path, name: str) -> Iterator[tuple[str, str]]:
    yield f"sqlite:///{folder / (name + '.db')}", f"sqlite:///{folder / (name + '-import.db')}"


@contextmanager
def postgres_urls(server: str, name: str) -> Iterator[tuple[str, str]]:
    admin = create_engine(parse_url(server))
    schemas = [
        f"kgflow_national_{name}_{uuid.uuid4().hex[:6]}",
        f"kgflow_national_{name}_import_{uuid.uuid4().hex[:6]}",
    ]
    with admin.begin() as connection:
        for schema in schemas:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    urls = [
        parse_url(server)
        .update_query_dict({"options": f"-csearch_path={schema}"})
        .render_as_string(hide_password=False)
        for schema in schemas
    ]
    try:
        yield urls[0], urls[1]
    finally:
        with admin.begin() as connection:
            for schema in schemas:
                connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def measure(urls: Any, folder: Path, items_per_area: int) -> dict[str, Any]:
    with urls as (url, empty_url):
        built = generate(url, items_per_area)
        mail = folder / "mail"
        mail.mkdir(exist_ok=True)
        compiled = installed_like()
        timings = {
            name: run(database, args, mail, compiled) for name, database, args in commands(folder, url, empty_url)
        }
        timings["hashlib_loop"] = {"s": round(hashlib_loop(url), 3)}
    return {"dataset": built, "commands": timings}


def goals(full: dict[str, Any], small: dict[str, Any]) -> dict[str, Any]:
    timings, smaller = full["commands"], small["commands"]
    audit_ratio = timings["audit_verify"]["s"] / max(timings["hashlib_loop"]["s"], 1e-9)
    return {
        "interactive_under_1s": {name: timings[name]["s"] < GOAL_INTERACTIVE_S for name in INTERACTIVE},
        "reports_under_5s": {name: timings[name]["s"] < GOAL_REPORT_S for name in REPORTS},
        "memory_under_300mb": all(t.get("mb", 0) < GOAL_MEMORY_MB for t in timings.values()),
        "audit_verify_vs_hashlib": {"ratio": round(audit_ratio, 2), "met": audit_ratio <= GOAL_AUDIT_RATIO},
        "growth_full_over_small": {
            name: round(timings[name]["s"] / max(smaller[name]["s"], 1e-9), 2) for name in timings if name in smaller
        },
        "failed": [name for name, t in timings.items() if "failed" in t],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items-per-area", type=int, default=20)
    parser.add_argument("--skip-postgresql", action="store_true")
    args = parser.parse_args()
    small_items = max(1, args.items_per_area // 10)
    result: dict[str, Any] = {
        "benchmark": "the national dataset, command by command",
        "date": time.strftime("%Y-%m-%d"),
    }
    server = os.environ.get("KGFLOW_BENCH_DATABASE_URL") or os.environ.get("KGFLOW_TEST_DATABASE_URL")
    backends: list[tuple[str, Any]] = [("sqlite", sqlite_urls)]
    if server and not args.skip_postgresql:
        backends.append(("postgresql", lambda folder, name: postgres_urls(server, name)))
    for backend, urls in backends:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            (folder / "full").mkdir()
            (folder / "small").mkdir()
            full = measure(urls(folder / "full", "full"), folder / "full", args.items_per_area)
            small = measure(urls(folder / "small", "small"), folder / "small", small_items)
        result[backend] = {"full": full, "small": small, "goals": goals(full, small)}
        print(json.dumps({backend: result[backend]["goals"]}, ensure_ascii=False), file=sys.stderr)
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
