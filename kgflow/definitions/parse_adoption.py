"""The ``adoption`` section of a workflow file: which body adopts which kind of item (R5b).

```yaml
adoption:
  psvf: sks          # an organisation's code: SKS adopts PSVF
  vardprogram: sks
  vip: owner         # the item's owner: a VIP is adopted by its NPO
```

Every kind the workflow lists under ``item_kinds`` must be named, and nothing
else; a body is ``owner`` or an organisation's code (whether that organisation
exists is asked when an item is adopted, since the file is read without a
database).
"""

from __future__ import annotations

__all__ = ["OWNER", "parse_adoption"]

from collections.abc import Collection

from kgflow.definitions.model import OWNER
from kgflow.definitions.parse_scope import NAME, Scope
from kgflow.definitions.yaml_source import Node
from kgflow.domain.wording import t


def parse_adoption(scope: Scope, node: Node, item_kinds: Collection[str]) -> dict[str, str]:
    """Kind of item → the code of the adopting body (or ``owner``); problems go to the reader with their line."""
    r = scope.r
    entries = r.mapping(node, "adoption")
    if entries is None:
        return {}
    bodies: dict[str, str] = {}
    for kind, (key_node, value_node) in entries.items():
        if kind not in item_kinds:
            r.problem(
                key_node,
                t(
                    "{kind!r} under adoption är ingen av arbetsflödets sorter av kunskapsstöd (item_kinds: {kinds})",
                    kind=kind,
                    kinds=", ".join(sorted(item_kinds)) or t("inga"),
                ),
            )
            continue
        body = r.string(value_node, t("den som fastställer {kind}", kind=kind))
        if body is None:
            continue
        if body != OWNER and not NAME.match(body):
            r.problem(
                value_node,
                t(
                    "den som fastställer {kind} ska vara 'owner' eller en organisations kod, inte {body!r}",
                    kind=kind,
                    body=body,
                ),
            )
            continue
        bodies[kind] = body
    for kind in sorted(set(item_kinds) - set(entries)):
        r.problem(node, t("adoption säger inte vem som fastställer {kind}", kind=kind))
    return bodies
