"""kgflow's refusals as HTTP: each kind of error has its status, and its sentence is the page's or the JSON's."""

from __future__ import annotations

from kgflow.domain.errors import (
    Conflict,
    DatabaseRefused,
    DatabaseUnavailable,
    KgflowError,
    NotAuthorised,
    NotFound,
    TransitionRefused,
    UsageError,
)

_STATUSES: tuple[tuple[type[KgflowError], int], ...] = (
    (NotFound, 404),
    (UsageError, 422),
    (NotAuthorised, 403),
    (TransitionRefused, 409),
    (Conflict, 409),
    (DatabaseUnavailable, 503),
    (DatabaseRefused, 503),
)


def status_of(error: KgflowError) -> int:
    """The HTTP status of a refusal: 404 not found, 422 a bad value, 403 not allowed, 409 refused or a conflict."""
    from kgflow.domain.errors import RateLimited

    if isinstance(error, RateLimited):
        return 429
    for kind, status in _STATUSES:
        if isinstance(error, kind):
            return status
    return 400
