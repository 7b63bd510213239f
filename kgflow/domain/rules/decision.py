"""R6: the local decision, taken in the län's forums and recorded by the LPO.

The LPO's secretary (or chair) records which forum decided — Länschefsnätverket
for Dalarna's kommuner, LGVO for everyone in Östergötland — and for whom: every
huvudman still waiting (the default) or some of them. The forum must be one that
decides for each of them: a forum deciding for the kommuner does not decide for
the region (Region Gotland, one huvudman with both responsibilities, is a region),
nor for another län's huvudmän. The LPO's own step is done only when nobody
below still waits; until then it stays where it was, with its deadline, and the
decision's cascade reaches only the huvudmän it is for (and their units).
"""

from __future__ import annotations

from kgflow.domain.model import Organisation, OrgKind
from kgflow.domain.rules.step import Decision, Facts, ForumFacts, Reach, Refusal
from kgflow.domain.spelling import either
from kgflow.domain.wording import t


def kinds_decided_for(forum: Organisation) -> frozenset[str]:
    """The kinds of huvudman a forum decides for (``region``, ``kommun``); none for anything else."""
    if forum.kind is not OrgKind.BODY or not forum.decides_for:
        return frozenset()
    return frozenset(forum.decides_for.split())


def decides_for(forum: Organisation, huvudman: Organisation) -> bool:
    """True when ``forum`` decides for ``huvudman``: for its kind of huvudman, and in its län where both have one."""
    same_lan = forum.lan is None or huvudman.lan is None or forum.lan == huvudman.lan
    return huvudman.kind.value in kinds_decided_for(forum) and same_lan


def decided_in_forum(facts: Facts, decision: Decision) -> Decision:
    """R6: the decision names a forum that decides for everyone it is for, and only for those waiting.

    Records the forum (by name) and, when the step names them, the huvudmän the
    decision is for; limits the cascade to them and says what their rows record.
    """
    known = _forum_facts(facts)
    forum = known.forum
    if not kinds_decided_for(forum):
        raise Refusal(
            t(
                "{org} är inget beslutsorgan som fattar lokala beslut; ange ett av länets: {forums}.",
                org=forum.name,
                forums=either([f.name for f in known.forums]) if known.forums else t("(inga är registrerade)"),
            )
        )
    waiting = {org.id for org in known.waiting}
    for org in known.named or ():
        if org.id not in waiting:
            raise Refusal(
                t(
                    "{org} väntar inte på något lokalt beslut från {where}; beslutet kan gälla de huvudmän som väntar.",
                    org=org.name,
                    where=facts.where,
                )
            )
    chosen = _chosen(known)
    for org in chosen:
        if not decides_for(forum, org):
            raise Refusal(
                t(
                    "{forum} fattar inte beslut för {org}; ange ett beslutsorgan som gör det.",
                    forum=forum.name,
                    org=org.name,
                )
            )
    for org in known.targeted:
        if not any(huvudman.id in org.path for huvudman in chosen):
            raise Refusal(t("{org} ingår inte i beslutet; ge målnivåer bara till dem beslutet gäller.", org=org.name))
    recorded: dict[str, object] = {"body": forum.name}
    if known.named is not None:
        recorded["for"] = [org.name for org in chosen]
    passed_on = {"body": forum.name, **({"ref": facts.fields["ref"]} if "ref" in facts.fields else {})}
    return decision.record(**recorded).but(reach=Reach(chosen, passed_on))


def everyone_decided(facts: Facts, decision: Decision) -> bool:
    """True when, after this decision, no huvudman below still waits for one (the LPO's step is done)."""
    if facts.forum is None or facts.forum.named is None:
        return True
    named = {org.id for org in facts.forum.named}
    return all(org.id in named for org in facts.forum.waiting)


def _chosen(known: ForumFacts) -> tuple[Organisation, ...]:
    if known.named is None:
        return known.waiting
    return tuple({org.id: org for org in known.named}.values())


def _forum_facts(facts: Facts) -> ForumFacts:
    if facts.forum is None:  # the loader reads them whenever the workflow names this rule
        raise Refusal(t("Steget '{step}' saknar uppgift om beslutsorgan.", step=facts.doing))
    return facts.forum
