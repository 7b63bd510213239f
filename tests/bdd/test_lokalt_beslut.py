"""Runs features/lokalt_beslut.feature on SQLite and PostgreSQL."""

from pytest_bdd import scenarios

scenarios("lokalt_beslut.feature")
