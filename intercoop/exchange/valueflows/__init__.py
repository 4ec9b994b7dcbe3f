"""Valueflows economic events, resources and processes: track and trace, and their JSON-LD.
Pure Python: no Django."""
