"""Follow-up definition files → validated :class:`~kgflow.domain.follow_up.FollowUpDefinition` values (R14).

The files live in ``workflows/uppfoljningar/`` beside the workflows they run on
(``workflows/uppfoljningar/README.md`` gives the format) and are read as
strictly as workflow files: strict YAML with positions, every problem of a
file collected and reported as ``file:line: sentence``. Whether the owner is a
real organisation and the workflow a real workflow is for the service to check,
against the database and the catalogue.
"""

from __future__ import annotations

import re
from pathlib import Path

from kgflow.definitions.loader import read_text
from kgflow.definitions.reader import Entries, NodeReader, What
from kgflow.definitions.yaml_source import Node, compose, line_of
from kgflow.domain.errors import DefinitionError, DefinitionProblem
from kgflow.domain.follow_up import Area, FollowUpDefinition, Question, QuestionType
from kgflow.domain.wording import t

DEFAULT_WORKFLOW = "arlig-uppfoljning"
RECIPIENT_KINDS = ("region", "kommun", "unit")
_CODE = re.compile(r"^[a-z][a-z0-9-]*$")
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_TOP = {"followup", "title", "owner", "workflow", "recipients", "follows", "dates", "areas"}
_DATES = ("opens", "answers_due", "compiled_due")
_QUESTION = {"id", "text", "type", "required", "min", "max", "options"}


def load_follow_up_text(text: str, path: str) -> FollowUpDefinition:
    """Parse and validate one follow-up definition given as text.

    Raises:
        DefinitionError: carrying every problem found, in line order.
    """
    root = compose(text, path)
    reader = NodeReader(path)
    definition = _definition(reader, root) if root is not None else None
    if reader.problems or definition is None:
        problems = sorted(reader.problems, key=lambda p: (p.line, p.column))
        raise DefinitionError(problems or [DefinitionProblem(path, 1, 1, t("uppföljningen är tom"))])
    return definition


def load_follow_up_file(path: Path) -> FollowUpDefinition:
    """Read, parse and validate one follow-up definition file.

    Raises:
        DefinitionError: when the file cannot be read or is invalid.
    """
    return load_follow_up_text(read_text(path), str(path))


def _definition(r: NodeReader, root: Node) -> FollowUpDefinition | None:
    top = r.mapping(root, t("uppföljningen"), allowed=_TOP, required=("followup", "title", "owner", "dates", "areas"))
    if top is None:
        return None
    code = _code(r, top, "followup", t("uppföljningens kod ('followup')"), _CODE)
    title = r.string(top["title"][1], t("titeln")) if "title" in top else None
    owner = _code(r, top, "owner", t("ägaren ('owner', en organisations kod)"), _CODE)
    workflow = _code(r, top, "workflow", t("arbetsflödet ('workflow')"), _CODE) or DEFAULT_WORKFLOW
    recipients = _recipients(r, top)
    follows: tuple[str, ...] = ()
    if "follows" in top:
        listed = [text for _, text in r.strings(top["follows"][1], t("'follows'"))]
        follows = () if listed == ["all"] else tuple(listed)
    dates = _dates(r, top["dates"][1]) if "dates" in top else None
    areas = _areas(r, top["areas"][1]) if "areas" in top else ()
    if code is None or title is None or owner is None or dates is None or not areas:
        return None
    return FollowUpDefinition(
        code=code,
        title=title,
        owner=owner,
        workflow=workflow,
        recipients=recipients,
        follows=follows,
        areas=areas,
        opens=dates[0],
        answers_due=dates[1],
        compiled_due=dates[2],
        path=r.path,
        line=line_of(root),
    )


def _code(r: NodeReader, top: Entries, key: str, what: What, pattern: re.Pattern[str]) -> str | None:
    if key not in top:
        return None
    node = top[key][1]
    text = r.string(node, what)
    if text is not None and not pattern.match(text):
        r.problem(node, t("{what} ska skrivas med små bokstäver, siffror och '-', inte {text!r}", what=what, text=text))
        return None
    return text


def _recipients(r: NodeReader, top: Entries) -> frozenset[str]:
    if "recipients" not in top:
        return frozenset({"region", "kommun"})
    kinds: set[str] = set()
    for node, kind in r.strings(top["recipients"][1], t("mottagarna ('recipients')")):
        if kind not in RECIPIENT_KINDS:
            r.problem(
                node,
                t("mottagarna kan vara {kinds}, inte {kind!r}", kinds=", ".join(RECIPIENT_KINDS), kind=kind),
            )
        kinds.add(kind)
    return frozenset(kinds)


def _dates(r: NodeReader, node: Node) -> tuple[tuple[int, int], tuple[int, int], tuple[int, int]] | None:
    entries = r.mapping(node, t("datumen ('dates')"), allowed=set(_DATES), required=_DATES)
    if entries is None or not set(_DATES) <= set(entries):
        return None
    days = [r.month_day(entries[key][1], t("{key!r} i dates", key=key)) for key in _DATES]
    opens, answers, compiled = days
    if opens is None or answers is None or compiled is None:
        return None

    # Both deadlines fall after the opening day (in its year or the next), and compiling comes after answering.
    def order(day: tuple[int, int]) -> tuple[int, int, int]:
        return (0 if day >= opens else 1, *day)

    if order(compiled) < order(answers):
        shown = "{:02}-{:02}".format(*compiled)
        r.problem(
            entries["compiled_due"][1],
            t(
                "'compiled_due' ({compiled}) ligger före 'answers_due'; sammanställningen kommer efter svaren",
                compiled=shown,
            ),
        )
        return None
    return opens, answers, compiled


def _areas(r: NodeReader, node: Node) -> tuple[Area, ...]:
    areas: list[Area] = []
    seen: dict[str, int] = {}
    for area_node in r.items(node, t("insatsområdena ('areas')")):
        entries = r.mapping(
            area_node, t("ett insatsområde"), allowed={"title", "questions"}, required=("title", "questions")
        )
        if entries is None or "title" not in entries or "questions" not in entries:
            continue
        title = r.string(entries["title"][1], t("insatsområdets titel"))
        if title is None:
            continue
        questions = [
            question
            for question_node in r.items(entries["questions"][1], t("frågorna i {area}", area=title))
            if (question := _question(r, question_node, title, seen)) is not None
        ]
        if not questions:
            r.problem(entries["questions"][1], t("insatsområdet {area} har inga frågor", area=title))
            continue
        areas.append(Area(title, tuple(questions)))
    if not areas and not r.problems:
        r.problem(node, t("uppföljningen behöver minst ett insatsområde med frågor"))
    return tuple(areas)


def _question(r: NodeReader, node: Node, area: str, seen: dict[str, int]) -> Question | None:
    entries = r.mapping(node, t("en fråga i {area}", area=area), allowed=_QUESTION, required=("id", "text", "type"))
    if entries is None or not {"id", "text", "type"} <= set(entries):
        return None
    id_node = entries["id"][1]
    question_id = r.string(id_node, t("frågans id"))
    text = r.string(entries["text"][1], t("frågans text"))
    kind_text = r.string(entries["type"][1], t("frågans typ"))
    if question_id is None or text is None or kind_text is None:
        return None
    if not _ID.match(question_id):
        r.problem(id_node, t("frågans id ska vara små bokstäver, siffror och '_', inte {id!r}", id=question_id))
        return None
    if question_id in seen:
        r.problem(id_node, t("frågan {id!r} finns redan (på rad {first})", id=question_id, first=seen[question_id]))
        return None
    seen[question_id] = line_of(id_node)
    try:
        kind = QuestionType(kind_text)
    except ValueError:
        kinds = ", ".join(k.value for k in QuestionType)
        r.problem(entries["type"][1], t("frågetypen kan vara {kinds}, inte {kind!r}", kinds=kinds, kind=kind_text))
        return None
    required = r.boolean(entries["required"][1], t("'required'")) if "required" in entries else False
    low = r.integer(entries["min"][1], t("'min'")) if "min" in entries else None
    high = r.integer(entries["max"][1], t("'max'")) if "max" in entries else None
    options = (
        tuple(text for _, text in r.strings(entries["options"][1], t("'options'"))) if "options" in entries else ()
    )
    if kind is QuestionType.SKALA and (low is None or high is None or low >= high):
        r.problem(
            node, t("frågan {id!r} är en skala och behöver 'min' och 'max', med min mindre än max", id=question_id)
        )
        return None
    if kind is not QuestionType.SKALA and ("min" in entries or "max" in entries):
        key = "min" if "min" in entries else "max"
        r.problem(entries[key][0], t("bara en skala tar 'min' och 'max'"))
        return None
    if kind is QuestionType.VAL and len(options) < 2:
        r.problem(node, t("frågan {id!r} är ett val och behöver minst två alternativ under 'options'", id=question_id))
        return None
    if kind is not QuestionType.VAL and options:
        r.problem(entries["options"][0], t("bara ett val tar 'options'"))
        return None
    return Question(question_id, text, kind, area, bool(required), low, high, options)
