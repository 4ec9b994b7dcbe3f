"""Writes of the exchange app, one module per area: ``listings`` (offers, needs and their
matches) and ``catalogues`` (suppliers' products, imported and exported)."""
