"""WCAG 2.1 AA on every page type of ``kgflow serve``, checked with axe-core in a real browser, and the keyboard.

Swedish public-sector services must meet WCAG 2.1 AA (lagen om
tillgänglighet till digital offentlig service). The vendored axe-core
(``tests/web/vendor/axe-core``) runs its WCAG 2.1 A and AA rules on each page
type: zero violations. Beyond what axe sees: the skip link is the first Tab
stop and leads into ``<main>``, every form control has a name a screen reader
reads, and the page says its language. The markup does not depend on the
database, so this module runs on SQLite only; the journeys run on both.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from tests.web.live import LiveServer, assert_accessible, latest_sign_in_link, mails_in, screenshot, sign_in

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.parametrize("server", ["sqlite"], indirect=True, scope="module")

ITEM = "vip-skadligt-bruk"  # on remiss (version 2): LPO Dalarna has a compiled answer to give
SARA = "sara.ek@lpo-dalarna.example"

# The page types a signed-in LPO secretary opens: (name for messages and screenshots, path).
PAGES = [
    pytest.param("mina-arenden", "/mina-arenden", id="mina-arenden"),
    pytest.param("arende", f"/arende/{ITEM}/lpo-dalarna", id="arende"),
    pytest.param("organisation", "/organisation/lpo-dalarna", id="organisation"),
    pytest.param("kunskapsstod", f"/kunskapsstod/{ITEM}", id="kunskapsstod"),
    pytest.param("oversikt", "/oversikt", id="oversikt"),
    pytest.param("oversikt-filtrerad", "/oversikt?lpo=lpo-dalarna&kind=kommun", id="oversikt-filtrerad"),
    pytest.param("api-nycklar", "/api-nycklar", id="api-nycklar"),
    pytest.param("dokumentation", "/dokumentation/", id="dokumentation"),
]

# A control's accessible name as a screen reader would announce it (aria-labelledby, aria-label, its label,
# a wrapping label, a button's text or value, title), for every control a person can reach.
UNNAMED_CONTROLS = """() => {
  const text = (el) => (el ? el.textContent : '').replace(/\\s+/g, ' ').trim();
  const name = (el) => {
    const by = el.getAttribute('aria-labelledby');
    if (by) return by.split(/\\s+/).map((id) => text(document.getElementById(id))).join(' ').trim();
    if ((el.getAttribute('aria-label') || '').trim()) return el.getAttribute('aria-label').trim();
    const labels = Array.from(el.labels || []).map(text).join(' ').trim();
    if (labels) return labels;
    if (el.tagName === 'BUTTON') return text(el);
    if (el.tagName === 'INPUT' && ['submit', 'button', 'reset'].includes(el.type)) return (el.value || '').trim();
    return (el.getAttribute('title') || '').trim();
  };
  return Array.from(document.querySelectorAll('input:not([type=hidden]), select, textarea, button'))
    .filter((el) => !name(el))
    .map((el) => el.outerHTML.slice(0, 160));
}"""


@pytest.fixture(scope="module")
def secretary(browser: Browser, server: LiveServer) -> Iterator[Page]:
    """One signed-in tab for the module: Sara Ek, LPO Dalarna's secretary, who may see every page type."""
    context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    try:
        yield sign_in(context.new_page(), server, SARA)
    finally:
        context.close()


def test_the_sign_in_pages_are_accessible(server: LiveServer, page: Page) -> None:
    page.goto(server.url("/logga-in"))
    assert_accessible(page, "Logga in")
    page.get_by_label("E-postadress").fill(SARA)
    before = mails_in(server.mail_dir)
    with page.expect_navigation():
        page.get_by_role("button", name="Skicka inloggningslänk").click()
    assert_accessible(page, "Länken skickad")
    page.goto(latest_sign_in_link(server.mail_dir, to=SARA, besides=before))
    assert page.get_by_role("button", name="Logga in").count() == 1
    assert_accessible(page, "Bekräfta inloggningslänken")


def test_a_used_link_says_so_accessibly(server: LiveServer, page: Page) -> None:
    sign_in(page, server, SARA)
    used = latest_sign_in_link(server.mail_dir, to=SARA)
    page.context.clear_cookies()
    page.goto(used)
    if page.get_by_role("button", name="Logga in").count():
        with page.expect_navigation() as navigation:
            page.get_by_role("button", name="Logga in").click()
        assert navigation.value is not None
        assert navigation.value.status == 400
    assert_accessible(page, "Använd inloggningslänk")


@pytest.mark.parametrize(("name", "path"), PAGES)
def test_each_page_type_has_no_wcag_21_aa_violations(secretary: Page, server: LiveServer, name: str, path: str) -> None:
    response = secretary.goto(server.url(path))
    assert response is not None
    assert response.status == 200, f"{path}: {response.status}"
    assert secretary.locator("html").get_attribute("lang") == "sv"
    assert secretary.locator("h1").count() == 1
    assert secretary.locator("main").count() == 1
    if name != "dokumentation":  # the living documentation is its own static site, with its own header
        assert secretary.locator("main#innehall").count() == 1
    if name in ("arende", "organisation", "kunskapsstod", "oversikt", "api-nycklar", "dokumentation"):
        screenshot(secretary, name)
    assert_accessible(secretary, name)
    assert secretary.evaluate(UNNAMED_CONTROLS) == []


def test_a_refusal_shown_on_the_instance_page_is_accessible(secretary: Page, server: LiveServer) -> None:
    # The LPO's compiled answer before its children answered, without the override: refused, nothing changed.
    secretary.goto(server.url(f"/arende/{ITEM}/lpo-dalarna"))
    form = secretary.locator(f'form[action="/arende/{ITEM}/lpo-dalarna/answer"]')
    form.get_by_label("Referens").fill("LPO-2026-9")
    with secretary.expect_navigation() as navigation:
        form.locator('[type="submit"]').click()
    assert navigation.value is not None
    assert navigation.value.status == 409
    alert = secretary.get_by_role("alert")
    assert alert.count() == 1
    assert alert.inner_text().strip()
    assert_accessible(secretary, "Ärende med vägran")
    assert secretary.evaluate(UNNAMED_CONTROLS) == []


def test_a_new_api_token_shown_once_is_accessible(secretary: Page, server: LiveServer) -> None:
    secretary.goto(server.url("/api-nycklar"))
    forms = secretary.locator('form[method="post"]').filter(has=secretary.locator('input[type="text"]'))
    assert forms.count() >= 1, "no form to create an API token"
    forms.first.locator('input[type="text"]').first.fill("Regionens uppföljningsskript")
    with secretary.expect_navigation():
        forms.first.locator('[type="submit"]').click()
    assert "Regionens uppföljningsskript" in secretary.inner_text("main")
    assert_accessible(secretary, "Ny API-nyckel")
    screenshot(secretary, "api-nycklar-ny")


def assert_skip_link_first(page: Page) -> None:
    """The first Tab stop is the skip link to ``#innehall``, and following it leads into ``<main>``."""
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    page.keyboard.press("Tab")
    first = page.evaluate(
        "() => ({tag: document.activeElement.tagName, href: document.activeElement.getAttribute('href'), "
        "text: document.activeElement.textContent.trim()})"
    )
    assert first["tag"] == "A", f"{page.url}: the first Tab stop is {first}"
    assert first["href"] == "#innehall", f"{page.url}: the first Tab stop is {first}"
    assert first["text"], f"{page.url}: the skip link has no text"
    page.keyboard.press("Enter")
    if not page.evaluate("() => document.activeElement.id === 'innehall'"):
        # Without tabindex=-1 on <main> the browser moves only the Tab starting point: the next Tab must land inside.
        page.keyboard.press("Tab")
        assert page.evaluate("() => document.getElementById('innehall').contains(document.activeElement)"), (
            f"{page.url}: after the skip link, Tab did not land inside <main id=innehall>"
        )


def test_the_skip_link_is_the_first_tab_stop_when_signed_out(server: LiveServer, page: Page) -> None:
    page.goto(server.url("/logga-in"))
    assert_skip_link_first(page)


@pytest.mark.parametrize("path", ["/mina-arenden", f"/arende/{ITEM}/lpo-dalarna", "/oversikt"])
def test_the_skip_link_is_the_first_tab_stop_when_signed_in(secretary: Page, server: LiveServer, path: str) -> None:
    secretary.goto(server.url(path))
    assert_skip_link_first(secretary)


def test_the_english_choice_says_lang_en_and_back(browser: Browser, secretary: Page, server: LiveServer) -> None:
    # The language is the visitor's choice, from the link in every page's header; the same session, in English.
    context = browser.new_context()
    try:
        context.add_cookies(secretary.context.cookies())
        page = context.new_page()
        page.goto(server.url("/mina-arenden"))
        assert page.locator("html").get_attribute("lang") == "sv"
        with page.expect_navigation():
            page.get_by_role("link", name="In English").click()
        assert page.url == server.url("/mina-arenden")
        assert page.locator("html").get_attribute("lang") == "en"
        assert page.locator("main#innehall").count() == 1
        assert_accessible(page, "Mina ärenden in English")
        assert page.evaluate(UNNAMED_CONTROLS) == []
        page.goto(server.url("/logga-in"))
        assert page.locator("html").get_attribute("lang") == "en"
        assert_accessible(page, "the sign-in page in English")
        with page.expect_navigation():
            page.get_by_role("link", name="På svenska").click()
        assert page.locator("html").get_attribute("lang") == "sv"
    finally:
        context.close()
