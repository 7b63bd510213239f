"""Runs features/remissvar.feature on SQLite and PostgreSQL."""

from pytest_bdd import scenarios

scenarios("remissvar.feature")
