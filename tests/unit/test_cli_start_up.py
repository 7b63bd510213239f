"""The console entry point starts with the garbage collector off; assembling the application turns it back on."""

from __future__ import annotations

import gc
import signal
import sys
from pathlib import Path

import pytest

from kgflow.cli.app import AppContext
from kgflow.cli.main import main


def test_assembling_the_application_freezes_what_start_up_built_and_turns_the_collector_on(tmp_path: Path) -> None:
    gc.disable()
    try:
        AppContext(str(tmp_path / "kgflow.db"), None, None).app.close()
        assert gc.isenabled()
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.enable()


def test_an_application_built_with_the_collector_on_leaves_it_alone(tmp_path: Path) -> None:
    frozen = gc.get_freeze_count()
    AppContext(str(tmp_path / "kgflow.db"), None, None).app.close()
    assert gc.isenabled()
    assert gc.get_freeze_count() == frozen


def test_the_entry_point_starts_with_the_collector_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "argv", ["kgflow", "--version"])
    pipe = signal.getsignal(signal.SIGPIPE)
    try:
        with pytest.raises(SystemExit):
            main()
        assert not gc.isenabled()  # --version never assembles the application
    finally:
        gc.enable()
        signal.signal(signal.SIGPIPE, pipe)
