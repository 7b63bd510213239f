"""Runs features/arbetsflode.feature on SQLite and PostgreSQL."""

from pytest_bdd import scenarios

scenarios("arbetsflode.feature")
