"""The tables, as SQLAlchemy Core ``Table`` objects; Alembic migrations are written against them.

Only :mod:`kgflow.persistence` sees them. Repositories translate rows into the
frozen values of :mod:`kgflow.domain.model` and write set-based statements on
these tables. They are plain Core, not ORM classes: nothing maps rows to
objects, and a command does not pay for an ORM layer it never uses at start-up.
Column defaults (``default=``) are filled in by SQLAlchemy on insert, as before;
the schema itself is what the migrations make.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

_UTC = DateTime(timezone=True)
"""Every moment is stored with its time zone (UTC)."""

metadata = MetaData()
"""Every kgflow table."""


organisation = Table(
    "organisation",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(80), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("kind", String(16), nullable=False, index=True),
    Column("parent_id", Integer, ForeignKey("organisation.id"), index=True),
    Column("path", String(400), nullable=False, index=True),
    Column("municipality_code", String(4), unique=True),
    Column("area", String(80), index=True),
    Column("lan", String(2), index=True),
    Column("short_name", String(200)),
    Column("decides_for", String(40)),
    Column("routes", Text),
)
"""A node of the chain; ``path`` is ``/root-id/.../own-id/`` along the first parents, ``routes`` every way up.

``routes`` lists, space separated, one path per way from a root down to the
organisation (primary first): a kommun under the LPOs of six programområden
has six, Region Halland's kommuner twelve. Subtree and authority checks use
it; ``path`` orders the tree."""

organisation_link = Table(
    "organisation_link",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("org_id", Integer, ForeignKey("organisation.id"), nullable=False),
    Column("parent_id", Integer, ForeignKey("organisation.id"), nullable=False, index=True),
    UniqueConstraint("org_id", "parent_id", name="uq_organisation_link"),
)
"""A further parent of an organisation beyond ``parent_id`` (a huvudman under every LPO of its län)."""

person = Table(
    "person",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(80), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("email", String(254), nullable=False),
    Column("login", String(63), unique=True, index=True),
)
"""Someone who acts and receives notices."""

role_assignment = Table(
    "role_assignment",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("person_id", Integer, ForeignKey("person.id"), nullable=False, index=True),
    Column("org_id", Integer, ForeignKey("organisation.id"), nullable=False, index=True),
    Column("role", String(40), nullable=False),
    UniqueConstraint("person_id", "org_id", "role"),
)
"""A person holds a role at an organisation."""

workflow_definition = Table(
    "workflow_definition",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(80), nullable=False),
    Column("version", Integer, nullable=False),
    Column("digest", String(64), nullable=False),
    Column("source", Text, nullable=False),
    Column("registered_at", _UTC, nullable=False),
    UniqueConstraint("name", "version"),
)
"""The exact text of every workflow version ever used, so old instances keep it."""

item = Table(
    "item",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(80), nullable=False, unique=True),
    Column("kind", String(20), nullable=False),
    Column("title", String(300), nullable=False),
    Column("workflow", String(80), nullable=False),
    Column("default_target_level", Integer, nullable=False, default=2),
    Column("owner_org_id", Integer, ForeignKey("organisation.id")),
    Column("area", String(80)),
    Column("created_at", _UTC, nullable=False),
)
"""A knowledge-support item."""

item_version = Table(
    "item_version",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("item_id", Integer, ForeignKey("item.id"), nullable=False, index=True),
    Column("number", Integer, nullable=False),
    Column("status", String(20), nullable=False),
    Column("workflow", String(80), nullable=False),
    Column("workflow_version", Integer, nullable=False),
    Column("adopted_on", Date),
    Column("adoption_ref", String(200)),
    Column("created_at", _UTC, nullable=False),
    UniqueConstraint("item_id", "number"),
)
"""One version of an item."""

instance = Table(
    "instance",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("item_id", Integer, ForeignKey("item.id"), nullable=False, index=True),
    Column("item_version_id", Integer, ForeignKey("item_version.id"), nullable=False),
    Column("org_id", Integer, ForeignKey("organisation.id"), nullable=False, index=True),
    Column("parent_id", Integer, ForeignKey("instance.id"), index=True),
    Column("workflow", String(80), nullable=False),
    Column("workflow_version", Integer, nullable=False),
    Column("state", String(40), nullable=False),
    Column("level", Integer),
    Column("target_level", Integer),
    Column("due", Date),
    Column("late", Boolean, nullable=False, default=False),
    Column("priority", String(16)),
    Column("held_since", Date),
    Column("review_on", Date),
    Column("version", Integer, nullable=False, default=1),
    Column("updated_at", _UTC, nullable=False),
    UniqueConstraint("item_id", "org_id"),
    Index("ix_instance_state_due", "state", "due"),
)
"""Where one organisation stands on one item; ``version`` is the optimistic lock."""

history = Table(
    "history",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("seq", Integer, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    Column("scheme", Integer, nullable=False, default=1),
    Column("instance_id", Integer, ForeignKey("instance.id"), index=True),
    Column("item_version", Integer),
    Column("at", _UTC, nullable=False),
    Column("login", String(63)),
    Column("actor", String(80), nullable=False),
    Column("event", String(40), nullable=False),
    Column("from_state", String(40)),
    Column("to_state", String(40)),
    Column("level", Integer),
    Column("target_level", Integer),
    Column("fields", Text, nullable=False),
    Column("note", Text),
    UniqueConstraint("seq", name="uq_history_seq"),
    UniqueConstraint("prev_hash", name="uq_history_prev_hash"),
)
"""One transition of one instance, or one administrative fact: append-only and hash-chained (R12).

``seq`` is gapless; ``hash`` covers the row's canonical content (in its
``scheme``) and ``prev_hash``, the hash of row ``seq - 1``; each previous
hash is used once, so concurrent appends cannot fork the chain. Triggers
refuse UPDATE and DELETE. On PostgreSQL a trigger also stamps every new row
with the database login (``login``), the database's time and the chain
itself, so a client can neither write for someone else nor backdate.
``instance_id`` is empty for administrative rows (:mod:`kgflow.domain.records`)."""

implementation_plan = Table(
    "implementation_plan",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("item_id", Integer, ForeignKey("item.id"), nullable=False),
    Column("org_id", Integer, ForeignKey("organisation.id"), nullable=False, index=True),
    Column("created_at", _UTC, nullable=False),
    UniqueConstraint("item_id", "org_id", name="uq_implementation_plan"),
)
"""An implementation and communication plan: one per item and LPO (R19)."""

plan_activity = Table(
    "plan_activity",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("plan_id", Integer, ForeignKey("implementation_plan.id"), nullable=False),
    Column("number", Integer, nullable=False),
    Column("target_group", String(500), nullable=False),
    Column("what", String(500), nullable=False),
    Column("venue", String(500), nullable=False),
    Column("performer", String(500), nullable=False),
    Column("performer_id", Integer, ForeignKey("person.id")),
    Column("schedule", String(500), nullable=False),
    Column("due", Date),
    Column("status", String(12), nullable=False),
    Column("note", Text),
    Column("changed_by", String(80), nullable=False),
    Column("changed_at", _UTC, nullable=False),
    UniqueConstraint("plan_id", "number", name="uq_plan_activity_number"),
    Index("ix_plan_activity_status_due", "status", "due"),
)
"""One activity of a plan: målgrupp, vad, var, genomförande, tidplan (and its day), status, note.

``performer_id`` is the person the genomförande names, if it names one; ``due``
the day the tidplan says, if it says one (the sweep chases what is past it and
still planned).
"""

notice = Table(
    "notice",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("instance_id", Integer, ForeignKey("instance.id"), nullable=False, index=True),
    Column("step", Integer, nullable=False),
    Column("rung", String(20), nullable=False),
    Column("person_id", Integer, ForeignKey("person.id"), nullable=False),
    Column("recipient_org_id", Integer, ForeignKey("organisation.id"), nullable=False),
    Column("state", String(40), nullable=False),
    Column("due", Date, nullable=False),
    Column("created_at", _UTC, nullable=False),
    Column("status", String(12), nullable=False, default="queued"),
    Column("digest_id", Integer, ForeignKey("digest.id"), index=True),
    Column("reason", Text),
    # For a plan activity chased (R19): the activity's id; its ``step`` is then minus that id.
    Column("activity_id", Integer, index=True),
    UniqueConstraint("instance_id", "step", "rung", "person_id", name="uq_notice_rung"),
    Index("ix_notice_person_status", "person_id", "status"),
)
"""The outbox: one row per (instance, step, rung, recipient), queued by the sweep (R11).

``step`` is the instance's ``version`` when the rung came due: once the step
is finished the version moves on, and what is still queued for the old step
is cancelled instead of sent. The unique key makes queuing idempotent."""

digest = Table(
    "digest",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("person_id", Integer, ForeignKey("person.id"), nullable=False),
    Column("message_id", String(200), nullable=False, unique=True),
    Column("status", String(12), nullable=False, default="pending"),
    Column("attempts", Integer, nullable=False, default=0),
    Column("next_attempt_at", _UTC, nullable=False),
    Column("lease_until", _UTC),
    Column("claim_token", String(32)),
    Column("created_at", _UTC, nullable=False),
    Column("sent_at", _UTC),
    Column("reason", Text),
    Index("ix_digest_status_next", "status", "next_attempt_at"),
)
"""One e-mail to one person listing their notices; its Message-ID never changes."""

lease = Table(
    "lease",
    metadata,
    Column("name", String(40), primary_key=True),
    Column("holder", String(200), nullable=False),
    Column("acquired_at", _UTC, nullable=False),
    Column("expires_at", _UTC, nullable=False),
    Column("token", String(32)),
)
"""A named lease (the scheduler's): who holds it, until when, and the fencing token of that hold."""

access_role = Table(
    "access_role",
    metadata,
    Column("purpose", String(16), primary_key=True),
    Column("role_name", String(63), primary_key=True),
)
"""PostgreSQL group roles with a purpose: ``admin`` (act for others, imports) or ``service`` (schedulers, web)."""

sign_in_link = Table(
    "sign_in_link",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("person_id", Integer, ForeignKey("person.id"), nullable=False, index=True),
    Column("created_at", _UTC, nullable=False),
    Column("expires_at", _UTC, nullable=False),
    Column("used_at", _UTC),
)
"""A one-time sign-in link e-mailed to a person: only its token's SHA-256 is kept; ``used_at`` spends it."""

web_session = Table(
    "web_session",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("person_id", Integer, ForeignKey("person.id"), nullable=False, index=True),
    Column("created_at", _UTC, nullable=False),
    Column("expires_at", _UTC, nullable=False),
    Column("ended_at", _UTC),
    Column("last_seen_at", _UTC),
)
"""A signed-in browser: the SHA-256 of its session token, live until it expires or ``ended_at``."""

api_token = Table(
    "api_token",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("person_id", Integer, ForeignKey("person.id"), nullable=False, index=True),
    Column("label", String(200), nullable=False),
    Column("created_at", _UTC, nullable=False),
    Column("revoked_at", _UTC),
    Column("last_used_at", _UTC),
)
"""A person's API token for scripts: the SHA-256 of the token, a label, live until ``revoked_at``."""

sign_in_request = Table(
    "sign_in_request",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", _UTC, nullable=False),
    Column("address_hash", String(64), nullable=False),
    Column("client", String(64), nullable=False),
    Index("ix_sign_in_request_address_at", "address_hash", "at"),
    Index("ix_sign_in_request_client_at", "client", "at"),
)
"""One accepted request for a sign-in link, counted for rate limits: the address's SHA-256, never the address."""

web_secret = Table(
    "web_secret",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("secret", String(128), nullable=False),
    Column("created_at", _UTC, nullable=False),
)
"""The one secret (row 1) every web server process signs cookies and CSRF tokens with; made once."""

followup_answer = Table(
    "followup_answer",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("item_id", Integer, ForeignKey("item.id"), nullable=False, index=True),
    Column("org_id", Integer, ForeignKey("organisation.id"), nullable=False),
    Column("question", String(80), nullable=False),
    Column("value", Text, nullable=False),
    Column("answered_at", _UTC, nullable=False),
    UniqueConstraint("item_id", "org_id", "question", name="uq_followup_answer"),
)
"""One organisation's answer to one question of a follow-up round (R14), as the answer step recorded it.

The answer step's history row carries the same answers, so ``audit verify`` covers them; this table is what
the report reads.
"""
