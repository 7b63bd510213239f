"""identity from the database login, administrative records in the chain

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01

- ``person.login``: the database role a person logs in as (PostgreSQL).
- ``access_role``: which group roles are kgflow's administrators and services.
- ``history`` gains ``login``, ``target_level`` and ``scheme`` (the hash format,
  :mod:`kgflow.domain.audit`; rows written before stay in scheme 1 and still
  verify), and may hold administrative rows without an instance.
- PostgreSQL: a trigger stamps every new history row with the database login,
  the database's time (unless an administrator states one) and extends the
  chain itself, refusing a row written for someone else.
- Organisations, people, roles and workflow versions already in the database
  are recorded in the chain once, so ``audit verify`` can vouch for them.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from kgflow.domain import records
from kgflow.domain.audit import GENESIS, ChainRow, expected_hash

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

SQLITE_TRIGGERS = [
    "CREATE TRIGGER history_no_update BEFORE UPDATE ON history "
    "BEGIN SELECT RAISE(ABORT, 'history is append-only'); END",
    "CREATE TRIGGER history_no_delete BEFORE DELETE ON history "
    "BEGIN SELECT RAISE(ABORT, 'history is append-only'); END",
]

PRIVILEGED = """
CREATE FUNCTION kgflow_privileged(purpose text) RETURNS boolean
LANGUAGE plpgsql STABLE SET search_path = {schema} AS $$
BEGIN
  IF purpose = 'admin' AND (
       EXISTS (SELECT 1 FROM pg_roles WHERE rolname = session_user AND rolsuper)
       OR pg_has_role(session_user, (SELECT relowner FROM pg_class WHERE oid = 'history'::regclass), 'MEMBER'))
  THEN
    RETURN true;
  END IF;
  RETURN EXISTS (
    SELECT 1 FROM access_role a JOIN pg_roles r ON r.rolname = a.role_name
    WHERE a.purpose = kgflow_privileged.purpose AND pg_has_role(session_user, r.oid, 'MEMBER'));
END $$
"""

PART = """
CREATE FUNCTION kgflow_part(value text) RETURNS text LANGUAGE sql IMMUTABLE AS
$$ SELECT CASE WHEN value IS NULL THEN '~' ELSE length(value)::text || ':' || value END $$
"""

# The same content as kgflow.domain.audit.scheme2_content, built by the database.
STAMP = """
CREATE FUNCTION kgflow_history_stamp() RETURNS trigger
LANGUAGE plpgsql SET search_path = {schema} AS $$
DECLARE
  mine text;
  head_seq integer;
  head_hash text;
  content text;
BEGIN
  IF current_setting('kgflow.restore', true) = 'on' THEN
    IF NOT kgflow_privileged('admin') THEN
      RAISE EXCEPTION 'only a kgflow administrator may restore history' USING ERRCODE = '42501';
    END IF;
    RETURN NEW;
  END IF;
  IF NOT kgflow_privileged('admin') THEN
    IF NOT kgflow_privileged('service') THEN
      SELECT code INTO mine FROM person WHERE login = session_user;
      IF mine IS NULL THEN
        RAISE EXCEPTION 'the database login % belongs to nobody in kgflow', session_user USING ERRCODE = '42501';
      END IF;
      IF NEW.actor IS DISTINCT FROM mine THEN
        RAISE EXCEPTION 'the database login % may act only as %, not as %', session_user, mine, NEW.actor
          USING ERRCODE = '42501';
      END IF;
    END IF;
    NEW.at := now();
  END IF;
  NEW.login := session_user;
  PERFORM pg_advisory_xact_lock(7336122);
  SELECT h.seq, h.hash INTO head_seq, head_hash FROM history h ORDER BY h.seq DESC LIMIT 1;
  NEW.seq := coalesce(head_seq, 0) + 1;
  NEW.prev_hash := coalesce(head_hash, repeat('0', 64));
  NEW.scheme := 2;
  content := concat_ws(';',
    kgflow_part('2'), kgflow_part(NEW.seq::text), kgflow_part(NEW.instance_id::text),
    kgflow_part(NEW.item_version::text),
    kgflow_part(to_char(NEW.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') || '+00:00'),
    kgflow_part(NEW.login), kgflow_part(NEW.actor), kgflow_part(NEW.event), kgflow_part(NEW.from_state),
    kgflow_part(NEW.to_state), kgflow_part(NEW.level::text), kgflow_part(NEW.target_level::text),
    kgflow_part(NEW.fields), kgflow_part(NEW.note), kgflow_part(NEW.prev_hash));
  NEW.hash := encode(sha256(convert_to(content, 'UTF8')), 'hex');
  RETURN NEW;
END $$
"""

POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS history_stamp ON history",
    "DROP FUNCTION IF EXISTS kgflow_history_stamp()",
    "DROP FUNCTION IF EXISTS kgflow_part(text)",
    "DROP FUNCTION IF EXISTS kgflow_privileged(text)",
]


def _facts(connection: sa.Connection) -> list[tuple[str, dict[str, object]]]:
    """Everything administrative already in the database, as facts to record."""
    org = sa.table("organisation", *(sa.column(n) for n in ("id", "code", "name", "kind", "parent_id",
                                                             "municipality_code")))  # fmt: skip
    person = sa.table("person", *(sa.column(n) for n in ("id", "code", "name", "email", "login")))
    role = sa.table("role_assignment", *(sa.column(n) for n in ("person_id", "org_id", "role")))
    workflow = sa.table("workflow_definition", *(sa.column(n) for n in ("name", "version", "digest")))
    orgs = {row.id: row for row in connection.execute(sa.select(org).order_by(org.c.id))}
    people = {row.id: row for row in connection.execute(sa.select(person).order_by(person.c.id))}
    facts: list[tuple[str, dict[str, object]]] = []
    for row in orgs.values():
        parent = orgs[row.parent_id].code if row.parent_id in orgs else None
        facts.append((records.ORGANISATION, records.organisation_fact(row.code, row.name, row.kind, parent,
                                                                      row.municipality_code)))  # fmt: skip
    for row in people.values():
        facts.append((records.PERSON, records.person_fact(row.code, row.name, row.email, row.login)))
    for row in connection.execute(sa.select(role).order_by(role.c.person_id, role.c.org_id, role.c.role)):
        facts.append((records.ROLE_GRANTED, records.role_fact(people[row.person_id].code, orgs[row.org_id].code,
                                                              row.role)))  # fmt: skip
    for row in connection.execute(sa.select(workflow).order_by(workflow.c.name, workflow.c.version)):
        facts.append((records.WORKFLOW, records.workflow_fact(row.name, row.version, row.digest)))
    return facts


def _record_existing(connection: sa.Connection) -> None:
    history = sa.table("history", sa.column("at", sa.DateTime(timezone=True)),
                       *(sa.column(n) for n in ("seq", "prev_hash", "hash", "scheme", "actor", "event", "fields",
                                                "note")))  # fmt: skip
    facts = _facts(connection)
    if not facts:
        return
    head = connection.execute(sa.select(history.c.seq, history.c.hash).order_by(history.c.seq.desc()).limit(1)).first()
    seq, previous = (head.seq, head.hash) if head else (0, GENESIS)
    now = datetime.now(UTC)
    note = "recorded when kgflow was upgraded"
    rows = []
    for event, fact in facts:
        seq += 1
        fields = json.dumps(fact, ensure_ascii=False, sort_keys=True)
        row = ChainRow(seq, None, None, now, "kgflow", event, None, None, None, fields, note, previous, "")
        digest = expected_hash(row)
        rows.append({"seq": seq, "prev_hash": previous, "hash": digest, "scheme": 2, "at": now, "actor": "kgflow",
                     "event": event, "fields": fields, "note": note})  # fmt: skip
        previous = digest
    connection.execute(sa.insert(history), rows)


def upgrade() -> None:
    connection = op.get_bind()
    sqlite = connection.dialect.name == "sqlite"
    op.create_table(
        "access_role",
        sa.Column("purpose", sa.String(length=16), nullable=False),
        sa.Column("role_name", sa.String(length=63), nullable=False),
        sa.PrimaryKeyConstraint("purpose", "role_name"),
    )
    # A plain ADD COLUMN and a unique index: SQLite could not rebuild a table others refer to.
    op.add_column("person", sa.Column("login", sa.String(length=63), nullable=True))
    op.create_index("ix_person_login", "person", ["login"], unique=True)
    if sqlite:
        op.execute("DROP TRIGGER history_no_update")
        op.execute("DROP TRIGGER history_no_delete")
    with op.batch_alter_table("history", schema=None) as batch_op:
        batch_op.add_column(sa.Column("scheme", sa.Integer(), nullable=False, server_default="1"))
        batch_op.add_column(sa.Column("login", sa.String(length=63), nullable=True))
        batch_op.add_column(sa.Column("target_level", sa.Integer(), nullable=True))
        batch_op.alter_column("instance_id", existing_type=sa.Integer(), nullable=True)
        batch_op.alter_column("item_version", existing_type=sa.Integer(), nullable=True)
        batch_op.alter_column("to_state", existing_type=sa.String(length=40), nullable=True)
    # Administrative rows are written in scheme 2 by Python here (the trigger below does not exist yet).
    _record_existing(connection)
    if sqlite:
        for statement in SQLITE_TRIGGERS:
            op.execute(statement)
        return
    schema = connection.execute(sa.text("SELECT current_schema()")).scalar_one()
    quoted = '"' + schema.replace('"', '""') + '"'
    op.execute(PRIVILEGED.format(schema=quoted))
    op.execute(PART)
    op.execute(STAMP.format(schema=quoted))
    op.execute(
        "CREATE TRIGGER history_stamp BEFORE INSERT ON history FOR EACH ROW EXECUTE FUNCTION kgflow_history_stamp()"
    )


def downgrade() -> None:
    connection = op.get_bind()
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        op.execute("DROP TRIGGER history_no_update")
        op.execute("DROP TRIGGER history_no_delete")
    else:
        for statement in POSTGRES_DROP:
            op.execute(statement)
        op.execute("ALTER TABLE history DISABLE TRIGGER history_append_only")
    op.execute("DELETE FROM history WHERE instance_id IS NULL")
    with op.batch_alter_table("history", schema=None) as batch_op:
        batch_op.drop_column("target_level")
        batch_op.drop_column("login")
        batch_op.drop_column("scheme")
        batch_op.alter_column("instance_id", existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column("item_version", existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column("to_state", existing_type=sa.String(length=40), nullable=False)
    if sqlite:
        for statement in SQLITE_TRIGGERS:
            op.execute(statement)
    else:
        op.execute("ALTER TABLE history ENABLE TRIGGER history_append_only")
    op.drop_index("ix_person_login", table_name="person")
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_column("login")
    op.drop_table("access_role")
