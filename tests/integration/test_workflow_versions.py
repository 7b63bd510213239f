"""An item keeps the workflow version it started on, even after the file moves on."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from kgflow.config import shipped_workflows
from kgflow.domain.errors import KgflowError, TransitionRefused
from kgflow.service.queries import status
from kgflow.testing import FixedClock, World, application, small_chain

NATIONAL = "nationellt-kunskapsstod.yaml"


class Processes:
    """kgflow started again and again on one database, as after each edit of the workflow file."""

    def __init__(self, database_url: str, clock: FixedClock, folder: Path) -> None:
        self.url, self.clock, self.folder = database_url, clock, folder
        self.worlds: list[World] = []

    def start(self) -> World:
        world = World(application(self.url, self.clock, self.folder), self.clock)
        if self.worlds:
            last = self.worlds[-1]
            world.codes, world.people, world.coordinator = last.codes, last.people, last.coordinator
        else:
            small_chain(world)
        self.worlds.append(world)
        return world

    def close(self) -> None:
        for world in self.worlds:
            world.app.close()


@pytest.fixture
def editable(database_url: str, clock: FixedClock, tmp_path: Path) -> Iterator[tuple[Processes, Path]]:
    folder = tmp_path / "workflows"
    folder.mkdir()
    shutil.copy(shipped_workflows() / NATIONAL, folder / NATIONAL)
    processes = Processes(database_url, clock, folder)
    try:
        yield processes, folder / NATIONAL
    finally:
        processes.close()


def test_a_changed_file_must_raise_its_version(editable: tuple[Processes, Path]) -> None:
    processes, path = editable
    processes.start().item("psvf-a", "PSVF A")
    path.write_text(path.read_text(encoding="utf-8").replace("sv: På remiss", "sv: Ute på remiss"), encoding="utf-8")
    with pytest.raises(KgflowError, match="raise its 'version'"):
        processes.start().item("psvf-b", "PSVF B")


def test_running_items_keep_their_version(editable: tuple[Processes, Path]) -> None:
    processes, path = editable
    processes.start().item("psvf-a", "PSVF A")
    text = path.read_text(encoding="utf-8")
    # Version 2 renames the referral event: items started on version 1 still use the old one.
    text = (
        text.replace("version: 1", "version: 2")
        .replace("  refer:\n", "  send:\n")
        .replace("event: refer", "event: send")
    )
    path.write_text(text, encoding="utf-8")
    world = processes.start()
    world.item("psvf-b", "PSVF B")
    with pytest.raises(TransitionRefused, match="har inget steg som heter 'refer'; stegen är send, "):
        world.advance("psvf-b", "npo-psykisk-halsa", "refer", "Nora Lind", values={"due": "2027-03-31"})
    world.advance("psvf-a", "npo-psykisk-halsa", "refer", "Nora Lind", values={"due": "2027-03-31"})
    rows = {line.row.item: line.row.workflow_version for line in status(world.services, org="npo-psykisk-halsa")}
    assert rows == {"psvf-a": 1, "psvf-b": 2}
