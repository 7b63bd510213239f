"""Runs features/programomraden.feature on SQLite and PostgreSQL."""

from pytest_bdd import scenarios

scenarios("programomraden.feature")
