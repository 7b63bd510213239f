"""A table drawn as rich draws it for a pipe or a file, without importing rich (some 30–80 ms a command).

When the output is not a terminal, :func:`kgflow.cli.render.table` has rich draw
at 160 columns with no colours: heavy-headed box, one space of padding, cells
folded to fit (``overflow="fold"``), title and caption centred. This module
follows rich's own steps for exactly that case — each column measured (longest
line, longest word), the widest columns shrunk first until the table fits, every
cell word-wrapped as rich wraps it — so the text is the same to the character
(``tests/unit/test_plain_table.py`` draws many tables both ways). It answers
None for whatever it does not follow (a character rich may count as zero or two
cells, a tab, markup in a heading, a table too narrow to pad), and rich draws
those.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from itertools import pairwise

WIDTH = 160
"""The width rich is given when the output is not a terminal."""

_ONE_CELL = re.compile("[ !-~\u00a1-\u00ac\u00ae-\u02ff\u2010-\u2027\u2030-\u205e\u20ac\u2190-\u21ff\n]*")
"""Text whose every character rich counts as one cell (and no space but the plain one), or a line break."""

_WORD = re.compile(r"\s*\S+\s*")
_TRAILING_SPACE = re.compile(r"\s+$")


def plain_table(
    title: str | None, columns: Sequence[str], rows: Sequence[Sequence[str]], caption: str | None
) -> str | None:
    """The table as rich prints it to a non-terminal (every line ended by a newline), or None to let rich draw it."""
    annotations = [text for text in (title, caption) if text]
    texts = [*columns, *annotations, *(cell for row in rows for cell in row)]
    if not rows or any(len(row) != len(columns) for row in rows) or any("[" in heading for heading in columns):
        return None
    if not all(_ONE_CELL.fullmatch(text) for text in texts):
        return None
    cells = [[heading, *(row[index] for row in rows)] for index, heading in enumerate(columns)]
    extra = 2 + len(columns) - 1
    widths = _column_widths(cells, WIDTH - extra)
    if widths is None or min(widths) < 3:
        return None
    table_width = sum(widths) + extra
    lines = _centred(title, table_width) if title else []
    lines.append("┏" + "┳".join("━" * width for width in widths) + "┓")
    for number, row in enumerate(zip(*cells, strict=True)):
        drawn = [_cell(text, width) for text, width in zip(row, widths, strict=True)]
        height = max(len(cell) for cell in drawn)
        bar = "┃" if number == 0 else "│"
        for cell, width in zip(drawn, widths, strict=True):
            blank = [" " * width] * (height - len(cell))
            cell[:] = blank + cell if number == 0 else cell + blank  # the heading sits at the bottom
        lines.extend(bar + bar.join(cell[line] for cell in drawn) + bar for line in range(height))
        if number == 0:
            lines.append("┡" + "╇".join("━" * width for width in widths) + "┩")
    lines.append("└" + "┴".join("─" * width for width in widths) + "┘")
    if caption:
        lines.extend(_centred(caption, table_width))
    return "".join(f"{line}\n" for line in lines)


def _column_widths(cells: list[list[str]], room: int) -> list[int] | None:
    """Each column's width with its padding (rich's ``Table._calculate_column_widths``, no expand, no fixed width)."""
    if room < 1:
        return None
    widths = [_column_measure(column, room)[1] or 1 for column in cells]
    if sum(widths) > room:
        widths = _collapse(widths, room)
        if sum(widths) > room:
            widths = _ratio_reduce(sum(widths) - room, [1] * len(widths), widths, widths)
        widths = [_column_measure(column, width)[1] or 0 for column, width in zip(cells, widths, strict=True)]
    return widths


def _column_measure(column: list[str], width: int) -> tuple[int, int]:
    if width < 1:
        return 0, 0
    measured = [_padded_measure(text, width) for text in column]
    return min(max(low for low, _ in measured), width), min(max(high for _, high in measured), width)


def _padded_measure(text: str, width: int) -> tuple[int, int]:
    """What rich measures a cell (the text with one space each side) as, in ``width``."""
    if width - 2 < 1:
        return width, width
    low, high = _text_measure(text, width)
    return _measurement(min(low + 2, width), min(high + 2, width), width)


def _text_measure(text: str, width: int) -> tuple[int, int]:
    lines = text.splitlines()
    longest = max((len(line) for line in lines), default=0)
    words = text.split()
    return _measurement(max((len(word) for word in words), default=longest), longest, width)


def _measurement(low: int, high: int, width: int) -> tuple[int, int]:
    """rich's ``Measurement.get`` tail: normalised, at most ``width``, (0, 0) when nothing fits."""
    low = max(0, min(low, high))
    low, high = min(low, width), min(max(low, high), width)
    if high < 1:
        return 0, 0
    low = max(0, min(low, high))
    return low, max(low, high)


def _collapse(widths: list[int], room: int) -> list[int]:
    """rich's ``Table._collapse_widths``: the widest columns give up width first."""
    excess = sum(widths) - room
    while sum(widths) and excess > 0:
        widest = max(widths)
        second = max((width for width in widths if width != widest), default=0)
        if not widest - second:
            break
        ratios = [1 if width == widest else 0 for width in widths]
        widths = _ratio_reduce(excess, ratios, [min(excess, widest - second)] * len(widths), widths)
        excess = sum(widths) - room
    return widths


def _ratio_reduce(total: int, ratios: list[int], maximums: list[int], values: list[int]) -> list[int]:
    """rich's ``_ratio.ratio_reduce``."""
    ratios = [ratio if maximum else 0 for ratio, maximum in zip(ratios, maximums, strict=True)]
    total_ratio = sum(ratios)
    if not total_ratio:
        return values[:]
    remaining = total
    result = []
    for ratio, maximum, value in zip(ratios, maximums, values, strict=True):
        if ratio and total_ratio > 0:
            distributed = min(maximum, round(ratio * remaining / total_ratio))
            result.append(value - distributed)
            remaining -= distributed
            total_ratio -= ratio
        else:
            result.append(value)
    return result


def _cell(text: str, width: int) -> list[str]:
    """A cell's lines, each ``width`` wide: one space, the text wrapped to what is left, one space."""
    inner = min(_measurement(*_text_measure(text, width), width)[1] + 2, width) - 2
    return [f" {line} "[:width].ljust(width) for line in _wrapped(text, inner)]


def _wrapped(text: str, width: int) -> list[str]:
    """rich's ``Text.wrap`` for left-justified, folded text: every line exactly ``width`` long."""
    return [piece[:width].ljust(width) for piece in _pieces(text, width)]


def _centred(text: str, width: int) -> list[str]:
    """A title or caption as rich centres it over the table, wrapped to its width."""
    lines = []
    for piece in _pieces(text, width):
        piece = piece.rstrip()[:width]
        lines.append((" " * ((width - len(piece)) // 2) + piece).ljust(width))
    return lines


def _pieces(text: str, width: int) -> Iterator[str]:
    """Every line of ``text`` divided as rich divides it, spaces past ``width`` at a piece's end dropped."""
    for line in text.split("\n"):
        for piece in _divided(line, width):
            if len(piece) > width and (space := _TRAILING_SPACE.search(piece)) is not None:
                piece = piece[: len(piece) - min(len(space.group()), len(piece) - width)]
            yield piece


def _divided(line: str, width: int) -> list[str]:
    """``line`` cut where rich's ``divide_line`` cuts it (words kept whole unless longer than ``width``)."""
    breaks: list[int] = []
    offset = 0
    for found in _WORD.finditer(line):
        start, word = found.start(), found.group()
        length = len(word.rstrip())
        if width - offset >= length:
            offset += len(word)
        elif length > width:
            chunks = [word[index : index + width] for index in range(0, len(word), width)]
            for chunk in chunks[:-1]:
                if start:
                    breaks.append(start)
                start += len(chunk)
            if start:
                breaks.append(start)
            offset = len(chunks[-1])
        elif offset and start:
            breaks.append(start)
            offset = len(word)
    edges = [0, *breaks, len(line)]
    return [line[begin:end] for begin, end in pairwise(edges)]
