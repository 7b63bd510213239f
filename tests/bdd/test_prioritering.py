"""Runs features/prioritering.feature on SQLite and PostgreSQL."""

from pytest_bdd import scenarios

scenarios("prioritering.feature")
