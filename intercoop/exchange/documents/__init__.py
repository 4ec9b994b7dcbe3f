"""The documents of a closed order cycle (a member's invoice, a supplier's delivery list, a
hub's packing list, the coordinator's summary), each described once as a ``Document`` of
tables and drawn three ways: as the page's tables (``text``), as CSV (``csvfile``) and as PDF
(``pdf``). Money stays in integer minor units until it is written: localized on pages and in
PDFs, with a dot and the currency's decimals in CSV."""

from .model import Cell, Document, Money, Table

__all__ = ["Cell", "Document", "Money", "Table"]
