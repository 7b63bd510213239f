"""The chain's main journeys in a real browser against a real ``kgflow serve``, on SQLite and PostgreSQL.

Headless Debian chromium (Playwright) walks what people do: Falun's contact
signs in from the link in her ``.eml`` and answers the remiss; the LPO
secretary compiles the LPO's answer with an override and a note; a refused
step shows its one Swedish sentence and changes nothing. What the pages say
is checked against the database through ``kgflow history --json``. Each test
acts on instances of its own, so the module's shared server serves them all;
screenshots go to ``build/screenshots/web-*.png`` for a person to look at.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

import pytest

from tests.processes import kgflow
from tests.web.live import (
    LiveServer,
    assert_accessible,
    form_fields,
    latest_sign_in_link,
    mails_in,
    screenshot,
    sign_in,
    signed_in_client,
)

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Locator, Page

ITEM = "vip-skadligt-bruk"  # its version 2 is on remiss at every Dalarna kommun and unit of the sample
# The refusals are tried on another remiss: once the LPO has compiled ITEM's answer (the second journey, which
# runs after Falun's in file order), its kommuner can no longer answer ITEM at all. VIP Psykisk ohälsa hos äldre
# is on remiss through LPO äldres hälsa, Region Dalarna, to the same kommuner.
OTHER = "vip-psykisk-ohalsa-aldre"
ANNA = "anna.andersson@falun.example"
SARA = "sara.ek@lpo-dalarna.example"


# The sample's contacts (kgflow person list --org lpo-dalarna --role kontaktperson).
CONTACTS = {
    "borlange": "bo.lund@borlange.example",
    "rattvik": "karin.berg@rattvik.example",
    "avesta": "klara.forsberg@avesta.example",
    "falun-socialtjanst": "ali.pettersson@falun-socialtjanst.example",
    "falun-elevhalsa": "elsa.berg@falun-elevhalsa.example",
}


def history(page: Page, server: LiveServer, org: str, item: str = ITEM) -> list[dict[str, Any]]:
    """The instance's history from the JSON API, as the signed-in person of the page's browser profile."""
    answer = page.request.get(server.url(f"/api/v1/history/{item}/{org}"))
    assert answer.status == 200, answer.text()
    rows: list[dict[str, Any]] = answer.json()
    return rows


def state(page: Page, server: LiveServer, org: str, item: str = ITEM) -> str:
    """Where the instance stands, from the JSON API's status."""
    answer = page.request.get(server.url("/api/v1/status"), params={"item": item, "org": org})
    assert answer.status == 200, answer.text()
    [row] = [r for r in answer.json() if r["org"] == org]
    return str(row["state"])


def cli_history(server: LiveServer, org: str, item: str) -> list[dict[str, Any]]:
    """The instance's history as ``kgflow history ITEM ORG --json`` reads it from the server's database."""
    done = kgflow(server.database_url, "history", item, org, "--json")
    assert done.returncode == 0, done.stderr
    rows: list[dict[str, Any]] = json.loads(done.stdout)
    return rows


def step_form(page: Page, org: str, event: str, item: str = ITEM) -> Locator:
    """The page's form for one step of one instance."""
    form = page.locator(f'form[action="/arende/{item}/{org}/{event}"]')
    assert form.count() == 1, f"{form.count()} forms for {event} at {org} on {page.url}"
    folded = page.locator("details.steg").filter(has=form)
    if folded.count() and not folded.evaluate("d => d.open"):
        folded.locator("summary").click()  # Mina ärenden folds each step's form under its name
    return form


def step_form_count(page: Page, org: str, item: str = ITEM) -> int:
    """How many step forms the page offers for the instance."""
    return page.locator(f'form[action^="/arende/{item}/{org}/"]').count()


def submit(page: Page, form: Locator) -> int:
    """Press the form's submit button and return the HTTP status of the page it leads to."""
    with page.expect_navigation() as navigation:
        form.locator('[type="submit"]').click()
    response = navigation.value
    assert response is not None
    return response.status


def history_rows(page: Page) -> list[str]:
    """The text of each row of the page's history table (its body, without the header)."""
    rows = page.locator("table.historik tbody tr")
    return [" ".join(text.split()) for text in rows.all_inner_texts()]


def refusal(page: Page) -> str:
    """The page's one refusal, as shown in its ``role="alert"``: Swedish, a capital first and a full stop last."""
    alert = page.get_by_role("alert")
    assert alert.count() == 1, f"{alert.count()} alerts on {page.url}"
    said = " ".join(alert.inner_text().split())
    assert re.fullmatch(r"[A-ZÅÄÖ'].*[.!?]", said), f"not a sentence: {said!r}"
    return said


def answer_by_form(server: LiveServer, org: str, ref: str) -> None:
    """The organisation's contact answers the remiss from the instance page's form (httpx, as a browser posts)."""
    client = signed_in_client(server, CONTACTS[org])
    try:
        action = f"/arende/{ITEM}/{org}/answer"
        shown = client.get(f"/arende/{ITEM}/{org}")
        assert shown.status_code == 200, shown.text
        done = client.post(action, data=form_fields(shown.text, action) | {"ref": ref})
        assert done.status_code == 303, done.text
    finally:
        client.close()


@pytest.fixture
def shots(server: LiveServer) -> bool:
    """Whether this test takes the screenshots (once, on SQLite; the pages are the same on PostgreSQL)."""
    return server.kind == "sqlite"


def test_falun_answers_the_remiss_from_the_link_in_her_mail(server: LiveServer, page: Page, shots: bool) -> None:
    # Falun answers for its units too (R4): Socialförvaltningen and Elevhälsan have answered first.
    for unit in ("falun-socialtjanst", "falun-elevhalsa"):
        answer_by_form(server, unit, f"Dnr {unit} 2026:5")
    page.goto(server.url("/mina-arenden"))
    assert "/logga-in" in page.url, "Mina ärenden showed without signing in"
    assert page.locator("html").get_attribute("lang") == "sv"
    if shots:
        screenshot(page, "logga-in")
    page.get_by_label("E-postadress").fill(ANNA)
    before = mails_in(server.mail_dir)
    with page.expect_navigation():
        page.get_by_role("button", name="Skicka inloggningslänk").click()
    assert "Om adressen finns hos oss har vi skickat en inloggningslänk" in page.inner_text("main")
    if shots:
        screenshot(page, "logga-in-skickad")

    link = latest_sign_in_link(server.mail_dir, to=ANNA, besides=before)
    assert link.startswith(server.base_url + "/logga-in/")
    page.goto(link)
    if shots:
        screenshot(page, "logga-in-lank")
    with page.expect_navigation():
        page.get_by_role("button", name="Logga in").click()
    assert page.url.split("?")[0].endswith("/mina-arenden")
    assert "Mina ärenden" in page.locator("h1").inner_text()
    assert "Anna Andersson" in page.locator("header").inner_text()
    if shots:
        screenshot(page, "mina-arenden")
    before = history(page, server, "falun")

    section = page.locator("section.arende").filter(has=page.locator(f'a[href="/arende/{ITEM}/falun"]'))
    assert section.count() == 1
    assert "På remiss" in section.inner_text()
    form = step_form(page, "falun", "answer")
    form.get_by_label("Referens").fill("KS 2026/117")
    assert submit(page, form) == 200
    assert page.url == server.url(f"/arende/{ITEM}/falun?klart=answer")
    assert page.get_by_role("status").inner_text().strip()
    if shots:
        screenshot(page, "arende-klart")

    after = history(page, server, "falun")
    assert len(after) == len(before) + 1
    assert (after[-1]["event"], after[-1]["actor"], after[-1]["fields"].get("ref")) == (
        "answer", "anna.andersson", "KS 2026/117",
    )  # fmt: skip
    assert state(page, server, "falun") == "answered"
    rows = history_rows(page)
    assert len(rows) == len(after)
    assert any("KS 2026/117" in row for row in rows), rows
    assert step_form_count(page, "falun") == 0  # answered: nothing more for her to do here


def test_the_lpo_secretary_compiles_the_answer_with_an_override_and_a_note(
    server: LiveServer, page: Page, shots: bool
) -> None:
    sign_in(page, server, SARA)
    before = history(page, server, "lpo-dalarna")
    assert "Sara Ek" in page.locator("header").inner_text()
    if shots:
        screenshot(page, "mina-arenden-sekreterare")
    # Of her 44 steps, those at her own LPO come first: the compiled answer is on Mina ärenden as it opens.
    section = page.locator("section.arende").filter(has=page.locator(f'a[href="/arende/{ITEM}/lpo-dalarna"]'))
    assert section.count() == 1
    assert page.get_by_role("heading", name="Vid dina organisationer").count() == 1
    form = step_form(page, "lpo-dalarna", "answer")
    assert form.locator('input[name="force"]').count() == 1  # the override is offered where the event allows it

    # Without the override: refused, the children have not all answered, nothing recorded.
    form.get_by_label("Referens").fill("LPO-2026-7")
    assert submit(page, form) == 409
    assert "har varken svarat eller avstått" in refusal(page)
    assert history(page, server, "lpo-dalarna") == before
    if shots:
        screenshot(page, "arende-vagrat")

    note = "Sammanställt med inkomna svar; övriga kommuner har inte svarat."
    form = step_form(page, "lpo-dalarna", "answer")
    form.get_by_label("Referens").fill("LPO-2026-7")
    form.locator('input[name="force"]').check()
    form.get_by_label("Anteckning").fill(note)
    assert submit(page, form) == 200
    assert page.url == server.url(f"/arende/{ITEM}/lpo-dalarna?klart=answer")
    assert page.get_by_role("status").inner_text().strip()

    after = history(page, server, "lpo-dalarna")
    assert len(after) == len(before) + 1
    last = after[-1]
    assert (last["event"], last["actor"], last["note"], last["fields"].get("forced")) == (
        "answer", "sara.ek", note, True,
    )  # fmt: skip
    assert state(page, server, "lpo-dalarna") == "answered"
    rows = history_rows(page)
    assert len(rows) == len(after)
    assert any(note in row for row in rows), rows


def test_a_stale_form_is_refused_and_changes_nothing(server: LiveServer, context: BrowserContext) -> None:
    # Borlänge's contact has the instance open in two tabs and answers in one; the other tab's form is stale.
    first = sign_in(context.new_page(), server, CONTACTS["borlange"], f"/arende/{OTHER}/borlange")
    assert first.url == server.url(f"/arende/{OTHER}/borlange")
    stale = step_form(first, "borlange", "answer", OTHER)
    assert stale.locator('input[name="expect_state"]').get_attribute("value") == "remiss"

    second = context.new_page()
    second.goto(server.url(f"/arende/{OTHER}/borlange"))
    form = step_form(second, "borlange", "answer", OTHER)
    form.get_by_label("Referens").fill("KS 2026/40")
    assert submit(second, form) == 200
    answered = history(first, server, "borlange", OTHER)
    assert answered[-1]["event"] == "answer"

    stale.get_by_label("Referens").fill("KS 2026/41")
    assert submit(first, stale) == 409
    assert "Remissvar lämnat" in refusal(first)  # what it is now, in words, not the workflow's key
    assert history(first, server, "borlange", OTHER) == answered
    assert state(first, server, "borlange", OTHER) == "answered"
    rows = history_rows(first)
    assert len(rows) == len(answered)
    assert not any("KS 2026/41" in row for row in rows)
    assert cli_history(server, "borlange", OTHER) == answered  # the database, read apart from the server
    assert step_form_count(first, "borlange", OTHER) == 0  # the re-rendered page offers what can be done now: nothing


def test_an_answer_without_its_reference_is_refused_and_changes_nothing(server: LiveServer, page: Page) -> None:
    sign_in(page, server, CONTACTS["rattvik"], f"/arende/{OTHER}/rattvik")
    before = history(page, server, "rattvik", OTHER)
    rows_before = history_rows(page)
    form = step_form(page, "rattvik", "answer", OTHER)
    # What an old browser, or a script, sends: the required reference left out (the browser would stop it first).
    form.evaluate("f => f.querySelectorAll('[required]').forEach(e => e.removeAttribute('required'))")
    form.get_by_label("Referens").fill("")
    status = submit(page, form)
    assert status in (409, 422), status
    assert "Lämna remissvar" in refusal(page)
    assert history(page, server, "rattvik", OTHER) == before
    assert state(page, server, "rattvik", OTHER) == "remiss"
    assert history_rows(page) == rows_before
    assert cli_history(server, "rattvik", OTHER) == before  # the database, read apart from the server
    assert step_form_count(page, "rattvik", OTHER) >= 1  # still there to try again


def test_a_refusal_on_a_page_names_no_command_line_flags(server: LiveServer, page: Page) -> None:
    sign_in(page, server, CONTACTS["avesta"], f"/arende/{OTHER}/avesta")
    form = step_form(page, "avesta", "answer", OTHER)
    form.evaluate("f => f.querySelectorAll('[required]').forEach(e => e.removeAttribute('required'))")
    assert submit(page, form) in (409, 422)
    said = refusal(page)
    assert "--" not in said, f"a command-line flag in a web page's sentence: {said!r}"


PLAN = "/plan/psvf-schizofreni-tidigt/lpo-ostergotland"  # seed 000's aktivitetslista, in the sample
KARIN = "karin.jansson@lpo-ostergotland.example"  # LPO Östergötland's sekreterare


def plan_rows(page: Page) -> list[str]:
    """The text of each activity row of the plan page."""
    return [" ".join(text.split()) for text in page.locator("table.plan tbody tr").all_inner_texts()]


def test_the_lpo_secretary_marks_an_activity_of_the_plan_done_on_its_page(
    server: LiveServer, page: Page, shots: bool
) -> None:
    sign_in(page, server, KARIN)
    page.goto(server.url(PLAN))
    assert page.get_by_role("heading", level=1).inner_text() == "Implementerings- och kommunikationsplan"
    [late] = [row for row in plan_rows(page) if "VT 2023" in row]
    assert "Rehab verksamhetschefer" in late
    assert "planerad (försenad)" in late
    number = late.split()[0]
    if shots:
        screenshot(page, "plan")
        assert_accessible(page, "Implementeringsplanen")
    form = page.locator(f'form[action="{PLAN}/{number}"]')
    form.get_by_label(f"Status för aktivitet {number}").select_option(label="genomförd")
    form.get_by_label("Anteckning").fill("Genomfört på chefsmötet i maj")
    assert submit(page, form) == 200
    assert page.get_by_role("status").inner_text() == f"Klart: aktivitet {number} är markerad."
    [done] = [row for row in plan_rows(page) if "VT 2023" in row]
    assert "genomförd" in done
    assert "försenad" not in done
    assert "Genomfört på chefsmötet i maj" in done
    shown = kgflow(
        server.database_url, "plan", "show", "psvf-schizofreni-tidigt", "--lpo", "lpo-ostergotland", "--json"
    )
    assert shown.returncode == 0, shown.stderr
    [stored] = [a for a in json.loads(shown.stdout) if a["number"] == int(number)]
    assert (stored["status"], stored["note"]) == ("done", "Genomfört på chefsmötet i maj")


def test_a_contact_person_may_not_mark_the_lpos_plan_and_nothing_changes(server: LiveServer) -> None:
    client = signed_in_client(server, "anders.svensson@vadstena.example")
    try:
        shown = client.get(PLAN)
        assert shown.status_code == 200, shown.text
        action = f"{PLAN}/1"
        refused = client.post(action, data=form_fields(shown.text, action) | {"status": "done"})
        assert refused.status_code == 403, refused.text
        assert 'role="alert"' in refused.text
        again = client.get(PLAN)
        assert again.text.count("genomförd</option>") == again.text.count("<tr id=")  # every select offers it
        assert "Klart:" not in again.text
    finally:
        client.close()
    done = kgflow(server.database_url, "plan", "show", "psvf-schizofreni-tidigt", "--lpo", "lpo-ostergotland", "--json")
    [first] = [a for a in json.loads(done.stdout) if a["number"] == 1]
    assert first["status"] == "planned"
