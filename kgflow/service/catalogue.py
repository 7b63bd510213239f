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
from typing import TYPE_CHECKING

from kgflow.definitions.loader import load_text, read_text
from kgflow.definitions.model import WorkflowDefinition
from kgflow.domain import records
from kgflow.domain.errors import DefinitionError, DefinitionProblem, HistoryBroken, KgflowError, NotFound
from kgflow.domain.identity import SYSTEM
from kgflow.domain.wording import t
from kgflow.engine.machine import CompiledWorkflow
from kgflow.service.ports import DefinitionCache, UnitOfWork
from kgflow.service.records import record_facts

if TYPE_CHECKING:
    from kgflow.definitions.parse import Vocabulary


def vocabulary() -> Vocabulary:
    """The guard, condition and effect names implemented in code."""
    # The parser (and YAML), the rules and the effects load only when a text is validated.
    from kgflow.definitions.parse import Vocabulary
    from kgflow.domain.rules.rulebook import CONDITIONS, GUARDS, WARNINGS
    from kgflow.service.effects import EFFECTS

    return Vocabulary(
        guards=frozenset(GUARDS),
        effects=frozenset(EFFECTS),
        conditions=frozenset(CONDITIONS),
        warnings=frozenset(WARNINGS),
    )


def load_workflow_file(path: Path, cache: DefinitionCache | None = None) -> WorkflowDefinition:
    """Load and validate one file; its workflow name must match the file name.

    ``cache`` holds definitions validated before, found again by the file's exact text.

    Raises:
        DefinitionError: with every problem found.
    """
    definition = validated(read_text(path), str(path), cache)
    if definition.name != path.stem:
        message = t(
            "arbetsflödet heter {name!r} men filen heter {file!r}; döp om filen till {name}.yaml",
            name=definition.name,
            file=path.name,
        )
        raise DefinitionError([DefinitionProblem(str(path), 1, 1, message)])
    return definition


def validated(text: str, label: str, cache: DefinitionCache | None = None) -> WorkflowDefinition:
    """``text`` parsed and validated (shown as ``label``), or the same definition kept in ``cache``.

    Raises:
        DefinitionError: with every problem found (a text with problems is never cached).
    """
    if cache is not None:
        kept = cache.get(label, text)
        if kept is not None:
            return kept
    definition = load_text(text, label, vocabulary())
    if cache is not None:
        cache.put(label, text, definition)
    return definition


class WorkflowCatalogue:
    """Finds, validates, registers and compiles workflow definitions."""

    def __init__(self, directory: Path, cache: DefinitionCache | None = None) -> None:
        self.directory = directory
        self._cache = cache
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
                known = ", ".join(self.names())
                hint = (
                    t("Arbetsflöden i {directory}: {known}.", directory=self.directory, known=known)
                    if known
                    else t("Det finns inga arbetsflöden i {directory}.", directory=self.directory)
                )
                raise NotFound(t("arbetsflöde"), name, hint, neuter=True)
            self._current[name] = load_workflow_file(path, self._cache)
        return self._current[name]

    def for_item_kind(self, kind: str) -> WorkflowDefinition:
        """The one workflow whose ``item_kinds`` include ``kind``.

        Raises:
            KgflowError: when none or several do; then ``--workflow`` must say.
        """
        matching = [self.current(name) for name in self.names() if kind in self.current(name).item_kinds]
        if len(matching) != 1:
            if not matching:
                raise KgflowError(
                    t(
                        "Inget arbetsflöde är för kunskapsstöd av slaget {kind!r}; ange arbetsflödet med --workflow.",
                        kind=kind,
                    )
                )
            raise KgflowError(
                t(
                    "Flera arbetsflöden passar kunskapsstöd av slaget {kind!r} ({found}); ange vilket med --workflow.",
                    kind=kind,
                    found=", ".join(d.name for d in matching),
                )
            )
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
                t(
                    "{path} har ändrats sedan version {version} av {name} först användes; höj dess 'version' "
                    "så att pågående kunskapsstöd behåller den gamla.",
                    path=definition.path,
                    version=definition.version,
                    name=definition.name,
                )
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
            raise NotFound(
                t("version av arbetsflöde"),
                f"{name} {version}",
                sentence=t("Det finns ingen version {version} av arbetsflödet {name}.", name=name, version=version),
            )
        digest, text = stored
        recorded = uow.history.registered_digest(name, version)
        if records.text_digest(text) != digest or recorded != digest:
            raise HistoryBroken(
                t(
                    "Den lagrade texten för arbetsflödet {name} version {version} är inte den som registrerades "
                    "(kontrollsumman stämmer inte med historiken); ingenting gjordes. Kör `kgflow audit verify`.",
                    name=name,
                    version=version,
                )
            )
        return validated(text, f"{name} version {version} (stored)", self._cache)
