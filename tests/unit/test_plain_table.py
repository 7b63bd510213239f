"""The plain table drawer prints, to the character, what rich prints for a pipe, or leaves the table to rich."""

from __future__ import annotations

import io
import random

import pytest
from rich.cells import cell_len
from rich.console import Console

from kgflow.cli.plain_table import _ONE_CELL, WIDTH, plain_table
from kgflow.cli.render import rich_grid

_LETTERS = "abcdefghijklmnopqrstuvwxyzåäöÅÄÖé–—:;,.()-/0123456789"
_SPACES = [" ", " ", " ", "  ", "   ", "\n", " \n", "\n\n"]


def rich_table(title: str | None, columns: list[str], rows: list[list[str]], caption: str | None) -> str:
    """What :func:`kgflow.cli.render.table` has rich print when the output is not a terminal."""
    out = io.StringIO()
    Console(file=out, soft_wrap=False, width=WIDTH, emoji=False).print(rich_grid(title, columns, rows, caption))
    return out.getvalue()


def _text(chance: random.Random) -> str:
    words = chance.choice([0, 0, 1, 1, 2, 3, 5, 10, 20])
    text = "".join(
        "".join(chance.choice(_LETTERS) for _ in range(chance.choice([1, 2, 3, 5, 8, 12, 20, 40, 90, 200])))
        + chance.choice(_SPACES)
        for _ in range(words)
    )
    return text.strip() if chance.random() < 0.3 else text


@pytest.mark.parametrize("seed", range(4))
def test_random_tables_match_rich(seed: int) -> None:
    chance = random.Random(seed)
    drawn = 0
    for _ in range(60):
        count = chance.choice([1, 2, 3, 4, 5, 7, 9, 12, 20])
        columns = [_text(chance) or "Kod" for _ in range(count)]
        rows = [[_text(chance) for _ in range(count)] for _ in range(chance.choice([1, 2, 3, 6]))]
        title = _text(chance) if chance.random() < 0.5 else None
        caption = _text(chance) if chance.random() < 0.5 else None
        plain = plain_table(title, columns, rows, caption)
        if plain is not None:
            drawn += 1
            assert plain == rich_table(title, columns, rows, caption)
    assert drawn > 50


def test_a_status_like_table_matches_rich() -> None:
    columns = ["Kunskapsstöd", "Organisation", "Kod", "Typ", "Läge", "Senast", "Nivå"]
    rows = [
        ["vip-skadligt-bruk", "LPO psykisk hälsa, Region Dalarna", "lpo-dalarna", "LPO", "På remiss", "", "–/3"],
        ["psvf-angest", "Borlänge kommun", "borlange", "kommun", "Implementerad", "2026-11-30 (försenad)", "2/3"],
    ]
    plain = plain_table("Läget", columns, rows, "2 ärenden, 1 försenade")
    assert plain == rich_table("Läget", columns, rows, "2 ärenden, 1 försenade")


@pytest.mark.parametrize(
    ("columns", "rows"),
    [
        (["Namn"], [["東京"]]),  # two cells a character
        (["Namn"], [["e\u0301"]]),  # a combining accent
        (["Namn"], [["a\tb"]]),  # a tab
        (["[bold]Namn"], [["x"]]),  # markup in a heading
        (["Namn"], []),  # no rows
        (["Namn", "Kod"], [["bara en"]]),  # a short row
        ([f"k{n}" for n in range(90)], [["x"] * 90]),  # too many columns to pad
    ],
)
def test_what_it_does_not_follow_is_left_to_rich(columns: list[str], rows: list[list[str]]) -> None:
    assert plain_table(None, columns, rows, None) is None


def test_every_character_it_draws_is_one_cell_to_rich() -> None:
    for code in range(0x10000):
        character = chr(code)
        if character != "\n" and _ONE_CELL.fullmatch(character):
            assert cell_len(character) == 1, hex(code)
            assert character == " " or not character.isspace(), hex(code)
            assert len(character.splitlines()) == 1, hex(code)
