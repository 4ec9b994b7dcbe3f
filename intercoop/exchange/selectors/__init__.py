"""Reads of the exchange app, one module per area: ``listings`` and ``catalogues``."""
