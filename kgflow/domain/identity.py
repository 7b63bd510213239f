"""Who is acting, on a database that knows who logged in (R13 on a shared deployment).

On PostgreSQL every person logs in with their own database role, and the
person row names it; the login, not a command-line flag, says who acts. A
name given with ``--as`` may only repeat it — unless the login is one of
kgflow's administrators (imports, sample loading) or services (the scheduler,
the web server), which act on behalf of someone and are recorded as doing so.
On a SQLite file there is no login: it is one person's file, and ``--as`` is
taken as said.
"""

from __future__ import annotations

from dataclasses import dataclass

from kgflow.domain.errors import NotAuthorised
from kgflow.domain.wording import t

SYSTEM = "kgflow"  # the actor of what kgflow does by itself (rounds opened, records at upgrade)


@dataclass(frozen=True)
class Login:
    """The database login of this session and what kgflow knows of it."""

    name: str
    person: str | None
    admin: bool = False
    service: bool = False

    @property
    def may_act_for_others(self) -> bool:
        """Administrators and services act on behalf of the people they name."""
        return self.admin or self.service


def refuse_another_date(login: Login, as_of_another_date: bool) -> None:
    """On a shared database only an administrator may act as of a date other than today.

    Raises:
        NotAuthorised: for anyone else asking to.
    """
    if as_of_another_date and not login.admin:
        raise NotAuthorised(
            t("I en delad databas får bara en administratör av kgflow agera per ett annat datum; utelämna --today.")
        )


def acting_person(login: Login, named: str | None, named_code: str | None, *, as_of_another_date: bool) -> str:
    """The code (or, for an unknown name, the reference) of the person to act as.

    ``named`` is what ``--as`` said, ``named_code`` the code of the person it
    names (None when it names nobody known).

    Raises:
        NotAuthorised: for ``--as`` naming somebody else without the right to,
            a login linked to nobody, or a date other than today without being
            an administrator.
    """
    refuse_another_date(login, as_of_another_date)
    if named is None:
        if login.person is None:
            raise NotAuthorised(
                t(
                    "Databasinloggningen {login} hör inte till någon person i kgflow; be en administratör koppla "
                    "den till en person (fältet 'login' för personen i `kgflow org import`).",
                    login=login.name,
                )
            )
        return login.person
    if named_code is not None and named_code == login.person:
        return named_code
    if login.may_act_for_others:
        return named_code or named
    who = login.person if login.person else t("ingen person i kgflow")
    raise NotAuthorised(
        t(
            "Du är inloggad som {login} ({who}) och får bara agera som dig själv, inte som {named}; utelämna --as.",
            login=login.name,
            who=who,
            named=named,
        )
    )
