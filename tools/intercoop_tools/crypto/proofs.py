"""Non-interactive zero-knowledge proofs (Fiat-Shamir, challenges from :mod:`.transcript`).

* :class:`SchnorrProof`: knowledge of x with X = x·G (trustee key possession).
* :class:`DleqProof`: Chaum-Pedersen, the same x with X = x·G and Y = x·H (decryption shares).
* :class:`DisjunctiveProof`: a ciphertext encrypts one of a list of allowed values
  (Cramer-Damgård-Schoenmakers OR-composition of Chaum-Pedersen proofs). With [0, 1] it proves a
  selection is 0 or 1; with [min..max] on the sum of a question's selections it proves the
  number of selections is allowed.

Every proof carries its commitments, challenge(s) and response(s), and a verifier checks both the
challenge (recomputed from the transcript) and the verification equations, so altering any one
value makes verification fail. Verifiers raise :class:`VerificationError`; they never return
False.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from intercoop_tools.crypto.elgamal import Ciphertext
from intercoop_tools.crypto.errors import EncodingError, ProverError, VerificationError
from intercoop_tools.crypto.group import (
    BASE,
    ZERO,
    Point,
    Scalar,
    base_mul,
    mul,
    small_multiple,
)
from intercoop_tools.crypto.jsonshape import expect_list, expect_object
from intercoop_tools.crypto.transcript import Context, challenge, u64s

LABEL_KEY_POSSESSION = b"schnorr/key-possession"
LABEL_DECRYPTION_SHARE = b"dleq/decryption-share"
LABEL_SELECTION = b"disjunctive/selection-0-1"
LABEL_QUESTION_SUM = b"disjunctive/question-sum"

#: Most values a disjunctive proof may cover: a verifier does this much work per proof.
MAX_DISJUNCTS = 1024


# --- Schnorr ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SchnorrProof:
    """Proof of knowledge of x such that X = x·G: A = w·G, c = H(G, X, A), z = w + c·x."""

    commitment: Point
    challenge: Scalar
    response: Scalar

    def to_json(self) -> dict[str, Any]:
        return {
            "commitment": self.commitment.hex(),
            "challenge": self.challenge.hex(),
            "response": self.response.hex(),
        }

    @classmethod
    def from_json(cls, value: object, *, where: str = "proof") -> SchnorrProof:
        obj = expect_object(value, ("commitment", "challenge", "response"), where=where)
        return cls(
            Point.from_hex(obj["commitment"], where=f"{where}.commitment"),
            Scalar.from_hex(obj["challenge"], where=f"{where}.challenge"),
            Scalar.from_hex(obj["response"], where=f"{where}.response"),
        )


def _schnorr_challenge(public: Point, commitment: Point, context: Context) -> Scalar:
    return challenge(LABEL_KEY_POSSESSION, context, (BASE.data, public.data, commitment.data))


def prove_key_possession(secret: Scalar, context: Context) -> SchnorrProof:
    if secret.is_zero():
        raise ProverError("the secret key may not be 0")
    public = base_mul(secret)
    w = Scalar.random()
    commitment = base_mul(w)
    c = _schnorr_challenge(public, commitment, context)
    return SchnorrProof(commitment, c, w + c * secret)


def verify_key_possession(public: Point, proof: SchnorrProof, context: Context) -> None:
    """Check z·G = A + c·X and c = H(G, X, A)."""
    if public.is_identity() or proof.commitment.is_identity():
        raise VerificationError("key possession: identity point")
    if proof.challenge != _schnorr_challenge(public, proof.commitment, context):
        raise VerificationError("key possession: challenge does not match the transcript")
    if base_mul(proof.response) != proof.commitment + mul(proof.challenge, public):
        raise VerificationError("key possession: verification equation fails")


# --- Chaum-Pedersen (DLEQ) ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DleqProof:
    """Proof that log_G(X) = log_H(Y): A = w·G, B = w·H, c = H(G, X, H, Y, A, B), z = w + c·x.

    B is the identity exactly when H is (a tally whose alpha is the identity), so it is decoded
    with ``allow_identity=True``; A never is.
    """

    commitment_g: Point
    commitment_h: Point
    challenge: Scalar
    response: Scalar

    def to_json(self) -> dict[str, Any]:
        return {
            "commitment_g": self.commitment_g.hex(),
            "commitment_h": self.commitment_h.hex(),
            "challenge": self.challenge.hex(),
            "response": self.response.hex(),
        }

    @classmethod
    def from_json(cls, value: object, *, where: str = "proof") -> DleqProof:
        keys = ("commitment_g", "commitment_h", "challenge", "response")
        obj = expect_object(value, keys, where=where)
        return cls(
            Point.from_hex(obj["commitment_g"], where=f"{where}.commitment_g"),
            Point.from_hex(obj["commitment_h"], allow_identity=True, where=f"{where}.commitment_h"),
            Scalar.from_hex(obj["challenge"], where=f"{where}.challenge"),
            Scalar.from_hex(obj["response"], where=f"{where}.response"),
        )


def _dleq_challenge(
    label: bytes, context: Context, x: Point, h: Point, y: Point, a: Point, b: Point
) -> Scalar:
    return challenge(label, context, (BASE.data, x.data, h.data, y.data, a.data, b.data))


def prove_dleq(secret: Scalar, h: Point, *, label: bytes, context: Context) -> DleqProof:
    """Prove log_G(secret·G) = log_H(secret·H)."""
    if secret.is_zero():
        raise ProverError("the secret may not be 0")
    x, y = base_mul(secret), mul(secret, h)
    w = Scalar.random()
    a, b = base_mul(w), mul(w, h)
    c = _dleq_challenge(label, context, x, h, y, a, b)
    return DleqProof(a, b, c, w + c * secret)


def verify_dleq(
    x: Point, h: Point, y: Point, proof: DleqProof, *, label: bytes, context: Context
) -> None:
    """Check c = H(...), z·G = A + c·X and z·H = B + c·Y. X and A may not be the identity."""
    if x.is_identity() or proof.commitment_g.is_identity():
        raise VerificationError("DLEQ: identity point")
    a, b = proof.commitment_g, proof.commitment_h
    if proof.challenge != _dleq_challenge(label, context, x, h, y, a, b):
        raise VerificationError("DLEQ: challenge does not match the transcript")
    if base_mul(proof.response) != a + mul(proof.challenge, x):
        raise VerificationError("DLEQ: first verification equation fails")
    if mul(proof.response, h) != b + mul(proof.challenge, y):
        raise VerificationError("DLEQ: second verification equation fails")


# --- Disjunctive Chaum-Pedersen -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DisjunctiveBranch:
    """One disjunct, for allowed value v: a = z·G - c·alpha, b = z·PK - c·(beta - v·G)."""

    commitment_a: Point
    commitment_b: Point
    challenge: Scalar
    response: Scalar

    def to_json(self) -> dict[str, Any]:
        return {
            "commitment_a": self.commitment_a.hex(),
            "commitment_b": self.commitment_b.hex(),
            "challenge": self.challenge.hex(),
            "response": self.response.hex(),
        }

    @classmethod
    def from_json(cls, value: object, *, where: str) -> DisjunctiveBranch:
        keys = ("commitment_a", "commitment_b", "challenge", "response")
        obj = expect_object(value, keys, where=where)
        return cls(
            Point.from_hex(obj["commitment_a"], where=f"{where}.commitment_a"),
            Point.from_hex(obj["commitment_b"], where=f"{where}.commitment_b"),
            Scalar.from_hex(obj["challenge"], where=f"{where}.challenge"),
            Scalar.from_hex(obj["response"], where=f"{where}.response"),
        )


@dataclass(frozen=True, slots=True)
class DisjunctiveProof:
    """One branch per allowed value, in the order of the allowed values; the challenges of the
    branches sum to the Fiat-Shamir challenge of the whole statement."""

    branches: tuple[DisjunctiveBranch, ...]

    def to_json(self) -> list[dict[str, Any]]:
        return [b.to_json() for b in self.branches]

    @classmethod
    def from_json(cls, value: object, *, where: str = "proof") -> DisjunctiveProof:
        items = expect_list(value, where=where)
        if not 1 <= len(items) <= MAX_DISJUNCTS:
            raise EncodingError(
                f"a disjunctive proof has 1 to {MAX_DISJUNCTS} branches", where=where
            )
        return cls(
            tuple(
                DisjunctiveBranch.from_json(item, where=f"{where}[{i}]")
                for i, item in enumerate(items)
            )
        )


def _check_allowed(allowed: Sequence[int]) -> None:
    if not 1 <= len(allowed) <= MAX_DISJUNCTS:
        raise EncodingError(f"1 to {MAX_DISJUNCTS} allowed values")
    if any(v < 0 for v in allowed) or len(set(allowed)) != len(allowed):
        raise EncodingError("allowed values are distinct non-negative integers")


def _disjunctive_challenge(
    label: bytes,
    context: Context,
    public_key: Point,
    ciphertext: Ciphertext,
    allowed: Sequence[int],
    commitments: Sequence[tuple[Point, Point]],
) -> Scalar:
    values = [public_key.data, ciphertext.alpha.data, ciphertext.beta.data, u64s(allowed)]
    for a, b in commitments:
        values += [a.data, b.data]
    return challenge(label, context, values)


def prove_encrypts_one_of(
    *,
    ciphertext: Ciphertext,
    randomness: Scalar,
    plaintext: int,
    allowed: Sequence[int],
    public_key: Point,
    label: bytes,
    context: Context,
) -> DisjunctiveProof:
    """Prove that ``ciphertext`` (made with ``randomness``) encrypts a value of ``allowed``.

    Refuses (:class:`ProverError`) if ``plaintext`` is not allowed, or if ciphertext, randomness
    and plaintext do not match: an honest prover cannot prove a false statement.
    """
    _check_allowed(allowed)
    if plaintext not in allowed:
        raise ProverError(f"{plaintext} is not one of the allowed values {list(allowed)}")
    if base_mul(randomness) != ciphertext.alpha or (
        small_multiple(plaintext) + mul(randomness, public_key) != ciphertext.beta
    ):
        raise ProverError("the ciphertext does not encrypt this plaintext with this randomness")
    real = allowed.index(plaintext)
    while True:
        commitments: list[tuple[Point, Point]] = []
        simulated: list[tuple[Scalar, Scalar]] = []
        w = Scalar.random()
        for i, v in enumerate(allowed):
            if i == real:
                commitments.append((base_mul(w), mul(w, public_key)))
                simulated.append((ZERO, ZERO))
                continue
            c_i, z_i = Scalar.random(), Scalar.random()
            shifted = ciphertext.beta - small_multiple(v)
            a = base_mul(z_i) - mul(c_i, ciphertext.alpha)
            b = mul(z_i, public_key) - mul(c_i, shifted)
            commitments.append((a, b))
            simulated.append((c_i, z_i))
        # The verifier refuses identity commitments; an honest one occurs with chance ~2^-250.
        if not any(a.is_identity() or b.is_identity() for a, b in commitments):
            break
    c = _disjunctive_challenge(label, context, public_key, ciphertext, allowed, commitments)
    c_real = c
    for i, (c_i, _) in enumerate(simulated):
        if i != real:
            c_real = c_real - c_i
    branches = []
    for i, ((a, b), (c_i, z_i)) in enumerate(zip(commitments, simulated, strict=True)):
        if i == real:
            branches.append(DisjunctiveBranch(a, b, c_real, w + c_real * randomness))
        else:
            branches.append(DisjunctiveBranch(a, b, c_i, z_i))
    return DisjunctiveProof(tuple(branches))


def verify_encrypts_one_of(
    *,
    ciphertext: Ciphertext,
    allowed: Sequence[int],
    public_key: Point,
    proof: DisjunctiveProof,
    label: bytes,
    context: Context,
) -> None:
    """Check, for every branch i, z_i·G = a_i + c_i·alpha and z_i·PK = b_i + c_i·(beta - v_i·G),
    and that the c_i sum to H(PK, alpha, beta, allowed, a_0, b_0, ...)."""
    _check_allowed(allowed)
    if len(proof.branches) != len(allowed):
        raise VerificationError("disjunctive proof: one branch per allowed value is required")
    commitments = [(br.commitment_a, br.commitment_b) for br in proof.branches]
    if any(a.is_identity() or b.is_identity() for a, b in commitments):
        raise VerificationError("disjunctive proof: identity commitment")
    total = ZERO
    for br in proof.branches:
        total = total + br.challenge
    expected = _disjunctive_challenge(label, context, public_key, ciphertext, allowed, commitments)
    if total != expected:
        raise VerificationError("disjunctive proof: challenges do not sum to the transcript's")
    for v, br in zip(allowed, proof.branches, strict=True):
        if base_mul(br.response) != br.commitment_a + mul(br.challenge, ciphertext.alpha):
            raise VerificationError(f"disjunctive proof: first equation fails for value {v}")
        shifted = ciphertext.beta - small_multiple(v)
        if mul(br.response, public_key) != br.commitment_b + mul(br.challenge, shifted):
            raise VerificationError(f"disjunctive proof: second equation fails for value {v}")


def prove_zero_or_one(
    *,
    ciphertext: Ciphertext,
    randomness: Scalar,
    plaintext: int,
    public_key: Point,
    context: Context,
) -> DisjunctiveProof:
    return prove_encrypts_one_of(
        ciphertext=ciphertext,
        randomness=randomness,
        plaintext=plaintext,
        allowed=(0, 1),
        public_key=public_key,
        label=LABEL_SELECTION,
        context=context,
    )


def verify_zero_or_one(
    *, ciphertext: Ciphertext, public_key: Point, proof: DisjunctiveProof, context: Context
) -> None:
    verify_encrypts_one_of(
        ciphertext=ciphertext,
        allowed=(0, 1),
        public_key=public_key,
        proof=proof,
        label=LABEL_SELECTION,
        context=context,
    )


def prove_sum_in_range(
    *,
    ciphertext: Ciphertext,
    randomness: Scalar,
    plaintext: int,
    minimum: int,
    maximum: int,
    public_key: Point,
    context: Context,
) -> DisjunctiveProof:
    """Prove that ``ciphertext`` (a question's homomorphic sum) encrypts a value in
    [minimum, maximum]."""
    return prove_encrypts_one_of(
        ciphertext=ciphertext,
        randomness=randomness,
        plaintext=plaintext,
        allowed=range(minimum, maximum + 1),
        public_key=public_key,
        label=LABEL_QUESTION_SUM,
        context=context,
    )


def verify_sum_in_range(
    *,
    ciphertext: Ciphertext,
    minimum: int,
    maximum: int,
    public_key: Point,
    proof: DisjunctiveProof,
    context: Context,
) -> None:
    verify_encrypts_one_of(
        ciphertext=ciphertext,
        allowed=range(minimum, maximum + 1),
        public_key=public_key,
        proof=proof,
        label=LABEL_QUESTION_SUM,
        context=context,
    )
