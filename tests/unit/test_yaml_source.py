"""The strict YAML reader: strings stay strings, dangerous constructs are refused quickly."""

from __future__ import annotations

import time

import pytest

from kgflow.definitions.yaml_source import MAX_BYTES, MappingNode, compose
from kgflow.domain.errors import DefinitionError


def values(text: str) -> dict[str, str]:
    node = compose(text, "t.yaml")
    assert isinstance(node, MappingNode)
    return {key.value: value.value for key, value in node.value}


def test_yaml_1_1_booleans_numbers_and_times_stay_text() -> None:
    assert values("a: no\nb: on\nc: 12:30\nd: 010\ne: yes\nf: 1e3\n") == {
        "a": "no",
        "b": "on",
        "c": "12:30",
        "d": "010",
        "e": "yes",
        "f": "1e3",
    }


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        pytest.param("a: 1\nb: &x 2\n", 2, r"t.yaml:2: ankare och alias \(&namn\) är inte tillåtna$", id="anchor"),
        pytest.param("a: [1]\nb: *x\n", 2, r"t.yaml:2: ankare och alias \(\*namn\) är inte tillåtna$", id="alias"),
        pytest.param("a: !!python/object/apply:os.system [ls]\n", 1, "!!python/object/apply", id="python-tag"),
        pytest.param("a: !!int 5\n", 1, "taggen !!int är inte tillåten", id="explicit-int"),
        pytest.param("a: !custom x\n", 1, "taggen !custom är inte tillåten", id="local-tag"),
        pytest.param(
            "a:\n  b: 1\n c: 2\n", 3, "YAML-syntaxfel: indraget stämmer inte med raderna ovanför", id="bad-indentation"
        ),
        pytest.param("a: 'open\n", 2, "YAML-syntaxfel: filen tar slut inne i en citerad text", id="open-quote"),
    ],
)
def test_refused_with_line(text: str, line: int, fragment: str) -> None:
    with pytest.raises(DefinitionError, match=fragment) as caught:
        compose(text, "t.yaml")
    assert caught.value.line == line


def test_an_alias_bomb_is_refused_at_once() -> None:
    bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n' + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]\n"
        for i in range(8)
    )
    started = time.perf_counter()
    with pytest.raises(DefinitionError, match="ankare och alias"):
        compose(bomb, "bomb.yaml")
    assert time.perf_counter() - started < 1.0


@pytest.mark.parametrize(
    "text", ["[" * 100_000, "- " * 5000 + "x", "a:\n" + "".join("  " * i + "b:\n" for i in range(1, 60))]
)
def test_absurd_nesting_is_refused(text: str) -> None:
    with pytest.raises(DefinitionError, match="strukturen är nästlad"):
        compose(text, "deep.yaml")


def test_an_oversized_file_is_refused() -> None:
    with pytest.raises(
        DefinitionError, match=rf"big.yaml:1: filen är {MAX_BYTES + 4} byte; gränsen är {MAX_BYTES} byte$"
    ):
        compose("a: " + "x" * (MAX_BYTES + 1), "big.yaml")
