"""A voter's ballot: encrypted with proofs, signed with the credential, verified, tallied."""

from __future__ import annotations

import dataclasses
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from intercoop.ballots.tests.helpers import (
    CONTEXT,
    MANIFEST_HASH,
    OTHER_MANIFEST_HASH,
    run_ceremony,
)
from intercoop_tools.crypto.ballot import (
    EncryptedBallot,
    EncryptedQuestion,
    QuestionSpec,
    SignedBallot,
    ballot_encrypt,
    ballot_verify,
    credential_generate,
    signature_message,
    tally_encrypted,
)
from intercoop_tools.crypto.dkg import combine_decryption_shares, decryption_share_create
from intercoop_tools.crypto.elgamal import DiscreteLog, KeyPair, decrypt_point
from intercoop_tools.crypto.errors import EncodingError, ProverError, VerificationError
from intercoop_tools.crypto.group import BASE

KEY = KeyPair.generate()
SPECS = [QuestionSpec(selections=3, min_selected=1, max_selected=1), QuestionSpec(4, 0, 2)]


def _cast(choices: list[list[int]], credential: object = None) -> SignedBallot:
    return ballot_encrypt(
        choices=choices,
        specs=SPECS,
        public_key=KEY.public,
        manifest_hash=MANIFEST_HASH,
        credential=credential or credential_generate(),  # type: ignore[arg-type]
    )


def _verify(signed: SignedBallot, manifest_hash: bytes = MANIFEST_HASH) -> None:
    ballot_verify(signed=signed, specs=SPECS, public_key=KEY.public, manifest_hash=manifest_hash)


BALLOT = _cast([[0, 1, 0], [1, 0, 0, 1]])


def test_an_honest_ballot_verifies_after_a_json_round_trip() -> None:
    received = SignedBallot.from_json(json.loads(json.dumps(BALLOT.to_json())))

    _verify(received)
    assert received == BALLOT


def test_a_ballot_decrypts_to_its_choices() -> None:
    plain = [
        [DiscreteLog(1).solve(decrypt_point(KEY.secret, s.ciphertext)) for s in q.selections]
        for q in BALLOT.ballot.questions
    ]

    assert plain == [[0, 1, 0], [1, 0, 0, 1]]


def test_an_altered_signature_fails() -> None:
    sig = bytearray(BALLOT.signature)
    sig[0] ^= 1

    with pytest.raises(VerificationError, match="signature"):
        _verify(dataclasses.replace(BALLOT, signature=bytes(sig)))


def test_a_ballot_signed_by_another_credential_fails() -> None:
    other = credential_generate()
    claimed = dataclasses.replace(
        BALLOT, ballot=dataclasses.replace(BALLOT.ballot, credential=bytes(other.verify_key))
    )

    with pytest.raises(VerificationError, match="signature"):
        _verify(claimed)


def test_an_altered_ciphertext_breaks_the_signature() -> None:
    q0 = BALLOT.ballot.questions[0]
    s0 = q0.selections[0]
    changed = dataclasses.replace(
        s0, ciphertext=dataclasses.replace(s0.ciphertext, beta=s0.ciphertext.beta + BASE)
    )
    question = EncryptedQuestion((changed, *q0.selections[1:]), q0.sum_proof)
    ballot = dataclasses.replace(BALLOT.ballot, questions=(question, *BALLOT.ballot.questions[1:]))

    with pytest.raises(VerificationError, match="signature"):
        _verify(dataclasses.replace(BALLOT, ballot=ballot))


def test_a_ballot_for_another_election_is_refused() -> None:
    with pytest.raises(VerificationError, match="another election"):
        _verify(BALLOT, manifest_hash=OTHER_MANIFEST_HASH)


def test_copying_another_voters_ciphertexts_fails_their_proofs() -> None:
    # Mallory re-signs Alice's ciphertexts and proofs with her own credential.
    mallory = credential_generate()
    copied = EncryptedBallot(MANIFEST_HASH, bytes(mallory.verify_key), BALLOT.ballot.questions)
    signature = mallory.sign(signature_message(copied)).signature
    resigned = SignedBallot(copied, bytes(signature))

    with pytest.raises(VerificationError, match="question 0 selection 0: disjunctive proof"):
        _verify(resigned)


def test_swapping_two_selections_fails_their_proofs() -> None:
    voter = credential_generate()
    signed = _cast([[0, 1, 0], [0, 0, 0, 0]], voter)
    q0 = signed.ballot.questions[0]
    swapped = EncryptedQuestion(
        (q0.selections[1], q0.selections[0], q0.selections[2]), q0.sum_proof
    )
    ballot = dataclasses.replace(signed.ballot, questions=(swapped, signed.ballot.questions[1]))
    resigned = SignedBallot(ballot, bytes(voter.sign(signature_message(ballot)).signature))

    with pytest.raises(VerificationError, match="question 0 selection 0"):
        _verify(resigned)


@pytest.mark.parametrize(
    ("choices", "message"),
    [
        ([[0, 2, 0], [0, 0, 0, 0]], "2 is not one of the allowed values"),
        ([[1, 1, 0], [0, 0, 0, 0]], "2 is not one of the allowed values"),  # 2 selections > max 1
        ([[0, 0, 0], [0, 0, 0, 0]], "0 is not one of the allowed values"),  # 0 < min 1
        ([[1, 0, 0], [1, 1, 1, 0]], "3 is not one of the allowed values"),
    ],
)
def test_an_invalid_ballot_cannot_be_proven(choices: list[list[int]], message: str) -> None:
    with pytest.raises(ProverError, match=message):
        _cast(choices)


def test_a_ballot_of_the_wrong_shape_is_refused() -> None:
    data = BALLOT.to_json()
    data["ballot"]["questions"] = data["ballot"]["questions"][:1]
    short = SignedBallot.from_json(data)

    with pytest.raises(VerificationError, match="2 questions expected"):
        _verify(short)
    with pytest.raises(EncodingError, match="credential"):
        SignedBallot.from_json(
            {**BALLOT.to_json(), "ballot": {**data["ballot"], "credential": "00" * 32}}
        )


@settings(max_examples=5, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 2), st.lists(st.integers(0, 1), min_size=4, max_size=4)).filter(
            lambda t: sum(t[1]) <= 2
        ),
        max_size=6,
    )
)
def test_a_threshold_tally_equals_the_count_of_the_choices(
    votes: list[tuple[int, list[int]]],
) -> None:
    ceremony = run_ceremony(trustees=3, threshold=2)
    ballots = []
    for first, second in votes:
        choices = [[1 if i == first else 0 for i in range(3)], second]
        signed = ballot_encrypt(
            choices=choices,
            specs=SPECS,
            public_key=ceremony.public_key,
            manifest_hash=MANIFEST_HASH,
            credential=credential_generate(),
        )
        ballot_verify(
            signed=signed, specs=SPECS, public_key=ceremony.public_key, manifest_hash=MANIFEST_HASH
        )
        ballots.append(signed.ballot)
    table = DiscreteLog(len(votes))

    counts = []
    for question in tally_encrypted(ballots, SPECS):
        row = []
        for total in question:
            shares = [
                decryption_share_create(key=ceremony.keys[j], ciphertext=total, context=CONTEXT)
                for j in (1, 3)
            ]
            result = combine_decryption_shares(
                params=ceremony.params,
                ciphertext=total,
                shares=shares,
                verification_keys=ceremony.verification_keys,
                context=CONTEXT,
            )
            row.append(table.solve(result.point))
        counts.append(row)

    assert counts[0] == [sum(1 for f, _ in votes if f == i) for i in range(3)]
    assert counts[1] == [sum(s[i] for _, s in votes) for i in range(4)]
