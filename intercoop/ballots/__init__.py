"""End-to-end verifiable secret ballots; the pure cryptographic core is in ``crypto``."""
