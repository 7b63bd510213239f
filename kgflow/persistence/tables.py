"""The tables, declared with SQLModel; Alembic migrations are written against them.

Only :mod:`kgflow.persistence` sees these classes. Repositories translate rows
into the frozen values of :mod:`kgflow.domain.model`. Hot paths use the Core
``Table`` objects (``OrganisationRow.__table__``) for set-based statements.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, DateTime, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


def _utc_column(*, nullable: bool = False) -> Column[datetime]:
    return Column(DateTime(timezone=True), nullable=nullable)


class OrganisationRow(SQLModel, table=True):
    """A node of the chain; ``path`` is ``/root-id/.../own-id/`` along the first parents, ``routes`` every way up.

    ``routes`` lists, space separated, one path per way from a root down to the
    organisation (primary first): a kommun under the LPOs of six programområden
    has six, Region Halland's kommuner twelve. Subtree and authority checks use
    it; ``path`` orders the tree.
    """

    __tablename__ = "organisation"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=80, unique=True)
    name: str = Field(max_length=200)
    kind: str = Field(max_length=16, index=True)
    parent_id: int | None = Field(default=None, foreign_key="organisation.id", index=True)
    path: str = Field(max_length=400, index=True)
    municipality_code: str | None = Field(default=None, max_length=4, unique=True)
    area: str | None = Field(default=None, max_length=80, index=True)
    lan: str | None = Field(default=None, max_length=2, index=True)
    short_name: str | None = Field(default=None, max_length=200)
    decides_for: str | None = Field(default=None, max_length=40)
    routes: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


class OrganisationLinkRow(SQLModel, table=True):
    """A further parent of an organisation beyond ``parent_id`` (a huvudman under every LPO of its län)."""

    __tablename__ = "organisation_link"
    __table_args__ = (UniqueConstraint("org_id", "parent_id", name="uq_organisation_link"),)

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="organisation.id")
    parent_id: int = Field(foreign_key="organisation.id", index=True)


class PersonRow(SQLModel, table=True):
    """Someone who acts and receives notices."""

    __tablename__ = "person"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=80, unique=True)
    name: str = Field(max_length=200)
    email: str = Field(max_length=254)
    login: str | None = Field(default=None, max_length=63, unique=True, index=True)


class RoleRow(SQLModel, table=True):
    """A person holds a role at an organisation."""

    __tablename__ = "role_assignment"
    __table_args__ = (UniqueConstraint("person_id", "org_id", "role"),)

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    org_id: int = Field(foreign_key="organisation.id", index=True)
    role: str = Field(max_length=40)


class WorkflowRow(SQLModel, table=True):
    """The exact text of every workflow version ever used, so old instances keep it."""

    __tablename__ = "workflow_definition"
    __table_args__ = (UniqueConstraint("name", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=80)
    version: int
    digest: str = Field(max_length=64)
    source: str = Field(sa_column=Column(Text, nullable=False))
    registered_at: datetime = Field(sa_column=_utc_column())


class ItemRow(SQLModel, table=True):
    """A knowledge-support item."""

    __tablename__ = "item"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=80, unique=True)
    kind: str = Field(max_length=20)
    title: str = Field(max_length=300)
    workflow: str = Field(max_length=80)
    default_target_level: int = 2
    owner_org_id: int | None = Field(default=None, foreign_key="organisation.id")
    area: str | None = Field(default=None, max_length=80)
    created_at: datetime = Field(sa_column=_utc_column())


class ItemVersionRow(SQLModel, table=True):
    """One version of an item."""

    __tablename__ = "item_version"
    __table_args__ = (UniqueConstraint("item_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="item.id", index=True)
    number: int
    status: str = Field(max_length=20)
    workflow: str = Field(max_length=80)
    workflow_version: int
    adopted_on: date | None = None
    adoption_ref: str | None = Field(default=None, max_length=200)
    created_at: datetime = Field(sa_column=_utc_column())


class InstanceRow(SQLModel, table=True):
    """Where one organisation stands on one item; ``version`` is the optimistic lock."""

    __tablename__ = "instance"
    __table_args__ = (
        UniqueConstraint("item_id", "org_id"),
        Index("ix_instance_state_due", "state", "due"),
    )

    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="item.id", index=True)
    item_version_id: int = Field(foreign_key="item_version.id")
    org_id: int = Field(foreign_key="organisation.id", index=True)
    parent_id: int | None = Field(default=None, foreign_key="instance.id", index=True)
    workflow: str = Field(max_length=80)
    workflow_version: int
    state: str = Field(max_length=40)
    level: int | None = None
    target_level: int | None = None
    due: date | None = None
    late: bool = False
    priority: str | None = Field(default=None, max_length=16)
    held_since: date | None = None
    review_on: date | None = None
    version: int = 1
    updated_at: datetime = Field(sa_column=_utc_column())


class HistoryRow(SQLModel, table=True):
    """One transition of one instance, or one administrative fact: append-only and hash-chained (R12).

    ``seq`` is gapless; ``hash`` covers the row's canonical content (in its
    ``scheme``) and ``prev_hash``, the hash of row ``seq - 1``; each previous
    hash is used once, so concurrent appends cannot fork the chain. Triggers
    refuse UPDATE and DELETE. On PostgreSQL a trigger also stamps every new row
    with the database login (``login``), the database's time and the chain
    itself, so a client can neither write for someone else nor backdate.
    ``instance_id`` is empty for administrative rows (:mod:`kgflow.domain.records`).
    """

    __tablename__ = "history"
    __table_args__ = (
        UniqueConstraint("seq", name="uq_history_seq"),
        UniqueConstraint("prev_hash", name="uq_history_prev_hash"),
    )

    id: int | None = Field(default=None, primary_key=True)
    seq: int
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)
    scheme: int = 1
    instance_id: int | None = Field(default=None, foreign_key="instance.id", index=True)
    item_version: int | None = None
    at: datetime = Field(sa_column=_utc_column())
    login: str | None = Field(default=None, max_length=63)
    actor: str = Field(max_length=80)
    event: str = Field(max_length=40)
    from_state: str | None = Field(default=None, max_length=40)
    to_state: str | None = Field(default=None, max_length=40)
    level: int | None = None
    target_level: int | None = None
    fields: str = Field(default="{}", sa_column=Column(Text, nullable=False))
    note: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


class NoticeRow(SQLModel, table=True):
    """The outbox: one row per (instance, step, rung, recipient), queued by the sweep (R11).

    ``step`` is the instance's ``version`` when the rung came due: once the step
    is finished the version moves on, and what is still queued for the old step
    is cancelled instead of sent. The unique key makes queuing idempotent.
    """

    __tablename__ = "notice"
    __table_args__ = (
        UniqueConstraint("instance_id", "step", "rung", "person_id", name="uq_notice_rung"),
        Index("ix_notice_person_status", "person_id", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    instance_id: int = Field(foreign_key="instance.id", index=True)
    step: int
    rung: str = Field(max_length=20)
    person_id: int = Field(foreign_key="person.id")
    recipient_org_id: int = Field(foreign_key="organisation.id")
    state: str = Field(max_length=40)
    due: date
    created_at: datetime = Field(sa_column=_utc_column())
    status: str = Field(default="queued", max_length=12)
    digest_id: int | None = Field(default=None, foreign_key="digest.id", index=True)
    reason: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


class DigestRow(SQLModel, table=True):
    """One e-mail to one person listing their notices; its Message-ID never changes."""

    __tablename__ = "digest"
    __table_args__ = (Index("ix_digest_status_next", "status", "next_attempt_at"),)

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id")
    message_id: str = Field(max_length=200, unique=True)
    status: str = Field(default="pending", max_length=12)
    attempts: int = 0
    next_attempt_at: datetime = Field(sa_column=_utc_column())
    lease_until: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))
    claim_token: str | None = Field(default=None, max_length=32)
    created_at: datetime = Field(sa_column=_utc_column())
    sent_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))
    reason: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


class LeaseRow(SQLModel, table=True):
    """A named lease (the scheduler's): who holds it, until when, and the fencing token of that hold."""

    __tablename__ = "lease"

    name: str = Field(primary_key=True, max_length=40)
    holder: str = Field(max_length=200)
    acquired_at: datetime = Field(sa_column=_utc_column())
    expires_at: datetime = Field(sa_column=_utc_column())
    token: str | None = Field(default=None, max_length=32)


class AccessRoleRow(SQLModel, table=True):
    """PostgreSQL group roles with a purpose: ``admin`` (act for others, imports) or ``service`` (schedulers, web)."""

    __tablename__ = "access_role"

    purpose: str = Field(primary_key=True, max_length=16)
    role_name: str = Field(primary_key=True, max_length=63)


class SignInLinkRow(SQLModel, table=True):
    """A one-time sign-in link e-mailed to a person: only its token's SHA-256 is kept; ``used_at`` spends it."""

    __tablename__ = "sign_in_link"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    created_at: datetime = Field(sa_column=_utc_column())
    expires_at: datetime = Field(sa_column=_utc_column())
    used_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))


class WebSessionRow(SQLModel, table=True):
    """A signed-in browser: the SHA-256 of its session token, live until it expires or ``ended_at``."""

    __tablename__ = "web_session"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    created_at: datetime = Field(sa_column=_utc_column())
    expires_at: datetime = Field(sa_column=_utc_column())
    ended_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))
    last_seen_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))


class ApiTokenRow(SQLModel, table=True):
    """A person's API token for scripts: the SHA-256 of the token, a label, live until ``revoked_at``."""

    __tablename__ = "api_token"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    label: str = Field(max_length=200)
    created_at: datetime = Field(sa_column=_utc_column())
    revoked_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))
    last_used_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))


class SignInRequestRow(SQLModel, table=True):
    """One accepted request for a sign-in link, counted for rate limits: the address's SHA-256, never the address."""

    __tablename__ = "sign_in_request"
    __table_args__ = (
        Index("ix_sign_in_request_address_at", "address_hash", "at"),
        Index("ix_sign_in_request_client_at", "client", "at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_column=_utc_column())
    address_hash: str = Field(max_length=64)
    client: str = Field(max_length=64)


class WebSecretRow(SQLModel, table=True):
    """The one secret (row 1) every web server process signs cookies and CSRF tokens with; made once."""

    __tablename__ = "web_secret"

    id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    secret: str = Field(max_length=128)
    created_at: datetime = Field(sa_column=_utc_column())


class FollowUpAnswerRow(SQLModel, table=True):
    """One organisation's answer to one question of a follow-up round (R14), as the answer step recorded it.

    The answer step's history row carries the same answers, so ``audit verify`` covers them;
    this table is what the report reads.
    """

    __tablename__ = "followup_answer"
    __table_args__ = (UniqueConstraint("item_id", "org_id", "question", name="uq_followup_answer"),)

    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="item.id", index=True)
    org_id: int = Field(foreign_key="organisation.id")
    question: str = Field(max_length=80)
    value: str = Field(sa_column=Column(Text, nullable=False))
    answered_at: datetime = Field(sa_column=_utc_column())


metadata = SQLModel.metadata
organisation = metadata.tables["organisation"]
organisation_link = metadata.tables["organisation_link"]
person = metadata.tables["person"]
role_assignment = metadata.tables["role_assignment"]
workflow_definition = metadata.tables["workflow_definition"]
item = metadata.tables["item"]
item_version = metadata.tables["item_version"]
instance = metadata.tables["instance"]
history = metadata.tables["history"]
notice = metadata.tables["notice"]
digest = metadata.tables["digest"]
lease = metadata.tables["lease"]
access_role = metadata.tables["access_role"]
sign_in_link = metadata.tables["sign_in_link"]
web_session = metadata.tables["web_session"]
api_token = metadata.tables["api_token"]
sign_in_request = metadata.tables["sign_in_request"]
web_secret = metadata.tables["web_secret"]
followup_answer = metadata.tables["followup_answer"]
