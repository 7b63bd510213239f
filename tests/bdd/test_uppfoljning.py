"""Runs features/uppfoljning.feature on SQLite and PostgreSQL."""

from pytest_bdd import scenarios

scenarios("uppfoljning.feature")
