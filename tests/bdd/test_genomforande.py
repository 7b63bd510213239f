"""Runs features/genomforande.feature on SQLite and PostgreSQL."""

from pytest_bdd import scenarios

scenarios("genomforande.feature")
