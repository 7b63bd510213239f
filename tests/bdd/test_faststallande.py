"""Runs features/faststallande.feature on SQLite and PostgreSQL."""

from pytest_bdd import scenarios

scenarios("faststallande.feature")
