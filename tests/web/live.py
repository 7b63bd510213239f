"""A real ``kgflow serve`` on 127.0.0.1 for the web tests, and signing in to it the way a person does.

:class:`LiveServer` runs ``python -m kgflow serve`` in a subprocess on a free
port, with its mail going to ``.eml`` files in a folder of its own, and waits
until ``GET /api/v1/health`` answers. :func:`sample_database` gives it the
Swedish sample: a SQLite file, or a region deployed on PostgreSQL with
``deploy/`` where the server connects with its own service login.
:func:`sign_in` walks the sign-in link from the ``.eml`` in a Playwright page
or an httpx client.
"""

from __future__ import annotations

import atexit
import email
import email.policy
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urljoin, urlsplit

from tests.processes import environment, kgflow

ROOT = Path(__file__).parents[2]
SCREENSHOTS = ROOT / "build" / "screenshots"
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

if TYPE_CHECKING:
    import httpx
    from playwright.sync_api import Page

READY_WITHIN = 30.0  # seconds for the server to answer its health check
POLL = 0.05  # seconds between health checks
MAIL_WAIT_SECONDS = 15.0  # how long a sign-in mail may take to arrive after the page has answered
LINK = re.compile(r"https?://[^\s<>\"']+/logga-in/[A-Za-z0-9_\-]+(?:\?[^\s<>\"']*)?")


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on now (the kernel's pick for port 0)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class LiveServer:
    """``kgflow serve --host 127.0.0.1 --port P`` in a subprocess, against one database.

    Use as a context manager (or :meth:`start` / :meth:`stop`). Its stdout and
    stderr go to ``log_path``; :meth:`log` reads them, and every failure to
    start says them.

    Attributes:
        database_url: The URL the server connects with (``KGFLOW_DATABASE_URL``).
        kind: ``"sqlite"`` or ``"postgresql"``, from the URL.
        mail_dir: Where its mails land as ``.eml`` files (``KGFLOW_MAIL_DIR``).
        base_url: ``http://127.0.0.1:P``, once started.
    """

    def __init__(
        self,
        database_url: str,
        mail_dir: Path,
        *,
        env: Mapping[str, str] | None = None,
        log_path: Path | None = None,
    ) -> None:
        self.database_url = database_url
        self.kind = "postgresql" if database_url.startswith("postgresql") else "sqlite"
        self.mail_dir = mail_dir
        self.extra_env = dict(env or {})
        self.log_path = log_path or mail_dir.parent / f"kgflow-serve-{mail_dir.name}.log"
        self.base_url = ""
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> LiveServer:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.stop()

    def url(self, path: str) -> str:
        """The absolute URL of a path on this server (``/mina-arenden`` → ``http://127.0.0.1:P/mina-arenden``)."""
        return self.base_url + path

    def log(self) -> str:
        """What the server has printed so far (stdout and stderr)."""
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return ""

    def start(self) -> LiveServer:
        """Start the server and return once it answers ``/api/v1/health`` (a port taken meanwhile: another try)."""
        self.mail_dir.mkdir(parents=True, exist_ok=True)
        for _ in range(3):
            port = free_port()
            self._spawn(port)
            if self._wait_ready():
                self.base_url = f"http://127.0.0.1:{port}"
                return self
            said = self.log()
            assert self.process is not None
            ended = self.process.poll()
            self.stop()
            if "address already in use" not in said.lower():
                how = f"ended with exit code {ended}" if ended is not None else f"was not ready within {READY_WITHIN} s"
                raise AssertionError(f"kgflow serve {how}; it said:\n{said}")
        raise AssertionError(f"kgflow serve found no free port in three tries; it said:\n{self.log()}")

    def _spawn(self, port: int) -> None:
        settings = {
            "KGFLOW_MAIL_DIR": str(self.mail_dir),
            "KGFLOW_LANGUAGE": "sv",
            "PYTHONUNBUFFERED": "1",
            **self.extra_env,
        }
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "kgflow", "serve", "--host", "127.0.0.1", "--port", str(port)],
                env=environment(self.database_url, extra=settings),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self._port = port

    def _wait_ready(self) -> bool:
        """Poll the health check until it answers 200, the process ends, or the deadline passes."""
        assert self.process is not None
        health = f"http://127.0.0.1:{self._port}/api/v1/health"
        deadline = time.monotonic() + READY_WITHIN
        pause = threading.Event()
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            try:
                with urllib.request.urlopen(health, timeout=2) as answer:
                    if answer.status == 200:
                        return True
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            pause.wait(POLL)
        return False

    def stop(self) -> None:
        """Terminate the server and wait for it (killed if it does not end within 10 s)."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.process = None


_templates: list[tempfile.TemporaryDirectory[str]] = []


def _sqlite_sample() -> Path:
    """``kgflow init --sample`` on a SQLite file, once per test process; each caller gets a copy."""
    if not _templates:
        folder = tempfile.TemporaryDirectory(prefix="kgflow-web-sample-")
        atexit.register(folder.cleanup)
        init = kgflow(f"sqlite:///{Path(folder.name) / 'kgflow.db'}", "init", "--sample")
        assert init.returncode == 0, init.stderr
        _templates.append(folder)
    return Path(_templates[0].name) / "kgflow.db"


@contextmanager
def sample_database(kind: str, tmp: Path) -> Iterator[str]:
    """The Swedish sample (``kgflow init --sample``) on ``kind``, as the URL the web server connects with.

    ``"sqlite"``: a file under ``tmp`` (a copy of one loaded once per test process). ``"postgresql"``: a region deployed with
    ``deploy/`` on ``KGFLOW_TEST_DATABASE_URL`` (roles and schema of its own,
    dropped afterwards); the URL logs in as the web server's service login, a
    member of ``kgflow_service``. The URL also serves the CLI's read commands
    (``kgflow --db URL history ITEM ORG --json``).
    """
    if kind == "sqlite":
        tmp.mkdir(parents=True, exist_ok=True)
        target = tmp / "kgflow.db"
        shutil.copyfile(_sqlite_sample(), target)
        yield f"sqlite:///{target}"
    elif kind == "postgresql":
        from tests.deployment import deployed_sample

        with deployed_sample() as deployment:
            yield deployment.web
    else:
        raise ValueError(f"no such backend {kind!r}: sqlite or postgresql")


def mails_in(mail_dir: Path) -> set[str]:
    """The names of the ``.eml`` files in ``mail_dir`` now: take it before asking for a link, to wait for the new one."""
    return {path.name for path in mail_dir.glob("*.eml")}


def latest_sign_in_link(mail_dir: Path, to: str | None = None, besides: set[str] | None = None) -> str:
    """The ``…/logga-in/TOKEN?next=…`` link of the newest ``.eml`` in ``mail_dir`` (to ``to``, if given).

    The server sends a link after it has answered (so that how long it takes tells nothing about the
    address); with ``besides`` (:func:`mails_in` before the request) this waits, a bounded while, for a
    mail that was not there then, as a person waits for the mail to arrive.
    """
    deadline = time.monotonic() + MAIL_WAIT_SECONDS
    while True:
        mails = []
        for path in mail_dir.glob("*.eml"):
            if besides is not None and path.name in besides:
                continue
            message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            if to is None or to.lower() in str(message.get("To", "")).lower():
                mails.append((path.stat().st_mtime_ns, path.name, message))
        if mails or besides is None or time.monotonic() > deadline:
            break
        time.sleep(POLL)  # the mail is on its way: look again (bounded by the deadline)
    names = sorted(p.name for p in mail_dir.iterdir()) if mail_dir.exists() else []
    assert mails, f"no new .eml{' to ' + to if to else ''} in {mail_dir}: {names}"
    message = max(mails, key=lambda found: found[:2])[2]
    body = message.get_body(preferencelist=("plain", "html"))
    assert body is not None, f"the newest mail in {mail_dir} has no text part"
    text = body.get_content()  # type: ignore[attr-defined]
    found = LINK.search(text)
    assert found, f"no sign-in link in the newest mail in {mail_dir}:\n{text}"
    return found.group(0).replace("&amp;", "&")


class Forms(HTMLParser):
    """The ``<form>`` elements of a page: their action, method and the values of their named inputs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, Any]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "form":
            self.forms.append({
                "action": attributes.get("action") or "",
                "method": (attributes.get("method") or "get").lower(),
                "fields": {},
            })  # fmt: skip
        elif tag in ("input", "button", "select", "textarea") and self.forms and attributes.get("name"):
            fields: dict[str, str] = self.forms[-1]["fields"]
            if tag == "input" and attributes.get("type") in ("checkbox", "radio") and "checked" not in attributes:
                return
            fields.setdefault(str(attributes["name"]), attributes.get("value") or "")


def page_forms(html: str) -> list[dict[str, Any]]:
    """Every form of a page as ``{"action", "method", "fields"}``, fields the values of its named controls."""
    parser = Forms()
    parser.feed(html)
    return parser.forms


def form_fields(html: str, action: str | None = None) -> dict[str, str]:
    """The named fields of the page's first form (posting to ``action``, if given), with their values."""
    forms = page_forms(html)
    for form in forms:
        if action is None or form["action"] == action:
            return dict(form["fields"])
    raise AssertionError(f"no form posting to {action!r} on the page; forms: {[f['action'] for f in forms]}")


def sign_in(page_or_client: Page | httpx.Client, server: LiveServer, address: str, next_path: str | None = None) -> Any:
    """Sign ``address`` in from the link in the ``.eml``, in a Playwright page or an httpx client.

    Asks for a link on ``/logga-in`` (with ``?next=next_path`` if given),
    reads it from the newest ``.eml`` to the address, opens it and presses
    "Logga in". A page ends where the link leads (``next_path``, else Mina
    ärenden); a client keeps the ``kgflow_session`` cookie. Returns what it was given.
    """
    if hasattr(page_or_client, "goto"):
        return _sign_in_page(page_or_client, server, address, next_path)  # type: ignore[arg-type]
    return _sign_in_client(page_or_client, server, address, next_path)  # type: ignore[arg-type]


def _sign_in_page(page: Page, server: LiveServer, address: str, next_path: str | None) -> Page:
    page.goto(server.url("/logga-in" + (f"?next={quote(next_path)}" if next_path else "")))
    page.get_by_label("E-postadress").fill(address)
    before = mails_in(server.mail_dir)
    with page.expect_navigation():
        page.get_by_role("button", name="Skicka inloggningslänk").click()
    assert "Om adressen finns hos oss har vi skickat en inloggningslänk" in page.content()
    page.goto(latest_sign_in_link(server.mail_dir, to=address, besides=before))
    with page.expect_navigation():
        page.get_by_role("button", name="Logga in").click()
    assert "/logga-in" not in urlsplit(page.url).path, f"still signing in at {page.url}"
    return page


def _sign_in_client(client: httpx.Client, server: LiveServer, address: str, next_path: str | None) -> httpx.Client:
    asked = client.get(server.url("/logga-in"), params={"next": next_path} if next_path else None)
    assert asked.status_code == 200, asked.text
    before = mails_in(server.mail_dir)
    sent = client.post(server.url("/logga-in"), data=form_fields(asked.text, "/logga-in") | {"email": address})
    assert sent.status_code == 200, sent.text
    link = latest_sign_in_link(server.mail_dir, to=address, besides=before)
    opened = client.get(link)
    assert opened.status_code == 200, opened.text
    [form] = [f for f in page_forms(opened.text) if f["method"] == "post" and "csrf" in f["fields"]
              and f["action"] != "/logga-ut"]  # fmt: skip
    done = client.post(urljoin(link, form["action"] or link), data=form["fields"])
    assert done.status_code == 303, (done.status_code, done.text)
    assert "kgflow_session" in client.cookies, "no session cookie after signing in"
    return client


def signed_in_client(server: LiveServer, address: str) -> httpx.Client:
    """A new httpx client (redirects not followed) signed in as ``address``; close it when done."""
    import httpx

    client = httpx.Client(base_url=server.base_url, follow_redirects=False, timeout=30)
    return _sign_in_client(client, server, address, None)


def screenshot(page: Page, name: str) -> Path:
    """Save the whole page as ``build/screenshots/web-NAME.png`` for a person to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOTS / f"web-{name}.png"
    page.screenshot(path=str(target), full_page=True)
    assert target.stat().st_size > 5_000, f"{target} is nearly empty"
    return target


def assert_accessible(page: Page, name: str) -> None:
    """Run the vendored axe-core on the page for WCAG 2.1 A and AA; fail listing every violation.

    Args:
        page: A Playwright page showing what to check.
        name: What the page is, for the failure message ("Mina ärenden").
    """
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # The pages' Content-Security-Policy (default-src 'self') refuses an inline script, rightly; so axe is
        # served from the page's own origin by the browser itself (page.route, from the vendored file) and
        # loaded as a script of the page. Nothing is fetched from anywhere else, and the policy stays on.
        parts = urlsplit(page.url)
        served = f"{parts.scheme}://{parts.netloc}/__tests__/axe.min.js"
        page.route(served, lambda route: route.fulfill(path=str(AXE), content_type="text/javascript"))
        page.add_script_tag(url=served)
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_21_AA,
    )
    violations = result["violations"]
    if violations:
        lines = [f"{name} ({page.url}): {len(violations)} WCAG 2.1 A/AA violations"]
        for violation in violations:
            lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>")
            for node in violation["nodes"][:10]:
                lines.append(f"    {' '.join(map(str, node['target']))}: {node.get('failureSummary', '').strip()}")
                lines.append(f"      {node['html'][:200]}")
        raise AssertionError("\n".join(lines))
