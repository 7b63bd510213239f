"""Upgrading a database made at the first schema revision, with data in it, loses nothing."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from kgflow.config import shipped_workflows
from kgflow.domain.plans import Draft
from kgflow.persistence import migrate
from kgflow.persistence.database import Database
from kgflow.service.audit import verify
from kgflow.service.plans import add_activity, show_plan
from kgflow.service.queries import history, status
from kgflow.testing import FixedClock, World, application
from tests.conftest import pg_schema, used_postgresql

FIRST = "0001"
ROWS = [
    "INSERT INTO organisation (id, code, name, kind, parent_id, path, municipality_code) VALUES "
    "(1, 'npo-psykisk-halsa', 'NPO psykisk hälsa', 'npo', NULL, '/1/', NULL), "
    "(2, 'rpo-norra', 'RPO Norra', 'rpo', 1, '/1/2/', NULL), "
    "(3, 'lpo-norrbotten', 'LPO Norrbotten', 'lpo', 2, '/1/2/3/', NULL), "
    "(4, 'kiruna', 'Kiruna', 'kommun', 3, '/1/2/3/4/', '2584')",
    "INSERT INTO person (id, code, name, email) VALUES (1, 'nora.lind', 'Nora Lind', 'nora@npo.example'), "
    "(2, 'kim.kiruna', 'Kim Kiruna', 'kim@kiruna.example')",
    "INSERT INTO role_assignment (person_id, org_id, role) VALUES (1, 1, 'samordnare'), (2, 4, 'kontaktperson')",
    "INSERT INTO item (id, code, kind, title, workflow, default_target_level, owner_org_id, created_at) VALUES "
    "(1, 'psvf-adhd', 'psvf', 'PSVF ADHD', 'nationellt-kunskapsstod', 2, 1, '2026-01-05 09:00:00')",
    "INSERT INTO item_version (id, item_id, number, status, workflow, workflow_version, created_at) VALUES "
    "(1, 1, 1, 'remiss', 'nationellt-kunskapsstod', 1, '2026-01-05 09:00:00')",
    "INSERT INTO instance (id, item_id, item_version_id, org_id, parent_id, workflow, workflow_version, state, "
    "level, target_level, due, late, version, updated_at) VALUES "
    "(1, 1, 1, 1, NULL, 'nationellt-kunskapsstod', 1, 'remiss', NULL, NULL, '2026-03-31', false, 2, '2026-01-06 09:00:00'), "
    "(2, 1, 1, 4, 1, 'nationellt-kunskapsstod', 1, 'answered', NULL, NULL, NULL, true, 2, '2026-02-20 10:00:00')",
    "INSERT INTO history (instance_id, item_version, at, actor, event, from_state, to_state, level, fields, note) VALUES "
    "(1, 1, '2026-01-05 09:00:00', 'nora.lind', 'add', NULL, 'draft', NULL, '{}', NULL), "
    "(1, 1, '2026-01-06 09:00:00', 'nora.lind', 'refer', 'draft', 'remiss', NULL, '{\"due\": \"2026-03-31\"}', NULL), "
    "(2, 1, '2026-01-06 09:00:00', 'nora.lind', 'refer', NULL, 'remiss', NULL, '{}', NULL), "
    "(2, 1, '2026-02-20 10:00:00', 'kim.kiruna', 'answer', 'remiss', 'answered', NULL, '{\"late\": true}', 'Sent')",
]


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database with no schema at all."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'old.db'}"
        return
    with pg_schema("kgflow_migrate", migrated=False) as url:
        used_postgresql(request)
        yield url


def test_upgrading_from_the_first_revision_keeps_everything(fresh_url: str) -> None:
    database = Database.from_url(fresh_url)
    migrate.upgrade(database, FIRST)
    assert migrate.current_revision(database) == FIRST
    source = (shipped_workflows() / "nationellt-kunskapsstod.yaml").read_text(encoding="utf-8")
    with database.engine.begin() as connection:
        for statement in ROWS:
            connection.execute(text(statement))
        connection.execute(
            text(
                "INSERT INTO workflow_definition (name, version, digest, source, registered_at) "
                "VALUES ('nationellt-kunskapsstod', 1, :digest, :source, '2026-01-05 09:00:00')"
            ),
            {"digest": hashlib.sha256(source.encode("utf-8")).hexdigest(), "source": source},
        )
    migrate.upgrade(database)
    assert migrate.current_revision(database) == migrate.head_revision()
    database.dispose()
    clock = FixedClock(date(2026, 2, 23))
    app = application(fresh_url, clock)
    try:
        world = World(app, clock, people={"Nora Lind": "nora.lind"}, coordinator="nora.lind")
        rows = {
            line.row.org: (line.row.state, line.row.due, line.row.late) for line in status(app.services, "psvf-adhd")
        }
        assert rows == {
            "npo-psykisk-halsa": ("remiss", date(2026, 3, 31), False),
            "kiruna": ("answered", None, True),
        }
        _, lines = history(app.services, "psvf-adhd", "kiruna")
        assert [(x.record.event, x.record.note, x.record.fields) for x in lines] == [
            ("refer", None, {}),
            ("answer", "Sent", {"late": True}),
        ]
        # The 4 transitions, and the upgrade's record of what was already there: 9 organisations, people,
        # roles and the workflow version — each of which verify now checks against the tables.
        assert verify(app.services).rows == 4 + 9
        world.advance("psvf-adhd", "npo-psykisk-halsa", "answer", "Nora Lind", ref="Sammanställt")
        assert verify(app.services).rows == 13 + 3  # the answer, and the closing of the remiss for both
        # Migration 0009: implementation plans, their activities recorded in the chain.
        secretary = world.person("Kim Kiruna", "sekreterare", "lpo-norrbotten")
        draft = Draft("Socialchefsnätverket", "Information om PSVF", "Möte", "Utvecklingsledare", "VT 2026")
        add_activity(app.services, "psvf-adhd", "lpo-norrbotten", draft, actor=secretary)
        [activity] = show_plan(app.services, "psvf-adhd", "lpo-norrbotten").activities
        assert (activity.number, activity.due) == (1, date(2026, 6, 30))
        assert verify(app.services).rows == 16 + 1 + 1  # the role, and the activity
    finally:
        app.close()
