"""Runs features/rattelse.feature on SQLite and PostgreSQL."""

from pytest_bdd import scenarios

scenarios("rattelse.feature")
