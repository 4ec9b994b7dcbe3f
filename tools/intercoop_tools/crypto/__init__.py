"""The cryptographic core of end-to-end verifiable secret ballots: pure Python over libsodium.

* :mod:`.group`: scalars and points of the Ed25519 prime-order group, strict decoding.
* :mod:`.transcript`: Fiat-Shamir transcripts and challenges.
* :mod:`.elgamal`: exponential ElGamal, homomorphic sums, bounded discrete logarithms.
* :mod:`.proofs`: Schnorr, Chaum-Pedersen (DLEQ) and disjunctive proofs.
* :mod:`.dkg`: the threshold key ceremony and threshold decryption.
* :mod:`.ballot`: encrypted, proven and signed ballots; the homomorphic tally.

The specification a third party can implement a verifier from is ``docs/ballots-crypto.md``.
"""

from intercoop_tools.crypto.errors import (
    CryptoError,
    EncodingError,
    ProverError,
    VerificationError,
)

__all__ = ["CryptoError", "EncodingError", "ProverError", "VerificationError"]
