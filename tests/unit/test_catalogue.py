"""The catalogues are in step with the code: every Swedish text has its English, every .mo is compiled.

Fails while a user-visible template written with ``t``/``tn``/``_``/``marked`` or a
click help text has no English translation (or click's words no Swedish one), a
translation is fuzzy or changes the ``{placeholders}``, or a compiled catalogue is
stale. ``python -m kgflow.locale.catalogue`` brings them up to date for a person to
translate.
"""

from __future__ import annotations

from kgflow.locale.catalogue import problems


def test_every_text_is_translated_and_compiled() -> None:
    found = list(problems())
    assert not found, "\n".join(["Kör python -m kgflow.locale.catalogue och översätt:", *found])
