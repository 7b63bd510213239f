"""Workflow definitions as registered in the database: name, version, digest and source."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from kgflow.domain.records import StoredWorkflow


class WorkflowRepository(Protocol):
    """The text of every workflow version in use."""

    def source(self, name: str, version: int) -> tuple[str, str] | None:
        """(digest, text) of a registered version."""
        ...

    def register(self, name: str, version: int, digest: str, source: str, now: datetime) -> None:
        """Store a version's text."""
        ...

    def registered(self) -> list[tuple[str, int]]:
        """Every (name, version) stored."""
        ...

    def stored(self) -> list[StoredWorkflow]:
        """Every stored version with its digest and text."""
        ...
