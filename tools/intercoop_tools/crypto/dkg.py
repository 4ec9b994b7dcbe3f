"""Threshold key ceremony (Pedersen DKG with Feldman-verifiable sharing) and threshold decryption.

n trustees, numbered 1..n, threshold t (1 <= t <= n):

1. Each trustee i draws a random polynomial f_i of degree t-1 and publishes a
   :class:`DealerCommitment`: C_ik = a_ik·G for k = 0..t-1, with a Schnorr proof of knowledge of
   a_i0 (so that no trustee can choose its C_i0 as a function of the others').
2. Each trustee i sends every trustee j the :class:`Share` s_ij = f_i(j), privately (the
   transport must be confidential and authenticated; this module does not do it).
3. Trustee j checks each share it receives: s_ij·G = sum_k j^k·C_ik. A failing share identifies
   its dealer (:class:`VerificationError` with ``party`` = dealer). Trustee j's key share is
   x_j = sum_i s_ij.
4. Anyone computes the joint public key PK = sum_i C_i0 and every verification key
   VK_j = sum_i sum_k j^k·C_ik (= x_j·G).

To decrypt a ciphertext (alpha, beta), trustee j publishes D_j = x_j·alpha with a DLEQ proof
that log_G(VK_j) = log_alpha(D_j). Any t valid shares give x·alpha = sum_j lambda_j·D_j, with
Lagrange coefficients at 0, lambda_j = prod_{m != j} m / (m - j); then m·G = beta - x·alpha.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from intercoop_tools.crypto.elgamal import Ciphertext
from intercoop_tools.crypto.errors import CryptoError, EncodingError, VerificationError
from intercoop_tools.crypto.group import (
    IDENTITY,
    ONE,
    ZERO,
    Point,
    Scalar,
    base_mul,
    mul,
)
from intercoop_tools.crypto.jsonshape import expect_int, expect_list, expect_object
from intercoop_tools.crypto.proofs import (
    LABEL_DECRYPTION_SHARE,
    DleqProof,
    SchnorrProof,
    prove_dleq,
    prove_key_possession,
    verify_dleq,
    verify_key_possession,
)
from intercoop_tools.crypto.transcript import Context, u32

#: Upper bound on the number of trustees (indices are encoded on 32 bits; this is far lower).
MAX_TRUSTEES = 255


@dataclass(frozen=True, slots=True)
class DkgParameters:
    trustees: int
    threshold: int

    def __post_init__(self) -> None:
        if not 1 <= self.trustees <= MAX_TRUSTEES:
            raise CryptoError(f"1 to {MAX_TRUSTEES} trustees")
        if not 1 <= self.threshold <= self.trustees:
            raise CryptoError("the threshold is between 1 and the number of trustees")

    def check_index(self, index: int, *, where: str = "trustee") -> int:
        if isinstance(index, bool) or not 1 <= index <= self.trustees:
            raise EncodingError(f"trustee index must be in [1, {self.trustees}]", where=where)
        return index


def _binding(index: int) -> bytes:
    return u32(index)


def _evaluate_commitments(coefficients: Sequence[Point], x: int) -> Point:
    """sum_k x^k·C_k, by Horner's rule."""
    sx = Scalar.from_int(x)
    total = IDENTITY
    for c in reversed(coefficients):
        total = mul(sx, total) + c
    return total


# --- messages -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DealerCommitment:
    """Round 1, public: dealer i's coefficient commitments C_i0..C_i,t-1 and its Schnorr proof
    of knowledge of a_i0 (bound to the dealer's index)."""

    dealer: int
    coefficients: tuple[Point, ...]
    proof: SchnorrProof

    def to_json(self) -> dict[str, Any]:
        return {
            "dealer": self.dealer,
            "coefficients": [c.hex() for c in self.coefficients],
            "proof": self.proof.to_json(),
        }

    @classmethod
    def from_json(
        cls, value: object, *, params: DkgParameters, where: str = "commitment"
    ) -> DealerCommitment:
        obj = expect_object(value, ("dealer", "coefficients", "proof"), where=where)
        dealer = params.check_index(expect_int(obj["dealer"], where=f"{where}.dealer"))
        items = expect_list(
            obj["coefficients"], where=f"{where}.coefficients", length=params.threshold
        )
        return cls(
            dealer,
            tuple(
                Point.from_hex(c, where=f"{where}.coefficients[{k}]") for k, c in enumerate(items)
            ),
            SchnorrProof.from_json(obj["proof"], where=f"{where}.proof"),
        )


@dataclass(frozen=True, slots=True)
class Share:
    """Round 2, private (dealer to recipient): s = f_dealer(recipient)."""

    dealer: int
    recipient: int
    value: Scalar

    def to_json(self) -> dict[str, Any]:
        return {"dealer": self.dealer, "recipient": self.recipient, "value": self.value.hex()}

    @classmethod
    def from_json(cls, value: object, *, params: DkgParameters, where: str = "share") -> Share:
        obj = expect_object(value, ("dealer", "recipient", "value"), where=where)
        return cls(
            params.check_index(expect_int(obj["dealer"], where=f"{where}.dealer")),
            params.check_index(expect_int(obj["recipient"], where=f"{where}.recipient")),
            Scalar.from_hex(obj["value"], where=f"{where}.value"),
        )


@dataclass(frozen=True, slots=True)
class DecryptionShare:
    """Trustee j's share of the decryption of one ciphertext: D_j = x_j·alpha, with a DLEQ proof
    against VK_j. D_j is the identity exactly when alpha is (a tally of nothing)."""

    trustee: int
    point: Point
    proof: DleqProof

    def to_json(self) -> dict[str, Any]:
        return {"trustee": self.trustee, "point": self.point.hex(), "proof": self.proof.to_json()}

    @classmethod
    def from_json(
        cls, value: object, *, params: DkgParameters, where: str = "decryption_share"
    ) -> DecryptionShare:
        obj = expect_object(value, ("trustee", "point", "proof"), where=where)
        return cls(
            params.check_index(expect_int(obj["trustee"], where=f"{where}.trustee")),
            Point.from_hex(obj["point"], allow_identity=True, where=f"{where}.point"),
            DleqProof.from_json(obj["proof"], where=f"{where}.proof"),
        )


# --- trustee state (secret) ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Dealer:
    """Trustee ``index``'s secret polynomial for the ceremony. Keep it secret; discard it once
    the shares are sent."""

    params: DkgParameters
    index: int
    coefficients: tuple[Scalar, ...]

    @classmethod
    def start(cls, *, params: DkgParameters, index: int) -> Dealer:
        params.check_index(index)
        return cls(params, index, tuple(Scalar.random() for _ in range(params.threshold)))

    def evaluate(self, x: int) -> Scalar:
        sx = Scalar.from_int(x)
        total = ZERO
        for a in reversed(self.coefficients):
            total = total * sx + a
        return total

    def commitment(self, context: Context) -> DealerCommitment:
        proof = prove_key_possession(self.coefficients[0], context.bound_to(_binding(self.index)))
        return DealerCommitment(self.index, tuple(base_mul(a) for a in self.coefficients), proof)

    def share_for(self, recipient: int) -> Share:
        self.params.check_index(recipient, where="recipient")
        return Share(self.index, recipient, self.evaluate(recipient))


@dataclass(frozen=True, slots=True)
class TrusteeKey:
    """Trustee ``index``'s key share x_j after the ceremony (secret), and its public VK_j."""

    index: int
    secret: Scalar
    verification_key: Point


# --- checks and combination ---------------------------------------------------------------------


def verify_dealer_commitment(
    *, params: DkgParameters, commitment: DealerCommitment, context: Context
) -> None:
    """Shape, no identity, and the proof of knowledge of a_i0; failures blame the dealer."""
    dealer = params.check_index(commitment.dealer, where="dealer")
    if len(commitment.coefficients) != params.threshold:
        raise VerificationError("wrong number of coefficient commitments", party=dealer)
    if any(c.is_identity() for c in commitment.coefficients):
        raise VerificationError("a coefficient commitment is the identity", party=dealer)
    try:
        verify_key_possession(
            commitment.coefficients[0], commitment.proof, context.bound_to(_binding(dealer))
        )
    except VerificationError as exc:
        raise VerificationError(exc.message, party=dealer) from exc


def verify_share(*, params: DkgParameters, commitment: DealerCommitment, share: Share) -> None:
    """Feldman check s·G = sum_k recipient^k·C_k; a failure blames the dealer."""
    params.check_index(share.recipient, where="recipient")
    if share.dealer != commitment.dealer:
        raise CryptoError("this share and this commitment come from different dealers")
    expected = _evaluate_commitments(commitment.coefficients, share.recipient)
    if base_mul(share.value) != expected:
        raise VerificationError(
            f"the share for trustee {share.recipient} does not match the dealer's commitments",
            party=share.dealer,
        )


def _by_dealer(
    params: DkgParameters, commitments: Sequence[DealerCommitment]
) -> dict[int, DealerCommitment]:
    found = {c.dealer: c for c in commitments}
    if len(found) != len(commitments) or sorted(found) != list(range(1, params.trustees + 1)):
        raise CryptoError("exactly one commitment from each trustee is required")
    return found


def trustee_key(
    *,
    params: DkgParameters,
    index: int,
    commitments: Sequence[DealerCommitment],
    shares: Sequence[Share],
) -> TrusteeKey:
    """Trustee ``index`` checks every share addressed to it and sums them into its key share.

    Raises :class:`VerificationError` naming the first dealer whose share is invalid.
    """
    params.check_index(index)
    by_dealer = _by_dealer(params, commitments)
    received = {s.dealer: s for s in shares}
    if len(received) != len(shares) or sorted(received) != sorted(by_dealer):
        raise CryptoError("exactly one share from each trustee is required")
    total = ZERO
    for dealer in sorted(received):
        share = received[dealer]
        if share.recipient != index:
            raise CryptoError(f"the share from trustee {dealer} is addressed to someone else")
        verify_share(params=params, commitment=by_dealer[dealer], share=share)
        total = total + share.value
    verification_key = verification_key_of(params=params, commitments=commitments, trustee=index)
    if total.is_zero() or base_mul(total) != verification_key:
        raise CryptoError("the key share is inconsistent with the public verification key")
    return TrusteeKey(index, total, verification_key)


def joint_public_key(*, params: DkgParameters, commitments: Sequence[DealerCommitment]) -> Point:
    """PK = sum_i C_i0."""
    total = IDENTITY
    for c in _by_dealer(params, commitments).values():
        total = total + c.coefficients[0]
    if total.is_identity():
        raise CryptoError("the joint public key is the identity")
    return total


def verification_key_of(
    *, params: DkgParameters, commitments: Sequence[DealerCommitment], trustee: int
) -> Point:
    """VK_j = sum_i sum_k j^k·C_ik, computable by anyone from the public commitments."""
    params.check_index(trustee)
    total = IDENTITY
    for c in _by_dealer(params, commitments).values():
        total = total + _evaluate_commitments(c.coefficients, trustee)
    return total


def verification_keys(
    *, params: DkgParameters, commitments: Sequence[DealerCommitment]
) -> dict[int, Point]:
    return {
        j: verification_key_of(params=params, commitments=commitments, trustee=j)
        for j in range(1, params.trustees + 1)
    }


# --- threshold decryption -----------------------------------------------------------------------


def decryption_share_create(
    *, key: TrusteeKey, ciphertext: Ciphertext, context: Context
) -> DecryptionShare:
    proof = prove_dleq(
        key.secret,
        ciphertext.alpha,
        label=LABEL_DECRYPTION_SHARE,
        context=context.bound_to(_binding(key.index)),
    )
    return DecryptionShare(key.index, mul(key.secret, ciphertext.alpha), proof)


def verify_decryption_share(
    *, verification_key: Point, ciphertext: Ciphertext, share: DecryptionShare, context: Context
) -> None:
    try:
        verify_dleq(
            verification_key,
            ciphertext.alpha,
            share.point,
            share.proof,
            label=LABEL_DECRYPTION_SHARE,
            context=context.bound_to(_binding(share.trustee)),
        )
    except VerificationError as exc:
        raise VerificationError(f"decryption share: {exc.message}", party=share.trustee) from exc


def lagrange_at_zero(indices: Sequence[int], j: int) -> Scalar:
    """lambda_j = prod_{m in indices, m != j} m / (m - j) modulo L."""
    numerator, denominator = ONE, ONE
    sj = Scalar.from_int(j)
    for m in indices:
        if m != j:
            sm = Scalar.from_int(m)
            numerator = numerator * sm
            denominator = denominator * (sm - sj)
    return numerator * denominator.inverse()


@dataclass(frozen=True, slots=True)
class ThresholdDecryption:
    """m·G, the trustees whose shares were used, and those whose shares were rejected."""

    point: Point
    used: tuple[int, ...]
    rejected: tuple[int, ...]


def combine_decryption_shares(
    *,
    params: DkgParameters,
    ciphertext: Ciphertext,
    shares: Sequence[DecryptionShare],
    verification_keys: Mapping[int, Point],
    context: Context,
) -> ThresholdDecryption:
    """Verify every share, drop (and report) the invalid ones, and combine t valid ones.

    Raises :class:`CryptoError` when fewer than t shares are valid.
    """
    valid: dict[int, DecryptionShare] = {}
    rejected: list[int] = []
    for share in shares:
        params.check_index(share.trustee)
        if share.trustee in valid or share.trustee in rejected:
            raise CryptoError(f"two decryption shares from trustee {share.trustee}")
        try:
            verify_decryption_share(
                verification_key=verification_keys[share.trustee],
                ciphertext=ciphertext,
                share=share,
                context=context,
            )
        except VerificationError:
            rejected.append(share.trustee)
            continue
        valid[share.trustee] = share
    if len(valid) < params.threshold:
        raise CryptoError(
            f"{len(valid)} valid decryption share(s), {params.threshold} needed"
            + (f"; rejected: trustee(s) {', '.join(map(str, rejected))}" if rejected else "")
        )
    used = sorted(valid)[: params.threshold]
    x_alpha = IDENTITY
    for j in used:
        x_alpha = x_alpha + mul(lagrange_at_zero(used, j), valid[j].point)
    return ThresholdDecryption(ciphertext.beta - x_alpha, tuple(used), tuple(sorted(rejected)))
