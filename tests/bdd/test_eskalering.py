"""Runs features/eskalering.feature on SQLite and PostgreSQL."""

from pytest_bdd import scenarios

scenarios("eskalering.feature")
