"""What a typed name refers to when it is not a code: people by full name, and refusals that suggest.

A lookup that misses reads the candidates in one query and says which of them
come nearest ("Menade du lpo-dalarna?", see :mod:`kgflow.domain.spelling`).
People are found by code, e-mail address or an unambiguous full name.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from kgflow.domain.errors import NotFound, UsageError
from kgflow.domain.model import Person
from kgflow.domain.spelling import did_you_mean, either, folded, nearest
from kgflow.domain.wording import Phrase, t
from kgflow.service.ports import UnitOfWork


def not_found(
    what: Phrase,
    typed: str,
    candidates: Iterable[tuple[str, Sequence[str | None]]],
    hint: Phrase | str,
    *,
    neuter: bool = False,
    sentence: Phrase | None = None,
) -> NotFound:
    """A :class:`NotFound` for ``typed``, suggesting the nearest candidates (or, failing any, ``hint``).

    ``neuter`` says ``what`` is an *ett*-word ("Det finns inget kunskapsstöd …"); ``sentence``, when
    given, is the first sentence instead of the one built from ``what``.
    """
    suggestions = nearest(typed, candidates)
    return NotFound(what, typed.strip(), did_you_mean(suggestions) or hint, neuter=neuter, sentence=sentence)


def item_not_found(uow: UnitOfWork, typed: str) -> NotFound:
    """No item has the code ``typed``: suggest codes and titles alike."""
    candidates = [(code, (title,)) for code, title in uow.items.names()]
    # Its own sentence: "kunskapsstöd" alone is also the report's heading ("items"), a different English word.
    sentence = t("Det finns inget kunskapsstöd som heter {name!r}.", name=typed.strip())
    return not_found(t("kunskapsstöd"), typed, candidates, t("Se `kgflow item list`."), neuter=True, sentence=sentence)


def org_not_found(uow: UnitOfWork, typed: str) -> NotFound:
    """No organisation is called ``typed``: suggest by code, name and municipality code."""
    candidates = [(code, (name, number)) for code, name, number in uow.orgs.names()]
    return not_found(t("organisation"), typed, candidates, t("Se `kgflow org list`."))


def person_named(uow: UnitOfWork, ref: str) -> Person | None:
    """The person ``ref`` names by code, e-mail address or full name; None if nobody.

    Raises:
        UsageError: for a full name that several people share, naming their codes.
    """
    found = uow.people.find(ref)
    if found is not None:
        return found
    wanted = folded(" ".join(ref.split()))
    if not wanted:
        return None
    same = [p for p in uow.people.everyone() if folded(" ".join(p.name.split())) == wanted]
    if len(same) > 1:
        codes = either([p.code for p in same])
        raise UsageError(t("Flera personer heter {name!r}: ange koden, {codes}.", name=ref.strip(), codes=codes))
    return same[0] if same else None


def find_person(uow: UnitOfWork, ref: str) -> Person:
    """The person ``ref`` names by code, e-mail address or full name.

    Raises:
        UsageError: for a full name several people share.
        NotFound: for nobody, suggesting the nearest people.
    """
    found = person_named(uow, ref)
    if found is None:
        raise person_not_found(uow, ref)
    return found


def person_not_found(uow: UnitOfWork, typed: str) -> NotFound:
    """Nobody is called ``typed``: suggest by code, name and e-mail address."""
    candidates = [(p.code, (p.name, p.email)) for p in uow.people.everyone()]
    return not_found(
        t("person"), typed, candidates, t("Personer läggs till med `kgflow org import` eller följer med exemplet.")
    )
