"""The workflow catalogue: current definitions from files, old versions from the database.

``workflows/NAME.yaml`` holds the current version of workflow NAME. The first
time a version is used (an item is added on it), its exact text is stored in
the database; instances keep the version they started on, so an old version
stays runnable after the file moves on. Changing a file without raising its
``version`` is refused once that version is in use. Each (name, version) is
compiled into one state machine per process, never one per instance.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from kgflow.definitions.loader import load_file, load_text
from kgflow.definitions.model import WorkflowDefinition
from kgflow.definitions.parse import Vocabulary
from kgflow.domain import records
from kgflow.domain.errors import DefinitionError, DefinitionProblem, HistoryBroken, KgflowError, NotFound
from kgflow.domain.identity import SYSTEM
from kgflow.domain.rules.rulebook import CONDITIONS, GUARDS, WARNINGS
from kgflow.domain.wording import t
from kgflow.engine.machine import CompiledWorkflow
from kgflow.service.effects import EFFECTS
from kgflow.service.ports import UnitOfWork
from kgflow.service.records import record_facts


def vocabulary() -> Vocabulary:
    """The guard, condition and effect names implemented in code."""
    return Vocabulary(
        guards=frozenset(GUARDS),
        effects=frozenset(EFFECTS),
        conditions=frozenset(CONDITIONS),
        warnings=frozenset(WARNINGS),
    )


def load_workflow_file(path: Path) -> WorkflowDefinition:
    """Load and validate one file; its workflow name must match the file name.

    Raises:
        DefinitionError: with every problem found.
    """
    definition = load_file(path, vocabulary())
    if definition.name != path.stem:
        message = (
            f"the workflow is called {definition.name!r} but the file is {path.name!r}; "
            f"name the file {definition.name}.yaml"
        )
        raise DefinitionError([DefinitionProblem(str(path), 1, 1, message)])
    return definition


class WorkflowCatalogue:
    """Finds, validates, registers and compiles workflow definitions."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._current: dict[str, WorkflowDefinition] = {}
        self._compiled: dict[tuple[str, int], CompiledWorkflow] = {}

    def names(self) -> list[str]:
        """The workflows that have a file."""
        return sorted(path.stem for path in self.directory.glob("*.yaml"))

    def current(self, name: str) -> WorkflowDefinition:
        """The definition in ``NAME.yaml``.

        Raises:
            NotFound: when there is no such file.
            DefinitionError: when the file is invalid.
        """
        if name not in self._current:
            path = self.directory / f"{name}.yaml"
            if not path.is_file():
                known = ", ".join(self.names()) or "none"
                hint = t("Arbetsflöden i {directory}: {known}.", directory=self.directory, known=known)
                raise NotFound(t("arbetsflöde"), name, hint, neuter=True)
            self._current[name] = load_workflow_file(path)
        return self._current[name]

    def for_item_kind(self, kind: str) -> WorkflowDefinition:
        """The one workflow whose ``item_kinds`` include ``kind``.

        Raises:
            KgflowError: when none or several do; then ``--workflow`` must say.
        """
        matching = [self.current(name) for name in self.names() if kind in self.current(name).item_kinds]
        if len(matching) != 1:
            found = ", ".join(d.name for d in matching) or "none"
            raise KgflowError(f"Say which workflow items of kind {kind!r} follow with --workflow (matching: {found}).")
        return matching[0]

    def register(self, definition: WorkflowDefinition, uow: UnitOfWork, now: datetime, actor: str = SYSTEM) -> None:
        """Store the definition's text the first time its version is used, and record that in the history.

        Raises:
            KgflowError: when the file changed but its version did not.
        """
        stored = uow.workflows.source(definition.name, definition.version)
        if stored is None:
            text = Path(definition.path).read_text(encoding="utf-8")
            uow.workflows.register(definition.name, definition.version, definition.digest, text, now)
            fact = records.workflow_fact(definition.name, definition.version, definition.digest)
            record_facts(uow, [(records.WORKFLOW, fact)], actor=actor, now=now)
        elif stored[0] != definition.digest:
            raise KgflowError(
                f"{definition.path} has changed since version {definition.version} of {definition.name} "
                f"was first used; raise its 'version' so running items keep the old one."
            )

    def compiled(self, name: str, version: int, uow: UnitOfWork) -> CompiledWorkflow:
        """The machine for (name, version), compiled once per process."""
        key = (name, version)
        machine = self._compiled.get(key)
        if machine is None:
            machine = CompiledWorkflow(self._definition(name, version, uow))
            self._compiled[key] = machine
        return machine

    def _definition(self, name: str, version: int, uow: UnitOfWork) -> WorkflowDefinition:
        stored = uow.workflows.source(name, version)
        try:
            current = self.current(name)
        except (NotFound, DefinitionError):
            current = None
        if current is not None and current.version == version and (stored is None or stored[0] == current.digest):
            return current
        if stored is None:
            raise NotFound(t("arbetsflödesversion"), f"{name} {version}")
        digest, text = stored
        recorded = uow.history.registered_digest(name, version)
        if records.text_digest(text) != digest or recorded != digest:
            raise HistoryBroken(
                f"The stored text of workflow {name} version {version} is not the one that was registered "
                "(its digest does not match the history); nothing was done. Run `kgflow audit verify`."
            )
        return load_text(text, f"{name} version {version} (stored)", vocabulary())
