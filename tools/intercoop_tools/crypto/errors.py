"""The exceptions the ballot crypto package raises."""

from __future__ import annotations


class CryptoError(ValueError):
    """Base class: something the cryptographic core refuses to do or to accept."""


class EncodingError(CryptoError):
    """Received data is malformed: bad JSON shape, hex, length, a point not in the group, a scalar
    that is not canonical, or the identity where it is forbidden. ``where`` names the field."""

    def __init__(self, message: str, *, where: str = "") -> None:
        self.message = message
        self.where = where
        super().__init__(f"{where}: {message}" if where else message)


class VerificationError(CryptoError):
    """A proof, share or signature does not verify.

    ``party`` is the 1-based index of the trustee (or dealer) to blame, when there is one, so that
    a failure can be attributed.
    """

    def __init__(self, message: str, *, party: int | None = None) -> None:
        self.message = message
        self.party = party
        super().__init__(f"trustee {party}: {message}" if party is not None else message)


class ProverError(CryptoError):
    """The prover was asked to prove a false statement (e.g. that 2 is 0 or 1) and refuses."""
