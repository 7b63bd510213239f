"""The regional guideline's working group (R15, seed 004)."""

from __future__ import annotations

from kgflow.domain.rules.step import Decision, Facts
from kgflow.domain.wording import t

SCHOOL_WORDS = ("skola", "skolan", "elevhälsa", "elevhälsan", "rektor", "skolsköterska", "skolkurator")


def school_representative(facts: Facts, decision: Decision) -> Decision:
    """R15: a school or elevhälsa representative *should* be in the working group; warn if none is."""
    members = [str(member).lower() for member in facts.fields.get("members") or []]
    if any(word in member for member in members for word in SCHOOL_WORDS):
        return decision
    advice = t(
        "Ingen från skolan eller elevhälsan är med i arbetsgruppen; enligt beslutet bör en representant "
        "för skolan/elevhälsan ingå."
    )
    return decision.warn(advice)
