"""The sample database the command-line tests share: loaded once, copied for each test module."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.e2e.cli import run


@pytest.fixture(scope="session")
def sample_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``kgflow init --sample``, once per test session."""
    path = tmp_path_factory.mktemp("sample") / "kgflow.db"
    code, out, err = run(str(path), "init", "--sample")
    assert code == 0, err
    assert "Läste in exemplet" in out
    return path


@pytest.fixture(scope="module")
def sample_db(sample_template: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A copy of the sample for one test module to change as it likes."""
    target = tmp_path_factory.mktemp("cli") / "kgflow.db"
    shutil.copy(sample_template, target)
    return str(target)
