"""What people look at: the living documentation site, the implementation reports, their formats."""
