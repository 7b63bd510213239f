"""The checkpoint file: one line per filed checkpoint, appended and written through to the disk.

Lines are only ever appended (``O_APPEND``), each followed by ``fsync`` so a
filed checkpoint survives a power cut; a folder that had to be created is
synced too. A last line left without its newline (a crash mid-write, an
editor) gets one before the next line, so lines never run together.
"""

from __future__ import annotations

import os
from pathlib import Path

from kgflow.domain.errors import UsageError


class CheckpointFile:
    """A checkpoint ledger in a plain text file."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @property
    def description(self) -> str:
        """The file, for people."""
        return f"the checkpoint file {self.path}"

    def last(self) -> str | None:
        """The last non-empty line, or None when the file does not exist or holds none.

        Raises:
            UsageError: when the file cannot be read.
        """
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"Cannot read {self.description}: {exc}.") from exc
        lines = [line for line in text.splitlines() if line.strip()]
        return lines[-1] if lines else None

    def append(self, line: str) -> None:
        """Append ``line`` and sync it to the disk.

        Raises:
            UsageError: when the folder or the file cannot be written.
        """
        folder = self.path.parent
        try:
            created = not folder.exists()
            folder.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            try:
                needs_newline = os.fstat(descriptor).st_size > 0 and not self._ends_with_newline()
                os.write(descriptor, (("\n" if needs_newline else "") + line + "\n").encode("utf-8"))
                os.fsync(descriptor)
            finally:
                os.close(descriptor)
            if created:
                _sync_folder(folder)
        except OSError as exc:
            raise UsageError(f"Cannot write {self.description}: {exc}.") from exc

    def _ends_with_newline(self) -> bool:
        with self.path.open("rb") as handle:
            handle.seek(-1, os.SEEK_END)
            return handle.read(1) == b"\n"


def _sync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
