"""What every part of the walk over a workflow file shares: the names in scope.

:mod:`kgflow.definitions.parse` walks the top level, :mod:`~kgflow.definitions.parse_states`
the states and their ladders, :mod:`~kgflow.definitions.parse_events` the events.
Each asks one :class:`Scope` for the reader, the names implemented in code
(:class:`Vocabulary`) and the roles and states declared so far, and checks
names and organisation kinds through it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kgflow.definitions.model import Label
from kgflow.definitions.reader import NodeReader, What
from kgflow.definitions.yaml_source import Node
from kgflow.domain.model import OrgKind
from kgflow.domain.wording import t

NAME = re.compile(r"^[a-z][a-z0-9_-]*$")
KINDS = {kind.value for kind in OrgKind}


@dataclass(frozen=True)
class Vocabulary:
    """The names a definition may use that are implemented in code."""

    guards: frozenset[str]
    effects: frozenset[str]
    conditions: frozenset[str]
    warnings: frozenset[str] = frozenset()


@dataclass
class Scope:
    """The reader of one file, the vocabulary, and the roles and states declared in it so far."""

    r: NodeReader
    vocabulary: Vocabulary
    roles: dict[str, Label] = field(default_factory=dict)
    state_names: set[str] = field(default_factory=set)
    has_responsible: bool = False

    def kind(self, node: Node, what: What) -> str | None:
        """The organisation kind written at ``node``, or None (reported) when it is not one."""
        text = self.r.string(node, what)
        if text is not None and text not in KINDS:
            self.r.problem(
                node,
                t(
                    "{what} {text!r} är ingen organisationstyp; använd en av: {kinds}",
                    what=what,
                    text=text,
                    kinds=", ".join(sorted(KINDS)),
                ),
            )
            return None
        return text

    def label_of(self, node: Node, what: What) -> Label | None:
        """A label: a mapping with ``sv`` and ``en``."""
        entries = self.r.mapping(node, what, allowed={"sv", "en"}, required=("sv", "en"))
        if entries is None or "sv" not in entries or "en" not in entries:
            return None
        sv = self.r.string(entries["sv"][1], t("det svenska namnet på {what}", what=what))
        en = self.r.string(entries["en"][1], t("det engelska namnet på {what}", what=what))
        return Label(sv, en) if sv and en else None

    def state_ref(self, node: Node, what: What) -> str | None:
        """The name of a declared state written at ``node``, or None (reported)."""
        text = self.r.string(node, what)
        if text is not None and text not in self.state_names:
            self.r.problem(node, t("{what} {text!r} är inget läge i det här arbetsflödet", what=what, text=text))
            return None
        return text
