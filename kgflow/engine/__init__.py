"""One compiled state machine per workflow version, and diagrams of it."""
