"""Steps for what a local decision says it did (R6) and for corrections that stay in the record (R17)."""

from __future__ import annotations

from datetime import date

from pytest_bdd import given, parsers, then, when

from kgflow.service.advance import AdvanceResult
from kgflow.service.audit import verify
from kgflow.service.correct import CORRECTION
from kgflow.testing import World
from tests.bdd.steps.common import Story, attempt, history_of, item_of

NPO = "NPO psykisk hälsa"
LPO = "LPO psykisk hälsa Dalarna"


@given(parsers.parse('att SKS har fastställt "{title}" efter remissen'))
def adopted_after_remiss(world: World, story: Story, title: str) -> None:
    story.item = world.item(item_of(title), title)
    world.refer(story.item, date(2027, 3, 31))
    world.answer_below(story.item, NPO, including=True)
    world.advance(story.item, NPO, "adopt", "Nora Lind", ref="SKS 2027:7", values={"date": "2027-05-12"})


@given(parsers.parse('att LPO psykisk hälsa Dalarna har beslutat om "{title}" utan målnivåer'))
def decided_without_targets(world: World, story: Story, title: str) -> None:
    adopted_after_remiss(world, story, title)
    world.advance(
        story.item, LPO, "decide", "Sara Ek", ref="LPO 2027:3", values={"body": "Länsgemensam ledningsgrupp Dalarna"}
    )


@when(parsers.parse('{person} registrerar beslutet "{ref}" för {lpo} utan målnivåer'), target_fixture="decision")
def decides_without_targets(world: World, story: Story, person: str, ref: str, lpo: str) -> AdvanceResult:
    return world.advance(
        story.item, lpo, "decide", person, ref=ref, values={"body": "Länsgemensam ledningsgrupp Dalarna"}
    )


@then(
    parsers.parse(
        "säger beslutet att alla {count:d} huvudmän och verksamheter fick målnivå {level:d}, kunskapsstödets standard"
    )
)
def decision_says(decision: AdvanceResult, count: int, level: int) -> None:
    assert decision.default_target is not None
    assert decision.default_target.from_item
    assert decision.default_target.level == level
    assert len(decision.targets) == count
    assert {target.level for target in decision.targets} == {level}


@then(parsers.parse("visar historiken för {org} att {what} gav målnivå {level:d}"))
def history_gave_target(world: World, story: Story, org: str, what: str, level: int) -> None:
    event = CORRECTION if what == "rättelsen" else "open_gap"
    last = [line for line in history_of(world, story, org) if line.record.event == event][-1]
    assert (last.record.fields.get("target"), last.record.target_level) == (level, level)


CORRECT = (
    r"(?P<person>.+?) (?P<tries>försöker )?rätta(?:r)? beslutet för (?P<lpo>.+?) "
    r"(?:så att (?P<org>.+?) får målnivå (?P<level>\d)|till diarienumret \"(?P<ref>[^\"]+)\""
    r"|tillbaka till läget \"(?P<state>[^\"]+)\"), "
    r"(?:med skälet \"(?P<reason>[^\"]+)\"|utan skäl)"
)


@when(parsers.re(CORRECT))
def corrects_decision(
    world: World,
    story: Story,
    person: str,
    tries: str | None,
    lpo: str,
    org: str | None,
    level: str | None,
    ref: str | None,
    state: str | None,
    reason: str | None,
) -> None:
    values = {org: level} if org and level else None

    def correction() -> object:
        return world.correct(
            story.item, lpo, state or "Lokalt beslut fattat", person, reason=reason, ref=ref, values=values
        )

    if tries:
        story.history_before[lpo] = len(history_of(world, story, lpo))
        attempt(story, correction)
    else:
        correction()


@when(parsers.parse('{person} tar tillbaka svaret för {org} med skälet "{reason}"'))
def takes_back_answer(world: World, story: Story, person: str, org: str, reason: str) -> None:
    world.correct(story.item, org, "På remiss", person, reason=reason)


@then(
    parsers.re(
        r'visar historiken för (?P<org>.+?) först (?P<step>\S+) och sedan rättelsen med skälet "(?P<reason>[^"]+)"'
    )
)
def both_rows(world: World, story: Story, org: str, step: str, reason: str) -> None:
    lines = history_of(world, story, org)
    event = {"beslutet": "decide", "svaret": "answer"}[step]
    [original] = [line for line in lines if line.record.event == event]
    assert lines[-1].record.event == CORRECTION
    assert lines[-1].record.fields["corrects"] == event
    assert lines[-1].record.fields["reason"] == reason
    assert lines.index(original) < len(lines) - 1


@then(parsers.parse('gäller diarienumret "{ref}" efter rättelsen'))
def corrected_ref(world: World, story: Story, ref: str) -> None:
    lines = history_of(world, story, LPO)
    decided = [line for line in lines if line.record.event == "decide"][-1]
    assert decided.record.fields["ref"] == "LPO 2027:3"  # the original row stays as it was
    assert lines[-1].record.fields["ref"] == ref


@then("håller historiken för granskning")
def history_verifies(world: World) -> None:
    assert verify(world.services).ok
