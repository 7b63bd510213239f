"""Start-up: the collector off until the application is assembled; the ports imported one module at a time."""

from __future__ import annotations

import gc
import signal
import subprocess
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


def test_the_ports_import_a_module_only_for_the_names_asked_for() -> None:
    probe = (
        "import sys\n"
        "from kgflow.service.ports import StatusRow, UnitOfWork\n"
        "print(sorted(name for name in sys.modules if name.startswith('kgflow.service.ports.')))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["['kgflow.service.ports.instances',", "'kgflow.service.ports.unit_of_work']"]


def test_every_name_the_ports_export_is_there_and_others_are_not() -> None:
    from kgflow.service import ports

    for name in ports.__all__:
        assert getattr(ports, name).__name__ == name
    assert set(ports.__all__) <= set(dir(ports))
    with pytest.raises(AttributeError):
        _ = ports.NoSuchPort
