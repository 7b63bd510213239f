"""Runs features/implementeringsplan.feature on SQLite and PostgreSQL."""

from pytest_bdd import scenarios

scenarios("implementeringsplan.feature")
