"""A secretary's session in Swedish has no English in it, and the same session in English no Swedish.

Every command's and subcommand's ``--help`` and a session of real commands on the
sample (as Sara Ek, secretary of LPO psykisk hälsa, Region Dalarna) are run
twice: with ``KGFLOW_LANGUAGE=sv``, failing on any word of a stop-list of common
English words that are not Swedish words, and with ``KGFLOW_LANGUAGE=en``, failing
on common Swedish words that are not English ones.

What is not kgflow's own wording is left out before the words are checked: the
sample's proper names (organisations, people, item titles) and what people wrote
(notes, references, values), command and option names, codes, ids and e-mail
addresses (any chunk with ``-``, ``_``, ``.``, ``/``, ``=``, ``@`` or ``:`` in it),
example command lines in help texts, choices (``[table|csv]``) and the workflows'
ids of states, events, roles and fields. The domain's Swedish terms that English
keeps (remiss, huvudman, kommun, LPO …) are not on the Swedish list.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import click
import pytest

from kgflow.cli.main import cli
from kgflow.config import shipped_workflows
from kgflow.locale import use
from kgflow.service.catalogue import WorkflowCatalogue
from tests.e2e.cli import run

SECRETARY = "sara.ek"
ITEM = "psvf-sjalvskada"
LPO = "lpo-dalarna"
HISTORY_ORG = "falun"  # LPO Dalarna's own history carries a long note that a table wraps across lines

ENGLISH = frozenset(
    [
        "the",
        "and",
        "of",
        "is",
        "not",
        "no",
        "there",
        "nothing",
        "cannot",
        "must",
        "with",
        "from",
        "done",
        "found",
        "item",
        "items",
        "state",
        "states",
        "level",
        "levels",
        "target",
        "show",
        "shows",
        "this",
        "that",
        "these",
        "message",
        "exit",
        "usage",
        "options",
        "option",
        "error",
        "instance",
        "instances",
        "late",
        "due",
        "when",
        "who",
        "event",
        "events",
        "values",
        "value",
        "note",
        "notes",
        "see",
        "has",
        "have",
        "been",
        "are",
        "was",
        "were",
        "will",
        "would",
        "only",
        "every",
        "each",
        "your",
        "you",
        "what",
        "where",
        "which",
        "or",
        "to",
        "at",
        "for",
        "on",
        "it",
        "its",
        "an",
        "into",
        "than",
        "then",
        "their",
        "they",
        "them",
        "one",
        "none",
        "print",
        "prints",
        "list",
        "lists",
        "also",
        "other",
        "own",
        "such",
        "should",
        "could",
        "can",
        "may",
        "any",
        "unless",
        "about",
        "after",
        "before",
        "between",
        "both",
        "just",
        "more",
        "most",
        "default",
        "file",
        "files",
        "folder",
        "command",
        "commands",
        "organisations",
        "people",
        "days",
        "day",
        "working",
        "step",
        "steps",
        "answer",
        "answered",
        "digest",
        "digests",
        "notice",
        "notices",
        "send",
        "sending",
        "queued",
        "would",
        "write",
        "wrote",
        "read",
        "written",
        "reading",
        "open",
        "history",
        "role",
        "roles",
        "who",
        "why",
        "how",
        "yes",
        "added",
        "loaded",
        "created",
        "upgraded",
        "try",
        "name",
        "code",
        "kind",
        "title",
        "count",
        "counts",
    ]
)
SWEDISH = frozenset(
    [
        "och",
        "inte",
        "finns",
        "är",
        "för",
        "med",
        "senast",
        "läge",
        "läget",
        "lägen",
        "steg",
        "steget",
        "stegen",
        "ärende",
        "ärendet",
        "ärenden",
        "kunskapsstöd",
        "kunskapsstödet",
        "kunskapsstöden",
        "som",
        "att",
        "det",
        "den",
        "vid",
        "från",
        "eller",
        "har",
        "ska",
        "kan",
        "inga",
        "ingen",
        "inget",
        "ingenting",
        "lista",
        "skriv",
        "nivå",
        "nivån",
        "målnivå",
        "målnivån",
        "försenad",
        "försenat",
        "försenade",
        "sidor",
        "rader",
        "historik",
        "historiken",
        "rollen",
        "roller",
        "organisationer",
        "personer",
        "dagar",
        "dag",
        "hjälpen",
        "avsluta",
        "användning",
        "flaggor",
        "kommandon",
        "kommando",
        "alla",
        "varje",
        "bara",
        "här",
        "där",
        "efter",
        "före",
        "också",
        "när",
        "vem",
        "vad",
        "hur",
        "ja",
        "nej",
        "ut",
        "om",
        "på",
        "av",
        "ett",
        "över",
        "sammanställning",
        "sammanställningar",
        "samlingsmejl",
        "meddelanden",
        "påminnelse",
        "besked",
        "eskalering",
        "trappsteg",
        "skäl",
        "försök",
        "skickade",
        "skrev",
        "läste",
        "importerade",
        "lade",
        "prova",
        "typ",
        "namn",
        "kod",
        "titel",
        "ämne",
        "arbetsflöde",
        "arbetsflödet",
        "svarsdag",
    ]
)

# Help texts of every command and subcommand.
_CODE_CHUNK = re.compile(r"\S*[-_./=@:\\]\S*")
_CHOICES = re.compile(r"\[[^\]\s]*\|[^\]]*\]")
_BACKTICKS = re.compile(r"`[^`]*`")
_TAGS = re.compile(r"<[^>]*>")
_STYLE_AND_SCRIPT = re.compile(r"<(style|script)\b.*?</\1>", re.DOTALL)
_WORD = re.compile(r"[^\W\d_]+")


def _command_paths(command: click.Command, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    yield path
    if isinstance(command, click.Group):
        # through click's own lookup: the root imports its commands only when asked for them
        ctx = click.Context(command)
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            assert sub is not None, name
            yield from _command_paths(sub, (*path, name))


COMMAND_PATHS = list(_command_paths(cli))
COMMAND_NAMES = frozenset(name for path in COMMAND_PATHS for name in path) | {"kgflow"}

SESSION: list[tuple[str, tuple[str, ...], int]] = [
    ("status", ("status",), 0),
    ("status-item-org", ("status", ITEM, "--org", LPO), 0),
    ("item-list", ("item", "list"), 0),
    ("item-show", ("item", "show", ITEM), 0),
    # One programområde: the longest LPO names (rehabilitering, habilitering och …) would wrap in the table.
    ("org-list", ("org", "list", "--kind", "lpo", "--area", "psykisk-halsa"), 0),
    ("org-show", ("org", "show", LPO), 0),
    ("org-show-kommun", ("org", "show", "Falun"), 0),
    ("person-list", ("person", "list", "--org", LPO), 0),
    ("person-show", ("person", "show", SECRETARY), 0),
    ("history", ("history", ITEM, HISTORY_ORG), 0),
    ("overdue", ("overdue",), 0),
    ("overdue-item-org", ("overdue", ITEM, "--org", LPO), 0),
    ("todo", ("todo",), 0),
    ("sweep-dry-run", ("sweep", "--dry-run"), 0),
    ("notify-preview", ("notify", "preview"), 0),
    ("notify-list", ("notify", "list"), 0),
    ("report", ("report", "--lpo", LPO), 0),
    ("report-html", ("report", "--lpo", LPO, "--format", "html"), 0),
    ("audit-verify", ("audit", "verify"), 0),
    ("workflow-show", ("workflow", "show", "nationellt-kunskapsstod"), 0),
    ("refused-org-typo", ("status", ITEM, "--org", "lpo-darlana"), 3),
    ("refused-step", ("advance", ITEM, LPO, "adopt", "--ref", "LPO-2026-9"), None),
    ("usage-error", ("status", "--bogus"), 2),
    ("usage-error-command", ("stauts",), 2),
]


@pytest.fixture(scope="module")
def session_db(sample_template: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A fresh copy of ``kgflow init --sample``, its notices queued as a day's sweep would."""
    target = tmp_path_factory.mktemp("language") / "kgflow.db"
    shutil.copy(sample_template, target)
    code, _, err = run(str(target), "sweep")
    assert code == 0, err
    return str(target)


@pytest.fixture(autouse=True)
def _swedish_again() -> Iterator[None]:
    """A run in English leaves the process speaking Swedish again, as every other test expects."""
    yield
    use("sv")


@pytest.fixture(scope="module")
def not_kgflows_words(session_db: str) -> list[str]:
    """The sample's proper names and what people wrote, longest first (they are removed before checking)."""
    texts: set[str] = set()
    for args, keys in (
        (("org", "list", "--json"), ("name",)),
        (("item", "list", "--json"), ("title",)),
        (("person", "list", "--json"), ("name", "email")),
        (
            ("plan", "show", "psvf-schizofreni-tidigt", "--lpo", "lpo-ostergotland", "--json"),
            ("target_group", "what", "venue", "performer", "schedule", "note"),
        ),
    ):
        code, out, err = run(session_db, *args)
        assert code == 0, err
        texts.update(str(row[key]) for row in json.loads(out) for key in keys if row.get(key))
    code, out, err = run(session_db, "history", ITEM, HISTORY_ORG, "--json")
    assert code == 0, err
    for row in json.loads(out):
        texts.update(str(value) for value in (row.get("note"), row.get("ref")) if value)
        for value in (row.get("fields") or {}).values():
            texts.update(str(part) for part in (value if isinstance(value, list) else [value]))
    return sorted(texts, key=len, reverse=True)


@pytest.fixture(scope="module")
def workflow_ids() -> frozenset[str]:
    """Every state, event, role and field id of the shipped workflows: they are typed, not read."""
    catalogue = WorkflowCatalogue(shipped_workflows())
    ids: set[str] = set()
    for name in catalogue.names():
        definition = catalogue.current(name)
        ids.update(definition.states)
        ids.update(definition.roles)
        for event in definition.events:
            ids.add(event.name)
            ids.update(event.fields)
    return frozenset(part for name in ids for part in name.split("_"))


# Mermaid's own keywords in `workflow show`: the diagram's syntax, not kgflow's wording.
_MERMAID_SYNTAX = re.compile(r"^(\s*)(?:stateDiagram-v2|state|direction|classDef|class)\b", re.MULTILINE)


def _words(text: str, removed: list[str], ids: frozenset[str]) -> list[str]:
    """The words of ``text`` that are kgflow's own wording."""
    text = _MERMAID_SYNTAX.sub(r"\1", _TAGS.sub(" ", _STYLE_AND_SCRIPT.sub(" ", text)))
    for name in removed:
        text = text.replace(name, " ")
    kept_lines = []
    continued = False
    for line in text.splitlines():
        stripped = line.strip()
        if continued or stripped.startswith("kgflow ") or stripped.startswith("$ kgflow"):
            continued = stripped.endswith("\\")
            continue  # an example command line, and the lines it continues on
        tokens = stripped.split()
        if tokens and tokens[0].endswith(":") and len(tokens) > 1 and tokens[1] == "kgflow":
            tokens = tokens[:1] + [token for token in tokens[1:] if token not in COMMAND_NAMES]
        elif len(tokens) > 1 and tokens[0] in COMMAND_NAMES and re.match(r"\s{2}\S+\s{2,}", line):
            tokens = tokens[1:]  # a line of a command list: the command's name, then its help
        kept_lines.append(" ".join(tokens))
    text = "\n".join(kept_lines)
    text = _BACKTICKS.sub(" ", text)
    text = _CHOICES.sub(" ", text)
    text = _CODE_CHUNK.sub(" ", text)
    return [word for word in _WORD.findall(text) if word.lower() not in ids and word not in COMMAND_NAMES]


def _leaks(language: str, text: str, removed: list[str], ids: frozenset[str]) -> list[str]:
    stop = ENGLISH if language == "sv" else SWEDISH
    return sorted({word for word in _words(text, removed, ids) if word.lower() in stop})


def _run(db: str, language: str, *args: str) -> tuple[int, str]:
    code, out, err = run(db, "--as", SECRETARY, *args, env={"KGFLOW_LANGUAGE": language})
    return code, out + "\n" + err


LANGUAGES = ["sv", "en"]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("path", COMMAND_PATHS, ids=lambda path: " ".join(path) or "kgflow")
def test_every_help_speaks_one_language(
    session_db: str, language: str, path: tuple[str, ...], not_kgflows_words: list[str], workflow_ids: frozenset[str]
) -> None:
    code, text = _run(session_db, language, *path, "--help")
    assert code == 0, text
    assert text.lstrip().startswith("Användning:" if language == "sv" else "Usage:"), text
    leaks = _leaks(language, text, not_kgflows_words, workflow_ids)
    assert not leaks, f"{' '.join(path) or 'kgflow'} --help in {language} has {leaks}:\n{text}"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("name", "args", "exit_code"), SESSION, ids=[case[0] for case in SESSION])
def test_a_secretarys_session_speaks_one_language(
    session_db: str,
    language: str,
    name: str,
    args: tuple[str, ...],
    exit_code: int | None,
    not_kgflows_words: list[str],
    workflow_ids: frozenset[str],
) -> None:
    code, text = _run(session_db, language, *args)
    if exit_code is None:
        assert code != 0, text
    else:
        assert code == exit_code, text
    leaks = _leaks(language, text, not_kgflows_words, workflow_ids)
    assert not leaks, f"kgflow {' '.join(args)} in {language} has {leaks}:\n{text}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_living_documentation_speaks_one_language(tmp_path: Path, language: str, session_db: str) -> None:
    features = tmp_path / "features"
    features.mkdir()
    if language == "sv":
        body = "# language: sv\nEgenskap: Demo\n  Scenario: Demo\n    Givet demo\n"
    else:
        body = "Feature: Demo\n  Scenario: Demo\n    Given demo\n"
    (features / "demo.feature").write_text(body, encoding="utf-8")
    site = tmp_path / "site"
    code, text = _run(session_db, language, "docs", "build", "--out", str(site), "--features", str(features))
    assert code == 0, text
    pages = {
        "index.html": (site / "index.html").read_text(encoding="utf-8"),
        "egenskaper/demo.html": (site / "egenskaper" / "demo.html").read_text(encoding="utf-8"),
    }
    for page, html in pages.items():
        assert f'<html lang="{language}">' in html, page
    everything = text + "\n".join(pages.values())
    leaks = _leaks(language, everything, ["Demo", "demo"], frozenset())
    assert not leaks, f"docs build in {language} has {leaks}"
