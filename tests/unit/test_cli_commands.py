"""The root's table of commands says what each command's own docstring says, in Swedish and in English."""

from __future__ import annotations

from collections.abc import Iterator

import click
import pytest

from kgflow.cli.commands import COMMANDS
from kgflow.cli.language import speak
from kgflow.cli.main import cli
from kgflow.locale import use


@pytest.fixture
def spoken(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The command line speaking the parametrized language; Swedish again afterwards."""
    language: str = request.param
    monkeypatch.setenv("KGFLOW_LANGUAGE", language)
    speak(cli)
    yield language
    monkeypatch.delenv("KGFLOW_LANGUAGE")
    use()


def _listing(format_commands: object, width: int) -> str:
    formatter = click.HelpFormatter(width=width)
    with click.Context(cli, info_name="kgflow") as ctx:
        format_commands(ctx, formatter)  # type: ignore[operator]
    return formatter.getvalue()


@pytest.mark.parametrize("spoken", ["sv", "en"], indirect=True)
@pytest.mark.parametrize("width", [80, 100, 200])
def test_help_lists_each_command_as_click_would_from_the_command_itself(spoken: str, width: int) -> None:
    from_table = _listing(cli.format_commands, width)
    # click's own listing imports every command and shortens each one's (translated) docstring
    from_commands = _listing(lambda ctx, formatter: click.Group.format_commands(cli, ctx, formatter), width)
    assert from_table == from_commands
    assert ("Kommandon:" if spoken == "sv" else "Commands:") in from_table


def test_every_name_in_the_table_is_a_command_and_unknown_names_are_none() -> None:
    with click.Context(cli, info_name="kgflow") as ctx:
        for name in COMMANDS:
            assert isinstance(cli.get_command(ctx, name), click.Command), name
        assert cli.get_command(ctx, "finns-inte") is None
        assert cli.list_commands(ctx) == sorted(COMMANDS)
    assert cli.commands["att-gora"] is cli.commands["todo"]
