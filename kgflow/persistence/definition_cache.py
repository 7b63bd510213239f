"""Validated workflow definitions kept between commands, in the user's cache folder.

Reading and validating a workflow file (YAML, then every check of
:mod:`kgflow.definitions`) costs a command some 70 ms for the shipped files,
more than a quarter of its start-up; the result only depends on the file's
text and on kgflow's own code. So each validated definition is pickled once
into ``KGFLOW_CACHE_DIR`` (default ``$XDG_CACHE_HOME/kgflow``, else
``~/.cache/kgflow``; see :func:`kgflow.config.cache_folder`) and read back by
the next command.

Why there, and why it is safe:

- **The user's own folder**, not beside the SQLite file: the cache is about
  workflow files, not about one database (PostgreSQL has no file to sit beside),
  and a pickle is code to whoever loads it, so it must live where only the user
  can write, as Python's own ``__pycache__`` does. The folder is made ``0700``
  and is not used at all unless it belongs to the user and no one else may
  write to it.
- **Keyed by content**: the key is the SHA-256 of the text (the digest kgflow
  stores), the path it is shown as, the language, kgflow's version and a stamp
  of the code a definition depends on (the size and modification time of every
  module of ``definitions``, ``domain`` and ``engine``, and of the effects) — a
  changed file, an upgrade or an edited module gives another key, never a
  stale definition. The key is stored inside the entry too and checked on
  reading.
- **Ignored when unreadable**: a missing, truncated, foreign or corrupt entry is
  a miss; the file is then validated as if there were no cache, and an entry
  that cannot be written is simply not written. Entries are written to a
  temporary file and renamed, so a reader never sees half of one.

``KGFLOW_CACHE_DIR=off`` turns the cache off.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
import sys
import tempfile
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from kgflow import __version__
from kgflow.domain import wording

if TYPE_CHECKING:
    from kgflow.definitions.model import WorkflowDefinition

KEEP = 64
"""Entries kept; older ones (from earlier versions of a file or of kgflow) are removed when one is added."""

_SUFFIX = ".definition"


_CODE = ("definitions", "domain", "engine", "service/catalogue.py", "service/effects.py", "__init__.py")
"""What a validated definition depends on: its parser and classes, the rules and effects it may name, the version."""


@cache
def code_stamp() -> str:
    """A fingerprint of the code a definition depends on (:data:`_CODE`): each module's path, size and time."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256(f"{__version__}\0{sys.version}\0{root}".encode())
    for part in _CODE:
        base = root / part
        found = [str(base)] if base.is_file() else sorted(str(path) for path in base.rglob("*.py"))
        for name in found:
            info = os.stat(name)
            digest.update(f"{name}\0{info.st_size}\0{info.st_mtime_ns}\0".encode())
    return digest.hexdigest()


class DefinitionFiles:
    """A :class:`~kgflow.service.ports.DefinitionCache` of pickled definitions in one private folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._usable: bool | None = None

    def key(self, label: str, text: str) -> str:
        """The entry's key: the text's digest, where it is shown from, the language and kgflow's code."""
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        return hashlib.sha256(f"{code_stamp()}\0{wording.language()}\0{label}\0{digest}".encode()).hexdigest()

    def get(self, label: str, text: str) -> WorkflowDefinition | None:
        """The kept definition for ``text``, or None for a miss of any kind."""
        if not self._private():
            return None
        key = self.key(label, text)
        try:
            with (self.folder / f"{key}{_SUFFIX}").open("rb") as file:
                stored_key, definition = pickle.load(file)
        except Exception:
            return None
        if stored_key != key:
            return None
        return definition  # type: ignore[no-any-return]

    def put(self, label: str, text: str, definition: WorkflowDefinition) -> None:
        """Keep ``definition``; a folder or file that cannot be written is left as it is."""
        if not self._private():
            return
        key = self.key(label, text)
        try:
            handle, temporary = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            try:
                with os.fdopen(handle, "wb") as file:
                    pickle.dump((key, definition), file, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(temporary, self.folder / f"{key}{_SUFFIX}")
            except BaseException:
                os.unlink(temporary)
                raise
            self._prune()
        except (OSError, pickle.PicklingError, TypeError, AttributeError):
            return

    def _prune(self) -> None:
        entries = sorted(self.folder.glob(f"*{_SUFFIX}"), key=lambda path: path.stat().st_mtime_ns, reverse=True)
        for old in entries[KEEP:]:
            old.unlink(missing_ok=True)

    def _private(self) -> bool:
        """Whether the folder exists (made if need be) and only this user can write to it."""
        if self._usable is None:
            self._usable = _private_folder(self.folder)
        return self._usable


def _private_folder(folder: Path) -> bool:
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.stat()
    except OSError:
        return False
    if not stat.S_ISDIR(info.st_mode) or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return False
    getuid = getattr(os, "getuid", None)
    return getuid is None or info.st_uid == getuid()
