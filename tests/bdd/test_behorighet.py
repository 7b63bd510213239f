"""Runs features/behorighet.feature on SQLite and PostgreSQL."""

from pytest_bdd import scenarios

scenarios("behorighet.feature")
