"""SQL implementations of the repository ports of :mod:`kgflow.service.ports`."""
