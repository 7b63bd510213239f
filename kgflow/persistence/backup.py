"""The whole database as JSON lines, and back: every table, every row, ids kept.

The first line names the format and the schema revision; then one line per row,
``{"table": …, "row": {…}}``, tables in an order that respects foreign keys and
rows by primary key. The tables of :data:`NOT_EXPORTED` are not: which database
roles are kgflow's administrators (``access_role``) is the deployment's, not the
data's, and who is signed in to the web, with which links, sessions, API tokens
and signing secret, is nobody's to carry to another database. Values are
written one way only — dates as ``YYYY-MM-DD``, times as UTC ISO text with
microseconds, keys sorted — so the same data always gives the same bytes, whichever database it came from.

Texts are checked on the way in by the same rule as when they were entered
(:mod:`kgflow.domain.text`), against each column's length: a file that one
backend would take and the other refuse is refused on both, in one sentence.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Connection,
    Date,
    DateTime,
    String,
    Table,
    Text,
    func,
    insert,
    select,
    text,
)

from kgflow.domain import text as limits
from kgflow.domain.audit import canonical_time
from kgflow.domain.errors import UsageError
from kgflow.domain.wording import t
from kgflow.persistence.tables import metadata

FORMAT = 1
ORDER = (
    "organisation", "organisation_link", "person", "role_assignment", "workflow_definition", "item", "item_version",
    "implementation_plan", "plan_activity", "instance", "history", "followup_answer", "digest", "notice", "lease",
)  # fmt: skip
NOT_EXPORTED = ("access_role", "sign_in_link", "web_session", "api_token", "sign_in_request", "web_secret")
"""Tables an export leaves out and an import never fills (every other table is in ``ORDER``)."""
BATCH = 1000


def _table(name: str) -> Table:
    return metadata.tables[name]


def _out(value: Any) -> Any:
    if isinstance(value, datetime):
        return canonical_time(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def _in(table: Table, row: dict[str, Any], number: int) -> dict[str, Any]:
    converted = {}
    for name, value in row.items():
        if name not in table.c:
            raise UsageError(
                t(
                    "Exporten har en kolumn {column} som den här kgflow inte känner till.",
                    column=table.name + "." + name,
                )
            )
        kind = table.c[name].type
        if isinstance(value, str) and isinstance(kind, String):
            shown = t("Rad {number} i exporten: {column}", number=number, column=table.name + "." + name)
            limits.checked(value, shown, kind.length, multiline=isinstance(kind, Text))
        if value is not None and isinstance(kind, DateTime):
            value = datetime.fromisoformat(value)
        elif value is not None and isinstance(kind, Date):
            value = date.fromisoformat(value)
        elif value is not None and isinstance(kind, Boolean):
            value = bool(value)
        converted[name] = value
    return converted


def line(record: dict[str, Any]) -> str:
    """One JSON line, the same bytes for the same data."""
    return json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def dump(connection: Connection, schema: str) -> Iterator[str]:
    """Every row of every table, as lines (without newlines)."""
    yield line({"kgflow": "export", "format": FORMAT, "schema": schema})
    for name in ORDER:
        table = _table(name)
        key = list(table.primary_key.columns)
        for row in connection.execute(select(table).order_by(*key)):
            yield line({"table": name, "row": {column: _out(value) for column, value in row._mapping.items()}})


def is_empty(connection: Connection) -> bool:
    """True when no table holds a row."""
    return all(connection.execute(select(func.count()).select_from(_table(name))).scalar_one() == 0 for name in ORDER)


def load(connection: Connection, lines: Iterable[str], schema: str) -> dict[str, int]:
    """Insert an export's rows, ids kept; returns rows per table.

    Raises:
        UsageError: for a file that is not a kgflow export of this schema.
    """
    records = iter(lines)
    try:
        header = json.loads(next(records))
    except (StopIteration, json.JSONDecodeError) as exc:
        raise UsageError(t("Det här är ingen export från kgflow: första raden är inte kgflows rubrikrad.")) from exc
    if header.get("kgflow") != "export" or header.get("format") != FORMAT:
        raise UsageError(t("Det här är ingen export från kgflow: första raden är inte kgflows rubrikrad."))
    if header.get("schema") != schema:
        raise UsageError(
            t(
                "Exporten gjordes med schemat {made} och den här databasen har schemat {schema}; "
                "importera den med den kgflow som gjorde den, och uppgradera sedan.",
                made=header.get("schema"),
                schema=schema,
            )
        )
    counts: dict[str, int] = {}
    pending: dict[str, list[dict[str, Any]]] = {}
    current: str | None = None
    for number, text_line in enumerate(records, start=2):
        try:
            record = json.loads(text_line)
            name, row = record["table"], record["row"]
            if not isinstance(row, dict):
                raise TypeError(row)
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise UsageError(t("Rad {number} i exporten är ingen tabellrad.", number=number)) from exc
        if name not in ORDER:
            raise UsageError(t("Rad {number} i exporten nämner en okänd tabell {name!r}.", number=number, name=name))
        if current is not None and name != current and ORDER.index(name) < ORDER.index(current):
            raise UsageError(t("Rad {number}: exportens tabeller kommer i fel ordning.", number=number))
        if name != current and current is not None:
            _flush(connection, current, pending.pop(current, []))
        current = name
        pending.setdefault(name, []).append(_in(_table(name), row, number))
        counts[name] = counts.get(name, 0) + 1
        if len(pending[name]) >= BATCH:
            _flush(connection, name, pending.pop(name))
    if current is not None:
        _flush(connection, current, pending.pop(current, []))
    if connection.dialect.name == "postgresql":
        _restart_sequences(connection)
    return counts


def _flush(connection: Connection, name: str, rows: list[dict[str, Any]]) -> None:
    if rows:
        connection.execute(insert(_table(name)), rows)


def _restart_sequences(connection: Connection) -> None:
    """New rows after an import continue after the imported ids."""
    for name in ORDER:
        if "id" in _table(name).c:
            connection.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                    f"COALESCE((SELECT max(id) FROM {name}), 0) + 1, false)"
                )
            )


class SqlBackup:
    """Export and restore through one connection (the unit of work's)."""

    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def _schema(self) -> str:
        from kgflow.persistence.revision import VERSION_TABLE

        return self._c.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar() or "none"

    def export_lines(self) -> Iterator[str]:
        """The header line, then one line per row."""
        return dump(self._c, self._schema())

    def restore(self, lines: Iterable[str]) -> dict[str, int]:
        """Load an export into this (empty) database.

        Raises:
            UsageError: when the database is not empty, or the file is not an export of this schema.
        """
        if not is_empty(self._c):
            raise UsageError(t("Databasen är inte tom; `kgflow import` återställer bara till en tom databas."))
        if self._c.dialect.name == "postgresql":
            # History rows are restored as they were written; the database allows that to administrators only.
            self._c.execute(text("SELECT set_config('kgflow.restore', 'on', true)"))
        return load(self._c, lines, self._schema())
