"""End-to-end verifiable secret ballots (issue 5); the pure cryptographic core is in ``crypto``."""
