"""Runs features/uppfoljningsrunda.feature on SQLite and PostgreSQL."""

from pytest_bdd import scenarios

scenarios("uppfoljningsrunda.feature")
