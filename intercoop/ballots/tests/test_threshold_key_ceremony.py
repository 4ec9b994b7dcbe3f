"""The t-of-n key ceremony and threshold decryption (n = 3, t = 2)."""

from __future__ import annotations

import dataclasses
import itertools
import json

import pytest

from intercoop.ballots.tests.helpers import CONTEXT, OTHER_MANIFEST_HASH, run_ceremony
from intercoop_tools.crypto.dkg import (
    Dealer,
    DealerCommitment,
    DecryptionShare,
    DkgParameters,
    Share,
    combine_decryption_shares,
    decryption_share_create,
    joint_public_key,
    trustee_key,
    verify_dealer_commitment,
    verify_decryption_share,
    verify_share,
)
from intercoop_tools.crypto.elgamal import NEUTRAL, DiscreteLog, ciphertext_sum, encrypt
from intercoop_tools.crypto.errors import CryptoError, EncodingError, VerificationError
from intercoop_tools.crypto.group import BASE, IDENTITY, ONE, base_mul, small_multiple
from intercoop_tools.crypto.proofs import prove_key_possession
from intercoop_tools.crypto.transcript import Context

CEREMONY = run_ceremony(trustees=3, threshold=2)
PARAMS = CEREMONY.params


def test_the_public_keys_are_the_sums_of_the_commitments() -> None:
    total = IDENTITY
    for c in CEREMONY.commitments:
        total = total + c.coefficients[0]

    assert CEREMONY.public_key == total
    for j, key in CEREMONY.keys.items():
        assert CEREMONY.verification_keys[j] == base_mul(key.secret) == key.verification_key


@pytest.mark.parametrize("pair", list(itertools.combinations((1, 2, 3), 2)))
def test_any_two_trustees_decrypt(pair: tuple[int, int]) -> None:
    ciphertext, _ = encrypt(CEREMONY.public_key, 42)
    shares = [
        decryption_share_create(key=CEREMONY.keys[j], ciphertext=ciphertext, context=CONTEXT)
        for j in pair
    ]

    result = combine_decryption_shares(
        params=PARAMS,
        ciphertext=ciphertext,
        shares=shares,
        verification_keys=CEREMONY.verification_keys,
        context=CONTEXT,
    )

    assert result.used == pair
    assert result.rejected == ()
    assert DiscreteLog(100).solve(result.point) == 42


def test_one_trustee_cannot_decrypt() -> None:
    ciphertext, _ = encrypt(CEREMONY.public_key, 42)
    share = decryption_share_create(key=CEREMONY.keys[1], ciphertext=ciphertext, context=CONTEXT)

    with pytest.raises(CryptoError, match="1 valid decryption share"):
        combine_decryption_shares(
            params=PARAMS,
            ciphertext=ciphertext,
            shares=[share],
            verification_keys=CEREMONY.verification_keys,
            context=CONTEXT,
        )
    # Its share alone, used as if it were the whole key, does not reveal the plaintext.
    assert ciphertext.beta - share.point != small_multiple(42)


def test_a_tally_of_nothing_decrypts_to_zero() -> None:
    shares = [
        decryption_share_create(key=CEREMONY.keys[j], ciphertext=NEUTRAL, context=CONTEXT)
        for j in (2, 3)
    ]

    result = combine_decryption_shares(
        params=PARAMS,
        ciphertext=NEUTRAL,
        shares=shares,
        verification_keys=CEREMONY.verification_keys,
        context=CONTEXT,
    )

    assert result.point == IDENTITY


def test_a_homomorphic_tally_decrypts_with_two_trustees() -> None:
    votes = [1, 0, 1, 1, 0, 1]
    total = ciphertext_sum(encrypt(CEREMONY.public_key, v)[0] for v in votes)
    shares = [
        decryption_share_create(key=CEREMONY.keys[j], ciphertext=total, context=CONTEXT)
        for j in (1, 3)
    ]

    result = combine_decryption_shares(
        params=PARAMS,
        ciphertext=total,
        shares=shares,
        verification_keys=CEREMONY.verification_keys,
        context=CONTEXT,
    )

    assert DiscreteLog(len(votes)).solve(result.point) == 4


def test_a_bad_decryption_share_is_rejected_and_the_others_still_decrypt() -> None:
    ciphertext, _ = encrypt(CEREMONY.public_key, 5)
    shares = [
        decryption_share_create(key=k, ciphertext=ciphertext, context=CONTEXT)
        for k in CEREMONY.keys.values()
    ]
    # Trustee 2 publishes a wrong point with its (now false) proof.
    shares[1] = dataclasses.replace(shares[1], point=shares[1].point + BASE)

    with pytest.raises(VerificationError) as caught:
        verify_decryption_share(
            verification_key=CEREMONY.verification_keys[2],
            ciphertext=ciphertext,
            share=shares[1],
            context=CONTEXT,
        )
    result = combine_decryption_shares(
        params=PARAMS,
        ciphertext=ciphertext,
        shares=shares,
        verification_keys=CEREMONY.verification_keys,
        context=CONTEXT,
    )

    assert caught.value.party == 2
    assert result.rejected == (2,)
    assert result.used == (1, 3)
    assert DiscreteLog(10).solve(result.point) == 5


def test_too_few_valid_shares_are_refused_naming_the_rejected_trustee() -> None:
    ciphertext, _ = encrypt(CEREMONY.public_key, 5)
    good = decryption_share_create(key=CEREMONY.keys[1], ciphertext=ciphertext, context=CONTEXT)
    # Trustee 3's share is for another election: its proof fails in this context.
    foreign = decryption_share_create(
        key=CEREMONY.keys[3],
        ciphertext=ciphertext,
        context=Context(OTHER_MANIFEST_HASH),
    )

    with pytest.raises(CryptoError, match=r"rejected: trustee\(s\) 3"):
        combine_decryption_shares(
            params=PARAMS,
            ciphertext=ciphertext,
            shares=[good, foreign],
            verification_keys=CEREMONY.verification_keys,
            context=CONTEXT,
        )


def test_a_cheating_dealer_is_caught_by_the_recipient_of_a_bad_share() -> None:
    dealers = [Dealer.start(params=PARAMS, index=i) for i in (1, 2, 3)]
    commitments = [d.commitment(CONTEXT) for d in dealers]
    bad = dealers[1].share_for(3)
    bad = dataclasses.replace(bad, value=bad.value + ONE)

    with pytest.raises(VerificationError, match="does not match") as caught:
        verify_share(params=PARAMS, commitment=commitments[1], share=bad)
    with pytest.raises(VerificationError) as caught_in_key:
        trustee_key(
            params=PARAMS,
            index=3,
            commitments=commitments,
            shares=[dealers[0].share_for(3), bad, dealers[2].share_for(3)],
        )

    assert caught.value.party == 2
    assert caught_in_key.value.party == 2
    # The honest shares pass the same check.
    for d, c in zip(dealers, commitments, strict=True):
        verify_share(params=PARAMS, commitment=c, share=d.share_for(3))


def test_a_dealer_whose_commitments_do_not_match_its_polynomial_is_caught() -> None:
    # Dealer 1 publishes commitments to one polynomial and deals shares of another.
    published = Dealer.start(params=PARAMS, index=1)
    dealt = Dealer.start(params=PARAMS, index=1)

    with pytest.raises(VerificationError) as caught:
        verify_share(
            params=PARAMS, commitment=published.commitment(CONTEXT), share=dealt.share_for(2)
        )

    assert caught.value.party == 1


def test_a_commitment_without_a_valid_proof_of_knowledge_is_caught() -> None:
    dealer = Dealer.start(params=PARAMS, index=2)
    honest = dealer.commitment(CONTEXT)
    # A proof made for another dealer index (the binding differs), and one for another key.
    replayed = dataclasses.replace(
        honest, proof=prove_key_possession(dealer.coefficients[0], CONTEXT.bound_to(b"\0\0\0\1"))
    )
    rogue = dataclasses.replace(
        honest, coefficients=(honest.coefficients[0] + BASE, *honest.coefficients[1:])
    )

    verify_dealer_commitment(params=PARAMS, commitment=honest, context=CONTEXT)
    for cheat in (replayed, rogue):
        with pytest.raises(VerificationError) as caught:
            verify_dealer_commitment(params=PARAMS, commitment=cheat, context=CONTEXT)
        assert caught.value.party == 2


def test_messages_round_trip_through_json_and_are_strictly_decoded() -> None:
    dealer = Dealer.start(params=PARAMS, index=1)
    commitment = dealer.commitment(CONTEXT)
    share = dealer.share_for(2)
    ciphertext, _ = encrypt(CEREMONY.public_key, 1)
    dshare = decryption_share_create(key=CEREMONY.keys[1], ciphertext=ciphertext, context=CONTEXT)

    def again(data: object) -> object:
        return json.loads(json.dumps(data))

    assert DealerCommitment.from_json(again(commitment.to_json()), params=PARAMS) == commitment
    assert Share.from_json(again(share.to_json()), params=PARAMS) == share
    assert DecryptionShare.from_json(again(dshare.to_json()), params=PARAMS) == dshare

    too_many = {**commitment.to_json(), "coefficients": commitment.to_json()["coefficients"] * 2}
    with pytest.raises(EncodingError, match="expected 2 items"):
        DealerCommitment.from_json(too_many, params=PARAMS)
    with pytest.raises(EncodingError, match="trustee index"):
        Share.from_json({**share.to_json(), "recipient": 4}, params=PARAMS)
    with pytest.raises(EncodingError, match="expected an integer"):
        Share.from_json({**share.to_json(), "dealer": True}, params=PARAMS)


def test_the_ceremony_parameters_are_checked() -> None:
    with pytest.raises(CryptoError):
        DkgParameters(trustees=3, threshold=4)
    with pytest.raises(CryptoError):
        DkgParameters(trustees=0, threshold=0)
    with pytest.raises(CryptoError, match="one commitment from each trustee"):
        joint_public_key(params=PARAMS, commitments=CEREMONY.commitments[:2])


def test_a_three_of_five_ceremony_needs_exactly_three() -> None:
    ceremony = run_ceremony(trustees=5, threshold=3)
    ciphertext, _ = encrypt(ceremony.public_key, 9)
    shares = [
        decryption_share_create(key=ceremony.keys[j], ciphertext=ciphertext, context=CONTEXT)
        for j in (2, 4, 5)
    ]

    def combine(n: int) -> int:
        result = combine_decryption_shares(
            params=ceremony.params,
            ciphertext=ciphertext,
            shares=shares[:n],
            verification_keys=ceremony.verification_keys,
            context=CONTEXT,
        )
        return DiscreteLog(10).solve(result.point)

    assert combine(3) == 9
    with pytest.raises(CryptoError, match="3 needed"):
        combine(2)
