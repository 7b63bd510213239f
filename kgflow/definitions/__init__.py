"""Workflow files → strict YAML nodes → a frozen, validated IR."""

MAX_BYTES = 256 * 1024
"""The largest workflow file kgflow reads."""
