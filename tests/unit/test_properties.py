"""Property-based tests: whatever text arrives, the loader and the parsers answer with a result or one refusal."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kgflow.definitions.loader import load_text
from kgflow.definitions.model import WorkflowDefinition
from kgflow.domain.errors import DefinitionError, UsageError
from kgflow.domain.fields import FieldType, convert, parse_assignments
from kgflow.service.catalogue import vocabulary

VALID = (Path(__file__).parents[1] / "fixtures" / "workflows" / "valid.yaml").read_text(encoding="utf-8")
FAST = settings(max_examples=150, deadline=1000, suppress_health_check=[HealthCheck.too_slow])
TOKENS = ["&a", "*a", "!!python/object:os.system", "!!int", "{", "}", "[", "]", ":", "- ", "\t", "\n", "'", '"',
          "no", "on", "12:30", "~", "null", "=", "#", "|", ">", "? ", "%YAML 1.1", "---", "...", "\x00", "é", "@"]  # fmt: skip


def loads(text: str) -> WorkflowDefinition | DefinitionError:
    try:
        return load_text(text, "fuzz.yaml", vocabulary())
    except DefinitionError as error:
        for problem in error.problems:
            assert problem.line >= 1
            assert problem.message
            assert "\n" not in str(problem.message)
        return error


@FAST
@given(st.text(max_size=400))
def test_any_text_is_a_workflow_or_a_refusal_with_a_line(text: str) -> None:
    loads(text)


@FAST
@given(
    st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=2000),
            st.sampled_from(["insert", "delete", "replace"]),
            st.sampled_from(TOKENS),
        ),
        min_size=1,
        max_size=6,
    )
)
@example([(0, "insert", "&a")])
@example([(250, "replace", "!!python/object:os.system")])
def test_a_mangled_valid_workflow_is_a_workflow_or_a_refusal(edits: list[tuple[int, str, str]]) -> None:
    text = VALID
    for position, action, token in edits:
        at = position % (len(text) + 1)
        if action == "insert":
            text = text[:at] + token + text[at:]
        elif action == "delete":
            text = text[:at] + text[at + len(token) :]
        else:
            text = text[:at] + token + text[at + len(token) :]
    loads(text)


yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=30,
)


@FAST
@given(st.dictionaries(st.sampled_from(["workflow", "version", "title", "owner", "participants", "roles", "initial",
                                        "states", "events", "referral", "schedule", "responsible", "other"]),
                       yaml_values, max_size=10))  # fmt: skip
def test_any_yaml_structure_is_a_workflow_or_a_refusal(document: dict[str, object]) -> None:
    loads(yaml.safe_dump(document, allow_unicode=True))


@FAST
@given(st.lists(st.text(max_size=30), max_size=8))
def test_set_values_parse_or_are_refused_in_one_sentence(raw: list[str]) -> None:
    try:
        parsed, refusal = parse_assignments(raw), ""
    except UsageError as error:
        parsed, refusal = {}, str(error)
    if refusal:
        assert refusal.endswith(".")
        assert "\n" not in refusal.strip()
    for key, value in parsed.items():
        assert re.fullmatch(r"\w[\w .,&()'/-]*", key)
        assert key == " ".join(key.split()) == key.lower()
        assert value == value.strip()


@FAST
@given(st.sampled_from(list(FieldType)), st.text(max_size=40))
def test_typed_values_convert_or_are_refused(field_type: FieldType, raw: str) -> None:
    try:
        value, refusal = convert(field_type, raw, "x"), ""
    except UsageError as error:
        value, refusal = None, str(error)
    if refusal:
        assert refusal.endswith(".")
        return
    if field_type is FieldType.LEVEL:
        assert value in (1, 2, 3)
    if field_type is FieldType.COUNT:
        assert isinstance(value, int)
        assert value >= 0
