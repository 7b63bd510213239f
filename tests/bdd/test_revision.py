"""Runs features/revision.feature on SQLite and PostgreSQL."""

from pytest_bdd import scenarios

scenarios("revision.feature")
