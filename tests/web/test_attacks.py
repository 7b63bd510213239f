"""The web app attacked the way a colleague, a stranger or a forged page would try, on a real server.

Each attack is tried with httpx against ``kgflow serve`` on the Swedish sample,
on SQLite and on PostgreSQL (where the server logs in with its own service
login). Each must be refused, change nothing — the instance's state, version
and level and the history's row counts are read from the database before and
after — and tell nothing: no session cookie, no hint whether an address
belongs to someone, no script run, no redirect off the site.

Every test acts on instances of its own (the module shares one server per
backend). Link requests are counted per address and per client for a quarter
of an hour; every test starts with that count emptied, as if the quarter had
passed, so that one test's sign-ins do not use up the next one's.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode, urlsplit
from zoneinfo import ZoneInfo

import httpx
import pytest
from sqlalchemy import create_engine, text

from kgflow.domain import sign_in as rules
from kgflow.persistence.database import parse_url
from kgflow.service.sign_in import request_link
from kgflow.testing import FixedClock, application
from tests.processes import kgflow
from tests.web.live import LiveServer, form_fields, latest_sign_in_link, mails_in, page_forms, signed_in_client

ITEM = "vip-skadligt-bruk"  # its version 2 is på remiss at every Dalarna kommun of the sample
ANNA = "anna.andersson@falun.example"  # Falun's kontaktperson
SIGNED_OUT = "/logga-in"
STOCKHOLM = ZoneInfo("Europe/Stockholm")
NOT_A_LINK = "Inloggningslänken är okänd, redan använd eller för gammal"
TOO_MANY = "För många begäranden om inloggningslänk"


@dataclass(frozen=True)
class Standing:
    """Where an instance stands, and how long the history is: what an attack must leave as it was."""

    state: str
    version: int
    level: int | None
    instance_rows: int
    history_rows: int


def standing(server: LiveServer, item: str, org: str) -> Standing:
    """The instance's state, version and level, its history rows, and the whole history's length."""
    engine = create_engine(parse_url(server.database_url))
    with engine.connect() as connection:
        found = connection.execute(text(
            "SELECT i.id, i.state, i.version, i.level FROM instance i JOIN item t ON t.id = i.item_id "
            "JOIN organisation o ON o.id = i.org_id WHERE t.code = :item AND o.code = :org"
        ), {"item": item, "org": org}).one()  # fmt: skip
        rows = connection.execute(text("SELECT count(*) FROM history WHERE instance_id = :id"), {"id": found.id})
        total = connection.execute(text("SELECT count(*) FROM history"))
        result = Standing(found.state, found.version, found.level, rows.scalar_one(), total.scalar_one())
    engine.dispose()
    return result


def mails_to(server: LiveServer, address: str) -> int:
    """How many ``.eml`` files in the server's mail folder are addressed to ``address``."""
    return sum(address in path.read_text(errors="replace").lower() for path in server.mail_dir.glob("*.eml"))


@pytest.fixture(autouse=True)
def _fresh_request_window(server: LiveServer) -> None:
    """No link requests counted yet: as if the rate limits' quarter of an hour had passed."""
    engine = create_engine(parse_url(server.database_url))
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM sign_in_request"))
    engine.dispose()


def browser_of(server: LiveServer) -> httpx.Client:
    """A browser of its own with no cookies, following no redirects."""
    return httpx.Client(base_url=server.base_url, follow_redirects=False, timeout=30)


@pytest.fixture
def signed_in(server: LiveServer) -> Iterator[dict[str, httpx.Client]]:
    """Signed-in browsers by address, each signed in through its e-mailed link when first asked for."""

    class Browsers(dict[str, httpx.Client]):
        def __missing__(self, address: str) -> httpx.Client:
            self[address] = signed_in_client(server, address)
            return self[address]

    browsers = Browsers()
    yield browsers
    for browser in browsers.values():
        browser.close()


def step_form(browser: httpx.Client, item: str, org: str, event: str) -> tuple[str, dict[str, str]]:
    """The action and fields of the instance page's form for ``event``."""
    page = browser.get(f"/arende/{item}/{org}")
    assert page.status_code == 200, page.text
    action = f"/arende/{item}/{org}/{event}"
    return action, form_fields(page.text, action)


def csrf_of(browser: httpx.Client) -> str:
    """The session's csrf token: the one every form of Mina ärenden carries."""
    page = browser.get("/mina-arenden")
    assert page.status_code == 200, page.text
    [token] = {form["fields"]["csrf"] for form in page_forms(page.text) if "csrf" in form["fields"]}
    return str(token)


def alert(page: str) -> str:
    """The sentence of the page's ``<div role="alert" class="fel">``."""
    found = re.search(r'<div[^>]*role="alert"[^>]*>(.*?)</div>', page, re.DOTALL)
    assert found, page
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", found.group(1))).split())


def refusal_sentence(server: LiveServer, person: str, org: str, *values: str) -> str:
    """What the command line says when ``person`` declines ``ITEM`` at ``org`` (refused there too)."""
    sets = [arg for value in values for arg in ("--set", value)]
    done = kgflow(server.database_url, "--as", person, "advance", ITEM, org, "decline", *sets)
    assert done.returncode == 5, (done.returncode, done.stdout, done.stderr)
    return done.stderr.strip().removeprefix("kgflow: ")


# --- CSRF --------------------------------------------------------------------------------------------------


def test_a_step_form_without_its_csrf_token_is_refused(server: LiveServer, signed_in: dict[str, httpx.Client]) -> None:
    anna = signed_in["anna.johansson@ludvika.example"]  # Ludvika's kontaktperson
    action, fields = step_form(anna, ITEM, "ludvika", "decline")
    data = fields | {"reason": "Ingen möjlighet att svara"}
    before = standing(server, ITEM, "ludvika")
    without = {key: value for key, value in data.items() if key != "csrf"}
    for forged in (without, without | {"csrf": ""}, without | {"csrf": "0" * len(fields["csrf"])}):
        refused = anna.post(action, data=forged)
        assert refused.status_code == 403, refused.text
        assert "säkerhetskod" in alert(refused.text)
    assert standing(server, ITEM, "ludvika") == before
    taken = anna.post(action, data=data)  # the same form with its own token is taken: the token was all it lacked
    assert taken.status_code == 303, taken.text
    assert standing(server, ITEM, "ludvika").state == "declined"


def test_a_step_form_with_another_sessions_csrf_token_is_refused(
    server: LiveServer, signed_in: dict[str, httpx.Client]
) -> None:
    karin = signed_in["karin.berg@rattvik.example"]  # Rättvik's kontaktperson
    action, fields = step_form(karin, ITEM, "rattvik", "decline")
    again = signed_in_client(server, "karin.berg@rattvik.example")  # Karin herself, in another browser
    try:
        theirs = {csrf_of(again), csrf_of(signed_in["sofia.persson@leksand.example"])}
    finally:
        again.close()
    assert fields["csrf"] not in theirs
    before = standing(server, ITEM, "rattvik")
    for token in theirs:
        refused = karin.post(action, data=fields | {"csrf": token, "reason": "Ingen möjlighet att svara"})
        assert refused.status_code == 403, refused.text
    assert standing(server, ITEM, "rattvik") == before


def test_the_other_forms_without_their_csrf_token_are_refused(
    server: LiveServer, signed_in: dict[str, httpx.Client]
) -> None:
    """Asking for a link, pressing "Logga in", signing out and making an API key: each needs its token."""
    address = "linnea.oberg@orsa.example"  # Orsa's kontaktperson
    with browser_of(server) as stranger:
        stranger.get("/logga-in")  # the double-submit cookie is set; only the form's token is left out
        mails = mails_to(server, address)
        assert stranger.post("/logga-in", data={"email": address, "next": ""}).status_code == 403
        assert mails_to(server, address) == mails
    link = asked_link(server, address)
    with browser_of(server) as browser:
        assert browser.get(link).status_code == 200
        refused = browser.post(urlsplit(link).path, data={"next": "/mina-arenden"})
        assert refused.status_code == 403, refused.text
        assert "kgflow_session" not in browser.cookies
        assert press_sign_in(browser, link).status_code == 303  # the link was not spent by the refused press
        assert browser.post("/logga-ut", data={}).status_code == 403
        assert browser.get("/mina-arenden").status_code == 200  # still signed in
        assert browser.post("/api-nycklar", data={"label": "Skript"}).status_code == 403
        assert 'class="nyckel"' not in browser.get("/api-nycklar").text
        assert "Skript" not in browser.get("/api-nycklar").text


# --- another kommun's instance -----------------------------------------------------------------------------


def test_acting_on_another_kommuns_instance_by_editing_the_url_is_refused(
    server: LiveServer, signed_in: dict[str, httpx.Client]
) -> None:
    anna = signed_in[ANNA]
    fields = {"csrf": csrf_of(anna), "expect_state": "remiss", "ref": "", "note": "", "reason": "Vi svarar inte"}
    before = standing(server, ITEM, "borlange")
    refused = anna.post(f"/arende/{ITEM}/borlange/decline", data=fields)
    assert refused.status_code == 403, refused.text
    said = alert(refused.text)
    assert said == refusal_sentence(server, "anna.andersson", "borlange", "reason=Vi svarar inte")
    assert said.endswith(".")
    assert standing(server, ITEM, "borlange") == before


def test_acting_on_another_kommuns_instance_by_editing_the_form_is_refused(
    server: LiveServer, signed_in: dict[str, httpx.Client]
) -> None:
    """Her own form for Falun: its action is the one place naming the kommun, and every field is given Borlänge."""
    anna = signed_in[ANNA]
    action, fields = step_form(anna, ITEM, "falun", "decline")
    assert "falun" not in {value for key, value in fields.items() if key in ("csrf", "expect_state")}
    edited = fields | dict.fromkeys(("org", "organisation", "item_org"), "borlange") | {"reason": "Vi svarar inte"}
    before_borlange, before_falun = standing(server, ITEM, "borlange"), standing(server, ITEM, "falun")
    refused = anna.post(action.replace("/falun/", "/borlange/"), data=edited)
    assert refused.status_code == 403, refused.text
    assert alert(refused.text) == refusal_sentence(server, "anna.andersson", "borlange", "reason=Vi svarar inte")
    assert standing(server, ITEM, "borlange") == before_borlange
    assert standing(server, ITEM, "falun") == before_falun


# --- sign-in links -----------------------------------------------------------------------------------------


def press_sign_in(browser: httpx.Client, link: str) -> httpx.Response:
    """Open a sign-in link and press its one button, as a person would."""
    opened = browser.get(link)
    assert opened.status_code == 200, opened.text
    [form] = [f for f in page_forms(opened.text) if f["method"] == "post"]
    return browser.post(form["action"] or urlsplit(link).path, data=form["fields"])


def asked_link(server: LiveServer, address: str, next_path: str | None = None) -> str:
    """Ask for a sign-in link on the page (going on to ``next_path``) and read it from the e-mail."""
    with browser_of(server) as browser:
        page = browser.get("/logga-in", params={"next": next_path} if next_path else None)
        before = mails_in(server.mail_dir)
        sent = browser.post("/logga-in", data=form_fields(page.text, "/logga-in") | {"email": address})
        assert sent.status_code == 200, sent.text
    return latest_sign_in_link(server.mail_dir, to=address, besides=before)


def refused_sign_in(answer: httpx.Response, browser: httpx.Client) -> None:
    """A 400 page with the one sentence, and no session."""
    assert answer.status_code == 400, answer.text
    assert "kgflow_session" not in answer.headers.get("set-cookie", "")
    assert "kgflow_session" not in browser.cookies
    assert NOT_A_LINK in alert(answer.text)
    assert browser.get("/mina-arenden").status_code == 303


def test_a_sign_in_link_works_once(server: LiveServer) -> None:
    link = asked_link(server, ANNA)
    with browser_of(server) as first:
        signed = press_sign_in(first, link)
        assert signed.status_code == 303
        cookie = signed.headers["set-cookie"].lower()
        assert "kgflow_session=" in cookie
        assert "httponly" in cookie
        assert "samesite=lax" in cookie
        assert "secure" not in cookie  # plain http on 127.0.0.1; behind TLS, see the test below
        assert first.get("/mina-arenden").status_code == 200
    with browser_of(server) as second:
        refused_sign_in(press_sign_in(second, link), second)


def test_the_session_cookie_is_secure_behind_tls(server: LiveServer) -> None:
    """Through a TLS-ending proxy on 127.0.0.1 (the address ``kgflow serve`` trusts by default)."""
    link = asked_link(server, ANNA)
    tls = {"x-forwarded-proto": "https"}
    with browser_of(server) as browser:
        opened = browser.get(link, headers=tls)
        nonce = re.search(r"kgflow_csrf=([^;]+);[^,]*secure", opened.headers["set-cookie"], re.IGNORECASE)
        assert nonce, opened.headers["set-cookie"]  # the sign-in form's cookie is Secure too
        [form] = [f for f in page_forms(opened.text) if f["method"] == "post"]
        back = tls | {"cookie": f"kgflow_csrf={nonce.group(1)}"}  # as the browser sends it back over https
        signed = browser.post(form["action"], data=form["fields"], headers=back)
        assert signed.status_code == 303, signed.text
        cookie = signed.headers["set-cookie"].lower()
        assert "kgflow_session=" in cookie
        assert "secure" in cookie


def link_made_at(server: LiveServer, address: str, minutes_ago: int) -> str:
    """A sign-in link for ``address`` made through the sign-in service with its clock ``minutes_ago`` behind."""
    then = (datetime.now(UTC) - timedelta(minutes=minutes_ago)).astimezone(STOCKHOLM)
    app = application(server.database_url, FixedClock(then.date(), then.time()))
    try:
        issued = request_link(app.services, address, "tests")
    finally:
        app.close()
    assert issued is not None
    return f"{server.base_url}/logga-in/{issued.token}"


def test_an_expired_sign_in_link_is_refused(server: LiveServer) -> None:
    lifetime = int(rules.LINK_LIFETIME.total_seconds() // 60)
    with browser_of(server) as browser:
        refused_sign_in(press_sign_in(browser, link_made_at(server, ANNA, lifetime + 1)), browser)
    with browser_of(server) as browser:  # made the same way a minute within its lifetime, a link still works
        assert press_sign_in(browser, link_made_at(server, ANNA, lifetime - 1)).status_code == 303


def test_an_unknown_sign_in_link_is_refused(server: LiveServer) -> None:
    with browser_of(server) as browser:
        refused_sign_in(press_sign_in(browser, f"{server.base_url}/logga-in/{'A' * 43}"), browser)


ELSEWHERE = ["https://evil.example", "//evil.example/", "/\\evil.example", "https:evil.example", "\t//evil.example"]


@pytest.mark.parametrize("how", ["asked", "edited"])
@pytest.mark.parametrize("elsewhere", ELSEWHERE)
def test_signing_in_never_leads_off_the_site(server: LiveServer, elsewhere: str, how: str) -> None:
    """``next`` pointing elsewhere, asked for on the sign-in page or edited into a real link: a local page."""
    if how == "asked":
        link = asked_link(server, ANNA, next_path=elsewhere)
    else:
        link = asked_link(server, ANNA).split("?")[0] + "?" + urlencode({"next": elsewhere})
    with browser_of(server) as browser:
        landed = press_sign_in(browser, link)
        assert landed.status_code == 303
        where = landed.headers["location"]
        assert re.fullmatch(r"/[^/\\\s][^\\\s]*", where), where
        assert urlsplit(where).netloc == ""
        assert browser.get(where).status_code == 200


# --- flooding the link requests ----------------------------------------------------------------------------


def ask(browser: httpx.Client, address: str) -> httpx.Response:
    """Ask for a sign-in link for ``address`` from the sign-in page's form."""
    page = browser.get("/logga-in")
    return browser.post("/logga-in", data=form_fields(page.text, "/logga-in") | {"email": address})


def test_a_flood_of_link_requests_for_one_address_is_stopped(server: LiveServer) -> None:
    with browser_of(server) as browser:
        for _ in range(rules.PER_ADDRESS):
            assert ask(browser, ANNA).status_code == 200
        mails = mails_to(server, ANNA)
        stopped = ask(browser, ANNA)
        assert stopped.status_code == 429, stopped.text
        assert TOO_MANY in alert(stopped.text)
        assert mails_to(server, ANNA) == mails
        assert ask(browser, "bo.lund@borlange.example").status_code == 200  # the client is not stopped


def test_a_flood_of_link_requests_from_one_client_is_stopped(server: LiveServer) -> None:
    with browser_of(server) as browser:
        for n in range(rules.PER_CLIENT):
            assert ask(browser, f"ingen-{n}@example.invalid").status_code == 200
        mails = mails_to(server, ANNA)
        stopped = ask(browser, ANNA)  # an address not asked for yet: it is the client that is stopped
        assert stopped.status_code == 429, stopped.text
        assert TOO_MANY in alert(stopped.text)
        assert mails_to(server, ANNA) == mails


def without_tokens(answer: httpx.Response, typed: str) -> tuple[int, str, list[tuple[str, str]]]:
    """A response with its csrf tokens (the forms' and the double-submit cookie) and the address typed blanked out."""
    body = re.sub(r'(name="csrf" value=")[0-9a-f]+"', r'\1"', answer.text).replace(typed, "ADRESS")
    headers = [
        (key, re.sub(r"kgflow_csrf=[^;]*", "kgflow_csrf=", value))
        for key, value in answer.headers.multi_items()
        if key.lower() not in ("date", "content-length")
    ]
    return answer.status_code, body, headers


def test_asking_for_a_link_tells_nothing_about_the_address(server: LiveServer) -> None:
    unknown = "finns.inte@falun.example"
    with browser_of(server) as known_browser, browser_of(server) as unknown_browser:
        before = mails_to(server, ANNA)
        known, stranger = ask(known_browser, ANNA), ask(unknown_browser, unknown)
        assert known.status_code == stranger.status_code == 200
        assert without_tokens(known, ANNA) == without_tokens(stranger, unknown)
        assert mails_to(server, ANNA) == before + 1
        assert mails_to(server, unknown) == 0
        for _ in range(rules.PER_ADDRESS):  # and stopped alike
            ask(known_browser, ANNA)
            ask(unknown_browser, unknown)
        known, stranger = ask(known_browser, ANNA), ask(unknown_browser, unknown)
        assert known.status_code == stranger.status_code == 429
        assert without_tokens(known, ANNA) == without_tokens(stranger, unknown)


# --- what is stored and shown ------------------------------------------------------------------------------


SCRIPT = "<script>alert(1)</script>"


def shown_escaped(page: str, written: str) -> None:
    assert html.escape(written, quote=False) in page
    assert SCRIPT not in page
    assert "<script" not in page.lower()


def test_a_note_with_a_script_is_stored_as_text_and_shown_escaped(
    server: LiveServer, signed_in: dict[str, httpx.Client]
) -> None:
    alva = signed_in["alva.hassan@mora.example"]  # Mora's kontaktperson
    action, fields = step_form(alva, ITEM, "mora", "decline")
    refused = alva.post(action, data=fields | {"note": f"Utkast {SCRIPT}"})  # no reason: refused, form shown again
    assert refused.status_code == 422, refused.text
    shown_escaped(refused.text, f"Utkast {SCRIPT}")
    taken = alva.post(action, data=fields | {"reason": f"Skäl {SCRIPT}", "note": f"Anteckning {SCRIPT}"})
    assert taken.status_code == 303, taken.text
    done = kgflow(server.database_url, "history", ITEM, "mora", "--json")
    assert f'"note": "Anteckning {SCRIPT}"' in done.stdout
    page = alva.get(f"/arende/{ITEM}/mora")
    assert page.status_code == 200
    assert "script-src" not in page.headers["content-security-policy"]  # and no inline script would run anyway
    assert "default-src 'self'" in page.headers["content-security-policy"]
    shown_escaped(page.text, f"Anteckning {SCRIPT}")
    shown_escaped(page.text, f"Skäl {SCRIPT}")


# --- signing out -------------------------------------------------------------------------------------------


def test_a_session_cookie_replayed_after_signing_out_is_signed_out(server: LiveServer) -> None:
    hanna = signed_in_client(server, "hanna.axelsson@smedjebacken.example")  # Smedjebacken's kontaktperson
    try:
        action, fields = step_form(hanna, ITEM, "smedjebacken", "decline")
        cookie = hanna.cookies["kgflow_session"]
        out = hanna.post("/logga-ut", data={"csrf": fields["csrf"]})
        assert out.status_code == 303
        assert out.headers["location"] == SIGNED_OUT
    finally:
        hanna.close()
    before = standing(server, ITEM, "smedjebacken")
    with browser_of(server) as replay:
        replay.cookies.set("kgflow_session", cookie)
        page = replay.get("/mina-arenden")
        assert page.status_code == 303
        assert page.headers["location"] == f"{SIGNED_OUT}?next=/mina-arenden"
        assert replay.get("/api/v1/todo").status_code == 401
        posted = replay.post(action, data=fields | {"reason": "Gammal kaka"})
        assert posted.status_code == 303, posted.text
        assert posted.headers["location"] == f"{SIGNED_OUT}?next=/arende/{ITEM}/smedjebacken"  # the form's page
    assert standing(server, ITEM, "smedjebacken") == before


# --- the API -----------------------------------------------------------------------------------------------


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def decline(org: str) -> dict[str, object]:
    return {"item": ITEM, "org": org, "event": "decline", "values": {"reason": "Vi svarar inte"}}


def token_made_on_the_page(browser: httpx.Client) -> str:
    """A new API token from the API-nycklar page, where it is shown once."""
    page = browser.get("/api-nycklar")
    made = browser.post("/api-nycklar", data=form_fields(page.text, "/api-nycklar") | {"label": "Skript"})
    assert made.status_code == 200, made.text
    found = re.search(r'class="nyckel">([A-Za-z0-9_\-]+)<', made.text)
    assert found, made.text
    return found.group(1)


def revoke_forms(browser: httpx.Client) -> list[tuple[str, dict[str, str]]]:
    page = browser.get("/api-nycklar")
    return [(f["action"], f["fields"]) for f in page_forms(page.text) if f["action"].endswith("/aterkalla")]


def test_the_api_refuses_without_a_token(server: LiveServer) -> None:
    before = standing(server, ITEM, "gagnef")
    with browser_of(server) as stranger:
        for answer in (
            stranger.get("/api/v1/todo"),
            stranger.get("/api/v1/status", headers=bearer("nonsense")),
            stranger.post("/api/v1/advance", json=decline("gagnef")),
            stranger.post(
                "/api/v1/advance", json=decline("gagnef"), headers={"Authorization": "Basic bWFyaWE6aGVtbGlndA=="}
            ),
        ):
            assert answer.status_code == 401, answer.text
            assert set(answer.json()) == {"error"}
    assert standing(server, ITEM, "gagnef") == before


def test_a_revoked_api_token_is_refused(server: LiveServer, signed_in: dict[str, httpx.Client]) -> None:
    oskar = signed_in["oskar.aberg@gagnef.example"]  # Gagnef's kontaktperson
    token = token_made_on_the_page(oskar)
    with browser_of(server) as script:
        assert script.get("/api/v1/todo", headers=bearer(token)).status_code == 200
        [(action, fields)] = revoke_forms(oskar)
        assert oskar.post(action, data=fields).status_code == 303
        before = standing(server, ITEM, "gagnef")
        assert script.get("/api/v1/todo", headers=bearer(token)).status_code == 401
        refused = script.post("/api/v1/advance", json=decline("gagnef"), headers=bearer(token))
        assert refused.status_code == 401, refused.text
        assert set(refused.json()) == {"error"}
    assert standing(server, ITEM, "gagnef") == before


def test_someone_elses_api_token_cannot_be_revoked_by_editing_the_url(
    server: LiveServer, signed_in: dict[str, httpx.Client]
) -> None:
    per = signed_in["per.mohammed@sater.example"]  # Säter's kontaktperson
    token = token_made_on_the_page(per)
    [(action, _fields)] = revoke_forms(per)
    anna = signed_in[ANNA]
    refused = anna.post(action, data={"csrf": csrf_of(anna)})
    assert refused.status_code == 404, refused.text
    with browser_of(server) as script:
        assert script.get("/api/v1/todo", headers=bearer(token)).status_code == 200


def test_a_cookie_authenticated_post_to_the_api_is_refused(
    server: LiveServer, signed_in: dict[str, httpx.Client]
) -> None:
    anna = signed_in[ANNA]
    assert anna.get("/api/v1/todo").status_code == 200  # the session's cookie reads
    before = standing(server, ITEM, "falun")
    refused = anna.post("/api/v1/advance", json=decline("falun"))  # her own kommun, a step she may take
    assert refused.status_code == 403, refused.text
    assert set(refused.json()) == {"error"}
    assert standing(server, ITEM, "falun") == before


def test_a_persons_api_token_cannot_act_for_another_kommun(
    server: LiveServer, signed_in: dict[str, httpx.Client]
) -> None:
    token = token_made_on_the_page(signed_in[ANNA])
    before = standing(server, ITEM, "borlange")
    with browser_of(server) as script:
        refused = script.post("/api/v1/advance", json=decline("borlange"), headers=bearer(token))
    assert refused.status_code == 403, refused.text
    assert refused.json() == {"error": refusal_sentence(server, "anna.andersson", "borlange", "reason=Vi svarar inte")}
    assert standing(server, ITEM, "borlange") == before


def test_an_address_that_is_not_there_is_answered_in_swedish(server: LiveServer) -> None:
    with browser_of(server) as browser:
        page = browser.get("/finns-inte")
        assert page.status_code == 404
        assert "Det finns ingen sida med den adressen" in alert(page.text)
        api = browser.get("/api/v1/finns-inte")
        assert api.status_code == 404
        assert set(api.json()) == {"error"}
        wrong = browser.get(f"/arende/{ITEM}/falun/decline")  # a step's form address takes only POST
        assert wrong.status_code == 405
        assert "Adressen tar inte emot" in alert(wrong.text)
