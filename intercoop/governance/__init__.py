"""Governance: member register, proposals, votes, AGMs and results.

The counting of votes lives in :mod:`intercoop_tools.tally`, a pure-Python package with no
Django imports, so that it can be audited and run on its own.
"""
