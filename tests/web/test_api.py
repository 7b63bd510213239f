"""The JSON API on a real server: what ``/openapi.json`` describes, and the command line's ``--json`` objects.

Each read is compared with what ``kgflow --db URL --as PERSON … --json`` prints
for the same person at the same moment, on SQLite and on PostgreSQL (where
both the server and the command line log in as the web's service login, which
acts on behalf of the person). A step taken through ``POST /api/v1/advance``
with a personal API token is taken once, by that person: the history names
them as the actor and, on PostgreSQL, the web's login as the login.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from sqlalchemy.engine import make_url

from kgflow.service.sign_in import issue_api_token
from kgflow.testing import FixedClock, application
from tests.processes import kgflow
from tests.web.live import LiveServer, signed_in_client

ITEM = "vip-skadligt-bruk"  # its version 2 is på remiss at every Dalarna kommun of the sample
ANNA = "anna.andersson"  # Falun's kontaktperson
PATHS = {
    "/api/v1/health",
    "/api/v1/todo",
    "/api/v1/status",
    "/api/v1/history/{item}/{org}",
    "/api/v1/items",
    "/api/v1/orgs",
    "/api/v1/advance",
}


def api_token(server: LiveServer, person: str) -> str:
    """A personal API token for ``person``, made through the sign-in service."""
    now = datetime.now(ZoneInfo("Europe/Stockholm"))
    app = application(server.database_url, FixedClock(now.date(), now.time().replace(tzinfo=None)))
    try:
        return issue_api_token(app.services, person, "Regionens system")
    finally:
        app.close()


@pytest.fixture
def script(server: LiveServer) -> Iterator[httpx.Client]:
    """A client with no cookies, as a region's script would be."""
    with httpx.Client(base_url=server.base_url, follow_redirects=False, timeout=60) as client:
        yield client


def as_person(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def cli(server: LiveServer, *args: str, person: str | None = None) -> Any:
    """What ``kgflow [--as PERSON] ARGS --json`` prints, read as JSON."""
    done = kgflow(server.database_url, *(("--as", person) if person else ()), *args, "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def got(response: httpx.Response) -> Any:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    return response.json()


def test_openapi_describes_the_api_and_no_page_loads_from_a_cdn(server: LiveServer, script: httpx.Client) -> None:
    described = got(script.get("/openapi.json"))
    assert {path for path in described["paths"] if path.startswith("/api/v1/")} >= PATHS
    assert "post" in described["paths"]["/api/v1/advance"]
    for ui in ("/docs", "/redoc"):
        assert script.get(ui).status_code == 404


def test_todo_is_what_the_command_line_shows_the_person(server: LiveServer, script: httpx.Client) -> None:
    token = api_token(server, ANNA)
    mine = got(script.get("/api/v1/todo", headers=as_person(token)))
    assert mine, "Anna has steps waiting in the sample"
    assert mine == cli(server, "todo", person=ANNA)
    narrowed = got(script.get("/api/v1/todo", params={"item": ITEM}, headers=as_person(token)))
    assert narrowed == cli(server, "todo", "--item", ITEM, person=ANNA)
    assert [entry["item"] for entry in narrowed] == [ITEM]


def test_status_is_what_the_command_line_shows(server: LiveServer, script: httpx.Client) -> None:
    token = api_token(server, ANNA)
    dalarna = got(script.get("/api/v1/status", params={"item": ITEM, "org": "lpo-dalarna"}, headers=as_person(token)))
    assert dalarna == cli(server, "status", ITEM, "--org", "lpo-dalarna", person=ANNA)
    assert {row["org"] for row in dalarna} >= {"lpo-dalarna", "falun", "borlange"}
    late = got(script.get("/api/v1/status", params={"late": "true", "open": "true"}, headers=as_person(token)))
    assert late == cli(server, "status", "--late", "--open", person=ANNA)
    assert late, "the sample has late instances"


def test_history_items_and_organisations_are_what_the_command_line_shows(
    server: LiveServer, script: httpx.Client
) -> None:
    token = api_token(server, ANNA)
    history = got(script.get(f"/api/v1/history/{ITEM}/falun", headers=as_person(token)))
    assert history == cli(server, "history", ITEM, "falun", person=ANNA)
    assert history[0]["event"] == "refer"
    assert got(script.get("/api/v1/items", headers=as_person(token))) == cli(server, "item", "list", person=ANNA)
    lpos = got(script.get("/api/v1/orgs", params={"kind": "lpo"}, headers=as_person(token)))
    assert lpos == cli(server, "org", "list", "--kind", "lpo", person=ANNA)
    assert len(lpos) == 6 * 21  # an LPO per region in each of six programområden
    below = got(script.get("/api/v1/orgs", params={"under": "lpo-dalarna"}, headers=as_person(token)))
    assert below == cli(server, "org", "list", "--under", "lpo-dalarna", person=ANNA)


def test_a_signed_in_browser_reads_the_api_with_its_cookie(server: LiveServer, script: httpx.Client) -> None:
    browser = signed_in_client(server, "anna.andersson@falun.example")
    try:
        read = got(browser.get("/api/v1/todo"))
    finally:
        browser.close()
    assert read == got(script.get("/api/v1/todo", headers=as_person(api_token(server, ANNA))))


def web_login(server: LiveServer) -> str | None:
    """The database login the server's history rows carry: its own on PostgreSQL, none on SQLite."""
    url = make_url(server.database_url)
    return url.username if url.get_backend_name() == "postgresql" else None


def test_a_step_taken_with_a_token_is_taken_once_by_the_person(server: LiveServer, script: httpx.Client) -> None:
    elin = "elin.pettersson"  # Hedemora's kontaktperson
    token = api_token(server, elin)
    before = cli(server, "history", ITEM, "hedemora")
    step = {"item": ITEM, "org": "hedemora", "event": "answer", "ref": "KS 2026/7", "note": "Från regionens system"}
    taken = got(script.post("/api/v1/advance", json=step | {"expect_state": "remiss"}, headers=as_person(token)))
    # The same step at Avesta (same LPO, same due date) through the command line: the same object.
    [avesta] = cli(server, "advance", ITEM, "avesta", "answer", "--ref", "KS 2026/8", person="klara.forsberg")
    assert taken == avesta | {"org": "hedemora"}
    assert (taken["from"], taken["state"]) == ("remiss", "answered")
    again = script.post("/api/v1/advance", json=step, headers=as_person(token))
    assert again.status_code == 409, again.text
    assert set(again.json()) == {"error"}
    rows = cli(server, "history", ITEM, "hedemora")
    assert rows[: len(before)] == before
    assert len(rows) == len(before) + 1
    [row] = rows[len(before) :]
    assert (row["actor"], row["login"], row["event"]) == (elin, web_login(server), "answer")
    assert (row["fields"]["ref"], row["note"]) == ("KS 2026/7", "Från regionens system")


def test_a_stale_expected_state_is_refused_and_changes_nothing(server: LiveServer, script: httpx.Client) -> None:
    alva = "alva.hassan"  # Mora's kontaktperson
    token = api_token(server, alva)
    before = cli(server, "history", ITEM, "mora")
    step = {
        "item": ITEM,
        "org": "mora",
        "event": "decline",
        "values": {"reason": "Ingen tid"},
        "expect_state": "answered",
    }
    refused = script.post("/api/v1/advance", json=step, headers=as_person(token))
    assert refused.status_code == 409, refused.text
    assert set(refused.json()) == {"error"}
    unknown = script.post("/api/v1/advance", json=step | {"item": "finns-inte"}, headers=as_person(token))
    assert unknown.status_code == 404, unknown.text
    no_reason = script.post(
        "/api/v1/advance", json=step | {"values": {}, "expect_state": None}, headers=as_person(token)
    )
    assert no_reason.status_code == 422, no_reason.text
    assert cli(server, "history", ITEM, "mora") == before


def test_a_hold_taken_through_the_api_is_the_command_lines(server: LiveServer, script: httpx.Client) -> None:
    held_item = "psvf-schizofreni-tidigt"  # adopted, and LPO Dalarna has decided
    step = {
        "item": held_item,
        "org": "lpo-dalarna",
        "event": "hold",
        "values": {"reason": "Väntar på regional handlingsplan", "review": "2099-01-01"},
    }
    refused = script.post("/api/v1/advance", json=step, headers=as_person(api_token(server, ANNA)))
    assert refused.status_code == 403, refused.text
    assert set(refused.json()) == {"error"}
    taken = got(script.post("/api/v1/advance", json=step, headers=as_person(api_token(server, "sara.ek"))))
    assert (taken["event"], taken["held"], taken["review_on"]) == ("hold", True, "2099-01-01")
    [falun] = [row for row in cli(server, "status", held_item, "--org", "falun") if row["org"] == "falun"]
    assert (falun["held"], falun["review_on"]) == (True, "2099-01-01")
    resumed = got(
        script.post(
            "/api/v1/advance",
            json={"item": held_item, "org": "lpo-dalarna", "event": "resume"},
            headers=as_person(api_token(server, "sara.ek")),
        )
    )
    assert (resumed["event"], resumed["held"]) == ("resume", False)
