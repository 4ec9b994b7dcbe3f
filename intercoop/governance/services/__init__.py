"""See the module of each area."""
