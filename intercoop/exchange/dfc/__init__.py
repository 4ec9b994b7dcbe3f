"""Data Food Consortium (DFC) catalogues: read and write SuppliedProduct, CatalogItem, Offer
and Price as JSON-LD. Pure Python: no Django.

- ``catalogue``: the ``Product`` value, units, currencies and exact money conversions.
- ``jsonld``: DFC JSON-LD in and out, with the vendored context (``loader``, ``contexts/``).
- ``csvformat``: the catalogue's CSV, all or nothing with line numbers, keyed by sku.
- ``murmurations``: offers and needs as Murmurations ``offers_wants_schema-v0.1.0`` profiles.
- ``errors``: ``CatalogueError`` and its problems, as msgids the web layer translates."""
