"""Registered workflow versions: the exact text each instance was started on."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, insert, select

from kgflow.domain.records import StoredWorkflow
from kgflow.persistence.tables import workflow_definition as wf


class SqlWorkflows:
    """Workflow texts in SQL."""

    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def source(self, name: str, version: int) -> tuple[str, str] | None:
        """(digest, text) of a registered version, or None."""
        row = self._c.execute(
            select(wf.c.digest, wf.c.source).where((wf.c.name == name) & (wf.c.version == version))
        ).first()
        return (row.digest, row.source) if row is not None else None

    def registered(self) -> list[tuple[str, int]]:
        """Every (name, version) stored, by name and version."""
        query = select(wf.c.name, wf.c.version).order_by(wf.c.name, wf.c.version)
        return [(row.name, row.version) for row in self._c.execute(query)]

    def stored(self) -> list[StoredWorkflow]:
        """Every stored version with its digest and text, by name and version."""
        query = select(wf.c.name, wf.c.version, wf.c.digest, wf.c.source).order_by(wf.c.name, wf.c.version)
        return [StoredWorkflow(row.name, row.version, row.digest, row.source) for row in self._c.execute(query)]

    def register(self, name: str, version: int, digest: str, source: str, now: datetime) -> None:
        """Store a version's text."""
        self._c.execute(insert(wf).values(name=name, version=version, digest=digest, source=source, registered_at=now))
