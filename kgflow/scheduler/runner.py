"""``kgflow scheduler run``: APScheduler 3 as a clock, never as a store of state.

Two jobs, both in memory and rebuilt at every start (nothing is pickled):

- ``lease`` every third of the lease period: take or renew the scheduler lease
  in the database. Only the holder runs cycles; another process says who holds
  it and waits, and takes over within one lease period if the holder dies.
  Whoever takes the lease runs a catch-up cycle at once, so a scheduler that was
  down for three days catches up in one run.
- ``cycle`` on the cron schedule in Europe/Stockholm (default weekdays 07:00):
  sweep, then send.
- ``checkpoint``, when ``KGFLOW_CHECKPOINT_FILE`` is set, on its own schedule
  (``KGFLOW_CHECKPOINT_SCHEDULE``, default Mondays 06:30): append the history's
  head to the file and mail it to the top of the chain — only when it differs
  from the file's last line. It has a schedule of its own because it is mail
  for people to keep, not work to chase: once a week is plenty for a diarium,
  where the cycle's weekday pace would fill it. Taking the lease catches it up
  too.

The lease is fenced: taking it writes a new token, and every write a cycle
makes first renews the lease by that token in the same transaction
(:mod:`kgflow.service.fencing`). A scheduler paused past its lease and resumed
therefore finds its token gone at its next write and stops, instead of acting
on authority it no longer has.

Job defaults are chosen on purpose: ``coalesce=True`` (runs missed while the
process was busy or suspended collapse into one), ``max_instances=1`` (a slow
cycle is never overlapped by the next), and ``misfire_grace_time=None`` (a late
run still runs — the default of one second silently drops it). The cycle is
idempotent, so a late or repeated run sends nothing twice.
"""

from __future__ import annotations

import os
import signal
import socket
import threading
from collections.abc import Callable
from datetime import datetime
from types import FrameType
from typing import Any

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from kgflow.config import SchedulerSettings
from kgflow.domain.clock import STOCKHOLM
from kgflow.domain.errors import KgflowError, LeaseLost, UsageError
from kgflow.domain.wording import Phrase, t, tn
from kgflow.domain.wording import gettext as _
from kgflow.scheduler.trigger import WallClockTrigger
from kgflow.service.checkpoints import CheckpointLedger, file_checkpoint
from kgflow.service.context import Services
from kgflow.service.cycle import SCHEDULER_LEASE, CycleReport, hold_lease, release_lease, run_cycle
from kgflow.service.fencing import Fence, fenced, lost_lease
from kgflow.service.mail import Mail

JOB_DEFAULTS: dict[str, Any] = {"coalesce": True, "max_instances": 1, "misfire_grace_time": None}


def cron_trigger(expression: str, setting: str = "KGFLOW_SCHEDULE") -> WallClockTrigger:
    """A job's trigger from a crontab line, in Europe/Stockholm, once per wall-clock time.

    Raises:
        UsageError: when the line is not a crontab expression (naming ``setting``).
    """
    try:
        return WallClockTrigger(CronTrigger.from_crontab(expression, timezone=STOCKHOLM))
    except ValueError as exc:
        raise UsageError(
            t(
                "{setting} {expression!r} är ingen crontab-rad (som '0 7 * * mon-fri'): {problem}",
                setting=setting,
                expression=expression,
                problem=exc,
            )
        ) from exc


def holder_name() -> str:
    """This process, as other processes see it: host and process id."""
    return f"{socket.gethostname()}:{os.getpid()}"


class SchedulerRunner:
    """Runs the cycle on schedule while holding the lease."""

    def __init__(
        self,
        services: Services,
        mail: Mail,
        settings: SchedulerSettings,
        say: Callable[[str], None],
        ledger: CheckpointLedger | None = None,
    ) -> None:
        self.services = services
        self.mail = mail
        self.settings = settings
        self.ledger = ledger
        self.say = say
        self.holder = holder_name()
        self.holding = False
        self.token: str | None = None
        self._cycling = threading.Lock()  # one cycle at a time, the catch-up and the cron's alike
        self._last_seen: str | None = None
        self._lock = threading.Lock()
        self._trigger = cron_trigger(settings.cron)
        self._checkpoints = cron_trigger(settings.checkpoint_cron, "KGFLOW_CHECKPOINT_SCHEDULE") if ledger else None
        self.scheduler = BlockingScheduler(timezone=STOCKHOLM, job_defaults=JOB_DEFAULTS)

    def run(self) -> None:
        """Start and block until SIGINT or SIGTERM; the lease is given up on the way out."""
        period = max(1, self.settings.lease_seconds // 3)
        self.scheduler.add_job(
            self.keep_lease,
            IntervalTrigger(seconds=period, timezone=STOCKHOLM),
            id="lease",
            next_run_time=datetime.now(STOCKHOLM),
        )
        self.scheduler.add_job(self.cycle, self._trigger, id="cycle")
        if self._checkpoints is not None:
            self.scheduler.add_job(self.file_checkpoint, self._checkpoints, id="checkpoint")
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, self._stop)
        self.say(
            str(
                t(
                    "kgflow scheduler {holder}: kör cykler enligt '{cron}' (Europe/Stockholm); e-post till {mail}.",
                    holder=self.holder,
                    cron=self.settings.cron,
                    mail=self.mail.transport.description,
                )
            )
        )
        try:
            self.scheduler.start()
        finally:
            if self.holding and self.token is not None:
                release_lease(self.services, self.token)
                self.say(_("Släppte schemaläggarens lås."))

    def _stop(self, signum: int, frame: FrameType | None) -> None:
        self.say(_("Stoppar."))
        self.scheduler.shutdown(wait=False)

    def keep_lease(self) -> None:
        """Take or renew the lease; start a catch-up cycle when it is newly ours."""
        with self._lock:
            token = self.token if self.holding else None
        if token is not None and self._cycling.locked():
            return  # the running cycle renews the lease with each of its writes
        try:
            state = hold_lease(self.services, self.holder, self.settings.lease_seconds, token)
        except KgflowError as error:
            self.say(str(t("Når inte databasen för att förnya låset: {error}", error=error)))
            return
        with self._lock:
            if state.mine and (not self.holding or state.token != self.token):
                self.holding = True
                self.token = state.token
                self.say(_("Har schemaläggarens lås; kommer ikapp nu."))
                self.scheduler.add_job(self.cycle, id="catch-up", next_run_time=datetime.now(STOCKHOLM))
                if self._checkpoints is not None:
                    self.scheduler.add_job(
                        self.file_checkpoint, id="checkpoint-catch-up", next_run_time=datetime.now(STOCKHOLM)
                    )
            elif not state.mine:
                if self.holding:
                    self.say(str(t("Förlorade schemaläggarens lås till {holder}.", holder=state.holder)))
                self.holding = False
                self.token = None
                if state.holder != self._last_seen:
                    self.say(
                        str(
                            t(
                                "Väntar: {holder} har schemaläggarens lås till {until}.",
                                holder=state.holder,
                                until=state.expires_at.astimezone(STOCKHOLM).strftime("%Y-%m-%d %H:%M:%S"),
                            )
                        )
                    )
            self._last_seen = state.holder

    def cycle(self) -> None:
        """Sweep and send, if this process holds the lease; every write is fenced by it."""
        with self._lock:
            token = self.token if self.holding else None
        if token is None:
            return
        if not self._cycling.acquire(blocking=False):
            return  # a cycle is running already: it does the same work
        services = fenced(self.services, Fence(SCHEDULER_LEASE, token, self.settings.lease_seconds))
        try:
            report = run_cycle(services, self.mail)
        except LeaseLost as error:
            self._lost(token, str(error))
            return
        except KgflowError as error:
            self.say(str(t("Cykeln avbröts: {error}", error=error)))
            return
        finally:
            self._cycling.release()
        self.say(str(_cycle_line(report)))
        if report.send.lease_lost:
            self._lost(token, report.send.stopped or "")

    def _lost(self, token: str, sentence: str) -> None:
        with self._lock:
            if self.token == token:
                self.holding = False
                self.token = None
        self.say(str(t("Cykeln avbröts: {reason}", reason=sentence)))

    def file_checkpoint(self) -> None:
        """File the history's head and mail it, if this process still holds the lease and the head is new."""
        with self._lock:
            token = self.token if self.holding else None
        if token is None or self.ledger is None:
            return
        try:
            state = hold_lease(self.services, self.holder, self.settings.lease_seconds, token)
            if not state.mine:
                self._lost(token, str(lost_lease(SCHEDULER_LEASE)))
                return
            report = file_checkpoint(self.services, self.ledger, self.mail, only_if_new=True)
        except KgflowError as error:
            self.say(str(t("Kontrollpunkten sparades inte: {error}", error=error)))
            return
        if report.checkpoint is None:
            self.say(_("Kontrollpunkt: inget nytt att spara (historiken är tom)."))
            return
        if report.unchanged:
            self.say(str(t("Kontrollpunkt: inget nytt att spara (historiken står på {head}).", head=report.checkpoint)))
            return
        if report.mailed:
            self.say(
                str(
                    t(
                        "Kontrollpunkt: {checkpoint} sparad i {file}; skickad till {mailed}.",
                        checkpoint=report.checkpoint,
                        file=report.filed_in,
                        mailed=", ".join(report.mailed),
                    )
                )
            )
        else:
            self.say(
                str(
                    t(
                        "Kontrollpunkt: {checkpoint} sparad i {file}; skickad till ingen.",
                        checkpoint=report.checkpoint,
                        file=report.filed_in,
                    )
                )
            )
        for failure in report.failures:
            self.say(str(t("Kontrollpunkten skickades inte: {failure}", failure=failure)))


def _cycle_line(report: CycleReport) -> Phrase:
    """What one cycle did, in one line: queued, rounds opened, sent, to retry, dead, lost, stopped."""
    line = t(
        "Cykel: köade {queued}",
        queued=tn("{count} meddelande", "{count} meddelanden", report.sweep.total),
    )
    if report.sweep.rounds:
        line = t(
            "{line}, {rounds}",
            line=line,
            rounds=tn(
                "öppnade {count} uppföljningsomgång", "öppnade {count} uppföljningsomgångar", len(report.sweep.rounds)
            ),
        )
    line = t(
        "{line}; skickade {sent}, {retried} försöks igen senare, {dead} döda",
        line=line,
        sent=tn("{count} samlingsmejl", "{count} samlingsmejl", report.send.sent),
        retried=report.send.retried,
        dead=report.send.dead,
    )
    if report.send.lost:
        line = t("{line}, {lost} togs över av ett annat utskick", line=line, lost=report.send.lost)
    if report.send.stopped:
        line = t("{line}; utskicket avbröts: {reason}", line=line, reason=report.send.stopped)
    return t("{line}.", line=line)
