"""Keep the catalogues in step with the code: ``python -m kgflow.locale.catalogue``.

Runs Babel's own three steps, as ``pybabel`` would:

1. **extract** kgflow's Swedish templates (``babel.cfg``) into ``kgflow.pot``, and
   click's English words into ``click.pot``;
2. **update** ``en/LC_MESSAGES/kgflow.po`` from ``kgflow.pot`` and
   ``sv/LC_MESSAGES/kgflow.po`` from ``click.pot`` — new texts arrive untranslated,
   changed ones fuzzy, for a person to translate;
3. **compile** both into the ``kgflow.mo`` files a running kgflow reads.

``--check`` changes nothing and fails, listing them, while a text has no
translation, a translation is fuzzy or its ``{placeholders}`` differ, or a ``.mo``
is older than its ``.po`` — the same checks ``tests/unit/test_catalogue.py`` makes.
Needs Babel (in the ``test`` extras); a running kgflow does not.
"""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from kgflow.locale import DIRECTORY, DOMAIN

ROOT = DIRECTORY.parent.parent
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "t": None,
    "tn": (1, 2),
    "marked": None,
}
"""The calls whose first argument (and for plurals second) is a template: see :mod:`kgflow.domain.wording`."""

STAMP = datetime(2026, 12, 1, tzinfo=UTC)
"""The date every catalogue header carries, so re-running the tool changes a file only when a text changed."""

SOURCES = {"en": "kgflow", "sv": "click"}
"""Which template each language translates: English translates kgflow's Swedish, Swedish translates click's English."""

_PLACEHOLDER = re.compile(r"\{(\w*)[^{}]*\}")


def kgflow_template() -> Catalog:
    """Every template in kgflow's code and site templates, as Babel extracts them."""
    with (ROOT / "babel.cfg").open() as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)  # type: ignore[no-untyped-call]
    return _catalog(extract_from_dir(str(ROOT), method_map, options_map, keywords=KEYWORDS, strip_comment_tags=True))


def click_template() -> Catalog:
    """Click's own words ("Usage:", "Show this message and exit.")."""
    import click

    directory = Path(click.__file__).parent
    method_map = [("*.py", "python")]
    catalog = _catalog(extract_from_dir(str(directory), method_map, keywords=KEYWORDS), relative_to=None)
    catalog.add(
        "required"
    )  # "[required]" in --help: click translates it as _(extra["required"]), out of the extractor's sight
    return catalog


def _catalog(found: Iterable[tuple[str, int, object, list[str], object]], relative_to: Path | None = ROOT) -> Catalog:
    catalog = Catalog(domain=DOMAIN, project="kgflow", charset="utf-8", fuzzy=False, creation_date=STAMP)
    for filename, _line, message, comments, context in found:
        where = [(filename, 0)] if relative_to is not None else []
        catalog.add(message, None, where, auto_comments=comments, context=context)  # type: ignore[arg-type]
    return catalog


def po_path(language: str) -> Path:
    """The editable catalogue of ``language``."""
    return DIRECTORY / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def read(language: str) -> Catalog:
    """The ``.po`` of ``language`` as it is on disk."""
    with po_path(language).open("rb") as po:
        return read_po(po, locale=language, domain=DOMAIN)


def compiled(catalog: Catalog) -> bytes:
    """``catalog`` as ``pybabel compile`` writes it."""
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def problems() -> Iterator[str]:
    """Every way the catalogues are out of step with the code (see the module docstring)."""
    templates = {"kgflow": kgflow_template(), "click": click_template()}
    for language, source in SOURCES.items():
        path = po_path(language)
        if not path.exists():
            yield f"{path.relative_to(ROOT)} saknas"
            continue
        catalog = read(language)
        for message in templates[source]:
            if not message.id:
                continue
            found = catalog.get(message.id, message.context)
            where = ", ".join(sorted({filename for filename, _line in message.locations}))
            where = f" ({where})" if where else ""
            if found is None or not _translated(found):
                yield f"{language}: ingen översättning av {_shown(message.id)}{where}"
            elif found.fuzzy:
                yield f"{language}: osäker (fuzzy) översättning av {_shown(message.id)}{where}"
            elif _placeholders(found.id) != _placeholders(found.string):
                yield f"{language}: platshållarna skiljer sig i {_shown(message.id)}{where}"
        mo = path.with_suffix(".mo")
        if not mo.exists() or mo.read_bytes() != compiled(catalog):
            yield f"{mo.relative_to(ROOT)} är inte kompilerad från {path.name}"


def _translated(message: Message) -> bool:
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return all(strings)


Texts = str | tuple[str, ...] | list[str] | None


def _placeholders(text: Texts) -> set[str]:
    texts = tuple(text) if isinstance(text, tuple | list) else (text or "",)
    return {name for one in texts for name in _PLACEHOLDER.findall(one.replace("{{", "").replace("}}", ""))}


def _shown(message_id: Texts) -> str:
    first = message_id[0] if isinstance(message_id, tuple | list) else message_id or ""
    return repr(first if len(first) <= 70 else first[:67] + "...")


def update() -> None:
    """Extract, update and compile: what a developer runs after changing a text."""
    templates = {"kgflow": kgflow_template(), "click": click_template()}
    for name, template in templates.items():
        with (DIRECTORY / f"{name}.pot").open("wb") as pot:
            write_po(pot, template, sort_output=True, include_lineno=False, width=100)
    for language, source in SOURCES.items():
        path = po_path(language)
        if path.exists():
            catalog = read(language)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            catalog = Catalog(
                locale=language, domain=DOMAIN, project="kgflow", fuzzy=False, creation_date=STAMP, revision_date=STAMP
            )
        catalog.update(templates[source], no_fuzzy_matching=False, update_creation_date=False)
        with path.open("wb") as po:
            write_po(po, catalog, sort_output=True, include_lineno=False, ignore_obsolete=True, width=100)
        path.with_suffix(".mo").write_bytes(compiled(read(language)))


def main(argv: list[str]) -> int:
    """``update`` (the default) or ``--check``."""
    if "--check" in argv:
        found = list(problems())
        for problem in found:
            print(problem)
        return 1 if found else 0
    update()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
