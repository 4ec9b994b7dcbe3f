"""The booth's JavaScript (intercoop/ballots/static/ballots/booth-crypto.js, on libsodium.js) makes
ballots that the Python verifier accepts byte for byte, and audit openings check both ways.

A Node script (tests/js/booth_cases.mjs) runs the JavaScript on cases written here: an election
manifest made by the Python side, voters' credential seeds and their choices. Python then verifies
and decrypts what it printed. Skipped only when node or the npm packages are missing, and never in
CI (where ``npm ci`` installs them).
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
from fractions import Fraction
from pathlib import Path
from typing import Any

import nacl.signing
import pytest

from intercoop_tools.crypto.ballot import (
    BallotOpening,
    EncryptedBallot,
    SignedBallot,
    ballot_check_opening,
    ballot_encrypt_with_opening,
    ballot_verify,
    ballot_verify_proofs,
    canonical_json,
    signature_message,
)
from intercoop_tools.crypto.dkg import Dealer, TrusteeKey, trustee_key, verification_keys
from intercoop_tools.crypto.elgamal import DiscreteLog, decrypt_point
from intercoop_tools.crypto.errors import CryptoError, VerificationError
from intercoop_tools.crypto.transcript import Context
from intercoop_tools.record.encoding import hash_json, tracker_of
from intercoop_tools.record.manifest import (
    Ceremony,
    College,
    Description,
    Manifest,
    Option,
    Question,
    Roll,
    RollEntry,
)

REPO_ROOT = Path(__file__).resolve().parents[3]
SCRIPT = Path(__file__).parent / "js" / "booth_cases.mjs"
LIBSODIUM = REPO_ROOT / "node_modules" / "libsodium-wrappers-sumo" / "package.json"

# Text with quotes, a slash, DEL, accents, the euro sign and an emoji (a surrogate pair), so that
# the manifest hash tests the JavaScript canonical JSON against Python's.
TITLE = 'Assemblée "générale" 2026/27 \x7f \u20ac \U0001f5f3 \t fin'
SEEDS = [bytes([i]) * 32 for i in range(1, 7)]
DESCRIPTION = Description(
    election_id="booth-js",
    title=TITLE,
    revoting=True,
    questions=(
        Question("adopt", "yes_no", "Adopter ?", (Option("yes", "Oui"), Option("no", "Non")), 1, 1),
        Question(
            "chair",
            "single_choice",
            "Who chairs?",
            (Option("ana", "Ana"), Option("bo", "Bø"), Option("chen", "陈")),
            0,
            1,
        ),
        Question(
            "projects",
            "approval",
            "Which projects?",
            tuple(Option(o, o.title()) for o in ("alpha", "beta", "gamma", "delta", "epsilon")),
            1,
            3,
        ),
    ),
    colleges=(College("all", "Everyone", Fraction(1), 1),),
    trustees=1,
    threshold=1,
)
SPECS = DESCRIPTION.specs()
CHOICES = [
    [[1, 0], [0, 1, 0], [1, 0, 0, 0, 0]],
    [[0, 1], [0, 0, 0], [1, 1, 1, 0, 0]],
    [[1, 0], [1, 0, 0], [0, 0, 1, 0, 1]],
    [[0, 1], [0, 0, 1], [0, 0, 0, 0, 1]],
]


def _election() -> tuple[Manifest, TrusteeKey]:
    description_hash = hash_json(DESCRIPTION.to_json())
    params = DESCRIPTION.params()
    dealer = Dealer.start(params=params, index=1)
    commitment = dealer.commitment(Context(description_hash))
    key = trustee_key(
        params=params, index=1, commitments=[commitment], shares=[dealer.share_for(1)]
    )
    vks = verification_keys(params=params, commitments=[commitment])
    ceremony = Ceremony(description_hash, (commitment,), (vks[1],), vks[1])
    roll = Roll(
        hash_json(["private roll"]),
        tuple(RollEntry(bytes(nacl.signing.SigningKey(s).verify_key), "all") for s in SEEDS),
    )
    return Manifest(DESCRIPTION, ceremony, roll), key


MANIFEST, KEY = _election()
MANIFEST_HASH = MANIFEST.hash()
PUBLIC_KEY = MANIFEST.ceremony.public_key


def _node() -> str:
    node = shutil.which("node")
    reason = ""
    if node is None:
        reason = "node is not installed"
    elif not LIBSODIUM.exists():
        reason = f"libsodium-wrappers-sumo not found at {LIBSODIUM} (npm ci installs it)"
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"{reason}: required in CI", pytrace=False)
        pytest.skip(reason)
    assert node is not None
    return node


def run_booth(tmp_path: Path, **cases: Any) -> dict[str, Any]:
    """Run the JavaScript booth on ``cases`` (see booth_cases.mjs) and return its output."""
    node = _node()
    path = tmp_path / "cases.json"
    payload = {"manifest": MANIFEST.to_json(), "manifest_hash": MANIFEST_HASH.hex(), **cases}
    path.write_text(json.dumps(payload))
    done = subprocess.run(  # noqa: S603 - our own script, our own arguments
        [node, str(SCRIPT), str(path)], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    out: dict[str, Any] = json.loads(done.stdout)
    return out


@pytest.fixture(scope="module")
def js(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Four ballots encrypted, proven and signed by the JavaScript booth (made once)."""
    cases = [{"seed": s.hex(), "choices": c} for s, c in zip(SEEDS, CHOICES, strict=False)]
    return run_booth(tmp_path_factory.mktemp("booth"), encrypt=cases)


def _verify(signed_json: object) -> SignedBallot:
    signed = SignedBallot.from_json(json.loads(json.dumps(signed_json)))
    ballot_verify(signed=signed, specs=SPECS, public_key=PUBLIC_KEY, manifest_hash=MANIFEST_HASH)
    return signed


def test_javascript_computes_the_same_manifest_hash(js: dict[str, Any]) -> None:
    assert js["manifest_hash"] == MANIFEST_HASH.hex()


def test_every_javascript_ballot_verifies_and_decrypts_to_its_choices(js: dict[str, Any]) -> None:
    table = DiscreteLog(1)
    assert len(js["encrypted"]) == len(CHOICES)
    for result, seed, choices in zip(js["encrypted"], SEEDS, CHOICES, strict=False):
        signed = _verify(result["signed"])
        ballot_verify_proofs(
            ballot=signed.ballot, specs=SPECS, public_key=PUBLIC_KEY, manifest_hash=MANIFEST_HASH
        )
        assert signed.ballot.credential == bytes(nacl.signing.SigningKey(seed).verify_key)
        plain = [
            [table.solve(decrypt_point(KEY.secret, s.ciphertext)) for s in q.selections]
            for q in signed.ballot.questions
        ]
        assert plain == choices


def test_the_bytes_are_the_same_as_python_makes(js: dict[str, Any]) -> None:
    for result, seed in zip(js["encrypted"], SEEDS, strict=False):
        signed = SignedBallot.from_json(result["signed"])
        # Decoding and re-encoding gives the same JSON, so the canonical bytes are Python's.
        assert signed.to_json() == result["signed"]
        # Ed25519 is deterministic: Python signing the same message with the same seed gives
        # the same signature, so JavaScript signed exactly Python's signature message.
        expected = nacl.signing.SigningKey(seed).sign(signature_message(signed.ballot)).signature
        assert signed.signature == expected
        assert result["tracker"] == tracker_of(result["signed"]).hex()


def test_the_javascript_canonical_json_is_pythons(tmp_path: Path) -> None:
    values = [
        {"b": 1, "a": [True, False, None], "é": "x", "A": {"z": "\u2028", "y": "\x00\x1f\b"}},
        ["\\", '"', "/", "\x7f", "\U0001f600", "\ud800", 0, 12345678901234],
        TITLE,
    ]
    out = run_booth(tmp_path, canonical=values)
    assert out["canonical"] == [canonical_json(v).decode("ascii") for v in values]


@pytest.mark.parametrize(
    "path",
    [
        ("signature",),
        ("ballot", "manifest_hash"),
        ("ballot", "credential"),
        ("ballot", "questions", 0, "selections", 0, "ciphertext", "alpha"),
        ("ballot", "questions", 1, "selections", 2, "ciphertext", "beta"),
        ("ballot", "questions", 2, "selections", 4, "proof", 1, "response"),
        ("ballot", "questions", 2, "selections", 0, "proof", 0, "challenge"),
        ("ballot", "questions", 2, "sum_proof", 2, "commitment_a"),
        ("ballot", "questions", 0, "sum_proof", 0, "commitment_b"),
    ],
)
@pytest.mark.parametrize("byte", [0, 17, 31])
def test_a_javascript_ballot_altered_in_one_byte_fails(
    js: dict[str, Any], path: tuple[str | int, ...], byte: int
) -> None:
    signed = copy.deepcopy(js["encrypted"][2]["signed"])
    holder: Any = signed
    for key in path[:-1]:
        holder = holder[key]
    data = bytearray.fromhex(holder[path[-1]])
    data[byte] ^= 0x01
    holder[path[-1]] = data.hex()

    with pytest.raises(CryptoError):
        _verify(signed)


def test_javascript_refuses_to_encrypt_an_invalid_choice(tmp_path: Path) -> None:
    seed = SEEDS[0].hex()
    bad = [
        [[1, 1], [0, 0, 0], [1, 0, 0, 0, 0]],  # yes and no
        [[0, 0], [0, 0, 0], [1, 0, 0, 0, 0]],  # a yes/no answer is required (min 1)
        [[1, 0], [1, 0, 1], [1, 0, 0, 0, 0]],  # two chairs
        [[1, 0], [0, 0, 0], [0, 0, 0, 0, 0]],  # approval: at least one
        [[1, 0], [0, 0, 0], [1, 1, 1, 1, 0]],  # approval: at most three
        [[2, 0], [0, 0, 0], [1, 0, 0, 0, 0]],  # a 2 in a box
        [[-1, 1], [0, 0, 0], [1, 0, 0, 0, 0]],  # a -1 in a box
        [[1, 0], [0, 0, 0]],  # a question missing
        [[1, 0], [0, 0], [1, 0, 0, 0, 0]],  # a selection missing
    ]
    out = run_booth(tmp_path, refuse=[{"seed": seed, "choices": c} for c in bad])

    assert [r["refused"] for r in out["refused"]] == [True] * len(bad), out["refused"]
    assert {r["error"] for r in out["refused"][:7]} == {"ProverError"}


def test_a_javascript_audited_ballot_opens_in_python(js: dict[str, Any]) -> None:
    for result, choices in zip(js["encrypted"], CHOICES, strict=True):
        signed = SignedBallot.from_json(result["signed"])
        opening = BallotOpening.from_json(result["opening"], specs=SPECS)
        opened = ballot_check_opening(
            ballot=signed.ballot, opening=opening, specs=SPECS, public_key=PUBLIC_KEY
        )
        assert [list(a) for a in opened] == choices


def test_a_javascript_opening_that_lies_fails_in_python(js: dict[str, Any]) -> None:
    result = js["encrypted"][0]
    signed = SignedBallot.from_json(result["signed"])
    lie = copy.deepcopy(result["opening"])
    lie["choices"][0] = [0, 1]  # it says "no", the ciphertexts say "yes"
    opening = BallotOpening.from_json(lie, specs=SPECS)

    with pytest.raises(VerificationError, match="does not open"):
        ballot_check_opening(
            ballot=signed.ballot, opening=opening, specs=SPECS, public_key=PUBLIC_KEY
        )


def _python_ballot(choices: list[list[int]]) -> tuple[SignedBallot, BallotOpening]:
    return ballot_encrypt_with_opening(
        choices=choices,
        specs=SPECS,
        public_key=PUBLIC_KEY,
        manifest_hash=MANIFEST_HASH,
        credential=nacl.signing.SigningKey(SEEDS[5]),
    )


def test_a_python_audited_ballot_opens_in_javascript(tmp_path: Path) -> None:
    made = [_python_ballot(c) for c in CHOICES[:2]]
    honest = [{"signed": s.to_json(), "opening": o.to_json()} for s, o in made]
    lie = copy.deepcopy(honest[1])
    lie["opening"]["choices"][2] = [0, 0, 1, 1, 1]
    other_randomness = copy.deepcopy(honest[0])
    other_randomness["opening"]["randomness"][1][0] = honest[1]["opening"]["randomness"][1][0]
    swapped = {"signed": honest[0]["signed"], "opening": honest[1]["opening"]}

    out = run_booth(
        tmp_path,
        open=[*honest, lie, other_randomness, swapped],
        verify=[s.to_json() for s, _ in made],
    )

    assert out["opened"][0] == {"ok": True, "choices": CHOICES[0]}
    assert out["opened"][1] == {"ok": True, "choices": CHOICES[1]}
    for failed in out["opened"][2:]:
        assert not failed["ok"]
        assert failed["error"] == "VerificationError"
    # The JavaScript verifier (for an audit device) accepts Python's ballots too.
    assert out["verified"] == [{"ok": True}, {"ok": True}]


def test_javascript_verification_refuses_a_ballot_python_refuses(tmp_path: Path) -> None:
    signed, _ = _python_ballot(CHOICES[0])
    altered = copy.deepcopy(signed.to_json())
    altered["ballot"]["questions"][2]["sum_proof"][0]["response"] = "00" * 32
    resigned = copy.deepcopy(signed.to_json())
    resigned["signature"] = "11" * 64

    out = run_booth(tmp_path, verify=[altered, resigned])

    assert [v["ok"] for v in out["verified"]] == [False, False]
    for bad in (altered, resigned):
        with pytest.raises(CryptoError):
            _verify(bad)


def test_a_canonical_ballot_is_the_same_object_in_both_directions(js: dict[str, Any]) -> None:
    ballot = EncryptedBallot.from_json(js["encrypted"][1]["signed"]["ballot"])
    assert json.loads(ballot.canonical_bytes()) == js["encrypted"][1]["signed"]["ballot"]
