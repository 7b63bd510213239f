"""``python -m kgflow`` runs the command line."""

from kgflow.cli.main import main

main()
