"""The verifiable history (R12): every row's hash covers its content and the row before.

Rows form one chain in a gapless sequence. A row's hash is the SHA-256 of its
canonical content — sorted-key JSON of every recorded field, its sequence
number and the previous row's hash — so changing, removing, reordering or
inserting a row breaks the chain at that point. Walking the chain finds the
first row that does not match.

Two formats of a row's content exist, named by the row's ``scheme``: 1, the
sorted-key JSON of the first chained rows (kept so that those still verify);
2, every field as ``LENGTH:TEXT`` (``~`` for none) joined by ``;`` — a form
PostgreSQL computes in its own trigger exactly as Python does here, so on a
shared database the chain is extended by the database, not by the client.
Scheme 2 also covers who logged in (``login``) and the target level. A checkpoint (a sequence number and its hash,
filed outside the database) also catches a cut tail or a chain rewritten
consistently after an edit. Filed in a file, a checkpoint is one line:
``SEQ:HASH<TAB>ISO time``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from kgflow.domain.wording import Phrase, t

GENESIS = "0" * 64
SCHEME = 2  # the format every new row is hashed in


@dataclass(frozen=True)
class ChainRow:
    """What a history row says, as stored, in the order it was appended.

    ``instance_id`` is None for an administrative row (a person, role,
    organisation or workflow version recorded); ``login`` is the database login
    that wrote the row where the database knows one (PostgreSQL), and ``actor``
    the person on whose behalf it was written.
    """

    seq: int
    instance_id: int | None
    item_version: int | None
    at: datetime
    actor: str
    event: str
    from_state: str | None
    to_state: str | None
    level: int | None
    fields: str
    note: str | None
    prev_hash: str
    hash: str
    login: str | None = None
    target_level: int | None = None
    scheme: int = SCHEME


def canonical_time(moment: datetime) -> str:
    """A timestamp as UTC ISO text with microseconds (naive values are taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    elif moment.tzinfo is not UTC:
        moment = moment.astimezone(UTC)
    return moment.isoformat(timespec="microseconds")


def row_hash(
    seq: int,
    instance_id: int,
    item_version: int,
    at: datetime,
    actor: str,
    event: str,
    from_state: str | None,
    to_state: str,
    level: int | None,
    fields: str,
    note: str | None,
    prev_hash: str,
) -> str:
    """The hash of one row's canonical content and the hash before it."""
    content = {
        "seq": seq,
        "instance_id": instance_id,
        "item_version": item_version,
        "at": canonical_time(at),
        "actor": actor,
        "event": event,
        "from": from_state,
        "to": to_state,
        "level": level,
        "fields": fields,
        "note": note,
        "prev": prev_hash,
    }
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def scheme2_content(row: ChainRow) -> str:
    """The text a scheme-2 row's hash is taken of (the PostgreSQL trigger builds the same).

    Each part is ``LENGTH:TEXT`` (the length in characters), a missing one ``~``,
    joined by ``;``. Written as one loop without helper calls: every appended
    row and every row ``audit verify`` reads goes through it.
    """
    parts = []
    for value in (
        2, row.seq, row.instance_id, row.item_version, canonical_time(row.at), row.login, row.actor, row.event,
        row.from_state, row.to_state, row.level, row.target_level, row.fields, row.note, row.prev_hash,
    ):  # fmt: skip
        if value is None:
            parts.append("~")
        else:
            text = value if type(value) is str else str(value)
            parts.append(f"{len(text)}:{text}")
    return ";".join(parts)


def expected_hash(row: ChainRow) -> str:
    """What ``row.hash`` must be, in the row's own scheme."""
    if row.scheme == 2:
        return hashlib.sha256(scheme2_content(row).encode("utf-8")).hexdigest()
    if row.scheme != 1 or row.instance_id is None or row.item_version is None or row.to_state is None:
        return ""  # no such row was ever written in scheme 1: it cannot match
    return row_hash(
        row.seq, row.instance_id, row.item_version, row.at, row.actor, row.event, row.from_state,
        row.to_state, row.level, row.fields, row.note, row.prev_hash,
    )  # fmt: skip


@dataclass(frozen=True)
class Checkpoint:
    """A point of the chain filed outside the database: ``SEQ:HASH``."""

    seq: int
    hash: str

    def __str__(self) -> str:
        return f"{self.seq}:{self.hash}"

    @classmethod
    def parse(cls, text: str) -> Checkpoint:
        """``"1234:ab12…"`` → a checkpoint.

        Raises:
            ValueError: when the text is not SEQ:HASH with a 64-digit hex hash.
        """
        seq, _, digest = text.strip().partition(":")
        if not seq.isdigit() or len(digest) != 64 or any(ch not in "0123456789abcdef" for ch in digest):
            raise ValueError(
                t("{text!r} är ingen kontrollpunkt; en kontrollpunkt ser ut som 1234:<64 hexsiffror>.", text=text)
            )
        return cls(int(seq), digest)


def filed_line(checkpoint: Checkpoint, at: datetime) -> str:
    """The line that files ``checkpoint``: ``SEQ:HASH``, a tab, and when (ISO 8601 with its offset)."""
    return f"{checkpoint}\t{at.isoformat(timespec='seconds')}"


def parse_filed_line(text: str) -> Checkpoint:
    """The checkpoint of a filed line (what follows the tab is for people).

    Raises:
        ValueError: when the line does not start with SEQ:HASH.
    """
    return Checkpoint.parse(text.split("\t", 1)[0])


@dataclass(frozen=True)
class Verdict:
    """The outcome of walking the chain."""

    rows: int
    head: Checkpoint | None
    problem: Phrase | None = None
    at_seq: int | None = None

    @property
    def ok(self) -> bool:
        """True when nothing was found wrong."""
        return self.problem is None


def walk(
    rows: Iterable[ChainRow], checkpoint: Checkpoint | None = None, watchers: Sequence[Callable[[ChainRow], None]] = ()
) -> Verdict:
    """Check every row in sequence order; stop at the first that does not match.

    ``checkpoint`` is a point filed earlier: it must still be in the chain with
    the same hash, which catches a cut tail and a consistent rewrite. Each row
    must also continue its instance from the state the rows before left it in.
    ``watchers`` see every row that verified (to replay what the chain records).
    """
    expected_seq, previous, count = 1, GENESIS, 0
    state_of: dict[int, str | None] = {}

    def broken(problem: Phrase, seq: int) -> Verdict:
        return Verdict(count, None, problem, seq)

    for row in rows:
        count += 1
        if row.seq != expected_seq:
            if row.seq > expected_seq:
                gap = t("rad {seq} saknas", seq=expected_seq)
            else:
                gap = t("rad {seq} finns två gånger", seq=row.seq)
            return broken(t("kedjan är bruten vid rad {seq}: {gap}", seq=expected_seq, gap=gap), expected_seq)
        if row.prev_hash != previous:
            return broken(
                t(
                    "rad {seq} följer inte på rad {before} (dess föregående hash skiljer sig)",
                    seq=row.seq,
                    before=row.seq - 1,
                ),
                row.seq,
            )
        if expected_hash(row) != row.hash:
            return broken(t("rad {seq} har ändrats: innehållet stämmer inte med dess hash", seq=row.seq), row.seq)
        if row.instance_id is not None:
            before = state_of.get(row.instance_id)
            if row.from_state != before:
                return broken(
                    t(
                        "rad {seq} flyttar sitt ärende från {came}, men raderna före lämnade det i {left}: ett steg "
                        "saknas eller är påhittat",
                        seq=row.seq,
                        came=row.from_state or t("inget läge"),
                        left=before or t("inget läge"),
                    ),
                    row.seq,
                )
            state_of[row.instance_id] = row.to_state
        for watch in watchers:
            watch(row)
        if checkpoint is not None and row.seq == checkpoint.seq and row.hash != checkpoint.hash:
            return broken(t("rad {seq} skiljer sig från kontrollpunkten: kedjan har skrivits om", seq=row.seq), row.seq)
        previous = row.hash
        expected_seq += 1
    end = expected_seq - 1
    if checkpoint is not None and end < checkpoint.seq:
        return broken(
            t(
                "kedjan slutar vid rad {end}, före kontrollpunkten vid rad {checkpoint}: rader har klippts bort",
                end=end,
                checkpoint=checkpoint.seq,
            ),
            end,
        )
    return Verdict(count, Checkpoint(end, previous) if count else None)
