"""``kgflow export`` and ``kgflow import``: the whole database as JSON lines, restored byte for byte."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from kgflow.service.audit import audit, refuse_unless_sound
from kgflow.service.context import Services


def export_database(services: Services, write: Callable[[str], object]) -> int:
    """Write every row, one JSON line each, in one consistent read; returns how many lines."""
    count = 0
    with services.uow() as uow:
        for text in uow.backup.export_lines():
            write(text + "\n")
            count += 1
    return count


def import_database(services: Services, lines: Iterable[str]) -> dict[str, int]:
    """Restore an export into an empty database, in one transaction; returns rows per table.

    What was read is audited before it is committed, as ``kgflow audit verify``
    would: a backup whose history was tampered with, or whose tables say more
    than its history, is refused and nothing is kept.

    Raises:
        UsageError: for a file that is not an export of this schema, or a database that is not empty.
        HistoryBroken: naming what does not verify.
    """
    with services.uow(write=True) as uow:
        counts = uow.backup.restore(text.rstrip("\n") for text in lines if text.strip())
        refuse_unless_sound(audit(uow))
        uow.commit()
    return counts
