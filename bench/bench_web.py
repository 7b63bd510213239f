"""Fifty people at once on the web, on PostgreSQL: Mina ärenden and remiss answers through the pages.

The Swedish sample is deployed on PostgreSQL the way the README deploys a
region (``deploy/``: the owner, the groups and the web server's own login
``kgflow_web``, in a fresh schema, with role names of this run's own, all
dropped afterwards) on ``KGFLOW_BENCH_DATABASE_URL`` or
``KGFLOW_TEST_DATABASE_URL`` (a superuser's URL). ``--items`` more items are
referred to the whole chain, so every kommun has that many remisser to answer.

The real server runs (``kgflow serve``, uvicorn, ``--workers`` processes)
with the web's service login. Each of ``--users`` simulated browsers takes
turns as a few kommun contacts of its own (``--people-per-user``; a session
each, opened through the sign-in service as a link's use opens it), so a
person's Mina ärenden stays the size a contact's is while there is enough to
answer for the whole run; no two browsers share a kommun, so no two advance
the same instance. A round: open Mina ärenden (``GET /mina-arenden``), post
the first remiss answer form on it (its csrf token and expected state as the
page gave them), follow the redirect to the instance page, think
``--think`` seconds (±50 %), and again, for ``--seconds``. Before the clock
starts every browser opens Mina ärenden once, uncounted, to warm the server;
then the browsers begin spread over one pause, as people arrive.

Afterwards the history must have exactly one new row per successful advance,
as many instances must stand answered, and ``kgflow audit verify`` must pass.
Prints JSON: requests/s, p50/p95/p99 per kind of request, errors, the
machine's load, and whether each goal holds. The load generator shares the
machine with the server; its CPU time is reported too.

    python bench/bench_web.py [--seconds 60] [--users 50] [--workers 2] [--think 5]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine, text

from kgflow.bootstrap import Application, bootstrap
from kgflow.config import Settings, shipped_workflows
from kgflow.persistence.database import parse_url
from kgflow.sample.structure import build_structure
from kgflow.service.items import add_item
from kgflow.service.refer import refer
from kgflow.service.sign_in import request_link, use_link, web_secret
from kgflow.web.auth import SESSION_COOKIE, session_cookie

DEPLOY = Path(__file__).parents[1] / "deploy"
GOALS_MS = {"page_view": 300.0, "advance": 500.0}
COORDINATOR = "nora.lind"  # the sample's NPO samordnare, who refers the bench's items
DUE = "2027-06-01"


# --- the deployment -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Region:
    """A deployed region: the owner's URL, the web server's login, and the superuser's, in the run's schema."""

    owner: str
    web: str
    superuser: str


def _as(server: str, role: str | None, schema: str) -> str:
    url = parse_url(server)
    if role:
        url = url.set(username=role, password=None)
    return url.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)


def _execute(url: str, statements: list[str]) -> None:
    engine = create_engine(parse_url(url))
    with engine.begin() as connection:
        for statement in statements:
            connection.execute(text(statement))
    engine.dispose()


def _script(name: str, names: dict[str, str]) -> list[str]:
    """A deploy script's statements, with this run's own role and schema names (roles belong to the server)."""
    lines = (DEPLOY / name).read_text(encoding="utf-8").splitlines()
    script = "\n".join(line for line in lines if not line.lstrip().startswith("--"))
    script = re.sub(r"\b(kgflow_[a-z]+|kgflow)\b", lambda m: names.get(m.group(1), m.group(1)), script)
    return [statement.strip() for statement in script.split(";") if statement.strip()]


def _kgflow(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("KGFLOW_")}
    env |= {"KGFLOW_DATABASE_URL": url, "KGFLOW_LANGUAGE": "sv"}
    command = [sys.executable, "-m", "kgflow", *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=900, check=False)


@contextmanager
def deployed(server: str) -> Iterator[Region]:
    """The sample on PostgreSQL as ``deploy/`` sets a region up; the schema and the roles dropped afterwards."""
    tag = uuid.uuid4().hex[:8]
    roles = re.findall(r"^CREATE ROLE (kgflow_[a-z_]+)", (DEPLOY / "postgresql-roles.sql").read_text(), re.MULTILINE)
    if "kgflow_web" not in roles:
        raise SystemExit("deploy/postgresql-roles.sql makes no kgflow_web login for the web server")
    names = {role: f"{role}_{tag}" for role in roles} | {"kgflow": f"kgflow_{tag}"}
    schema = names["kgflow"]
    try:
        _execute(server, _script("postgresql-roles.sql", names))
        owner = _as(server, names["kgflow_owner"], schema)
        init = _kgflow(owner, "init", "--sample")
        if init.returncode != 0:
            raise SystemExit(f"kgflow init --sample failed: {init.stderr}")
        _execute(owner, _script("postgresql-grants.sql", names))
        yield Region(owner, _as(server, names["kgflow_web"], schema), _as(server, None, schema))
    finally:
        engine = create_engine(parse_url(server))
        with engine.begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            present = set(connection.execute(text("SELECT rolname FROM pg_roles")).scalars())
            for role in reversed(roles):
                if names[role] in present:
                    connection.execute(text(f'DROP OWNED BY "{names[role]}"'))
                    connection.execute(text(f'DROP ROLE "{names[role]}"'))
        engine.dispose()


def kgflow_at(url: str) -> Application:
    """kgflow in this process on ``url``, with the real clock."""
    return bootstrap(Settings(database_url=url, actor=None, today=None, workflows_dir=shipped_workflows()))


def add_remisser(owner: str, items: int) -> list[str]:
    """Refer ``items`` new items to the whole chain: every kommun gets that many more remisser to answer."""
    app = kgflow_at(owner)
    codes = [f"psvf-bench-{n:02d}" for n in range(1, items + 1)]
    try:
        for code in codes:
            add_item(app.services, code, "psvf", f"PSVF Bench {code[-2:]}", actor=COORDINATOR)
            refer(app.services, code, DUE, actor=COORDINATOR)
    finally:
        app.close()
    return codes


def counted(superuser: str, items: list[str]) -> tuple[int, int]:
    """The history's rows, and how many instances of the bench's items stand answered."""
    engine = create_engine(parse_url(superuser))
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT count(*) FROM history")).scalar_one()
        answered = connection.execute(text(
            "SELECT count(*) FROM instance i JOIN item t ON t.id = i.item_id "
            "WHERE i.state = 'answered' AND t.code = ANY(:codes)"
        ), {"codes": items}).scalar_one()  # fmt: skip
    engine.dispose()
    return int(rows), int(answered)


# --- the people and their sessions ------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    """One kommun contact the load takes turns as: their code, e-mail address and kommun."""

    code: str
    email: str
    org: str


def choose_people(users: int, per_user: int) -> list[list[Person]]:
    """Kommun contacts for each browser, one kommun each, of kommuner without units below (whose answer waits)."""
    structure = build_structure()
    parents = {o.parent for o in structure.organisations}
    kommuner = [o.code for o in structure.organisations if o.kind == "kommun" and o.code not in parents]
    contacts: dict[str, Person] = {}
    for person in structure.people:
        for role, org in person.roles:
            if role == "kontaktperson" and org in kommuner and org not in contacts:
                contacts[org] = Person(person.code, person.email, org)
    chosen = [contacts[org] for org in kommuner if org in contacts]
    if len(chosen) < users * per_user:
        raise SystemExit(f"the sample has {len(chosen)} kommun contacts, not {users} × {per_user}")
    return [chosen[n::users][:per_user] for n in range(users)]  # each browser's across the regions


def sessions(web: str, people: list[Person]) -> dict[str, str]:
    """A session cookie per person: a link asked for and used through the sign-in service, signed as the web does."""
    app = kgflow_at(web)
    try:
        secret = web_secret(app.services)
        cookies = {}
        for person in people:
            link = request_link(app.services, person.email, f"bench-{person.code}")  # a client each
            if link is None:
                raise SystemExit(f"no sign-in link for {person.email}")
            cookies[person.code] = session_cookie(secret, use_link(app.services, link.token).token)
    finally:
        app.close()
    return cookies


# --- the server --------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(web: str, workers: int, folder: Path) -> Iterator[str]:
    """``kgflow serve`` on 127.0.0.1 with the web's login, until the block ends; its base URL."""
    port = free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith("KGFLOW_")}
    env |= {"KGFLOW_DATABASE_URL": web, "KGFLOW_LANGUAGE": "sv", "KGFLOW_MAIL_DIR": str(folder / "mail")}
    command = [sys.executable, "-m", "kgflow", "serve", "--port", str(port), "--workers", str(workers)]
    log = folder / "serve.log"
    with log.open("w") as output:
        process = subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while not _healthy(base):
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"kgflow serve did not start: {log.read_text()}")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _healthy(base: str) -> bool:
    try:
        return httpx.get(f"{base}/api/v1/health", timeout=2).status_code == 200
    except httpx.TransportError:
        return False


# --- the load ----------------------------------------------------------------------------------------------


FORM = re.compile(r'<form [^>]*method="post" action="(/arende/([^/"]+)/([^/"]+)/answer)">(.*?)</form>', re.DOTALL)
HIDDEN = re.compile(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)">')


def answer_form(page: str, org: str, items: set[str]) -> tuple[str, dict[str, str]] | None:
    """The first remiss answer form on the page for one of the bench's items at ``org``: action and hidden fields.

    A regular expression over the page's markup, not an HTML parser: parsing a long Mina ärenden
    costs the load generator as much CPU as the server spends making it, on the same two cores.
    """
    for found in FORM.finditer(page):
        action, item, at, body = found.groups()
        if at == org and item in items:
            return action, dict(HIDDEN.findall(body))
    return None


@dataclass
class Tally:
    """What the load generator saw: latencies by kind, errors, successful advances, people left with nothing."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: {"page_view": [], "advance": []})
    errors: list[str] = field(default_factory=list)
    advanced: int = 0
    retried: int = 0
    exhausted: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Plan:
    """What every browser does: answer the bench's items, think between rounds, as people with these cookies."""

    items: set[str]
    think: float
    cookies: dict[str, str]


async def timed(tally: Tally, kind: str, send: Any, expected: int) -> httpx.Response | None:
    """Send one request (``send()`` makes it), noting its latency; the response if it is the one expected.

    A kept-alive connection the server closed just as a request went out on it is tried once more on a
    new one, as browsers do (uvicorn closes idle connections after 5 s), and counted apart; anything else
    that goes wrong is an error, and None.
    """
    started = time.perf_counter()
    try:
        try:
            response: httpx.Response = await send()
        except httpx.RemoteProtocolError:
            tally.retried += 1
            started = time.perf_counter()
            response = await send()
    except httpx.HTTPError as error:
        tally.errors.append(f"{kind}: {type(error).__name__}")
        return None
    tally.latencies[kind].append((time.perf_counter() - started) * 1000)
    if response.status_code != expected:
        tally.errors.append(f"{kind}: HTTP {response.status_code} {response.url.path}")
        return None
    return response


async def browse(client: httpx.AsyncClient, people: list[Person], plan: Plan, until: float, tally: Tally) -> None:
    """One browser: a round as each of its people in turn, until ``until`` (``time.monotonic``)."""
    pause = random.Random(people[0].code)
    await asyncio.sleep(plan.think * pause.random())  # people arrive spread over the first pause, not all at once
    round_ = 0
    while time.monotonic() < until:
        person = people[round_ % len(people)]
        round_ += 1
        cookie = {"cookie": f"{SESSION_COOKIE}={plan.cookies[person.code]}"}
        page = await timed(tally, "page_view", partial(client.get, "/mina-arenden", headers=cookie), 200)
        form = answer_form(page.text, person.org, plan.items) if page is not None else None
        if page is not None and form is None:
            tally.exhausted.add(person.code)
        elif form is not None and time.monotonic() < until:
            action, hidden = form
            data = hidden | {"ref": f"BENCH-{person.org}-{round_}", "note": "Svar från lastprovet"}
            posted = await timed(tally, "advance", partial(client.post, action, data=data, headers=cookie), 303)
            if posted is not None:
                tally.advanced += 1
                await timed(tally, "page_view", partial(client.get, posted.headers["location"], headers=cookie), 200)
        if plan.think:  # no pause past the end: the run's seconds are the people's working time
            await asyncio.sleep(max(0.0, min(plan.think * pause.uniform(0.5, 1.5), until - time.monotonic())))


async def load(base: str, browsers: list[list[Person]], plan: Plan, seconds: float) -> tuple[Tally, float]:
    """Every browser at once for ``seconds``, after one uncounted Mina ärenden each; what was seen, and how long."""
    clients = [httpx.AsyncClient(base_url=base, timeout=60) for _ in browsers]
    try:
        warm = await asyncio.gather(*(
            client.get("/mina-arenden", headers={"cookie": f"{SESSION_COOKIE}={plan.cookies[people[0].code]}"})
            for client, people in zip(clients, browsers, strict=True)
        ))  # fmt: skip
        if any(response.status_code != 200 for response in warm):
            raise SystemExit(f"Mina ärenden did not open: {sorted({r.status_code for r in warm})}")
        tally = Tally()
        started = time.monotonic()
        until = started + seconds
        await asyncio.gather(*(browse(c, p, plan, until, tally) for c, p in zip(clients, browsers, strict=True)))
        return tally, time.monotonic() - started
    finally:
        await asyncio.gather(*(client.aclose() for client in clients))


def percentiles(values: list[float]) -> dict[str, Any]:
    if len(values) < 2:
        return {"count": len(values)}
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return {
        "count": len(values),
        "p50_ms": round(cuts[49], 1),
        "p95_ms": round(cuts[94], 1),
        "p99_ms": round(cuts[98], 1),
        "max_ms": round(max(values), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60, help="how long the people work")
    parser.add_argument("--users", type=int, default=50, help="simulated browsers working at once")
    parser.add_argument("--people-per-user", type=int, default=5, help="kommun contacts each browser takes turns as")
    parser.add_argument("--workers", type=int, default=2, help="server processes (kgflow serve --workers)")
    parser.add_argument("--items", type=int, default=10, help="items referred for the run: remisser per kommun")
    parser.add_argument("--think", type=float, default=5.0, help="seconds a person reads between rounds (±50 %%)")
    args = parser.parse_args()
    server = os.environ.get("KGFLOW_BENCH_DATABASE_URL") or os.environ.get("KGFLOW_TEST_DATABASE_URL")
    if not server:
        print(json.dumps({"benchmark": "web", "skipped": "set KGFLOW_BENCH_DATABASE_URL to a PostgreSQL server"}))
        return
    browsers = choose_people(args.users, args.people_per_user)
    with deployed(server) as region, tempfile.TemporaryDirectory() as tmp:
        items = add_remisser(region.owner, args.items)
        cookies = sessions(region.web, [person for people in browsers for person in people])
        rows_before, _ = counted(region.superuser, items)
        load_before = os.getloadavg()[0]
        with serving(region.web, args.workers, Path(tmp)) as base:
            cpu = time.process_time()
            tally, elapsed = asyncio.run(load(base, browsers, Plan(set(items), args.think, cookies), args.seconds))
            cpu = time.process_time() - cpu
        load_after = os.getloadavg()[0]
        rows_after, answered = counted(region.superuser, items)
        verify = _kgflow(region.owner, "audit", "verify")
    requests = sum(len(values) for values in tally.latencies.values())
    kinds = {kind: percentiles(values) for kind, values in tally.latencies.items()}
    goals = {
        f"{kind}_p95_under_{goal:.0f}_ms": kinds[kind].get("p95_ms", goal) < goal for kind, goal in GOALS_MS.items()
    }
    goals["zero_errors"] = not tally.errors
    goals["nothing_lost"] = rows_after - rows_before == tally.advanced == answered
    goals["audit_verify_clean"] = verify.returncode == 0
    result = {
        "benchmark": "people on the web: Mina ärenden and remiss answers through the pages, on PostgreSQL",
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "users": args.users,
        "people": sum(len(people) for people in browsers),
        "items_referred": args.items,
        "server_processes": args.workers,
        "think_seconds": args.think,
        "seconds": round(elapsed, 1),
        "machine": {
            "cpus": os.cpu_count(),
            "load_average_1min_before": round(load_before, 2),
            "load_average_1min_after": round(load_after, 2),
            "load_generator_cpu_seconds": round(cpu, 1),
        },
        "requests": requests,
        "requests_per_second": round(requests / elapsed, 1),
        "latency": kinds,
        "errors": len(tally.errors),
        "error_samples": sorted(set(tally.errors))[:10],
        "retried_on_a_closed_keep_alive_connection": tally.retried,
        "advances": tally.advanced,
        "new_history_rows": rows_after - rows_before,
        "instances_answered": answered,
        "people_with_nothing_left": len(tally.exhausted),
        "audit_verify": "clean" if verify.returncode == 0 else verify.stderr.strip(),
        "goals": goals,
        "met": all(goals.values()),
    }
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
