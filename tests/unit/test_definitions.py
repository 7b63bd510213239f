"""Workflow definitions: the shipped files are valid; broken ones are refused with file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from kgflow.config import shipped_workflows
from kgflow.domain.errors import DefinitionError
from kgflow.service.catalogue import load_workflow_file

FIXTURES = Path(__file__).parents[1] / "fixtures" / "workflows"


@pytest.mark.parametrize("path", sorted(shipped_workflows().glob("*.yaml")), ids=lambda p: p.stem)
def test_shipped_workflows_are_valid(path: Path) -> None:
    definition = load_workflow_file(path)
    assert definition.name == path.stem
    for state in definition.states.values():
        assert state.label.sv
        assert state.label.en


@pytest.mark.parametrize(
    ("fixture", "line", "fragment"),
    [
        pytest.param(
            "unknown_state",
            26,
            "steget 'answer' leder till 'answerd', som inte är ett läge i det här arbetsflödet",
            id="unknown-state",
        ),
        pytest.param("unreachable", 21, "läget 'limbo' kan inte nås från startläget 'draft'", id="unreachable-state"),
        pytest.param(
            "duplicate_event",
            39,
            "steget 'close' är definierat två gånger från läget 'remiss'",
            id="duplicate-event",
        ),
        pytest.param(
            "unknown_guard",
            30,
            "steget 'answer' har 'no_such_guard' under 'guards', men det finns ingen sådan regel "
            "(kända: children_settled, decided_in_forum, level_3_needs_gap, next_level, parent_still_collecting)",
            id="unknown-guard",
        ),
        pytest.param(
            "bad_duration",
            18,
            "tidsfristen (deadline) i läget 'remiss': 'ten working days' är ingen tidsrymd; skriv till exempel "
            '"10 arbetsdagar", "5 dagar" eller "2 veckor" (eller working days, days, weeks)',
            id="bad-duration",
        ),
        pytest.param(
            "yaml_syntax",
            24,
            "YAML-syntaxfel: indraget stämmer inte med raderna ovanför "
            "(expected <block end>, but found '<block mapping start>')",
            id="yaml-syntax",
        ),
        pytest.param(
            "duplicate_key", 27, "nyckeln 'to' finns två gånger i steget 'answer' (först på rad 26)", id="duplicate-key"
        ),
        pytest.param("alias", 4, "ankare och alias (&namn) är inte tillåtna", id="alias"),
        pytest.param("python_tag", 4, "taggen !!python/object/apply:os.system är inte tillåten", id="python-tag"),
        pytest.param(
            "yes_is_not_true",
            20,
            "'final' i läget 'closed' ska vara true eller false, inte 'yes'",
            id="yes-is-not-a-boolean",
        ),
        pytest.param(
            "exit_from_final",
            37,
            "steget 'close' lämnar 'closed', men 'closed' är ett slutläge",
            id="exit-from-final-state",
        ),
        pytest.param(
            "unknown_role",
            27,
            "steget 'answer' nämner rollen 'kontaktpersn', som inte är deklarerad under 'roles'",
            id="unknown-role",
        ),
        pytest.param(
            "unknown_key",
            25,
            "okänd nyckel 'form' i steget 'answer'; tillåtna är: at, by, cascade, effects, en, fields, from, guards, "
            "internal, per_organisation, sv, to, warnings",
            id="unknown-key",
        ),
        pytest.param(
            "ladder_old_escalation",
            22,
            "en eskalering i läget 'remiss' ska säga hur länge efter svarsdagen och till vem, till exempel "
            "{after: 3 working days, to: [sekreterare@lpo]}",
            id="escalation-without-recipients",
        ),
        pytest.param(
            "ladder_bad_recipients",
            23,
            "en eskalering i läget 'remiss' nämner rollen 'sekreterare', som inte är deklarerad under 'roles'",
            id="escalation-to-an-undeclared-role",
        ),
        pytest.param(
            "ladder_bad_recipients",
            24,
            "en eskalering i läget 'remiss' nämner 'samordnare@lan', men 'lan' är varken en organisationstyp eller "
            "'forum'",
            id="escalation-to-an-unknown-relation",
        ),
        pytest.param(
            "ladder_bad_recipients",
            25,
            "'kommun' har redan en påminnelsetrappa i läget 'remiss'; varje organisationstyp får en",
            id="two-ladders-for-one-kind",
        ),
        pytest.param(
            "ladder_bad_recipients",
            27,
            "påminnelsetrappan (ladder) i läget 'remiss' behöver 'at'",
            id="a-ladder-in-a-list-names-its-kinds",
        ),
        pytest.param(
            "cascade_not_internal",
            32,
            "kaskaden i steget 'answer' nämner 'close', som inte är ett internt steg",
            id="cascade-not-internal",
        ),
    ],
)
def test_broken_files_are_refused_with_file_and_line(fixture: str, line: int, fragment: str) -> None:
    path = FIXTURES / f"{fixture}.yaml"
    with pytest.raises(DefinitionError) as caught:
        load_workflow_file(path)
    shown = [str(problem) for problem in caught.value.problems]
    assert f"{path}:{line}: {fragment}" in shown, shown


def test_a_ladder_names_its_recipients_by_role_and_relation_per_kind() -> None:
    definition = load_workflow_file(FIXTURES / "ladder_valid.yaml")
    remiss = definition.states["remiss"]
    kommun, npo = remiss.ladder_for("kommun"), remiss.ladder_for("npo")
    assert kommun is not None
    assert npo is not None
    assert [(rung.name, [str(r) for r in rung.recipients]) for rung in kommun.rungs()] == [
        ("reminder", ["responsible"]),
        ("notice", ["responsible"]),
        ("escalation-1", ["samordnare@npo"]),
        ("escalation-2", ["responsible@npo", "kontaktperson"]),
    ]
    assert [(rung.name, [str(r) for r in rung.recipients]) for rung in npo.rungs()] == [
        ("notice", ["responsible"]),
        ("escalation-1", ["samordnare@forum"]),
    ]
    assert remiss.ladder_for("lpo") is None


def test_shipped_ladders_chase_the_rpo_and_npo_for_their_own_steps_only() -> None:
    definition = load_workflow_file(shipped_workflows() / "nationellt-kunskapsstod.yaml")
    remiss = definition.states["remiss"]
    recipients = {
        kind: [[str(r) for r in rung.recipients] for rung in ladder.rungs() if not rung.own]
        for kind in ("kommun", "unit", "lpo", "rpo", "npo")
        if (ladder := remiss.ladder_for(kind)) is not None
    }
    assert recipients == {
        "kommun": [["sekreterare@lpo"], ["ordforande@lpo"]],
        "unit": [["sekreterare@lpo"], ["ordforande@lpo"]],
        "lpo": [["ordforande"]],
        "rpo": [["ordforande"]],
        "npo": [],
    }
    to_decide = definition.states["to_decide"].ladder_for("lpo")
    assert to_decide is not None
    assert [[str(r) for r in rung.recipients] for rung in to_decide.rungs() if not rung.own] == [
        ["ordforande"],
        ["ordforande@forum"],
    ]


def test_every_problem_of_a_file_is_reported_in_one_run() -> None:
    path = FIXTURES / "many_problems.yaml"
    with pytest.raises(DefinitionError) as caught:
        load_workflow_file(path)
    lines = {problem.line for problem in caught.value.problems}
    assert {18, 26, 36} <= lines
    assert str(caught.value) == f"{caught.value.problems[0]} (och {len(lines) - 1} problem till)"


def test_the_file_name_must_match_the_workflow_name(tmp_path: Path) -> None:
    target = tmp_path / "other-name.yaml"
    target.write_text((FIXTURES / "valid.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(DefinitionError) as caught:
        load_workflow_file(target)
    assert str(caught.value) == (
        f"{target}:1: arbetsflödet heter 'valid' men filen heter 'other-name.yaml'; döp om filen till valid.yaml"
    )
