"""The documented PostgreSQL setup: the application role may add history, never change or remove it."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from kgflow.persistence.database import parse_url
from tests.conftest import PG_URL
from tests.processes import kgflow

DEPLOY = Path(__file__).parents[2] / "deploy"


def run_script(url: str, name: str, names: dict[str, str]) -> None:
    """Run a deploy script with this test's own role and schema names (roles are shared by the whole server)."""
    script = (DEPLOY / name).read_text(encoding="utf-8")
    script = re.sub(r"\b(kgflow_owner|kgflow_app|kgflow)\b", lambda m: names[m.group(1)], script)
    engine = create_engine(parse_url(url))
    with engine.begin() as connection:
        for statement in (s.strip() for s in script.split(";")):
            body = "\n".join(line for line in statement.splitlines() if not line.startswith("--")).strip()
            if body:
                connection.execute(text(body))
    engine.dispose()


def as_role(role: str, schema: str) -> str:
    assert PG_URL is not None
    url = parse_url(PG_URL).set(username=role)
    return url.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)


@pytest.fixture
def roles(request: pytest.FixtureRequest) -> Iterator[dict[str, str]]:
    if not PG_URL:
        pytest.skip("PostgreSQL not configured (set KGFLOW_TEST_DATABASE_URL)")
    request.config._kgflow_pg_ran = getattr(request.config, "_kgflow_pg_ran", 0) + 1  # type: ignore[attr-defined]
    tag = uuid.uuid4().hex[:8]
    names = {"kgflow_owner": f"kgflow_owner_{tag}", "kgflow_app": f"kgflow_app_{tag}", "kgflow": f"kgflow_{tag}"}
    run_script(PG_URL, "postgresql-roles.sql", names)
    try:
        yield names
    finally:
        engine = create_engine(parse_url(PG_URL))
        with engine.begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{names["kgflow"]}" CASCADE'))
            for role in (names["kgflow_app"], names["kgflow_owner"]):
                connection.execute(text(f'DROP OWNED BY "{role}"'))
                connection.execute(text(f'DROP ROLE "{role}"'))
        engine.dispose()


def test_the_application_role_works_but_cannot_rewrite_history(roles: dict[str, str]) -> None:
    owner, app = as_role(roles["kgflow_owner"], roles["kgflow"]), as_role(roles["kgflow_app"], roles["kgflow"])
    assert make_url(owner).username == roles["kgflow_owner"]
    init = kgflow(owner, "init", "--sample", today="2026-11-27")
    assert init.returncode == 0, init.stderr
    run_script(owner, "postgresql-grants.sql", roles)
    answered = kgflow(app, "--as", "sara.eriksson", "advance", "psvf-sjalvskada", "avesta", "answer", "--ref", "KS 9",
                      today="2026-11-27")  # fmt: skip
    assert answered.returncode == 0, answered.stderr
    assert kgflow(app, "audit", "verify").returncode == 0
    engine = create_engine(parse_url(app))
    for statement in ("UPDATE history SET note = 'x' WHERE seq = 1", "DELETE FROM history WHERE seq = 1",
                      "TRUNCATE history", "ALTER TABLE history DISABLE TRIGGER ALL"):  # fmt: skip
        with pytest.raises(Exception, match=r"permission denied|must be owner"), engine.begin() as connection:
            connection.execute(text(statement))
    engine.dispose()
