"""Benaloh "cast or audit": an audited ballot's opening (choices and randomness) shows that the
ciphertexts encrypt exactly those choices; an opening that lies about any of them fails."""

from __future__ import annotations

import dataclasses
import json

import pytest

from intercoop.ballots.tests.helpers import MANIFEST_HASH
from intercoop_tools.crypto.ballot import (
    BallotOpening,
    EncryptedQuestion,
    EncryptedSelection,
    QuestionSpec,
    ballot_check_opening,
    ballot_encrypt_with_opening,
    ballot_verify,
    credential_generate,
)
from intercoop_tools.crypto.elgamal import KeyPair, encrypt
from intercoop_tools.crypto.errors import EncodingError, VerificationError
from intercoop_tools.crypto.group import ZERO, Scalar

KEY = KeyPair.generate()
SPECS = [QuestionSpec(2, 1, 1), QuestionSpec(4, 0, 2)]
CHOICES = ((0, 1), (1, 0, 0, 1))
SIGNED, OPENING = ballot_encrypt_with_opening(
    choices=CHOICES,
    specs=SPECS,
    public_key=KEY.public,
    manifest_hash=MANIFEST_HASH,
    credential=credential_generate(),
)


def _check(opening: BallotOpening, ballot: object = None) -> tuple[tuple[int, ...], ...]:
    return ballot_check_opening(
        ballot=ballot or SIGNED.ballot,  # type: ignore[arg-type]
        opening=opening,
        specs=SPECS,
        public_key=KEY.public,
    )


def test_a_ballot_encrypted_with_its_opening_verifies_and_opens_to_its_choices() -> None:
    ballot_verify(signed=SIGNED, specs=SPECS, public_key=KEY.public, manifest_hash=MANIFEST_HASH)

    assert _check(OPENING) == CHOICES


def test_the_opening_survives_a_json_round_trip() -> None:
    received = BallotOpening.from_json(json.loads(json.dumps(OPENING.to_json())), specs=SPECS)

    assert received == OPENING
    assert _check(received) == CHOICES


def test_an_opening_that_lies_about_a_choice_fails() -> None:
    lie = dataclasses.replace(OPENING, choices=((1, 0), CHOICES[1]))

    with pytest.raises(VerificationError, match="does not open to 1"):
        _check(lie)


def test_an_opening_with_other_randomness_fails() -> None:
    first, second = OPENING.randomness[1][:2]
    swapped = (OPENING.randomness[0], (second, first, *OPENING.randomness[1][2:]))

    with pytest.raises(VerificationError, match="question 1 selection 0"):
        _check(dataclasses.replace(OPENING, randomness=swapped))


def test_zero_randomness_is_refused() -> None:
    zeros = (OPENING.randomness[0], (ZERO, *OPENING.randomness[1][1:]))

    with pytest.raises(VerificationError, match="randomness 0"):
        _check(dataclasses.replace(OPENING, randomness=zeros))


def test_a_number_of_selections_outside_min_max_fails_even_if_the_ciphertexts_open() -> None:
    # Three selections in the second question: no honest booth makes this ballot (the prover
    # refuses), so build its ciphertexts by hand; the opening check does not look at proofs.
    r = Scalar.random()
    ciphertext, _ = encrypt(KEY.public, 1, randomness=r)
    question = SIGNED.ballot.questions[1]
    selections = list(question.selections)
    selections[1] = EncryptedSelection(ciphertext, selections[1].proof)
    ballot = dataclasses.replace(
        SIGNED.ballot,
        questions=(
            SIGNED.ballot.questions[0],
            EncryptedQuestion(tuple(selections), question.sum_proof),
        ),
    )
    rs = list(OPENING.randomness[1])
    rs[1] = r
    opening = BallotOpening((CHOICES[0], (1, 1, 0, 1)), (OPENING.randomness[0], tuple(rs)))

    with pytest.raises(VerificationError, match="number of selections"):
        _check(opening, ballot)


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda o: o["choices"][0].__setitem__(0, 2), "opening.choices[0][0]"),
        (lambda o: o["choices"][0].__setitem__(0, True), "opening.choices[0][0]"),
        (lambda o: o["choices"][1].pop(), "opening.choices[1]"),
        (lambda o: o["randomness"].pop(), "opening.randomness"),
        (lambda o: o["randomness"][0].__setitem__(0, "ff" * 32), "opening.randomness[0][0]"),
        (lambda o: o.__setitem__("extra", 1), "opening"),
    ],
)
def test_a_malformed_opening_is_refused(change: object, where: str) -> None:
    data = OPENING.to_json()
    change(data)  # type: ignore[operator]

    with pytest.raises(EncodingError) as info:
        BallotOpening.from_json(data, specs=SPECS)
    assert info.value.where == where
