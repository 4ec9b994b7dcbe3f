"""Data Food Consortium (DFC) catalogues: read and write SuppliedProduct, CatalogItem, Offer
and Price as JSON-LD. Pure Python: no Django."""
