"""A generative run over the whole system: random steps, and the invariants hold after every one.

Hypothesis drives a small region through referrals, answers, forced compiled
answers, sweeps on later dates, deliveries, SMTP outages, clock jumps and
processes killed at fault points. After every step: one history row per applied
transition, at most one notice per rung, no notice lost, and a chain that
verifies. A failure prints a ``@reproduce_failure`` line that replays it.
"""

from __future__ import annotations

import contextlib
import shutil
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from kgflow.config import shipped_notifications
from kgflow.domain.calendar import working_days_after
from kgflow.domain.errors import KgflowError
from kgflow.notify.render import JinjaRenderer
from kgflow.notify.smtp import SmtpTransport
from kgflow.service.audit import verify
from kgflow.service.delivery import list_digests, send_notices
from kgflow.service.follow_up import RoundOpened
from kgflow.service.mail import Mail
from kgflow.service.queries import status
from kgflow.service.sweep import sweep
from kgflow.testing import FixedClock, World, application, small_chain
from tests.conftest import empty_pg
from tests.processes import kgflow
from tests.smtp import SmtpServer

ORGS = ["Borlänge", "Falun", "Elevhälsan Falun", "Region Dalarna", "LAG psykisk hälsa vuxna Dalarna", "Karlstad",
        "LPO psykisk hälsa Dalarna", "LPO psykisk hälsa Värmland", "RPO psykisk hälsa Mellansverige"]  # fmt: skip
# skipped: a rung a catch-up passed over (R11)
STATUSES = {"queued", "assigned", "sent", "cancelled", "dead", "skipped"}


def rows_of_rounds(opened: list[RoundOpened], model: Any) -> int:
    """The history rows follow-up rounds wrote (R14: LPO Värmland's, each December): one at the owner and one per
    organisation asked; the first round of all also registers the follow-up workflow."""
    rows = sum(round_.organisations + 1 for round_ in opened)
    if opened and not model.rounds_opened:
        model.rounds_opened = True
        rows += 1
    return rows


def test_invariants_hold_through_random_histories(database_url: str, sqlite_template: Path, tmp_path: Path) -> None:
    server = SmtpServer()
    server.start()
    counter = Counter[str]()

    class Region(RuleBasedStateMachine):
        """One small region on a real database, a real SMTP server and real kgflow processes."""

        @initialize()
        def fresh(self) -> None:
            counter["examples"] += 1
            if database_url.startswith("sqlite"):
                target = tmp_path / f"example-{counter['examples']}.db"
                shutil.copy(sqlite_template, target)
                self.url = f"sqlite:///{target}"
            else:
                empty_pg(database_url)
                self.url = database_url
            self.clock = FixedClock(date(2027, 2, 1))
            self.app = application(self.url, self.clock)
            self.world = small_chain(World(self.app, self.clock))
            self.mail = Mail(
                JinjaRenderer(shipped_notifications(), "sv"),
                SmtpTransport(server.host, server.port, "none", "kgflow@lpo.example.se", now=self.clock.now),
                "lpo.example.se",
            )
            self.items: list[str] = []
            self.rounds_opened = False
            self.server_up = True
            if not server._controller:
                server.start()
            with self.app.services.uow() as uow:
                self.expected_rows = uow.history.count()
            self.refer_an_item(weeks=8)

        def teardown(self) -> None:
            self.app.close()

        def _applied(self, result: object) -> None:
            self.expected_rows += 1 + result.created + result.moved + result.switched  # type: ignore[attr-defined]
            counter["applied"] += 1

        @rule(weeks=st.integers(min_value=6, max_value=12))
        def refer_an_item(self, weeks: int) -> None:
            if len(self.items) >= 3:
                return
            code = f"psvf-gen-{len(self.items)}"
            self.world.item(code, f"PSVF Gen {len(self.items)}")
            # The item's first row; the first item also registers its workflow version, a row of its own.
            self.expected_rows += 1 if self.items else 2
            due = working_days_after(self.clock.today() + timedelta(weeks=weeks), 0)
            with contextlib.suppress(KgflowError):
                self._applied(self.world.refer(code, due))
            self.items.append(code)

        @rule(item=st.integers(0, 2), org=st.sampled_from(ORGS), data=st.data())
        def advance(self, item: int, org: str, data: st.DataObject) -> None:
            """Someone takes one of the steps the workflow offers them now (or, now and then, one it does not)."""
            if item >= len(self.items):
                return
            code = self.world.code(org)
            [line] = [x for x in status(self.app.services, self.items[item], code) if x.row.org == code] or [None]
            if line is None:
                return
            with self.app.services.uow() as uow:
                compiled = self.app.services.catalogue.compiled(line.row.workflow, line.row.workflow_version, uow)
            offered = [event.name for event in compiled.events_from(line.row.state, line.row.org_kind)]
            event = data.draw(st.sampled_from([*offered, "answer"]) if offered else st.just("answer"))
            values: dict[str, object] = {
                "decline": {"reason": "Inga synpunkter"},
                "complete_gap": {"gaps": 2},
                "reach_level": {"level": (line.row.level or 0) + data.draw(st.sampled_from([1, 1, 1, 2]))},
            }.get(event, {})
            try:
                person = self.world.answerer(self.items[item], org)
                self._applied(self.world.advance(self.items[item], org, event, person, ref="Gen", values=values))
            except (KgflowError, LookupError, ValueError):
                pass

        @rule(item=st.integers(0, 2), org=st.sampled_from(["LPO psykisk hälsa Dalarna", "RPO psykisk hälsa Mellansverige",
                                                           "NPO psykisk hälsa"]))  # fmt: skip
        def override(self, item: int, org: str) -> None:
            if item >= len(self.items):
                return
            try:
                person = self.world.answerer(self.items[item], org)
                self._applied(self.world.advance(self.items[item], org, "answer", person, ref="Gen", force=True,
                                                 note="Utan alla svar"))  # fmt: skip
            except KgflowError:
                pass

        @rule(days=st.integers(min_value=3, max_value=45))
        def days_pass_and_the_sweep_runs(self, days: int) -> None:
            self.clock.set(self.clock.today() + timedelta(days=days))
            self.expected_rows += rows_of_rounds(sweep(self.app.services).rounds, self)

        @rule()
        def deliver(self) -> None:
            counter["sent"] += send_notices(self.app.services, self.mail).sent

        @rule()
        def smtp_outage_or_recovery(self) -> None:
            if self.server_up:
                server.stop()
            else:
                server.start()
            self.server_up = not self.server_up

        @rule(point=st.sampled_from(["advance-after-update", "advance-after-history", "advance-before-commit"]),
              org=st.sampled_from(["borlange", "karlstad", "region-dalarna"]))  # fmt: skip
        def a_process_dies_midway(self, point: str, org: str) -> None:
            if not self.items:
                return
            person = self.world.answerer(self.items[0], org)
            died = kgflow(self.url, "--as", person, "advance", self.items[0], org, "answer", "--ref", "X",
                          today=self.clock.today().isoformat(), env={"KGFLOW_FAULT": point})  # fmt: skip
            assert died.returncode in (77, 3, 4), died.stderr  # killed, or refused before reaching the point
            counter["killed"] += died.returncode == 77

        @invariant()
        def one_history_row_per_applied_transition(self) -> None:
            if hasattr(self, "app"):
                with self.app.services.uow() as uow:
                    assert uow.history.count() == self.expected_rows

        @invariant()
        def the_chain_verifies(self) -> None:
            if hasattr(self, "app"):
                assert verify(self.app.services).ok

        @invariant()
        def no_notice_lost_or_doubled(self) -> None:
            if not hasattr(self, "app"):
                return
            with self.app.services.uow() as uow:
                assert set(uow.outbox.counts()) <= STATUSES
            received = {r.message["Message-ID"] for r in server.received}
            sent = {d.message_id for d in list_digests(self.app.services, "sent")}
            assert sent <= received
            for item in self.items:
                for line in status(self.app.services, item):
                    assert line.row.state in self.world.services.catalogue.current("nationellt-kunskapsstod").states

    Region.TestCase.settings = settings(
        max_examples=8, stateful_step_count=25, deadline=None, print_blob=True, derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )  # fmt: skip
    try:
        Region.TestCase().runTest()
    finally:
        server.stop()
    # The run did real work: transitions applied, digests delivered, processes killed midway.
    assert counter["applied"] > 15, counter
    assert counter["sent"] > 0, counter
    assert counter["examples"] >= 5, counter
