"""Runs features/struktur.feature on SQLite and PostgreSQL."""

from pytest_bdd import scenarios

scenarios("struktur.feature")
