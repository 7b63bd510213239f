"""The documented PostgreSQL setup, tried as a colleague with their own login would try to get round it.

One region is deployed with ``deploy/`` (owner, the application group, the
administrator and service groups, one login per person), the Swedish sample
loaded by the owner. Each insider move is then made with the person's own
login: acting as someone else, writing history by hand, editing an instance,
a role or a workflow text. Each is refused by the database or named by
``kgflow audit verify``; what a test tampers with as a superuser it puts back.
"""

from __future__ import annotations

import json
import re
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from kgflow.bootstrap import bootstrap
from kgflow.config import Settings, shipped_workflows
from kgflow.persistence.database import parse_url
from kgflow.service import sign_in
from kgflow.service.advance import AdvanceRequest, advance
from tests.conftest import PG_URL, used_postgresql
from tests.deployment import DEPLOY, as_role, run_script
from tests.processes import kgflow
from tests.tamper import plain_sql

GROUPS = ("kgflow_owner", "kgflow_app", "kgflow_admin", "kgflow_service", "kgflow_scheduler", "kgflow_web")
ITEM = "vip-skadligt-bruk"  # its version 2 is on remiss in the sample


@dataclass(frozen=True)
class Region:
    """A deployed region: a URL per login, and the superuser's for putting things back."""

    names: dict[str, str]
    logins: dict[str, str]
    owner: str
    sara: str  # Sara Ek, LPO Dalarna's secretary, with her own login
    anna: str  # Nora Lind, the NPO's coordinator
    admin: str  # a kgflow administrator with no person of their own
    scheduler: str  # the scheduler's service login
    superuser: str
    web: str  # the web server's service login

    def verify(self) -> tuple[int, str]:
        done = kgflow(self.sara, "audit", "verify")
        return done.returncode, done.stderr.strip()

    def state(self, org: str) -> tuple[str, int | None]:
        [row] = [r for r in json.loads(kgflow(self.sara, "status", ITEM, "--org", org, "--json").stdout)
                 if r["org"] == org]  # fmt: skip
        return row["state"], row["level"]

    def last_row(self, org: str) -> dict[str, object]:
        rows: list[dict[str, object]] = json.loads(kgflow(self.sara, "history", ITEM, org, "--json").stdout)
        return rows[-1]


@pytest.fixture(scope="module")
def region(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Region]:
    if not PG_URL:
        pytest.skip("PostgreSQL not configured (set KGFLOW_TEST_DATABASE_URL)")
    tag = uuid.uuid4().hex[:8]
    names = {group: f"{group}_{tag}" for group in GROUPS} | {"kgflow": f"kgflow_{tag}"}
    logins = {who: f"{who}_{tag}" for who in ("sara", "anna", "admin")}
    schema = names["kgflow"]
    run_script(PG_URL, "postgresql-roles.sql", names)
    # People's logins as the README makes them, with psql and deploy/postgresql-person.sql.
    person_script = tmp_path_factory.mktemp("deploy") / "person.sql"
    person_script.write_text(re.sub(r"\bkgflow_app\b", names["kgflow_app"],
                                    (DEPLOY / "postgresql-person.sql").read_text(encoding="utf-8")), encoding="utf-8")  # fmt: skip
    for who in ("sara", "anna"):
        made = subprocess.run(
            ["psql", PG_URL, "-q", "-v", "ON_ERROR_STOP=1", "-v", f"login={logins[who]}", "-v", "password='hemligt'",
             "-f", str(person_script)],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert made.returncode == 0, made.stderr
    engine = create_engine(parse_url(PG_URL))
    with engine.begin() as connection:
        connection.execute(text(f'CREATE ROLE "{logins["admin"]}" LOGIN IN ROLE "{names["kgflow_admin"]}"'))
    engine.dispose()
    owner = as_role(names["kgflow_owner"], schema)
    try:
        init = kgflow(owner, "init", "--sample", timeout=600)
        assert init.returncode == 0, init.stderr
        run_script(owner, "postgresql-grants.sql", names)
        people = tmp_path_factory.mktemp("deploy") / "people.yaml"
        people.write_text(
            "people:\n"
            f"  - {{code: sara.ek, name: Sara Ek, email: sara.ek@lpo-dalarna.example, "
            f"login: {logins['sara']}}}\n"
            f"  - {{code: nora.lind, name: Nora Lind, email: nora.lind@kunskapsstyrning.example, "
            f"login: {logins['anna']}}}\n",
            encoding="utf-8",
        )
        linked = kgflow(owner, "org", "import", str(people))
        assert linked.returncode == 0, linked.stderr
        yield Region(
            names, logins, owner, as_role(logins["sara"], schema), as_role(logins["anna"], schema),
            as_role(logins["admin"], schema), as_role(names["kgflow_scheduler"], schema), as_role("postgres", schema),
            as_role(names["kgflow_web"], schema),
        )  # fmt: skip
    finally:
        engine = create_engine(parse_url(PG_URL))
        with engine.begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            for role in [*logins.values(), *(names[g] for g in reversed(GROUPS))]:
                connection.execute(text(f'DROP OWNED BY "{role}"'))
                connection.execute(text(f'DROP ROLE "{role}"'))
        engine.dispose()


@pytest.fixture(autouse=True)
def _on_postgresql(region: Region, request: pytest.FixtureRequest) -> None:
    """Every test here runs on the deployed region, so on PostgreSQL."""
    used_postgresql(request)


def test_acting_as_someone_else_is_refused(region: Region) -> None:
    before = region.state("arvidsjaur")
    done = kgflow(region.sara, "--as", "nora.lind", "advance", ITEM, "arvidsjaur", "withdraw", "--set", "reason=x")
    assert done.returncode == 5
    assert done.stderr.strip() == (
        f"kgflow: Du är inloggad som {region.logins['sara']} "
        "(sara.ek) och får bara agera som dig själv, inte som nora.lind; utelämna --as."
    )
    assert region.state("arvidsjaur") == before


def test_acting_as_oneself_by_full_name_is_acting_as_oneself(region: Region) -> None:
    # Accepted as herself and authorised, the compiled answer is then refused for the missing kommuner (R4):
    # nothing changes, and the instances other tests use are left alone.
    done = kgflow(region.sara, "--as", "Sara Ek", "advance", ITEM, "lpo-dalarna", "answer", "--ref", "LPO 3")
    assert done.returncode == 4, done.stderr
    assert "organisationer under har varken svarat eller avstått" in done.stderr
    other = kgflow(region.sara, "--as", "Nora Lind", "advance", ITEM, "arvidsjaur", "withdraw", "--set", "reason=x")
    assert other.returncode == 5
    assert "får bara agera som dig själv, inte som Nora Lind; utelämna --as." in other.stderr


def test_the_login_is_who_acts_and_the_database_keeps_the_time(region: Region) -> None:
    done = kgflow(region.sara, "advance", ITEM, "avesta", "answer", "--ref", "KS 9")
    assert done.returncode == 0, done.stderr
    row = region.last_row("avesta")
    assert (row["actor"], row["login"], row["event"]) == ("sara.ek", region.logins["sara"], "answer")
    assert region.verify() == (0, "")


def test_a_person_may_not_act_as_of_another_date(region: Region) -> None:
    done = kgflow(region.sara, "advance", ITEM, "borlange", "answer", "--ref", "KS 1", today="2020-01-01")
    assert done.returncode == 5
    assert done.stderr == (
        "kgflow: I en delad databas får bara en administratör av kgflow agera per ett annat datum; utelämna --today.\n"
    )
    assert region.state("borlange")[0] == "remiss"


def test_an_administrator_acts_on_behalf_and_both_are_recorded(region: Region) -> None:
    done = kgflow(region.admin, "--as", "sara.ek", "advance", ITEM, "rattvik", "answer", "--ref", "KS 2")
    assert done.returncode == 0, done.stderr
    row = region.last_row("rattvik")
    assert row["actor"] == "sara.ek"
    assert row["login"] == region.logins["admin"]
    shown = kgflow(region.sara, "history", ITEM, "rattvik").stdout
    # The table may wrap the cell "sara.ek (av LOGIN)" over two lines; its words are all there.
    words = shown.split()
    assert "sara.ek" in words
    assert "(av" in words
    assert region.logins["admin"] + ")" in words


def _instance_id(region: Region, org: str) -> int:
    engine = create_engine(parse_url(region.superuser))
    with engine.begin() as connection:
        found = connection.execute(text(
            "SELECT i.id FROM instance i JOIN item ON item.id = i.item_id JOIN organisation o ON o.id = i.org_id "
            "WHERE item.code = :item AND o.code = :org"
        ), {"item": ITEM, "org": org}).scalar_one()  # fmt: skip
    engine.dispose()
    return int(found)


def test_a_history_row_written_for_someone_else_is_refused_by_the_database(region: Region) -> None:
    instance = _instance_id(region, "mora")
    forged = (
        "INSERT INTO history (seq, prev_hash, hash, instance_id, item_version, at, actor, event, from_state, "
        f"to_state, fields) VALUES (0, 'x', 'y', {instance}, 1, '2020-01-01', 'nora.lind', 'answer', "
        "'remiss', 'answered', '{}')"
    )
    with pytest.raises(Exception, match=r"may act only as sara\.ek, not as nora\.lind"):
        plain_sql(region.sara, [forged])
    assert region.verify() == (0, "")


def test_a_backdated_row_of_ones_own_is_stamped_and_named(region: Region) -> None:
    instance = _instance_id(region, "smedjebacken")
    forged = (
        "INSERT INTO history (seq, prev_hash, hash, instance_id, item_version, at, actor, event, from_state, "
        f"to_state, level, fields) VALUES (0, 'x', 'y', {instance}, 1, '2020-01-01', 'sara.ek', "
        "'reach_level', 'remiss', 'implemented', 3, '{}')"
    )
    plain_sql(region.sara, [forged])
    try:
        row = region.last_row("smedjebacken")
        assert row["login"] == region.logins["sara"]
        assert not str(row["at"]).startswith("2020")  # the database's time, not the one written
        code, said = region.verify()
        assert code == 8
        assert "ärendet vip-skadligt-bruk vid smedjebacken står på läge remiss" in said
        assert "men dess historik säger läge implemented, nivå 3" in said
    finally:
        plain_sql(region.superuser, ["DELETE FROM history WHERE seq = (SELECT max(seq) FROM history)"],
                  append_only_off=True)  # fmt: skip
    assert region.verify() == (0, "")


def test_a_hand_edited_instance_is_named(region: Region) -> None:
    before = region.state("malung-salen")
    plain_sql(region.sara, [f"UPDATE instance SET state = 'implemented', level = 3 WHERE id = "
                            f"{_instance_id(region, 'malung-salen')}"])  # fmt: skip
    try:
        code, said = region.verify()
        assert code == 8
        assert "ärendet vip-skadligt-bruk vid malung-salen står på läge implemented, nivå 3" in said
        assert "men dess historik säger läge remiss" in said
    finally:
        level = "NULL" if before[1] is None else before[1]
        plain_sql(region.superuser, [f"UPDATE instance SET state = '{before[0]}', level = {level} WHERE id = "
                                     f"{_instance_id(region, 'malung-salen')}"])  # fmt: skip
    assert region.verify() == (0, "")


@pytest.mark.parametrize(
    "statement",
    [
        "INSERT INTO role_assignment (person_id, org_id, role) VALUES (1, 1, 'samordnare')",
        "UPDATE person SET login = NULL WHERE code = 'nora.lind'",
        "UPDATE workflow_definition SET source = 'x'",
        "UPDATE history SET note = 'x' WHERE seq = 1",
        "DELETE FROM history WHERE seq = 1",
        "TRUNCATE history",
        "ALTER TABLE history DISABLE TRIGGER ALL",
        "INSERT INTO access_role (purpose, role_name) VALUES ('admin', 'public')",
    ],
    ids=[
        "add-a-role",
        "unlink-a-login",
        "rewrite-a-workflow",
        "edit-history",
        "delete-history",
        "truncate",
        "disable-triggers",
        "become-administrator",
    ],
)
def test_who_is_who_and_the_history_are_out_of_a_persons_reach(region: Region, statement: str) -> None:
    with pytest.raises(Exception, match=r"permission denied|must be owner"):
        plain_sql(region.sara, [statement])


def test_a_role_added_behind_kgflows_back_is_named(region: Region) -> None:
    grant = (
        "INSERT INTO role_assignment (person_id, org_id, role) SELECT p.id, o.id, 'samordnare' "
        "FROM person p, organisation o WHERE p.code = 'sara.ek' AND o.code = 'npo-psykisk-halsa'"
    )
    plain_sql(region.owner, [grant])
    try:
        code, said = region.verify()
        assert code == 8
        assert "sara.ek har rollen samordnare vid npo-psykisk-halsa, vilket historiken aldrig registrerade" in said
    finally:
        plain_sql(region.owner, ["DELETE FROM role_assignment WHERE role = 'samordnare' AND person_id = "
                                 "(SELECT id FROM person WHERE code = 'sara.ek')"])  # fmt: skip
    assert region.verify() == (0, "")


def test_a_rewritten_workflow_text_is_refused_and_named(region: Region) -> None:
    rewrite = (
        "UPDATE workflow_definition SET source = replace(source, 'by: [samordnare]', 'by: [responsible]'), "
        "digest = encode(sha256(convert_to(replace(source, 'by: [samordnare]', 'by: [responsible]'), 'UTF8')), 'hex')"
    )
    engine = create_engine(parse_url(region.owner))
    with engine.begin() as connection:
        original = connection.execute(text("SELECT name, version, digest, source FROM workflow_definition")).all()
    engine.dispose()
    plain_sql(region.owner, [rewrite])
    try:
        code, said = region.verify()
        assert code == 8
        assert "är lagrat med en kontrollsumma som historiken aldrig registrerade" in said
        done = kgflow(region.sara, "advance", ITEM, "borlange", "answer", "--ref", "KS 3")
        assert done.returncode == 8
        assert (
            "kgflow: Den lagrade texten för arbetsflödet nationellt-kunskapsstod version 1 är inte den som registrerades (kontrollsumman stämmer inte med historiken); ingenting gjordes. Kör `kgflow audit verify`."
            in done.stderr
        )
        assert kgflow(region.sara, "status", ITEM).returncode == 8  # no rules are read from a rewritten text
    finally:
        engine = create_engine(parse_url(region.owner))
        with engine.begin() as connection:
            for row in original:
                connection.execute(
                    text("UPDATE workflow_definition SET digest = :d, source = :s WHERE name = :n AND version = :v"),
                    {"d": row.digest, "s": row.source, "n": row.name, "v": row.version},
                )
        engine.dispose()
    assert region.state("borlange")[0] == "remiss"
    assert region.verify() == (0, "")


def test_a_person_may_not_change_who_is_who(region: Region, tmp_path: Path) -> None:
    file = tmp_path / "roles.yaml"
    file.write_text("people:\n  - {code: sara.ek, name: Sara Ek, email: sara@x.example, "
                    "roles: [{role: samordnare, at: npo-psykisk-halsa}]}\n", encoding="utf-8")  # fmt: skip
    done = kgflow(region.sara, "org", "import", str(file))
    assert done.returncode == 5
    assert "Bara en administratör av kgflow får ändra organisationer, personer och roller; " in done.stderr
    assert region.verify() == (0, "")


def test_the_scheduler_acts_with_its_own_login(region: Region) -> None:
    swept = kgflow(region.scheduler, "sweep")
    assert swept.returncode == 0, swept.stderr
    refused = kgflow(region.scheduler, "--today", "2030-01-01", "sweep")
    assert refused.returncode == 5  # a service acts for others, but only today
    assert region.verify() == (0, "")


def test_todo_on_a_shared_database_knows_who_is_asking_from_the_login(region: Region) -> None:
    shown = kgflow(region.sara, "todo")
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith("Det här väntar på Sara Ek (sara.ek): Sekreterare vid ")
    rows = json.loads(kgflow(region.sara, "todo", "--json").stdout)
    assert rows
    assert all(event["command"].startswith("kgflow --as sara.ek ") for row in rows for event in row["events"])


SARA_EMAIL = "sara.ek@lpo-dalarna.example"
WEB_ITEM = "vip-psykisk-ohalsa-aldre"  # on remiss at Hedemora; Sara Ek is also LPO äldres hälsa Dalarna's secretary
_ANNA_ID = "(SELECT id FROM person WHERE code = 'nora.lind')"


@pytest.mark.parametrize(
    "statement",
    [
        "INSERT INTO web_session (token_hash, person_id, created_at, expires_at) "
        f"VALUES (repeat('a', 64), {_ANNA_ID}, now(), now() + interval '10 hours')",
        "INSERT INTO sign_in_link (token_hash, person_id, created_at, expires_at) "
        f"VALUES (repeat('b', 64), {_ANNA_ID}, now(), now() + interval '20 minutes')",
        f"INSERT INTO api_token (token_hash, person_id, label, created_at) VALUES (repeat('c', 64), {_ANNA_ID}, 'x', now())",
        "SELECT secret FROM web_secret",
        "SELECT token_hash FROM web_session",
        "UPDATE sign_in_link SET used_at = NULL",
        "DELETE FROM sign_in_request",
    ],
    ids=[
        "mint-a-session",
        "mint-a-link",
        "mint-an-api-token",
        "read-the-secret",
        "read-sessions",
        "reuse-a-link",
        "forget-requests",
    ],
)
def test_web_sign_in_is_out_of_a_persons_reach(region: Region, statement: str) -> None:
    with pytest.raises(Exception, match=r"permission denied"):
        plain_sql(region.sara, [statement])


def test_the_web_login_signs_a_person_in_and_acts_as_them(region: Region) -> None:
    settings = Settings(database_url=region.web, actor=None, today=None, workflows_dir=shipped_workflows())
    app = bootstrap(settings)
    try:
        services = app.services
        issued = sign_in.request_link(services, SARA_EMAIL, "192.0.2.1")
        assert issued is not None
        session = sign_in.use_link(services, issued.token)
        assert session.person.code == "sara.ek"
        assert sign_in.session_person(services, session.token) == session.person
        assert len(sign_in.web_secret(services)) == 32
        request = AdvanceRequest(WEB_ITEM, "hedemora", "answer", session.person.code, ref="Webb 1")
        done = advance(services, request)
        assert done.to_state == "answered"
    finally:
        app.close()
    rows = json.loads(kgflow(region.sara, "history", WEB_ITEM, "hedemora", "--json").stdout)
    assert (rows[-1]["actor"], rows[-1]["login"], rows[-1]["event"]) == (
        "sara.ek", region.names["kgflow_web"], "answer",
    )  # fmt: skip
    assert region.verify() == (0, "")


def test_a_secretary_keeps_her_lpos_plan_with_her_own_login(region: Region) -> None:
    added = kgflow(
        region.sara, "plan", "add", ITEM, "--lpo", "lpo-dalarna", "--malgrupp", "Socialchefsnätverket",
        "--vad", "Information om VIP", "--tidplan", "VT 2027",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    marked = kgflow(region.sara, "plan", "mark", ITEM, "1", "--lpo", "lpo-dalarna", "--status", "genomförd")
    assert marked.returncode == 0, marked.stderr
    other = kgflow(region.anna, "plan", "mark", ITEM, "1", "--lpo", "lpo-dalarna", "--status", "inställd")
    assert other.returncode != 0
    assert "får inte ändra implementeringsplanen" in other.stderr
    assert region.verify() == (0, "")
    dalarnas_first = (
        "number = 1 AND plan_id = (SELECT p.id FROM implementation_plan p JOIN organisation o ON o.id = p.org_id "
        "WHERE o.code = 'lpo-dalarna')"
    )
    plain_sql(region.sara, [f"UPDATE plan_activity SET status = 'planned' WHERE {dalarnas_first}"])
    try:
        code, said = region.verify()
        assert code != 0
        assert "planaktiviteten 'vip-skadligt-bruk/lpo-dalarna/1'" in said
    finally:
        plain_sql(region.superuser, [f"UPDATE plan_activity SET status = 'done' WHERE {dalarnas_first}"])
    assert region.verify() == (0, "")
