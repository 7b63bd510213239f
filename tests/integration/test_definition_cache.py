"""Validated workflow definitions kept between commands: found by their exact text, never stale, never trusted blindly."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kgflow.config import Settings, cache_folder, shipped_workflows
from kgflow.definitions.loader import load_text
from kgflow.persistence.definition_cache import DefinitionFiles
from kgflow.service.catalogue import WorkflowCatalogue, vocabulary

SHIPPED = shipped_workflows() / "nationellt-kunskapsstod.yaml"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def test_a_definition_is_validated_once_then_found_by_its_text(folder: Path) -> None:
    first = WorkflowCatalogue(shipped_workflows(), DefinitionFiles(folder)).current("nationellt-kunskapsstod")
    assert len(list(folder.glob("*.definition"))) == 1
    assert folder.stat().st_mode & 0o777 == 0o700
    text = SHIPPED.read_text(encoding="utf-8")
    kept = DefinitionFiles(folder).get(str(SHIPPED), text)
    assert kept == first == load_text(text, str(SHIPPED), vocabulary())
    again = WorkflowCatalogue(shipped_workflows(), DefinitionFiles(folder)).current("nationellt-kunskapsstod")
    assert again == first
    assert len(list(folder.glob("*.definition"))) == 1


def test_another_text_or_label_is_a_miss(folder: Path) -> None:
    cache = DefinitionFiles(folder)
    text = SHIPPED.read_text(encoding="utf-8")
    cache.put(str(SHIPPED), text, load_text(text, str(SHIPPED), vocabulary()))
    assert cache.get(str(SHIPPED), text) is not None
    assert cache.get(str(SHIPPED), text + "\n# ändrad\n") is None
    assert cache.get("nationellt-kunskapsstod version 1 (stored)", text) is None


def test_a_changed_file_is_validated_again(folder: Path, tmp_path: Path) -> None:
    workflows = tmp_path / "workflows"
    workflows.mkdir()
    path = workflows / "nationellt-kunskapsstod.yaml"
    text = SHIPPED.read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    before = WorkflowCatalogue(workflows, DefinitionFiles(folder)).current("nationellt-kunskapsstod")
    path.write_text(text.replace("version: 1", "version: 2", 1), encoding="utf-8")
    after = WorkflowCatalogue(workflows, DefinitionFiles(folder)).current("nationellt-kunskapsstod")
    assert (before.version, after.version) == (1, 2)
    assert before.digest != after.digest


@pytest.mark.parametrize("damage", [b"", b"not a pickle", b"\x80\x05garbage"], ids=["empty", "text", "truncated"])
def test_a_damaged_entry_is_a_miss_and_the_file_is_validated(folder: Path, damage: bytes) -> None:
    WorkflowCatalogue(shipped_workflows(), DefinitionFiles(folder)).current("nationellt-kunskapsstod")
    (entry,) = folder.glob("*.definition")
    entry.write_bytes(damage)
    text = SHIPPED.read_text(encoding="utf-8")
    assert DefinitionFiles(folder).get(str(SHIPPED), text) is None
    loaded = WorkflowCatalogue(shipped_workflows(), DefinitionFiles(folder)).current("nationellt-kunskapsstod")
    assert loaded == load_text(text, str(SHIPPED), vocabulary())


def test_an_entry_under_another_key_is_not_believed(folder: Path) -> None:
    cache = DefinitionFiles(folder)
    text = SHIPPED.read_text(encoding="utf-8")
    cache.put(str(SHIPPED), text, load_text(text, str(SHIPPED), vocabulary()))
    (entry,) = folder.glob("*.definition")
    entry.rename(folder / f"{cache.key('other.yaml', text)}.definition")
    assert cache.get("other.yaml", text) is None


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_a_folder_others_may_write_to_is_not_used(folder: Path) -> None:
    folder.mkdir(mode=0o700)
    folder.chmod(0o777)
    cache = DefinitionFiles(folder)
    text = SHIPPED.read_text(encoding="utf-8")
    cache.put(str(SHIPPED), text, load_text(text, str(SHIPPED), vocabulary()))
    assert list(folder.iterdir()) == []
    assert cache.get(str(SHIPPED), text) is None


def test_the_folder_is_chosen_from_the_environment(tmp_path: Path) -> None:
    assert cache_folder({"KGFLOW_CACHE_DIR": "off"}, {}) is None
    assert cache_folder({"KGFLOW_CACHE_DIR": str(tmp_path)}, {}) == tmp_path
    assert cache_folder({}, {"XDG_CACHE_HOME": str(tmp_path)}) == tmp_path / "kgflow"
    assert cache_folder({}, {}) == Path.home() / ".cache" / "kgflow"
    config = tmp_path / "kgflow.toml"
    config.write_text('KGFLOW_CACHE_DIR = "off"\n', encoding="utf-8")
    assert Settings.load({"KGFLOW_CONFIG": str(config)}).cache_dir is None
    assert Settings.load({"KGFLOW_CONFIG": str(config), "KGFLOW_CACHE_DIR": str(tmp_path)}).cache_dir == tmp_path
