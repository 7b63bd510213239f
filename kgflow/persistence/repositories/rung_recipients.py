"""Whom a rung tells, in SQL: each recipient of a rung (role and relation) as a join from the due steps.

A recipient (:class:`kgflow.domain.ladders.Recipient`) names a role held at
one of three places, each found by joins on primary keys from the step:

- the step's own organisation (``ordforande``, ``responsible``);
- the nearest organisation of a kind above the step (``sekreterare@lpo``): up
  the item's chain of instances (``instance.parent_id``), so a huvudman that
  serves several programområden is chased by the LPO of the item's area, and,
  where that chain ends below such an organisation (the owner's own step, as a
  decision body's in the regional guideline), up the organisation's own parents;
- the forums of the step's län (``ordforande@forum``): organisations of kind
  ``body`` with the län of the step's organisation — of its huvudman, for a
  unit — that decide for the huvudman's kind; for an LPO's or a LAG's step,
  every forum of its län.

Each returns the person holding the role and the organisation they serve in,
which becomes the notice's ``recipient_org``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import String, and_, case, literal, null, select

from kgflow.domain.ladders import FORUM, RESPONSIBLE, Recipient
from kgflow.persistence.tables import instance, organisation, role_assignment

# The chain NPO → RPO → LPO → LAG or huvudman → unit has at most four links above a step.
CHAIN_DEPTH = 5
HUVUDMAN_KINDS = ("region", "kommun")


def recipient_select(
    steps: Any, own: Any, recipient: Recipient, responsible: Mapping[str, str], columns: list[Any]
) -> Any:
    """``columns`` and the recipient's person and organisation, for every due step (``steps`` joined to ``own``)."""
    if recipient.at is None:
        target, joined = own.c.id, steps.join(own, own.c.id == steps.c.org_id)
        kind: Any = own.c.kind
    elif recipient.at == FORUM:
        joined, target = _forums(steps, own)
        kind = literal("body")
    else:
        joined, target = _nearest(steps, own, recipient.at)
        kind = literal(recipient.at)
    if recipient.role == RESPONSIBLE:
        role: Any = case(dict(responsible), value=kind, else_=None)
    else:
        role = literal(recipient.role)
    joined = joined.join(role_assignment, (role_assignment.c.org_id == target) & (role_assignment.c.role == role))
    person, serves_in = role_assignment.c.person_id.label("person_id"), target.label("recipient_org_id")
    return select(*columns, person, serves_in).select_from(joined)


def _nearest(steps: Any, own: Any, kind: str) -> tuple[Any, Any]:
    """The nearest organisation of ``kind`` above the step: up its instances, else up its organisation's parents."""
    joined = steps.join(own, own.c.id == steps.c.org_id)
    found: list[tuple[Any, Any]] = []
    parent_instance = steps.c.parent_id
    for level in range(1, CHAIN_DEPTH + 1):
        above = instance.alias(f"chain{level}")
        at = organisation.alias(f"chain_org{level}")
        joined = joined.outerjoin(above, above.c.id == parent_instance).outerjoin(at, at.c.id == above.c.org_id)
        found.append((at.c.kind == kind, at.c.id))
        parent_instance = above.c.parent_id
    parent_org = own.c.parent_id
    for level in range(1, CHAIN_DEPTH + 1):
        at = organisation.alias(f"tree{level}")
        joined = joined.outerjoin(at, at.c.id == parent_org)
        found.append((at.c.kind == kind, at.c.id))
        parent_org = at.c.parent_id
    return joined, case(*found, else_=None)


def _forums(steps: Any, own: Any) -> tuple[Any, Any]:
    """The forums of the step's län that decide for its huvudman (every forum of the län for an LPO or a LAG)."""
    huvudman = organisation.alias("huvudman")
    forum = organisation.alias("forum")
    lan = case((own.c.kind == "unit", huvudman.c.lan), else_=own.c.lan)
    huvudman_kind = case(
        (own.c.kind.in_(HUVUDMAN_KINDS), own.c.kind),
        (own.c.kind == "unit", huvudman.c.kind),
        else_=null(),
    )
    # decides_for is a space-separated list of kinds: "region kommun".
    decides = (literal(" ", String) + forum.c.decides_for + literal(" ", String)).like(
        literal("% ", String) + huvudman_kind + literal(" %", String)
    )
    joined = (
        steps.join(own, own.c.id == steps.c.org_id)
        .outerjoin(huvudman, (huvudman.c.id == own.c.parent_id) & (own.c.kind == "unit"))
        .join(
            forum,
            and_(
                forum.c.kind == "body",
                forum.c.lan == lan,
                own.c.kind.in_(("lpo", "lag")) | decides,
            ),
        )
    )
    return joined, forum.c.id
