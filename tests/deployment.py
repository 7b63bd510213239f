"""A region deployed on the test PostgreSQL server the way ``deploy/`` says, with names of its own.

Roles belong to the whole server, not to a schema, so every deployment gets
its own tag: ``kgflow_owner`` becomes ``kgflow_owner_1a2b3c4d``, the schema
``kgflow`` becomes ``kgflow_1a2b3c4d``. :func:`run_script` runs a deploy
script with those names; :func:`as_role` is the URL a given login connects
with. :func:`deployed_sample` does the README's whole setup (roles, ``kgflow
init --sample`` as the owner, grants) and drops it all again afterwards.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, text

from kgflow.persistence.database import parse_url
from tests.conftest import PG_URL
from tests.processes import kgflow

DEPLOY = Path(__file__).parents[1] / "deploy"


def run_script(url: str, name: str, names: dict[str, str]) -> None:
    """Run a deploy script with this test's own role and schema names (roles are shared by the whole server)."""
    script = "\n".join(
        line for line in (DEPLOY / name).read_text(encoding="utf-8").splitlines() if not line.startswith("--")
    )
    script = re.sub(r"\b(kgflow_[a-z]+|kgflow)\b", lambda m: names.get(m.group(1), m.group(1)), script)
    engine = create_engine(parse_url(url))
    with engine.begin() as connection:
        for statement in (s.strip() for s in script.split(";")):
            if statement:
                connection.execute(text(statement))
    engine.dispose()


def as_role(role: str, schema: str) -> str:
    """The test server's URL, logging in as ``role`` with ``schema`` first on the search path."""
    assert PG_URL is not None
    url = parse_url(PG_URL).set(username=role)
    return url.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)


def script_roles(name: str = "postgresql-roles.sql") -> list[str]:
    """The roles a deploy script creates, in the order it creates them."""
    return re.findall(r"^CREATE ROLE (kgflow_[a-z_]+)\b", (DEPLOY / name).read_text(encoding="utf-8"), re.MULTILINE)


@dataclass(frozen=True)
class Deployment:
    """A deployed region with the sample loaded: its tagged names and a URL per login."""

    names: dict[str, str]  # deploy/ name -> this deployment's name (roles and the schema "kgflow")
    schema: str
    owner: str  # kgflow_owner's URL: ran `kgflow init --sample`
    web: str  # the web server's own service login, a member of kgflow_service

    def url(self, role: str) -> str:
        """The URL of one of the deployment's roles by its deploy/ name (``kgflow_scheduler``)."""
        return as_role(self.names[role], self.schema)


@contextmanager
def deployed_sample(*, timeout: float = 600) -> Iterator[Deployment]:
    """deploy/postgresql-roles.sql, ``kgflow init --sample`` as the owner, deploy/postgresql-grants.sql.

    The web server connects as the script's ``kgflow_web``, its own login in ``kgflow_service``. Every role
    the script makes gets this deployment's tag; all of it is dropped afterwards.
    """
    assert PG_URL is not None, "deployed_sample() needs KGFLOW_TEST_DATABASE_URL"
    tag = uuid.uuid4().hex[:8]
    roles = script_roles()
    assert "kgflow_web" in roles, "deploy/postgresql-roles.sql makes no kgflow_web login for the web server"
    names = {role: f"{role}_{tag}" for role in roles} | {"kgflow": f"kgflow_{tag}"}
    schema = names["kgflow"]
    admin = create_engine(parse_url(PG_URL))
    try:
        run_script(PG_URL, "postgresql-roles.sql", names)
        owner = as_role(names["kgflow_owner"], schema)
        init = kgflow(owner, "init", "--sample", timeout=timeout)
        assert init.returncode == 0, init.stderr
        run_script(owner, "postgresql-grants.sql", names)
        yield Deployment(names=names, schema=schema, owner=owner, web=as_role(names["kgflow_web"], schema))
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            present = set(connection.execute(text("SELECT rolname FROM pg_roles")).scalars())
            for role in reversed(roles):
                if names[role] in present:
                    connection.execute(text(f'DROP OWNED BY "{names[role]}"'))
                    connection.execute(text(f'DROP ROLE "{names[role]}"'))
        admin.dispose()
