"""The Swedish features run on both databases; their steps live in ``tests/bdd/steps``."""

from __future__ import annotations

import pytest

from kgflow.testing import World
from tests.bdd.steps.areas import *  # noqa: F403
from tests.bdd.steps.chain import *  # noqa: F403
from tests.bdd.steps.chasing import *  # noqa: F403
from tests.bdd.steps.common import *  # noqa: F403
from tests.bdd.steps.corrections import *  # noqa: F403
from tests.bdd.steps.decisions import *  # noqa: F403
from tests.bdd.steps.forums import *  # noqa: F403
from tests.bdd.steps.holds import *  # noqa: F403
from tests.bdd.steps.plans import *  # noqa: F403
from tests.bdd.steps.regional import *  # noqa: F403
from tests.bdd.steps.rounds import *  # noqa: F403


@pytest.fixture(autouse=True)
def _every_scenario_on_both_databases(world: World) -> World:
    """Steps ask for fixtures late; asking for the world here makes pytest run each scenario per database."""
    return world


def pytest_bdd_apply_tag(tag: str, function: object) -> bool:
    """Feature tags (@R1, @arbetsflöde:…) are documentation for reviewers, not pytest markers."""
    return True
