"""Workflow definitions as registered in the database (name, version, digest and source), and as cached."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from kgflow.domain.records import StoredWorkflow

if TYPE_CHECKING:
    from kgflow.definitions.model import WorkflowDefinition


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


class DefinitionCache(Protocol):
    """Validated definitions kept between commands, found again by their exact text.

    A cache may forget anything at any time; it never returns a definition for
    another text, path label or kgflow.
    """

    def get(self, label: str, text: str) -> WorkflowDefinition | None:
        """The definition ``text`` (shown as ``label``) validated to, if kept."""
        ...

    def put(self, label: str, text: str, definition: WorkflowDefinition) -> None:
        """Keep ``definition`` for ``text``; failing to keep it is not an error."""
        ...
