"""The whole chain from the command line on the sample data, refusals included (issue: the governance chain).

A new PSVF goes on remiss to all of Sweden; Dalarna answers (one kommun late),
compiled answers go up to the NPO, SKS adopts, LPO Dalarna decides, Falun does
its GAP analysis and reaches its target level, a revision sends Falun back to a
GAP analysis keeping its level, and a withdrawal closes everything. Every step
the rules forbid is refused with one sentence, an exit code and no change.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kgflow.cli.main import cli
from kgflow.sample.structure import build_structure

ITEM = "psvf-adhd"


class Secretary:
    """Types kgflow commands against one database, as of a date."""

    def __init__(self, db: str) -> None:
        self.db = db
        self.today = "2026-11-27"
        people = build_structure()
        self.who = people.holder

    def run(self, *args: str, person: str | None = None) -> tuple[int, str, str]:
        prefix = ["--db", self.db, "--today", self.today, *(["--as", person] if person else [])]
        result = CliRunner().invoke(cli, [*prefix, *args])
        return result.exit_code, result.stdout, result.stderr

    def ok(self, *args: str, person: str | None = None) -> str:
        code, out, err = self.run(*args, person=person)
        assert code == 0, err
        return out

    def state(self, org: str) -> dict[str, object]:
        [row] = [r for r in json.loads(self.ok("status", ITEM, "--org", org, "--json")) if r["org"] == org]
        return row

    def refused(self, exit_code: int, fragment: str, *args: str, person: str | None = None, org: str) -> None:
        before = self.state(org)
        history_before = self.ok("history", ITEM, org, "--json")
        code, _, err = self.run(*args, person=person)
        assert code == exit_code, err
        assert fragment in err
        assert len(err.strip().splitlines()) == 1
        assert "Traceback" not in err
        assert self.state(org) == before
        assert self.ok("history", ITEM, org, "--json") == history_before


@pytest.fixture(scope="module")
def secretary(tmp_path_factory: pytest.TempPathFactory) -> Secretary:
    db = str(tmp_path_factory.mktemp("walk") / "kgflow.db")
    result = CliRunner().invoke(cli, ["--db", db, "--today", "2026-11-27", "init", "--sample"])
    assert result.exit_code == 0, result.stderr
    return Secretary(db)


def test_the_whole_chain(secretary: Secretary) -> None:
    s = secretary
    npo = s.who("npo-psykisk-halsa", "samordnare")
    lpo = s.who("lpo-dalarna", "sekreterare")
    falun = s.who("falun", "kontaktperson")

    # R1, R2: the remiss reaches all of Sweden with cascading deadlines: 6 RPOs, 21 LPOs, 42 LAGs,
    # 310 huvudmän (Region Gotland once) and 9 units.
    s.ok("item", "add", ITEM, "--kind", "psvf", "--title", "PSVF ADHD", person=npo)
    assert "388 ärenden skapades nedåt i kedjan." in s.ok("refer", ITEM, "--due", "2027-02-26", person=npo)
    assert s.state("falun")["due"] == "2027-01-22"

    # R3: answers, one late; R4: a compiled answer waits for everyone below.
    s.today = "2026-12-10"
    for unit in ("falun-socialtjanst", "falun-elevhalsa"):
        s.ok("advance", ITEM, unit, "answer", "--ref", f"Svar {unit}", person=s.who(unit, "kontaktperson"))
    s.ok("advance", ITEM, "falun", "answer", "--ref", "KS 2026/311", person=falun)
    s.refused(4, "kan inte lämna sitt samlade remissvar än", "advance", ITEM, "lpo-dalarna", "answer", "--ref", "LPO-1",
              person=lpo, org="lpo-dalarna")  # fmt: skip
    s.today = "2027-01-28"
    out = CliRunner().invoke(cli, ["--db", s.db, "--today", s.today, "--as", s.who("mora", "kontaktperson"), "advance",
                                   ITEM, "mora", "answer", "--ref", "KS Mora"])  # fmt: skip
    assert "Registrerat som försenat" in out.stderr
    s.refused(4, "--force behöver en --note", "advance", ITEM, "lpo-dalarna", "answer", "--ref", "LPO-1", "--force",
              person=lpo, org="lpo-dalarna")  # fmt: skip
    s.ok("advance", ITEM, "lpo-dalarna", "answer", "--ref", "LPO-1", "--force", "--note", "Tiden är ute", person=lpo)
    s.refused(4, "har redan lämnat sitt samlade remissvar", "advance", ITEM, "borlange", "answer", "--ref", "Sent",
              person=s.who("borlange", "kontaktperson"), org="borlange")  # fmt: skip

    # Compiled answers up to the NPO; adoption (R5) only after the remiss has closed.
    s.refused(4, "kan bara tas i läget 'Inväntar fastställande'", "advance", ITEM, "npo-psykisk-halsa", "adopt",
              "--ref", "SKS", "--set", "date=2027-02-01", person=npo, org="npo-psykisk-halsa")  # fmt: skip
    lpos = [
        row["code"] for row in json.loads(s.ok("org", "list", "--kind", "lpo", "--area", "psykisk-halsa", "--json"))
    ]
    for code in lpos:
        if s.state(code)["state"] == "remiss":
            s.ok("advance", ITEM, code, "answer", "--ref", "LPO", "--force", "--note", "Tiden är ute",
                 person=s.who(code, "sekreterare"))  # fmt: skip
    for row in json.loads(s.ok("org", "list", "--kind", "rpo", "--area", "psykisk-halsa", "--json")):
        s.ok("advance", ITEM, row["code"], "answer", "--ref", "RPO", person=s.who(row["code"], "samordnare"))
    s.ok("advance", ITEM, "npo-psykisk-halsa", "answer", "--ref", "Sammanställning", person=npo)
    assert s.state("falun")["state"] == "awaiting_adoption"
    s.today = "2027-04-14"
    s.ok("advance", ITEM, "npo-psykisk-halsa", "adopt", "--ref", "SKS 2027:4", "--set", "date=2027-04-14", person=npo)
    assert s.state("lpo-dalarna")["state"] == "to_decide"
    assert s.state("falun")["state"] == "awaiting_decision"

    # R6 and R13: the LPO records the decision, not a kommun; the forum must decide for everyone it is for.
    s.refused(5, "sekreterare vid LPO psykisk hälsa, Region Dalarna", "advance", ITEM, "lpo-dalarna", "decide",
              "--ref", "LPO 2027:5", person=falun, org="lpo-dalarna")  # fmt: skip
    s.refused(2, "1, 2 eller 3", "advance", ITEM, "lpo-dalarna", "decide", "--ref", "LPO 2027:5", "--set", "falun=5",
              person=lpo, org="lpo-dalarna")  # fmt: skip
    s.refused(4, "Länschefsnätverket Dalarna fattar inte beslut för Region Dalarna", "advance", ITEM, "lpo-dalarna",
              "decide", "--ref", "LCN 2027:5", "--set", "body=Länschefsnätverket", person=lpo, org="region-dalarna")  # fmt: skip
    said = s.ok(
        "advance", ITEM, "lpo-dalarna", "decide", "--ref", "LPO 2027:5", "--set", "body=Länsgemensam ledningsgrupp",
        "--set", "region-dalarna=3", person=lpo,
    )  # fmt: skip
    assert "Målnivå 2 för dem som inte angavs (kunskapsstödets standard)." in said
    assert "  Region Dalarna (region-dalarna): målnivå 3\n" in said
    assert "  Falu kommun (falun): målnivå 2\n" in said
    assert (s.state("falun")["state"], s.state("falun")["target_level"]) == ("gap_analysis", 2)
    assert s.state("region-dalarna")["target_level"] == 3

    # R17: a mistaken target is corrected with a reason, by the LPO's secretary; both rows stay.
    s.refused(2, "En rättelse behöver ett skäl", "correct", ITEM, "lpo-dalarna", "--to", "decided", "--set", "mora=3",
              person=lpo, org="lpo-dalarna")  # fmt: skip
    said = s.ok("correct", ITEM, "lpo-dalarna", "--to", "decided", "--reason", "Mora beslutade nivå 3", "--set",
                "Mora=3", person=lpo)  # fmt: skip
    assert "  Mora kommun (mora): målnivå 3\n" in said
    assert s.state("mora")["target_level"] == 3
    shown = json.loads(s.ok("history", ITEM, "lpo-dalarna", "--json"))
    assert [row["event"] for row in shown[-2:]] == ["decide", "correction"]
    _when, _who, step, _from, _to, values, _note = _row(s.ok("history", ITEM, "lpo-dalarna"), "Rättelse av")
    assert step == "Rättelse av Fatta lokalt beslut"
    assert "skäl: Mora beslutade nivå 3" in values

    # R7, R8: level 3 waits for the GAP analysis, which needs the gaps found; levels one at a time.
    s.refused(4, "Nivå 3 (innehållskunskap) kräver en slutförd GAP-analys", "advance", ITEM, "falun", "reach_level",
              "--set", "level=3", person=falun, org="falun")  # fmt: skip
    s.refused(
        2, "behöver --set gaps=…", "advance", ITEM, "falun", "complete_gap", "--ref", "GAP-1", person=falun, org="falun"
    )
    s.ok("advance", ITEM, "falun", "complete_gap", "--ref", "GAP-1", "--set", "gaps=4", person=falun)
    s.refused(4, "nästa nivå är 1, inte 2", "advance", ITEM, "falun", "reach_level", "--set", "level=2", person=falun,
              org="falun")  # fmt: skip
    s.ok("advance", ITEM, "falun", "reach_level", "--set", "level=1", person=falun)
    s.ok("advance", ITEM, "falun", "reach_level", "--set", "level=2", person=falun)
    assert (s.state("falun")["state"], s.state("falun")["level"]) == ("implemented", 2)

    # R9: a revision sends Falun back to a GAP analysis, keeping its level.
    s.today = "2027-10-04"
    s.ok("advance", ITEM, "npo-psykisk-halsa", "revise", "--ref", "Revision 2", person=npo)
    s.ok("advance", ITEM, "npo-psykisk-halsa", "adopt", "--ref", "SKS 2027:21", "--set", "date=2027-10-04", person=npo)
    falun_now = s.state("falun")
    assert (falun_now["state"], falun_now["level"], falun_now["item_version"]) == ("revision_gap", 2, 2)
    shown = json.loads(s.ok("item", "show", ITEM, "--json"))[0]
    assert [v["status"] for v in shown["versions"]] == ["superseded", "adopted"]

    # R10: a withdrawal closes everything, and nothing moves after it.
    s.ok("advance", ITEM, "npo-psykisk-halsa", "withdraw", "--set", "reason=Ersätts av vårdprogram", person=npo)
    states = {row["state"] for row in json.loads(s.ok("status", ITEM, "--json"))}
    assert states == {"closed"}
    s.refused(4, "Inga steg kan tas i det här läget", "advance", ITEM, "falun", "complete_gap", "--ref", "GAP-2",
              "--set", "gaps=0", person=falun, org="falun")  # fmt: skip


def _row(table: str, opening: str) -> list[str]:
    """The cells of the table row whose first line holds ``opening``, each cell's wrapped lines joined."""
    lines = table.splitlines()
    start = next(number for number, line in enumerate(lines) if opening in line)
    parts: list[list[str]] = []
    for line in lines[start:]:
        cells = [cell.strip() for cell in line.strip().strip("│").split("│")]
        if not line.startswith("│") or (parts and cells[0]):
            break
        parts.append(cells)
    return [" ".join(piece for piece in column if piece) for column in zip(*parts, strict=True)]
