"""Step 7, the decryption: the trustee's proven decryption shares (:func:`decrypt`), and the
server's check of an uploaded decryption file (:func:`parse_decryption_file`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from intercoop_tools.crypto.dkg import (
    MAX_TRUSTEES,
    DecryptionShare,
    DkgParameters,
    decryption_share_create,
    verify_decryption_share,
)
from intercoop_tools.crypto.elgamal import Ciphertext
from intercoop_tools.crypto.errors import VerificationError
from intercoop_tools.crypto.group import Point
from intercoop_tools.crypto.jsonshape import expect_int, expect_list, expect_object
from intercoop_tools.crypto.transcript import Context
from intercoop_tools.trustee.board import BoardFile, check_board
from intercoop_tools.trustee.formats import (
    FORMAT_DECRYPTION,
    FORMAT_TALLY,
    LABELS,
    VERSION,
    Secret,
    TrusteeFileError,
    decode_hash,
    description_hash_of,
    expect_file,
    reading,
    same_hash,
    short,
)
from intercoop_tools.trustee.tally import TallyToDecrypt


def decrypt(
    secret: Secret, tally: TallyToDecrypt, board: BoardFile | None = None
) -> dict[str, Any]:
    """Check that the tally is this election's, under this ceremony's key, and, given the public
    ``board``, that its sums are exactly the published colleges' sums of the counted ballots
    (:func:`check_board`); return the decryption file: a proven decryption share for every
    ciphertext. Without ``board`` the sums are decrypted unchecked (a decryption oracle)."""
    label = LABELS[FORMAT_TALLY]
    key = secret.trustee_key()
    manifest = tally.manifest
    ceremony = manifest.ceremony
    same_hash(
        description_hash_of(manifest.description),
        secret.description_hash,
        label=label,
        what="the hash of the manifest's description",
    )
    if ceremony.context != secret.description_hash:
        raise TrusteeFileError(f"{label}: the ceremony's context is not this election's")
    if ceremony.public_key != secret.public_key:
        raise TrusteeFileError(
            f"{label}: the manifest's joint public key is not the one your ceremony gave: do not "
            "decrypt"
        )
    if ceremony.verification_keys[secret.trustee - 1] != key.verification_key:
        raise TrusteeFileError(
            f"{label}: the manifest's verification key for trustee {secret.trustee} is not yours"
        )
    if ceremony.commitments[secret.trustee - 1] != secret.commitment:
        raise TrusteeFileError(
            f"{label}: the manifest's commitment for trustee {secret.trustee} is not the one you "
            "published"
        )
    if board is not None:
        check_board(tally, board)
    context = Context(tally.manifest_hash)
    return {
        "format": FORMAT_DECRYPTION,
        "version": VERSION,
        "manifest_hash": tally.manifest_hash.hex(),
        "trustee": secret.trustee,
        "colleges": [
            {
                "college": college,
                "questions": [
                    [
                        decryption_share_create(key=key, ciphertext=c, context=context).to_json()
                        for c in row
                    ]
                    for row in questions
                ],
            }
            for college, questions in tally.colleges
        ],
    }


def parse_decryption_file(
    value: object,
    *,
    manifest_hash: bytes,
    trustee: int,
    verification_key: Point,
    colleges: Sequence[tuple[str, Sequence[Sequence[Ciphertext]]]],
) -> list[list[list[DecryptionShare]]]:
    """Server side: trustee ``trustee``'s upload at step 7, for the ``colleges`` of the tally file
    (``(college id, sums per question and option)``, in the same order). Every decryption share
    is verified against ``verification_key``; a bad one raises an error naming the trustee."""
    label = LABELS[FORMAT_DECRYPTION]
    obj = expect_file(value, fmt=FORMAT_DECRYPTION, keys=("manifest_hash", "trustee", "colleges"))
    with reading(label):
        stated = decode_hash(obj["manifest_hash"], where="manifest_hash")
        index = expect_int(obj["trustee"], where="trustee", minimum=1, maximum=MAX_TRUSTEES)
    same_hash(stated, manifest_hash, label=label, what="manifest_hash")
    if index != trustee:
        raise TrusteeFileError(f"{label}: this is trustee {index}'s file, not trustee {trustee}'s")
    # Indices are only checked to be ``trustee`` here, so any parameters admitting it will do.
    params = DkgParameters(trustees=MAX_TRUSTEES, threshold=1)
    context = Context(manifest_hash)
    out: list[list[list[DecryptionShare]]] = []
    with reading(label):
        items = expect_list(obj["colleges"], where="colleges", length=len(colleges))
        for k, (item, (college, sums)) in enumerate(zip(items, colleges, strict=True)):
            here = f"colleges[{k}]"
            entry = expect_object(item, ("college", "questions"), where=here)
            if entry["college"] != college:
                raise TrusteeFileError(
                    f"{label}: {here}.college is {short(entry['college'])}, expected {college!r}"
                )
            rows = expect_list(entry["questions"], where=f"{here}.questions", length=len(sums))
            college_shares: list[list[DecryptionShare]] = []
            for q, (row, row_sums) in enumerate(zip(rows, sums, strict=True)):
                cells = expect_list(row, where=f"{here}.questions[{q}]", length=len(row_sums))
                row_shares: list[DecryptionShare] = []
                for o, (cell, ciphertext) in enumerate(zip(cells, row_sums, strict=True)):
                    where = f"{here}.questions[{q}][{o}]"
                    share = DecryptionShare.from_json(cell, params=params, where=where)
                    if share.trustee != trustee:
                        raise TrusteeFileError(
                            f"{label}: {where}.trustee is {share.trustee}, not {trustee}"
                        )
                    try:
                        verify_decryption_share(
                            verification_key=verification_key,
                            ciphertext=ciphertext,
                            share=share,
                            context=context,
                        )
                    except VerificationError as exc:
                        raise TrusteeFileError(
                            f"{label}: trustee {trustee}'s decryption share for college "
                            f"{college}, question {q}, option {o} does not verify "
                            f"({exc.message})",
                            party=trustee,
                        ) from exc
                    row_shares.append(share)
                college_shares.append(row_shares)
            out.append(college_shares)
    return out
