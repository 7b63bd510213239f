"""``kgflow todo``, and ``status``/``history`` as a secretary reads them, on the sample."""

from __future__ import annotations

import json
import re
import shlex
import shutil
from pathlib import Path

from tests.e2e.cli import run

SARA = ("--as", "sara.ek")
LATER = ("--today", "2027-01-04")  # after the first remiss deadlines in Dalarna


def test_todo_greets_the_secretary_and_lists_her_steps_in_swedish(sample_db: str) -> None:
    code, out, err = run(sample_db, *SARA, "todo")
    assert code == 0, err
    first = out.splitlines()[0]
    assert (
        first == "Det här väntar på Sara Ek (sara.ek): Sekreterare vid LPO psykisk hälsa, Region Dalarna, "
        "Sekreterare vid LPO äldres hälsa, Region Dalarna."
    )
    assert "Lämna remissvar:" in out
    assert "kgflow --as sara.ek advance vip-skadligt-bruk " in out
    assert re.search(r"\d+ ärenden väntar på dig", out)
    assert "Answer the referral" not in out
    assert " late" not in out


def test_todo_json_keeps_the_contract_keys(sample_db: str) -> None:
    code, out, err = run(sample_db, *SARA, "todo", "--json")
    assert code == 0, err
    rows = json.loads(out)
    assert rows
    assert {"item", "org", "state", "due", "days_late", "events"} <= set(rows[0])
    assert set(rows[0]["events"][0]) == {"event", "label", "command"}
    # Most late first, then the nearest due date, then none.
    dues = [row["due"] or "9999-12-31" for row in rows]
    assert dues == sorted(dues)
    lates = [row["days_late"] for row in rows]
    assert lates == sorted(lates, reverse=True)


def test_the_swedish_alias_and_the_filters(sample_db: str) -> None:
    _, todo_out, _ = run(sample_db, *LATER, *SARA, "todo", "--org", "falun", "--late", "--json")
    code, alias_out, err = run(sample_db, *LATER, *SARA, "att-gora", "--org", "falun", "--late", "--json")
    assert code == 0, err
    assert alias_out == todo_out
    rows = json.loads(alias_out)
    assert rows
    assert all(row["days_late"] > 0 for row in rows)
    assert {row["org"] for row in rows} <= {"falun", "falun-elevhalsa", "falun-socialtjanst"}
    _, item_out, _ = run(sample_db, *SARA, "todo", "--item", "vip-skadligt-bruk", "--json")
    assert {row["item"] for row in json.loads(item_out)} == {"vip-skadligt-bruk"}


def test_a_printed_command_works_when_its_blanks_are_filled_in(sample_template: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "kgflow.db")
    shutil.copy(sample_template, db)
    _, out, _ = run(db, *SARA, "todo", "--item", "vip-skadligt-bruk", "--json")
    [waiting, *_] = [row for row in json.loads(out) if row["org"] != "lpo-dalarna"]
    [answer] = [event for event in waiting["events"] if event["event"] == "answer"]
    assert answer["label"] == "Lämna remissvar"
    assert answer["command"] == f"kgflow --as sara.ek advance vip-skadligt-bruk {waiting['org']} answer --ref REFERENS"
    words = shlex.split(answer["command"].replace("REFERENS", "KS-2026-117"))
    code, said, err = run(db, *words[1:])
    assert code == 0, err
    assert "Remissvar lämnat" in said
    _, after, _ = run(db, *SARA, "todo", "--item", "vip-skadligt-bruk", "--json")
    assert waiting["org"] not in {row["org"] for row in json.loads(after)}


def test_todo_without_anyone_acting_says_how_to_say_who_you_are(sample_db: str) -> None:
    code, out, err = run(sample_db, "todo")
    assert code == 2
    assert out == ""
    assert "Säg vem du är med --as PERSON (eller KGFLOW_USER=PERSON)" in err


def test_todo_for_someone_with_nothing_late(sample_db: str) -> None:
    code, out, err = run(sample_db, "--as", "nora.lind", "todo", "--late")
    assert code == 0, err
    assert out.splitlines()[-1] == "Inget av det som väntar på dig är försenat."


def test_status_late_open_and_state_with_codes_in_swedish(sample_db: str) -> None:
    code, out, err = run(sample_db, *LATER, "status", "--org", "lpo-dalarna", "--late")
    assert code == 0, err
    assert "Kod" in out
    assert "Kunskapsstöd" in out
    assert "(försenad)" in out
    assert "(late)" not in out
    assert "falun-elevhalsa" in out
    assert re.search(r"\d+ ärenden, \d+ försenade", out)
    _, late_json, _ = run(sample_db, *LATER, "status", "--org", "lpo-dalarna", "--late", "--json")
    assert all(row["due"] is not None for row in json.loads(late_json))
    _, open_json, _ = run(sample_db, "status", "--open", "--state", "GAP-analys pågår", "--json")
    assert {row["state"] for row in json.loads(open_json)} == {"gap_analysis"}


def test_a_mistyped_state_gets_a_suggestion(sample_db: str) -> None:
    code, _, err = run(sample_db, "status", "--state", "gap_anlysis")
    assert code == 3
    assert "Det finns inget läge som heter 'gap_anlysis'. Menade du gap_analysis?" in err


def test_history_by_labels_in_stockholm_time_with_values_as_written(sample_db: str) -> None:
    code, out, err = run(sample_db, "history", "psvf-schizofreni-tidigt", "lpo-dalarna")
    assert code == 0, err
    for header in ("När (svensk tid)", "Vem", "Steg", "Från", "Till", "Värden", "Anteckning"):
        assert header in out
    assert "Remissen stängd" in out
    assert "remiss_closed" not in out
    assert "lämnat utan alla svar:" in out  # a recorded value in words, not its key (forced=…)
    assert "forced=" not in out
    assert "['" not in out
    assert "(UTC)" not in out
    _, as_json, _ = run(sample_db, "history", "psvf-schizofreni-tidigt", "lpo-dalarna", "--json")
    rows = json.loads(as_json)
    assert {"remiss_closed"} <= {row["event"] for row in rows}
    assert rows[0]["at"].endswith("+00:00")


def test_steps_without_a_due_date_come_last(sample_db: str) -> None:
    code, out, err = run(sample_db, "--as", "nora.lind", "todo", "--json")
    assert code == 0, err
    dues = [row["due"] for row in json.loads(out)]
    assert None in dues
    assert dues[0] is not None
    assert dues[dues.index(None) :] == [None] * (len(dues) - dues.index(None))
