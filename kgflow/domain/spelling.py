"""Nearest matches for a name somebody typed: "Menade du lpo-dalarna?".

Pure text work over candidates the service has already loaded in one query.
Names are compared case-insensitively and also with diacritics folded, so
``psvf-självskada`` finds ``psvf-sjalvskada`` and ``Borlange`` finds ``Borlänge``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence

from kgflow.domain.wording import Joined, Phrase, joined, t

CUTOFF = 0.6
"""How alike a candidate must be (``difflib``'s ratio) to be suggested."""
CLOSE = 0.1
"""How far below the best match a suggestion may score and still be shown."""
MOST = 3
"""How many suggestions at most."""


def folded(text: str) -> str:
    """``text`` case-folded and without diacritics: ``"Självskada Å"`` → ``"sjalvskada a"``."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def nearest(typed: str, candidates: Iterable[tuple[str, Sequence[str | None]]], most: int = MOST) -> list[str]:
    """The codes of the candidates most like ``typed``, best first.

    Args:
        typed: what was typed.
        candidates: each candidate's code with the other texts it is known by (name, number, e-mail).
        most: how many at most.
    """
    import difflib  # only a name that is not found pays for it

    forms: dict[str, str] = {}
    for code, texts in candidates:
        for text in (code, *texts):
            if text:
                forms.setdefault(text.casefold(), code)
                forms.setdefault(folded(text), code)
    scored: dict[str, float] = {}
    for wanted in {typed.strip().casefold(), folded(typed.strip())}:
        for form in difflib.get_close_matches(wanted, forms, n=most * 4, cutoff=CUTOFF):
            ratio = difflib.SequenceMatcher(None, wanted, form).ratio()
            code = forms[form]
            scored[code] = max(scored.get(code, 0.0), ratio)
    if not scored:
        return []
    # Only the near-best: beside a clear winner, a merely similar code is noise.
    best = max(scored.values())
    close = [code for code in scored if scored[code] >= best - CLOSE]
    return sorted(close, key=lambda code: (-scored[code], code))[:most]


def either(words: Sequence[object]) -> Phrase | Joined:
    """``["a", "b", "c"]`` → ``"a, b eller c"`` (words may be phrases; in the reader's language when shown)."""
    if len(words) <= 1:
        return joined(words)
    return t("{some} eller {last}", some=joined(words[:-1]), last=words[-1])


def did_you_mean(suggestions: Sequence[str]) -> Phrase | str:
    """``"Menade du a eller b?"``, or ``""`` when there is nothing to suggest."""
    return t("Menade du {names}?", names=either(suggestions)) if suggestions else ""
