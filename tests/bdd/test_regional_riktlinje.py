"""Runs features/regional_riktlinje.feature on SQLite and PostgreSQL."""

from pytest_bdd import scenarios

scenarios("regional_riktlinje.feature")
