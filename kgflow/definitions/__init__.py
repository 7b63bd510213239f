"""Workflow files → strict YAML nodes → a frozen, validated IR."""
