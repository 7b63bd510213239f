"""``kgflow person``, forgiving lookups and the ``advance --help`` examples, on the sample."""

from __future__ import annotations

import json
import shlex
import shutil
from pathlib import Path

import pytest

from tests.e2e.cli import run


def test_person_list_filters_by_organisation_and_role(sample_db: str) -> None:
    code, out, err = run(sample_db, "person", "list", "--org", "lpo-dalarna", "--role", "Sekreterare", "--json")
    assert code == 0, err
    assert json.loads(out) == [
        {
            "code": "sara.ek",
            "name": "Sara Ek",
            "email": "sara.ek@lpo-dalarna.example",
            "roles": [
                {
                    "role": "sekreterare",
                    "role_label": "Sekreterare",
                    "org": "lpo-dalarna",
                    "org_name": "LPO psykisk hälsa, Region Dalarna",
                },
                # The sample's Dalarna secretary serves äldres hälsa too (R18: roles in several areas).
                {
                    "role": "sekreterare",
                    "role_label": "Sekreterare",
                    "org": "lpo-aldres-halsa-dalarna",
                    "org_name": "LPO äldres hälsa, Region Dalarna",
                },
            ],
        }
    ]


def test_person_list_below_an_organisation_reaches_its_kommuner(sample_db: str) -> None:
    _, out, _ = run(sample_db, "person", "list", "--org", "lpo-dalarna", "--json")
    holders = {role["org"] for person in json.loads(out) for role in person["roles"]}
    assert {"lpo-dalarna", "falun", "borlange", "region-dalarna"} <= holders
    assert "lpo-varmland" not in holders


def test_person_list_searches_names_without_diacritics(sample_db: str) -> None:
    _, with_ring, _ = run(sample_db, "person", "list", "--search", "Åberg", "--json")
    _, without, _ = run(sample_db, "person", "list", "--search", "aberg", "--json")
    assert with_ring == without
    assert "ali.aberg" in {person["code"] for person in json.loads(with_ring)}


def test_person_list_draws_a_table(sample_db: str) -> None:
    code, out, _ = run(sample_db, "person", "list", "--role", "ordforande", "--search", "norrbotten")
    assert code == 0
    assert "E-post" in out
    assert "Ordförande vid LPO psykisk hälsa, Region Norrbotten" in out
    assert "8 personer" in out  # one chair per programområde and per forum (Regionledningen, Socialchefsnätverket)


@pytest.mark.parametrize("ref", ["sara.ek", "Sara.Ek@lpo-dalarna.example", "Sara Ek"])
def test_person_show_takes_a_code_an_address_or_a_name(sample_db: str, ref: str) -> None:
    code, out, err = run(sample_db, "person", "show", ref, "--json")
    assert code == 0, err
    [card] = json.loads(out)
    roles = [(r["role"], r["org"]) for r in card["roles"]]
    assert (card["code"], roles) == (
        "sara.ek",
        [("sekreterare", "lpo-dalarna"), ("sekreterare", "lpo-aldres-halsa-dalarna")],
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(
            ("person", "show", "sara.ekk"),
            "kgflow: Det finns ingen person som heter 'sara.ekk'. Menade du sara.ek?",
            id="person",
        ),
        pytest.param(
            ("person", "list", "--role", "sekreterar"),
            "kgflow: Det finns ingen roll som heter 'sekreterar'. Menade du sekreterare?",
            id="role",
        ),
        pytest.param(
            ("status", "psvf-sjalvskada", "--org", "lpo-darlana"),
            "kgflow: Det finns ingen organisation som heter 'lpo-darlana'. Menade du lpo-dalarna?",
            id="organisation",
        ),
        pytest.param(
            ("status", "psvf-självskada"),
            "kgflow: Det finns inget kunskapsstöd som heter 'psvf-självskada'. Menade du psvf-sjalvskada?",
            id="item-with-diacritics",
        ),
    ],
)
def test_a_mistyped_name_exits_3_with_what_was_meant(sample_db: str, args: tuple[str, ...], message: str) -> None:
    code, out, err = run(sample_db, *args)
    assert (code, out, err.strip()) == (3, "", message)


def _skane_to_decide(sample_template: Path, tmp_path: Path) -> str:
    """A copy of the sample where Skåne's paused decision on psvf-angest-depression is resumed."""
    db = str(shutil.copy(sample_template, tmp_path / "kgflow.db"))
    code, _, err = run(db, "--as", "johan.jonsson", "advance", "psvf-angest-depression", "lpo-skane", "resume")
    assert code == 0, err
    return db


def test_set_keys_and_the_actor_are_named_as_people_say_them(sample_template: Path, tmp_path: Path) -> None:
    db = _skane_to_decide(sample_template, tmp_path)
    code, _, err = run(
        db, "--as", "Johan Jonsson", "advance", "psvf-angest-depression", "lpo-skane", "decide", "--ref", "LPO 1",
        "--set", "body=Socialchefsnätverket i Skåne län", "--set", "for=malmo,lund,helsingborg",
        "--set", "Malmö=3", "--set", "1281=1", "--set", "Helsingborgs stad=2",
    )  # fmt: skip
    assert code == 0, err
    _, out, _ = run(db, "status", "psvf-angest-depression", "--org", "lpo-skane", "--json")
    targets = {row["org"]: row["target_level"] for row in json.loads(out)}
    assert (targets["malmo"], targets["lund"], targets["helsingborg"]) == (3, 1, 2)


def test_a_set_key_naming_no_one_below_suggests_who_is(sample_template: Path, tmp_path: Path) -> None:
    db = _skane_to_decide(sample_template, tmp_path)
    code, _, err = run(
        db, "--as", "johan.jonsson", "advance", "psvf-angest-depression", "lpo-skane", "decide", "--ref", "LPO 1",
        "--set", "body=socialchefsnatverket-skane", "--set", "Malmoe=3",
    )  # fmt: skip
    assert code == 2, err
    assert err.strip() == (
        "kgflow: --set malmoe=…: 'malmoe' är ingen organisation under LPO psykisk hälsa, Region Skåne. Menade du malmo?"
    )


def test_the_advance_help_examples_work_on_the_sample(
    sample_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from openpyxl import Workbook

    db = str(shutil.copy(sample_template, tmp_path / "kgflow.db"))
    monkeypatch.chdir(tmp_path)
    book = Workbook()  # the spreadsheet the --from example names, with a row for a kommun still on remiss
    sheet = book.active
    assert sheet is not None
    sheet.append(["Organisation", "Steg", "Referens"])
    sheet.append(["Mora", "answer", "KS 2026/88"])
    book.save(tmp_path / "remissvar.xlsx")
    _, help_text, _ = run(db, "advance", "--help")
    examples = [shlex.split(line.strip())[1:] for line in help_text.splitlines() if line.strip().startswith("kgflow ")]
    assert len(examples) == 4
    for args in examples:
        code, _, err = run(db, *args)
        assert code == 0, (args, err)
