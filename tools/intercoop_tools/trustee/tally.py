"""The tally file (step 7): the manifest and the published colleges' encrypted sums, which the
server builds (:func:`tally_file`) and the trustee reads before decrypting
(:func:`parse_tally_file`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from intercoop_tools.crypto.elgamal import Ciphertext
from intercoop_tools.crypto.jsonshape import expect_list, expect_object
from intercoop_tools.record.encoding import expect_identifier, hash_json
from intercoop_tools.record.manifest import Description, Manifest
from intercoop_tools.trustee.formats import (
    FORMAT_TALLY,
    INCONSISTENT,
    LABELS,
    VERSION,
    TrusteeFileError,
    decode_hash,
    expect_file,
    reading,
    same_hash,
)

# --- 7. decryption ------------------------------------------------------------------------------

CollegeSums = tuple[str, tuple[tuple[Ciphertext, ...], ...]]


def tally_file(
    *,
    manifest: Manifest | Mapping[str, Any],
    manifest_hash: bytes,
    colleges: Sequence[tuple[str, Sequence[Sequence[Ciphertext]]]],
) -> dict[str, Any]:
    """Server side: the tally file. ``manifest`` is the election's manifest (or its JSON) and
    ``colleges`` the sums of the **published** colleges only, in manifest order: a withheld
    college's sums, or a single ballot's ciphertext, must never be given to the trustees."""
    manifest_json = manifest.to_json() if isinstance(manifest, Manifest) else dict(manifest)
    if hash_json(manifest_json) != manifest_hash:
        raise TrusteeFileError(f"{LABELS[FORMAT_TALLY]}: manifest_hash is not the manifest's hash")
    return {
        "format": FORMAT_TALLY,
        "version": VERSION,
        "manifest": manifest_json,
        "manifest_hash": manifest_hash.hex(),
        "colleges": [
            {"college": college, "questions": [[c.to_json() for c in q] for q in questions]}
            for college, questions in colleges
        ],
    }


@dataclass(frozen=True, slots=True)
class TallyToDecrypt:
    manifest: Manifest
    manifest_hash: bytes
    colleges: tuple[CollegeSums, ...]


def _parse_college_sums(
    value: object, *, description: Description, label: str, where: str = "colleges"
) -> tuple[CollegeSums, ...]:
    order = {c.id: k for k, c in enumerate(description.colleges)}
    out: list[CollegeSums] = []
    last = -1
    with reading(label):
        for k, item in enumerate(expect_list(value, where=where)):
            here = f"{where}[{k}]"
            obj = expect_object(item, ("college", "questions"), where=here)
            college = expect_identifier(obj["college"], where=f"{here}.college")
            if college not in order:
                raise TrusteeFileError(f"{label}: {here}: no college {college!r} in the election")
            if order[college] <= last:
                raise TrusteeFileError(
                    f"{label}: {here}: college {college!r} is repeated or out of the manifest's "
                    "order"
                )
            last = order[college]
            rows = expect_list(
                obj["questions"], where=f"{here}.questions", length=len(description.questions)
            )
            questions = []
            for q, (row, question) in enumerate(zip(rows, description.questions, strict=True)):
                cells = expect_list(
                    row, where=f"{here}.questions[{q}]", length=len(question.options)
                )
                questions.append(
                    tuple(
                        Ciphertext.from_json(
                            c, allow_identity=True, where=f"{here}.questions[{q}][{o}]"
                        )
                        for o, c in enumerate(cells)
                    )
                )
            out.append((college, tuple(questions)))
    return tuple(out)


def parse_tally_file(value: object) -> TallyToDecrypt:
    label = LABELS[FORMAT_TALLY]
    obj = expect_file(value, fmt=FORMAT_TALLY, keys=("manifest", "manifest_hash", "colleges"))
    with reading(label):
        manifest = Manifest.from_json(obj["manifest"])
        manifest.description.check()
        stated = decode_hash(obj["manifest_hash"], where="manifest_hash")
    same_hash(
        manifest.hash(), stated, label=label, what="the hash of its manifest", hint=INCONSISTENT
    )
    colleges = _parse_college_sums(obj["colleges"], description=manifest.description, label=label)
    return TallyToDecrypt(manifest, stated, colleges)
