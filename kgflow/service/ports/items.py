"""Items and their versions."""

from __future__ import annotations

from datetime import date
from typing import Protocol

from kgflow.domain.model import (
    Item,
    ItemVersion,
    VersionStatus,
)


class ItemRepository(Protocol):
    """Items and their versions."""

    def find(self, ref: str) -> Item | None:
        """By code (case-insensitive)."""
        ...

    def names(self) -> list[tuple[str, str]]:
        """Every item's code and title, in one query (for suggesting what was meant)."""
        ...

    def add(
        self,
        code: str,
        kind: str,
        title: str,
        workflow: str,
        default_target_level: int,
        owner_org_id: int | None,
        area: str | None = None,
    ) -> Item:
        """Create an item."""
        ...

    def add_version(
        self, item_id: int, number: int, status: VersionStatus, workflow: str, workflow_version: int
    ) -> ItemVersion:
        """Create a version of an item."""
        ...

    def versions(self, item_id: int) -> list[ItemVersion]:
        """All versions of an item, oldest first."""
        ...

    def set_version_status(
        self,
        version_id: int,
        status: VersionStatus,
        adopted_on: date | None = None,
        ref: str | None = None,
    ) -> None:
        """Record a version's new status (and adoption)."""
        ...

    def list(self) -> list[Item]:
        """All items, by code."""
        ...
