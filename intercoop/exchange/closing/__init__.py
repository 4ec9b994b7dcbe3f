"""Closing an order cycle: allocation to cases, tolerance, price tiers, fees and invoices, in
integer minor units. Pure Python: no Django."""
