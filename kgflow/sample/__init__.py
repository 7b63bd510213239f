"""``kgflow init --sample``: the Swedish structure, its people and a living story."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kgflow.domain.errors import KgflowError
from kgflow.domain.wording import t, tn
from kgflow.sample.story import Story, tell
from kgflow.sample.structure import build_structure
from kgflow.service.context import Services
from kgflow.service.identity import administrator
from kgflow.service.organisations import store


@dataclass(frozen=True)
class SampleResult:
    """What the sample loaded."""

    organisations: int
    people: int
    items: int
    instances: int
    steps: int
    try_as: str
    try_org: str


def load_sample(services: Services, report: Callable[[str], None] = lambda _: None) -> SampleResult:
    """Load the structure and the story into an empty database.

    Raises:
        KgflowError: when the database already holds organisations.
    """
    structure = build_structure()
    with services.uow(write=True) as uow:
        if uow.orgs.count():
            raise KgflowError(
                t("Databasen har redan organisationer; --sample läser bara in exemplet i en tom databas.")
            )
        store(uow, structure.organisations, structure.people, actor=administrator(uow, None), now=services.clock.now())
        uow.commit()
    report(
        str(
            t(
                "{organisations} och {people}",
                organisations=tn("{count} organisation", "{count} organisationer", len(structure.organisations)),
                people=tn("{count} person", "{count} personer", len(structure.people)),
            )
        )
    )
    story = Story(services, structure, report)
    tell(story)
    with services.uow() as uow:
        instances = len(uow.instances.status())
        items = len(uow.items.list())
    dalarna_lpo = structure.lpo_of_lan["20"]
    return SampleResult(
        organisations=len(structure.organisations),
        people=len(structure.people),
        items=items,
        instances=instances,
        steps=story.steps,
        try_as=structure.holder(dalarna_lpo, "sekreterare"),
        try_org=dalarna_lpo,
    )
