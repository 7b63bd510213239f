"""Running the command line in-process, as the e2e tests do."""

from __future__ import annotations

from click.testing import CliRunner

from kgflow.cli.main import cli

TODAY = "2026-11-27"


def run(db: str, *args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """``kgflow --db DB --today 2026-11-27 ARGS``: exit code, stdout, stderr (in Swedish unless ``env`` says).

    The language is set, not left to the machine's locale, so the tests read the same everywhere.
    """
    result = CliRunner().invoke(
        cli, ["--db", db, "--today", TODAY, *args], env={"KGFLOW_LANGUAGE": "sv", **(env or {})}
    )
    return result.exit_code, result.stdout, result.stderr
