"""Runs features/remiss.feature on SQLite and PostgreSQL."""

from pytest_bdd import scenarios

scenarios("remiss.feature")
