"""Fixtures shared by every test: real databases, SQLite always and PostgreSQL when configured.

``database_url`` is parametrized over both backends. PostgreSQL runs when
``KGFLOW_TEST_DATABASE_URL`` points at a server; each test session gets its
own schema, and each test starts from empty tables. Under ``CI=true`` a
missing PostgreSQL is an error, not a skip.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from pytest_bdd.reporting import ReportContext, test_report_context_registry
from sqlalchemy import create_engine, text

from kgflow.config import shipped_notifications
from kgflow.notify.render import JinjaRenderer
from kgflow.notify.smtp import SmtpTransport
from kgflow.persistence import migrate
from kgflow.persistence.database import Database, parse_url
from kgflow.persistence.tables import metadata
from kgflow.service.mail import Mail
from kgflow.testing import FixedClock, World, application, small_chain
from tests.smtp import SmtpServer

PG_URL = os.environ.get("KGFLOW_TEST_DATABASE_URL")
IN_CI = os.environ.get("CI", "").lower() == "true"
BACKENDS = ["sqlite", "postgresql"]


def pytest_configure(config: pytest.Config) -> None:
    # pytest-bdd writes the living documentation's results to --cucumberjson (build/cucumber.json from
    # pyproject.toml's addopts, relative to where pytest runs) but does not create the folder: on a fresh
    # clone, or run from tests/, the run would end in FileNotFoundError.
    results = config.getoption("cucumber_json_path", default=None)
    if results:
        Path(results).absolute().parent.mkdir(parents=True, exist_ok=True)
    if IN_CI and not PG_URL:
        raise pytest.UsageError("CI=true but KGFLOW_TEST_DATABASE_URL is not set: the PostgreSQL leg would be skipped.")


POSTGRESQL_RAN = ("kgflow", "ran on PostgreSQL")


@pytest.fixture(scope="session", autouse=True)
def _definition_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Commands under test keep their validated workflows in a folder of the test run, not the user's cache."""
    before = os.environ.get("KGFLOW_CACHE_DIR")
    os.environ["KGFLOW_CACHE_DIR"] = str(tmp_path_factory.mktemp("definition-cache"))
    yield
    if before is None:
        del os.environ["KGFLOW_CACHE_DIR"]
    else:
        os.environ["KGFLOW_CACHE_DIR"] = before


def used_postgresql(request: pytest.FixtureRequest) -> None:
    """Record on the test's report that it ran on PostgreSQL (reports reach the xdist controller, counters do not)."""
    request.node.user_properties.append(POSTGRESQL_RAN)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    # Runs where the reports end up: in the one process, or in the xdist controller for every worker's tests.
    if report.when != "call":
        return
    _ran["tests"] += 1
    if any(tuple(prop) == POSTGRESQL_RAN for prop in report.user_properties):
        _ran["postgresql"] += 1


_ran = {"tests": 0, "postgresql": 0}


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if hasattr(session.config, "workerinput"):
        return  # an xdist worker: the controller sees every report and checks
    if IN_CI and _ran["tests"] and _ran["postgresql"] == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        print("\nCI=true but no PostgreSQL test ran.")


# pytest-bdd keeps each scenario's report data in a registry keyed by the report object, which xdist does not
# carry from a worker to the controller; without this the controller's build/cucumber.json would be empty.
_BDD_KEY = "kgflow_bdd_scenario"


@pytest.hookimpl(hookwrapper=True)
def pytest_report_to_serializable(config: pytest.Config, report: pytest.TestReport) -> Iterator[None]:
    outcome = yield
    data = outcome.get_result()
    context = test_report_context_registry.get(report)  # type: ignore[call-overload]
    if isinstance(data, dict) and context is not None:
        data[_BDD_KEY] = {"scenario": context.scenario, "name": context.name}


@pytest.hookimpl(hookwrapper=True)
def pytest_report_from_serializable(config: pytest.Config, data: dict[str, object]) -> Iterator[None]:
    context = data.pop(_BDD_KEY, None)
    outcome = yield
    report = outcome.get_result()
    if isinstance(context, dict) and isinstance(report, pytest.TestReport):
        test_report_context_registry[report] = ReportContext(scenario=context["scenario"], name=context["name"])


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file, copied for each test."""
    path = tmp_path_factory.mktemp("template") / "kgflow.db"
    database = Database.from_url(f"sqlite:///{path}")
    migrate.upgrade(database)
    database.dispose()
    return path


def _with_search_path(url: str, schema: str) -> str:
    parsed = parse_url(url)
    return parsed.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)


@contextmanager
def pg_schema(prefix: str, *, migrated: bool) -> Iterator[str]:
    """A PostgreSQL schema of its own (dropped afterwards), as a URL."""
    if not PG_URL:
        pytest.skip("PostgreSQL not configured (set KGFLOW_TEST_DATABASE_URL)")
    schema = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = create_engine(parse_url(PG_URL))
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = _with_search_path(PG_URL, schema)
    if migrated:
        database = Database.from_url(url)
        migrate.upgrade(database)
        database.dispose()
    try:
        yield url
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(scope="session")
def pg_schema_url() -> Iterator[str]:
    """A fresh, migrated PostgreSQL schema for this session."""
    with pg_schema("kgflow_test", migrated=True) as url:
        yield url


def empty_pg(url: str) -> None:
    """Empty every kgflow table of the schema, restarting ids, and undo what tamper tests did to triggers."""
    engine = create_engine(parse_url(url))
    names = ", ".join(f'"{table.name}"' for table in metadata.sorted_tables)
    with engine.begin() as connection:
        extra = connection.execute(text(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = 'history'::regclass "
            "AND NOT tgisinternal AND tgname NOT IN ('history_append_only', 'history_stamp', 'history_seal')"
        )).scalars().all()  # fmt: skip
        for name in extra:
            connection.execute(text(f'DROP TRIGGER "{name}" ON history'))
        connection.execute(text("DROP FUNCTION IF EXISTS refuse_history()"))
        connection.execute(text("ALTER TABLE history ENABLE TRIGGER history_append_only"))
        connection.execute(text("ALTER TABLE history ENABLE TRIGGER history_stamp"))
        connection.execute(text("ALTER TABLE history ENABLE TRIGGER history_seal"))
        connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path) -> str:
    """An empty, migrated database on each backend."""
    if request.param == "sqlite":
        target = tmp_path / "kgflow.db"
        shutil.copy(sqlite_template, target)
        return f"sqlite:///{target}"
    url: str = request.getfixturevalue("pg_schema_url")
    empty_pg(url)
    used_postgresql(request)
    return url


@pytest.fixture
def clock() -> FixedClock:
    """A clock standing at Monday 2027-02-01, 10:00 in Stockholm."""
    return FixedClock(date(2027, 2, 1))


@pytest.fixture
def world(database_url: str, clock: FixedClock) -> Iterator[World]:
    """The small chain of :func:`kgflow.testing.small_chain` on each backend."""
    app = application(database_url, clock)
    try:
        yield small_chain(World(app, clock))
    finally:
        app.close()


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    """A real SMTP server on 127.0.0.1 that records what it accepts."""
    server = SmtpServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def smtp_mail(world: World, smtp_server: SmtpServer) -> Mail:
    """kgflow's mail adapters pointed at the test SMTP server, on the world's clock."""
    return Mail(
        renderer=JinjaRenderer(shipped_notifications(), "sv"),
        transport=SmtpTransport(
            smtp_server.host, smtp_server.port, "none", "kgflow@lpo.example.se", now=world.clock.now
        ),
        sender_domain="lpo.example.se",
    )
