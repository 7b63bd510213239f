"""Backup: the whole database as lines out, and back in."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Protocol


class BackupRepository(Protocol):
    """The whole database as lines of text, and back."""

    def export_lines(self) -> Iterator[str]:
        """A header line, then one line per row of every table."""
        ...

    def restore(self, lines: Iterable[str]) -> dict[str, int]:
        """Load an export into an empty database; returns rows per table."""
        ...
