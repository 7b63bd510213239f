"""``kgflow advance ITEM LPO prioritise|hold|resume`` (R16) on the sample, as a secretary types it."""

from __future__ import annotations

import json

from tests.e2e.cli import run

ITEM = "psvf-sjalvskada"  # adopted, and LPO Jönköpings län has decided: its GAP analyses are late
LPO = "lpo-jonkopings-lan"
KOMMUN = "jonkoping"


def _falun(db: str) -> dict[str, object]:
    code, out, err = run(db, "status", ITEM, "--org", KOMMUN, "--json")
    assert code == 0, err
    [falun] = [row for row in json.loads(out) if row["org"] == KOMMUN]
    return falun  # type: ignore[no-any-return]


def _late(db: str) -> set[str]:
    code, out, err = run(db, "overdue", "--json")
    assert code == 0, err
    return {row["org"] for row in json.loads(out) if row["item"] == ITEM}


def test_a_secretary_prioritises_holds_and_resumes_from_the_command_line(sample_db: str) -> None:
    secretary = ("--as", "ali.gustafsson")
    assert KOMMUN in _late(sample_db)
    code, out, err = run(sample_db, *secretary, "advance", ITEM, LPO, "prioritise", "--set", "priority=hög")
    assert (code, err) == (0, "")
    assert "hög prioritet" in out
    code, out, err = run(
        sample_db, *secretary, "advance", ITEM, LPO, "hold",
        "--note", "Väntar på regional handlingsplan", "--set", "review=2027-03-01",
    )  # fmt: skip
    assert (code, err) == (0, ""), err
    assert "pausat sedan 2026-11-27 till omprövning 2027-03-01: Väntar på regional handlingsplan" in out
    falun = _falun(sample_db)
    assert (falun["held"], falun["held_since"], falun["review_on"]) == (True, "2026-11-27", "2027-03-01")
    assert KOMMUN not in _late(sample_db)
    code, out, _ = run(sample_db, "status", ITEM, "--org", LPO, "--json")
    assert json.loads(out)[0]["priority"] == "high"
    code, out, _ = run(sample_db, "history", ITEM, KOMMUN)
    assert "Pausa för länet" in out
    due_before = falun["due"]
    code, out, err = run(sample_db, *secretary, "--today", "2026-12-04", "advance", ITEM, LPO, "resume")
    assert (code, err) == (0, ""), err
    assert "5 arbetsdagars paus" in out
    assert _falun(sample_db)["held"] is False
    assert _falun(sample_db)["due"] != due_before
    code, _, err = run(sample_db, "audit", "verify")
    assert code == 0, err


def test_a_kommun_contact_is_refused_in_one_sentence(sample_db: str) -> None:
    code, out, err = run(
        sample_db, "--as", "erik.hansson", "advance", ITEM, LPO, "hold",
        "--set", "reason=Vi hinner inte", "--set", "review=2027-03-01",
    )  # fmt: skip
    assert code == 5
    assert out == ""
    assert err.count("\n") == 1
    assert "får inte ta steget 'Pausa för länet'" in err
