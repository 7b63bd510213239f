"""Running the command line in-process, as the e2e tests do."""

from __future__ import annotations

from click.testing import CliRunner

from kgflow.cli.main import cli

TODAY = "2026-11-27"


def run(db: str, *args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """``kgflow --db DB --today 2026-11-27 ARGS``: exit code, stdout, stderr."""
    result = CliRunner().invoke(cli, ["--db", db, "--today", TODAY, *args], env=env)
    return result.exit_code, result.stdout, result.stderr
