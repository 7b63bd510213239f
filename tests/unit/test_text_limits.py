"""The domain's text rules: what is refused, what is kept, and that each limit fits its column."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kgflow.cli.render import printable
from kgflow.domain import text as limits
from kgflow.domain.errors import UsageError
from kgflow.persistence.tables import metadata
from kgflow.reports.tabular import neutralised

REFUSED_EVERYWHERE = [
    pytest.param("a\x00b", "U+0000", id="nul"),
    pytest.param("a\x1b[2Jb", "U+001B", id="escape"),
    pytest.param("a\rb", "U+000D", id="carriage-return"),
    pytest.param("a\x7fb", "U+007F", id="delete"),
    pytest.param("a\x85b", "U+0085", id="c1-next-line"),
    pytest.param("a\x9b2Jb", "U+009B", id="c1-csi"),
    pytest.param("a\udcffb", "byte som inte är UTF-8", id="lone-surrogate"),
    pytest.param("a\u202eb", "U+202E", id="bidi-override"),
    pytest.param("a\u2066b", "U+2066", id="bidi-isolate"),
]


@pytest.mark.parametrize(("text", "named"), REFUSED_EVERYWHERE)
@pytest.mark.parametrize("multiline", [False, True], ids=["line", "note"])
def test_control_characters_are_refused_in_one_sentence(text: str, named: str, multiline: bool) -> None:
    with pytest.raises(UsageError) as refused:
        limits.checked(text, "Titeln", limits.TITLE, multiline=multiline)
    sentence = str(refused.value)
    assert named in sentence
    assert "position 2" in sentence
    assert "\n" not in sentence


@pytest.mark.parametrize("text", ["a\tb", "rad ett\nrad två"], ids=["tab", "line-feed"])
def test_a_note_may_have_tabs_and_lines_and_a_title_may_not(text: str) -> None:
    assert limits.checked(text, "--note", limits.NOTE, multiline=True) == text
    with pytest.raises(UsageError, match="innehåller ett styrtecken"):
        limits.checked(text, "Titeln", limits.TITLE)


@pytest.mark.parametrize(
    "text",
    ["Vård och insatser för ångest – Å, Ä, Ö", "Läkare 👩‍⚕️ och 👍🏽", "Stöd 🇸🇪 ︎"],
    ids=["swedish", "emoji-with-joiner-and-skin-tone", "flag-and-variation-selector"],
)
def test_everyday_text_is_kept_as_it_is(text: str) -> None:
    assert limits.checked(text, "Titeln", limits.TITLE) == text


def test_a_limit_is_counted_in_characters_as_postgresql_counts_them() -> None:
    longest = "ö" * (limits.TITLE - 1) + "😀"
    assert limits.checked(longest, "Titeln", limits.TITLE) == longest
    with pytest.raises(
        UsageError, match=f"har {limits.TITLE + 1} tecken; högst {limits.TITLE} tecken får plats, korta texten"
    ):
        limits.checked(longest + "a", "Titeln", limits.TITLE)


@pytest.mark.parametrize(
    ("column", "limit"),
    [
        ("item.title", limits.TITLE),
        ("item.code", limits.CODE),
        ("organisation.name", limits.NAME),
        ("organisation.code", limits.CODE),
        ("person.name", limits.NAME),
        ("person.code", limits.CODE),
        ("person.email", limits.EMAIL),
        ("person.login", limits.LOGIN),
        ("role_assignment.role", limits.ROLE),
        ("item_version.adoption_ref", limits.REFERENCE),
    ],
)
def test_every_limit_is_at_or_below_its_column(column: str, limit: int) -> None:
    table, name = column.split(".")
    length = metadata.tables[table].c[name].type.length
    assert length is not None
    assert limit <= length, f"{column} holds {length}, the domain allows {limit}"


def test_notes_and_values_go_where_there_is_no_length_limit() -> None:
    assert metadata.tables["history"].c["note"].type.length is None
    assert metadata.tables["history"].c["fields"].type.length is None


ESCAPES = [
    pytest.param("a\x1b[31mred\x1b[0m", "ared", id="colour"),
    pytest.param("a\x1b]0;ägd\x07b", "ab", id="window-title-osc-bel"),
    pytest.param("a\x1b]8;;https://x.invalid\x1b\\länk\x1b]8;;\x1b\\b", "alänkb", id="hyperlink-osc-st"),
    pytest.param("a\x9b2Jb", "ab", id="c1-csi"),
    pytest.param("a\x1bcb", "ab", id="reset"),
    pytest.param("skriv\röver", "skrivöver", id="carriage-return"),
    pytest.param("Skåne 😀\tok\n", "Skåne 😀\tok\n", id="kept"),
]


@pytest.mark.parametrize(("stored", "shown"), ESCAPES)
def test_stored_text_reaches_a_terminal_without_escape_sequences(stored: str, shown: str) -> None:
    assert printable(stored) == shown


@given(st.text())
def test_nothing_printable_returns_can_command_a_terminal(text: str) -> None:
    assert limits.refusal(printable(text), "shown", None, multiline=True) is None


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('=HYPERLINK("http://x.invalid")', '\'=HYPERLINK("http://x.invalid")'),
        ("+46 23 10 00 00", "'+46 23 10 00 00"),
        ("-1+1", "'-1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tflik", "'\tflik"),
        ("\rrad", "'\rrad"),
        ("Falun", "Falun"),
        ("a=b", "a=b"),
        (-1, -1),
        (None, None),
    ],
)
def test_a_csv_cell_never_starts_a_formula(value: object, written: object) -> None:
    assert neutralised(value) == written


# The whole sentence, at the edges of every refused range (found by tools/mutation.py).
SENTENCES = [
    pytest.param(
        "a\x1fb", False, "Titeln innehåller ett styrtecken (U+001F) på position 2; ta bort det.", id="last-c0"
    ),
    pytest.param("a\x7fb", False, "Titeln innehåller ett styrtecken (U+007F) på position 2; ta bort det.", id="delete"),
    pytest.param(
        "a\x9fb", False, "Titeln innehåller ett styrtecken (U+009F) på position 2; ta bort det.", id="last-c1"
    ),
    pytest.param(
        "a\ud800b", False, "Titeln innehåller byte som inte är UTF-8 på position 2; ta bort det.", id="first-surrogate"
    ),
    pytest.param(
        "a\udfffb", False, "Titeln innehåller byte som inte är UTF-8 på position 2; ta bort det.", id="last-surrogate"
    ),
    pytest.param(
        "a\u202ab",
        False,
        "Titeln innehåller ett tecken som styr skrivriktningen (U+202A) på position 2; ta bort det.",
        id="bidi",
    ),
    pytest.param(
        "a\tb", False, "Titeln innehåller ett styrtecken (U+0009) på position 2; ta bort det.", id="tab-in-a-line"
    ),
    pytest.param(
        "a\rb",
        True,
        "Titeln innehåller ett styrtecken (U+000D) på position 2; ta bort det (tabbar och radbrytningar går bra).",
        id="cr-in-a-note",
    ),
    pytest.param(
        "a\x85b", True, "Titeln innehåller ett styrtecken (U+0085) på position 2; ta bort det.", id="c1-in-a-note"
    ),
    pytest.param(
        "a\x7fb",
        True,
        "Titeln innehåller ett styrtecken (U+007F) på position 2; ta bort det (tabbar och radbrytningar går bra).",
        id="delete-in-a-note",
    ),
    pytest.param(
        "a\x80b",
        True,
        "Titeln innehåller ett styrtecken (U+0080) på position 2; ta bort det.",
        id="first-c1-in-a-note",
    ),
    pytest.param(
        "a\u2066b",
        True,
        "Titeln innehåller ett tecken som styr skrivriktningen (U+2066) på position 2; ta bort det.",
        id="bidi-in-a-note",
    ),
]


@pytest.mark.parametrize(("text", "multiline", "sentence"), SENTENCES)
def test_a_refusal_names_the_character_and_the_text(text: str, multiline: bool, sentence: str) -> None:
    assert str(limits.refusal(text, "Titeln", limits.TITLE, multiline=multiline)) == sentence
    with pytest.raises(UsageError) as refused:
        limits.checked(text, "Titeln", limits.TITLE, multiline=multiline)
    assert str(refused.value) == sentence


def test_a_text_is_single_line_unless_said_otherwise() -> None:
    assert limits.refusal("rad ett\nrad två", "Titeln", None) is not None
    assert limits.checked("rad ett\nrad två", "--note", None, multiline=True) == "rad ett\nrad två"
