"""Who is acting in this unit of work: the database login's person, and what that login may do.

On PostgreSQL the login decides (see :mod:`kgflow.domain.identity` for the
rules); on SQLite there is no login and ``--as`` is taken as said.
"""

from __future__ import annotations

from kgflow.domain.errors import NotAuthorised
from kgflow.domain.identity import SYSTEM, acting_person, refuse_another_date
from kgflow.domain.wording import t
from kgflow.service.naming import person_named
from kgflow.service.ports import UnitOfWork


def acting_ref(uow: UnitOfWork, named: str | None, *, as_of_another_date: bool = False) -> str | None:
    """Whom to act as: on a database that knows the login, the login's person (or whom it may act for).

    On SQLite (no login) ``named`` is taken as said. ``named`` may be a code,
    an e-mail address or a full name.

    Raises:
        NotAuthorised: when ``--as`` names somebody else and the login may not act for others.
        UsageError: when ``--as`` gives a full name several people share.
    """
    login = uow.people.login()
    if login is None:
        return named
    named_person = person_named(uow, named) if named else None
    return acting_person(
        login, named, named_person.code if named_person else None, as_of_another_date=as_of_another_date
    )


def check_the_date(uow: UnitOfWork, as_of_another_date: bool) -> None:
    """Refuse work as of another date on a shared database, unless the login is an administrator.

    Raises:
        NotAuthorised: for such work by anyone else.
    """
    login = uow.people.login()
    if login is not None:
        refuse_another_date(login, as_of_another_date)


def administrator(uow: UnitOfWork, named: str | None) -> str:
    """Who records an administrative change (organisations, people, roles).

    On SQLite, the person named, or kgflow itself. On PostgreSQL only a
    login that is one of kgflow's administrators may make such changes.

    Raises:
        NotAuthorised: for a login that is not an administrator.
    """
    login = uow.people.login()
    if login is None:
        return named or SYSTEM
    if not login.admin:
        raise NotAuthorised(
            t(
                "Bara en administratör av kgflow får ändra organisationer, personer och roller; {login} är ingen.",
                login=login.name,
            )
        )
    return named or login.person or login.name
