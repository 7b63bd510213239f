"""The composition root: the only module that builds the real adapters.

``bootstrap(settings)`` opens the database (SQLite by default, PostgreSQL by
URL), picks the clock (real, or as of ``--today``) and the workflow catalogue,
and hands the services to whoever asked — the command line, the scheduler, the
tests. Nothing is opened at import time.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from kgflow.config import DEFAULT_SENDER, Settings, shipped_notifications
from kgflow.domain.clock import AsOfClock, Clock, SystemClock
from kgflow.domain.errors import KgflowError
from kgflow.domain.wording import t
from kgflow.persistence import revision
from kgflow.persistence.database import Database, default_url
from kgflow.persistence.uow import SqlUnitOfWork
from kgflow.service.catalogue import WorkflowCatalogue
from kgflow.service.context import Services
from kgflow.service.ports import UnitOfWork

if TYPE_CHECKING:
    from kgflow.service.checkpoints import CheckpointLedger
    from kgflow.service.mail import Mail, Transport


@dataclass(frozen=True)
class Migration:
    """What ``init`` did to the schema."""

    before: str | None
    after: str


class Application:
    """The assembled kgflow: database, services, and the schema's readiness."""

    def __init__(self, settings: Settings, database: Database, clock: Clock) -> None:
        self.settings = settings
        self.database = database
        cache = None
        if settings.cache_dir is not None:
            from kgflow.persistence.definition_cache import DefinitionFiles

            cache = DefinitionFiles(settings.cache_dir)
        catalogue = WorkflowCatalogue(settings.workflows_dir, cache)

        def unit_of_work(*, write: bool = False) -> UnitOfWork:
            return SqlUnitOfWork(database, write=write)

        self.services = Services(
            uow=unit_of_work, clock=clock, catalogue=catalogue, as_of_another_date=settings.today is not None
        )
        self._ready = False

    @cached_property
    def mail(self) -> Mail:
        """The mail renderer and transport: SMTP when a host is set, else ``.eml`` files."""
        from kgflow.notify.eml import EmlTransport
        from kgflow.notify.render import JinjaRenderer
        from kgflow.notify.smtp import DEFAULT_PORTS, SmtpTransport
        from kgflow.service.mail import Mail

        settings = self.settings.mail
        clock = self.services.clock
        sender = settings.sender or self._derived_sender()
        transport: Transport
        if settings.smtp_host:
            port = settings.smtp_port or DEFAULT_PORTS[settings.security]
            transport = SmtpTransport(
                settings.smtp_host,
                port,
                settings.security,
                sender,
                settings.user,
                settings.password,
                now=clock.now,
            )
        else:
            transport = EmlTransport(settings.folder or self._default_mail_folder(), sender, now=clock.now)
        return Mail(
            renderer=JinjaRenderer(shipped_notifications(), settings.language),
            transport=transport,
            sender_domain=sender.partition("@")[2],
            lease_seconds=settings.lease_seconds,
            retry_seconds=settings.retry_seconds,
            max_attempts=settings.max_attempts,
            web_url=settings.web_url,
        )

    def _derived_sender(self) -> str:
        """No KGFLOW_MAIL_FROM: kgflow at the top organisation's domain, else the made-up default."""
        from kgflow.service.sender import default_sender

        self.ensure_ready()
        return default_sender(self.services) or DEFAULT_SENDER

    def checkpoint_ledger(self, path: Path | None = None) -> CheckpointLedger | None:
        """The checkpoint file: ``path``, else ``KGFLOW_CHECKPOINT_FILE``; None when neither is given."""
        from kgflow.notify.checkpoint_file import CheckpointFile

        chosen = path or self.settings.checkpoint_file
        return CheckpointFile(chosen) if chosen is not None else None

    def _default_mail_folder(self) -> Path:
        path = self.database.sqlite_path
        return (path.parent if path is not None else Path.cwd()) / "kgflow-mail"

    def migrate(self) -> Migration:
        """Create the schema, or upgrade it to this kgflow's newest revision."""
        from kgflow.persistence import migrate  # Alembic: only ``init`` pays for it

        before = migrate.current_revision(self.database)
        migrate.upgrade(self.database)
        self._ready = True
        return Migration(before, migrate.head_revision())

    def ensure_ready(self) -> None:
        """Refuse to work on a database that does not exist or is not at the newest schema.

        Raises:
            KgflowError: telling the user to run ``kgflow init``.
        """
        if self._ready:
            return
        path = self.database.sqlite_path
        if path is not None and not path.exists():
            raise KgflowError(
                t(
                    "Det finns ingen kgflow-databas i {path}; kör `kgflow init` (eller `kgflow init --sample`) först, "
                    "eller peka ut en med --db.",
                    path=path,
                )
            )
        current = revision.current_revision(self.database)
        head = revision.HEAD
        if current is None:
            raise KgflowError(
                t(
                    "Databasen {url} har inga tabeller för kgflow; kör `kgflow init` först.",
                    url=self.database.shown_url,
                )
            )
        if current != head:
            raise KgflowError(
                t(
                    "Databasen har schemat {current}, och den här kgflow behöver {head}; "
                    "kör `kgflow init` för att uppgradera den.",
                    current=current,
                    head=head,
                )
            )
        self._ready = True

    def close(self) -> None:
        """Release database connections."""
        self.database.dispose()


def bootstrap(settings: Settings, *, clock: Clock | None = None, workdir: Path | None = None) -> Application:
    """Build kgflow from settings; ``clock`` replaces the real one (tests).

    Raises:
        UsageError: for a database URL kgflow cannot use.
    """
    database = Database.from_url(settings.database_url or default_url(workdir))
    if clock is None:
        clock = AsOfClock(settings.today) if settings.today else SystemClock()
    return Application(settings, database, clock)
