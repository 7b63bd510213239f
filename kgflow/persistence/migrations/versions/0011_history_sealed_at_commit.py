"""history sealed at commit on PostgreSQL: writers no longer queue behind each other's whole transaction

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07

The history trigger took the turn to append (an advisory lock, held to the
transaction's end) at a transaction's first history row, so a writer waited
for every writer before it to finish its whole transaction — reads, writes,
round trips and the commit's flush. Now:

- ``kgflow_history_stamp`` (BEFORE INSERT) still refuses a row written for
  someone else and stamps the login and the database's time, but leaves the
  row unsealed: ``seq``, ``prev_hash`` and ``hash`` empty.
- ``kgflow_history_seal`` (a constraint trigger deferred to COMMIT) takes the
  turn, reads the chain's head and seals the transaction's rows in the order
  they were written (by ``id``). The turn is held only while sealing and
  committing, so other writers do their work meanwhile.
- ``kgflow_history_append_only`` lets exactly that happen once — an unsealed
  row given its place in the chain, nothing else about it changed — and refuses
  every other UPDATE and every DELETE, as before.

Rows of other transactions are never seen unsealed (they are sealed before
they commit); an instance's rows keep their order, because a second writer of
the same instance waits for its row lock until the first has committed.
SQLite has one writer per file and chains in Python: nothing changes there.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

CHAINED = ("seq", "prev_hash", "hash")

# Who may write a row, as whom and at what time, as in 0005: a restore keeps its rows; anyone else's are stamped.
IDENTITY = """  IF current_setting('kgflow.restore', true) = 'on' THEN
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
"""

# Identity and time as in 0005; the chain is left to the seal.
STAMP = (
    """
CREATE OR REPLACE FUNCTION kgflow_history_stamp() RETURNS trigger
LANGUAGE plpgsql SET search_path = {schema} AS $$
DECLARE
  mine text;
BEGIN
"""
    + IDENTITY
    + """  NEW.scheme := 2;
  NEW.seq := NULL;
  NEW.prev_hash := NULL;
  NEW.hash := NULL;
  RETURN NEW;
END $$
"""
)

# The same content as kgflow.domain.audit.scheme2_content, built by the database, row after row.
SEAL = """
CREATE FUNCTION kgflow_history_seal() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {schema} AS $$
DECLARE
  head_seq integer;
  head_hash text;
  sealed text;
  r record;
  ids integer[] := ARRAY[]::integer[];
  seqs integer[] := ARRAY[]::integer[];
  previous text[] := ARRAY[]::text[];
  hashes text[] := ARRAY[]::text[];
BEGIN
  IF (SELECT h.seq FROM history h WHERE h.id = NEW.id) IS NOT NULL THEN
    RETURN NULL;  -- the seal that ran for an earlier row of this transaction sealed this one too
  END IF;
  PERFORM pg_advisory_xact_lock(7336122, hashtext(TG_TABLE_SCHEMA));
  SELECT h.seq, h.hash INTO head_seq, head_hash FROM history h WHERE h.seq IS NOT NULL ORDER BY h.seq DESC LIMIT 1;
  head_seq := coalesce(head_seq, 0);
  head_hash := coalesce(head_hash, repeat('0', 64));
  FOR r IN SELECT * FROM history h WHERE h.seq IS NULL ORDER BY h.id LOOP
    head_seq := head_seq + 1;
    sealed := encode(sha256(convert_to(concat_ws(';',
      kgflow_part('2'), kgflow_part(head_seq::text), kgflow_part(r.instance_id::text),
      kgflow_part(r.item_version::text),
      kgflow_part(to_char(r.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') || '+00:00'),
      kgflow_part(r.login), kgflow_part(r.actor), kgflow_part(r.event), kgflow_part(r.from_state),
      kgflow_part(r.to_state), kgflow_part(r.level::text), kgflow_part(r.target_level::text),
      kgflow_part(r.fields), kgflow_part(r.note), kgflow_part(head_hash)), 'UTF8')), 'hex');
    ids := ids || r.id;
    seqs := seqs || head_seq;
    previous := previous || head_hash;
    hashes := hashes || sealed;
    head_hash := sealed;
  END LOOP;
  -- One statement for the whole transaction's rows.
  UPDATE history h SET seq = u.seq, prev_hash = u.prev_hash, hash = u.hash
    FROM unnest(ids, seqs, previous, hashes) AS u(id, seq, prev_hash, hash) WHERE h.id = u.id;
  RETURN NULL;
END $$
"""

SEAL_TRIGGER = (
    "CREATE CONSTRAINT TRIGGER history_seal AFTER INSERT ON history DEFERRABLE INITIALLY DEFERRED "
    "FOR EACH ROW WHEN (NEW.seq IS NULL) EXECUTE FUNCTION kgflow_history_seal()"
)

APPEND_ONLY = """
CREATE OR REPLACE FUNCTION kgflow_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.seq IS NULL AND NEW.seq IS NOT NULL AND NEW.prev_hash IS NOT NULL
     AND NEW.hash IS NOT NULL
     AND (OLD.id, OLD.scheme, OLD.instance_id, OLD.item_version, OLD.at, OLD.login, OLD.actor, OLD.event,
          OLD.from_state, OLD.to_state, OLD.level, OLD.target_level, OLD.fields, OLD.note)
         IS NOT DISTINCT FROM
         (NEW.id, NEW.scheme, NEW.instance_id, NEW.item_version, NEW.at, NEW.login, NEW.actor, NEW.event,
          NEW.from_state, NEW.to_state, NEW.level, NEW.target_level, NEW.fields, NEW.note)
  THEN
    RETURN NEW;  -- an unsealed row given its place in the chain, once
  END IF;
  RAISE EXCEPTION 'history is append-only';
END $$
"""

APPEND_ONLY_BEFORE = """
CREATE OR REPLACE FUNCTION kgflow_history_append_only() RETURNS trigger LANGUAGE plpgsql AS
$$ BEGIN RAISE EXCEPTION 'history is append-only'; END $$
"""

# 0005's stamp with 0008's per-schema turn: the chain extended at insert, under the turn.
STAMP_BEFORE = (
    """
CREATE OR REPLACE FUNCTION kgflow_history_stamp() RETURNS trigger
LANGUAGE plpgsql SET search_path = {schema} AS $$
DECLARE
  mine text;
  head_seq integer;
  head_hash text;
  content text;
BEGIN
"""
    + IDENTITY
    + """  PERFORM pg_advisory_xact_lock(7336122, hashtext(TG_TABLE_SCHEMA));
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
)


def _schema() -> str:
    name = op.get_bind().execute(sa.text("SELECT current_schema()")).scalar_one()
    return '"' + str(name).replace('"', '""') + '"'


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    schema = _schema()
    for column in CHAINED:
        op.execute(f"ALTER TABLE history ALTER COLUMN {column} DROP NOT NULL")
    # Only the rows of a transaction not yet committed are ever in it.
    op.execute("CREATE INDEX ix_history_unsealed ON history (id) WHERE seq IS NULL")
    op.execute(STAMP.format(schema=schema))
    op.execute(SEAL.format(schema=schema))
    op.execute(SEAL_TRIGGER)
    op.execute(APPEND_ONLY)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    schema = _schema()
    op.execute(APPEND_ONLY_BEFORE)
    op.execute("DROP TRIGGER history_seal ON history")
    op.execute("DROP FUNCTION kgflow_history_seal()")
    op.execute(STAMP_BEFORE.format(schema=schema))
    op.execute("DROP INDEX ix_history_unsealed")
    for column in CHAINED:
        op.execute(f"ALTER TABLE history ALTER COLUMN {column} SET NOT NULL")
