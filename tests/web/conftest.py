"""Fixtures for the web tests: one real server per test module and backend, one headless Chromium per module.

``server`` is module-scoped and parametrized over SQLite and PostgreSQL: a
server start and a sample load take seconds, so each module shares its server
and its tests take care to act on instances of their own. A module that needs
only one backend says so with ``pytest.mark.parametrize("server", ["sqlite"],
indirect=True, scope="module")``. ``browser`` is Debian's ``chromium`` driven
by Playwright; without it the browser tests are skipped, and ``.ci/run``
installs it. When a test fails, what the server printed meanwhile is added
to its report.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from tests.conftest import BACKENDS, used_postgresql
from tests.web.live import LiveServer, sample_database

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module", params=BACKENDS)
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """``kgflow serve`` on the Swedish sample, for one module on one backend (``server.kind`` names it)."""
    kind: str = request.param
    folder = tmp_path_factory.mktemp(f"web-{kind}")
    with sample_database(kind, folder / "db") as url, LiveServer(url, folder / "mail") as live:
        yield live


@pytest.fixture(autouse=True)
def _backend_recorded(request: pytest.FixtureRequest) -> None:
    """Mark a test that used the PostgreSQL server as having run on PostgreSQL (CI counts them)."""
    if "server" in request.fixturenames and request.getfixturevalue("server").kind == "postgresql":
        used_postgresql(request)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report: pytest.TestReport = outcome.get_result()
    if report.failed and isinstance(item, pytest.Function):
        live = item.funcargs.get("server")
        if isinstance(live, LiveServer):
            report.sections.append(("kgflow serve", live.log()[-20_000:]))


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Headless Debian chromium through Playwright, one per module (no browser download)."""
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed (Debian: apt-get install chromium); .ci/run installs it")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is in the test extras")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    """A fresh browser profile (no cookies) for one test, Swedish and 1280 px wide."""
    made = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    made.set_default_timeout(15_000)
    try:
        yield made
    finally:
        made.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    """A tab in the test's own profile."""
    return context.new_page()
