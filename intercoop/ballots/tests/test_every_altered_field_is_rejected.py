"""Mutation test: altering any single value of the record (a ballot, a proof, a signature, a
key, a commitment, a decryption share, a tally value, a weight, the result, the chain, the
manifest) makes the verifier fail, and fail the check that covers that value.

The mutations address the last question (and its last option), so that they apply to any
record with a revote and a withheld college: the Chromium election of
``tests/web/test_browser_verifiable_election.py`` runs them on its exported record too.

Each mutation puts a well-formed value in place of the honest one (another valid point, another
canonical scalar, another fraction), so that the semantic check, not the decoder, must catch it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from intercoop.ballots.tests.records import (
    failed_checks,
    other_hex,
    other_point,
    other_scalar,
    published_college,
    small_json,
    verify,
    withheld_college,
)
from intercoop_tools.record.document import record_dump
from intercoop_tools.record.encoding import entry_hash_of

Mutation = Callable[[dict[str, Any]], None]


def _ballot(r: dict[str, Any], entry: int = 0) -> dict[str, Any]:
    ballot: dict[str, Any] = r["board"]["entries"][entry]["ballot"]["ballot"]
    return ballot


def _selection(r: dict[str, Any], q: int = -1, s: int = 0) -> dict[str, Any]:
    selection: dict[str, Any] = _ballot(r)["questions"][q]["selections"][s]
    return selection


def _share(r: dict[str, Any]) -> dict[str, Any]:
    share: dict[str, Any] = published_college(r)["questions"][0][0]["shares"][0]
    return share


def _set(obj: dict[str, Any], key: str, change: Callable[[Any], Any]) -> None:
    before = obj[key]
    obj[key] = change(before)
    assert obj[key] != before


def _revoter_counts_its_first_ballot(r: dict[str, Any]) -> None:
    credentials = [e["ballot"]["ballot"]["credential"] for e in r["board"]["entries"]]
    last = max(i for i, c in enumerate(credentials) if credentials.count(c) > 1)
    first = credentials.index(credentials[last])
    for college in r["tally"]["colleges"]:
        if last in college["ballots"]:
            college["ballots"] = sorted([first, *(b for b in college["ballots"] if b != last)])
            return
    raise AssertionError("no revoter")


def _weight(r: dict[str, Any]) -> None:
    colleges = r["manifest"]["description"]["colleges"]
    _set(colleges[0], "weight", lambda w: "1/7" if w != "1/7" else "1/8")


def _swap_weights(r: dict[str, Any]) -> None:
    colleges = r["manifest"]["description"]["colleges"]
    a = colleges[0]
    b = next(c for c in colleges if c["weight"] != a["weight"])
    a["weight"], b["weight"] = b["weight"], a["weight"]
    assert a["weight"] != b["weight"]


def _score(r: dict[str, Any]) -> None:
    scores = r["result"]["questions"][-1]["scores"]
    scores[0] = "1" if scores[0] != "1" else "0"


def _drop_present_trustee(r: dict[str, Any]) -> None:
    r["tally"]["trustees_present"] = r["tally"]["trustees_present"][:1]


def _drop_share(r: dict[str, Any]) -> None:
    published_college(r)["questions"][0][0]["shares"].pop()


def _second_commitment(r: dict[str, Any]) -> None:
    coefficients = r["manifest"]["ceremony"]["commitments"][0]["coefficients"]
    coefficients[1] = other_point(coefficients[1])


def _first_commitment(r: dict[str, Any]) -> None:
    coefficients = r["manifest"]["ceremony"]["commitments"][1]["coefficients"]
    coefficients[0] = other_point(coefficients[0])


def _verification_key(r: dict[str, Any]) -> None:
    keys = r["manifest"]["ceremony"]["verification_keys"]
    keys[0] = other_point(keys[0])


def _unknown_college(r: dict[str, Any]) -> None:
    r["manifest"]["roll"]["credentials"][0]["college"] = "no-such-college"


def _credential_on_roll(r: dict[str, Any]) -> None:
    _set(r["manifest"]["roll"]["credentials"][0], "credential", other_point)


def _college_of_credential(r: dict[str, Any]) -> None:
    entry = r["manifest"]["roll"]["credentials"][0]
    others = [
        c["id"] for c in r["manifest"]["description"]["colleges"] if c["id"] != entry["college"]
    ]
    entry["college"] = others[0]


def _remove_entry(r: dict[str, Any]) -> None:
    r["board"]["entries"].pop(len(r["board"]["entries"]) // 2)


def _append_copy(r: dict[str, Any]) -> None:
    r["board"]["entries"].append(json.loads(json.dumps(r["board"]["entries"][0])))


def _replay_with_a_mended_chain(r: dict[str, Any]) -> None:
    """A voter's earlier ballot posted again at the end, the chain recomputed so that it links:
    only the repeated tracker gives it away (its signature and proofs are genuine)."""
    entries = r["board"]["entries"]
    copy = json.loads(json.dumps(entries[0]))
    copy["index"] = len(entries)
    copy["previous"] = entries[-1]["hash"]
    copy["hash"] = entry_hash_of(
        index=copy["index"],
        previous=bytes.fromhex(copy["previous"]),
        tracker=bytes.fromhex(copy["tracker"]),
    ).hex()
    entries.append(copy)
    r["board"]["head"] = copy["hash"]


#: (name, mutation, checks that must fail). Other checks may fail too: one altered value often
#: breaks several bindings (a ballot value breaks its tracker, its signature and its proofs).
MUTATIONS: list[tuple[str, Mutation, set[str]]] = [
    # ballots
    (
        "ballot ciphertext alpha",
        lambda r: _set(_selection(r)["ciphertext"], "alpha", other_point),
        {"ballots.proofs", "ballots.signatures", "board.trackers"},
    ),
    (
        "ballot ciphertext beta",
        lambda r: _set(_selection(r)["ciphertext"], "beta", other_point),
        {"ballots.proofs", "ballots.signatures"},
    ),
    (
        "selection proof challenge",
        lambda r: _set(_selection(r)["proof"][0], "challenge", other_scalar),
        {"ballots.proofs"},
    ),
    (
        "selection proof response",
        lambda r: _set(_selection(r)["proof"][1], "response", other_scalar),
        {"ballots.proofs"},
    ),
    (
        "selection proof commitment",
        lambda r: _set(_selection(r)["proof"][0], "commitment_b", other_point),
        {"ballots.proofs"},
    ),
    (
        "sum proof challenge",
        lambda r: _set(_ballot(r)["questions"][-1]["sum_proof"][0], "challenge", other_scalar),
        {"ballots.proofs"},
    ),
    (
        "ballot signature",
        lambda r: _set(r["board"]["entries"][0]["ballot"], "signature", other_hex),
        {"ballots.signatures", "board.trackers"},
    ),
    (
        "ballot manifest hash",
        lambda r: _set(_ballot(r), "manifest_hash", other_hex),
        {"ballots.proofs"},
    ),
    ("ballot credential", lambda r: _set(_ballot(r), "credential", other_point), {"ballots.roll"}),
    # roll
    ("credential key on the roll", _credential_on_roll, {"manifest.hash", "ballots.roll"}),
    ("college of a credential", _college_of_credential, {"manifest.hash", "ballots.counted"}),
    ("a credential in an unknown college", _unknown_college, {"manifest.hash", "roll"}),
    ("roll hash", lambda r: _set(r["manifest"]["roll"], "hash", other_hex), {"manifest.hash"}),
    # ceremony
    (
        "dealer constant commitment",
        _first_commitment,
        {"ceremony.proofs", "manifest.hash"},
    ),
    (
        "dealer higher commitment",
        _second_commitment,
        {"ceremony.verification_keys", "manifest.hash"},
    ),
    (
        "dealer proof response",
        lambda r: _set(
            r["manifest"]["ceremony"]["commitments"][2]["proof"], "response", other_scalar
        ),
        {"ceremony.proofs"},
    ),
    ("trustee verification key", _verification_key, {"ceremony.verification_keys"}),
    (
        "joint public key",
        lambda r: _set(r["manifest"]["ceremony"], "public_key", other_point),
        {"ceremony.joint_key", "ballots.proofs"},
    ),
    (
        "ceremony context",
        lambda r: _set(r["manifest"]["ceremony"], "context", other_hex),
        {"ceremony.context", "ceremony.proofs"},
    ),
    # decryption
    (
        "decryption share point",
        lambda r: _set(_share(r), "point", other_point),
        {"decryption.shares"},
    ),
    (
        "decryption share proof challenge",
        lambda r: _set(_share(r)["proof"], "challenge", other_scalar),
        {"decryption.shares"},
    ),
    (
        "decryption share proof response",
        lambda r: _set(_share(r)["proof"], "response", other_scalar),
        {"decryption.shares"},
    ),
    (
        "decryption share proof commitment",
        lambda r: _set(_share(r)["proof"], "commitment_h", other_point),
        {"decryption.shares"},
    ),
    ("an absent trustee's share", _drop_share, {"decryption.trustees"}),
    ("fewer trustees than the threshold", _drop_present_trustee, {"decryption.trustees"}),
    # tally
    (
        "tally ciphertext alpha",
        lambda r: _set(
            published_college(r)["questions"][-1][-1]["ciphertext"], "alpha", other_point
        ),
        {"tally.sums", "decryption.shares"},
    ),
    (
        "tally ciphertext beta",
        lambda r: _set(
            published_college(r)["questions"][-1][-1]["ciphertext"], "beta", other_point
        ),
        {"tally.sums", "decryption.counts"},
    ),
    (
        "withheld college's ciphertext",
        lambda r: _set(withheld_college(r)["questions"][0][0]["ciphertext"], "beta", other_point),
        {"tally.sums"},
    ),
    (
        "decrypted count",
        lambda r: _set(published_college(r)["questions"][0][1], "count", lambda c: c + 1),
        {"decryption.counts", "result"},
    ),
    ("counted ballots (revoting)", _revoter_counts_its_first_ballot, {"ballots.counted"}),
    (
        "revoting switched off",
        lambda r: _set(r["manifest"]["description"], "revoting", lambda v: not v),
        {"ballots.counted", "manifest.hash"},
    ),
    # colleges, weights and the result
    ("college weight", _weight, {"weights", "manifest.hash", "result"}),
    ("college weights swapped", _swap_weights, {"manifest.hash", "result"}),
    (
        "college minimum",
        lambda r: _set(r["manifest"]["description"]["colleges"][2], "minimum_ballots", lambda m: 1),
        {"manifest.hash", "withheld"},
    ),
    ("weighted result score", _score, {"result"}),
    (
        "result's withheld list",
        lambda r: r["result"].update(withheld=[]),
        {"result"},
    ),
    # board chain
    (
        "entry chain hash",
        lambda r: _set(r["board"]["entries"][3], "hash", other_hex),
        {"board.chain"},
    ),
    (
        "entry link",
        lambda r: _set(r["board"]["entries"][4], "previous", other_hex),
        {"board.chain"},
    ),
    (
        "entry tracker",
        lambda r: _set(r["board"]["entries"][5], "tracker", other_hex),
        {"board.chain", "board.trackers"},
    ),
    (
        "entry index",
        lambda r: _set(r["board"]["entries"][2], "index", lambda i: i + 1),
        {"board.chain"},
    ),
    ("board head", lambda r: _set(r["board"], "head", other_hex), {"board.chain"}),
    ("a ballot removed", _remove_entry, {"board.chain", "ballots.counted"}),
    ("a ballot replayed", _append_copy, {"board.chain"}),
    ("a ballot replayed with its chain mended", _replay_with_a_mended_chain, {"board.trackers"}),
    # manifest
    (
        "manifest title",
        lambda r: _set(r["manifest"]["description"], "title", lambda t: t + "!"),
        {"manifest.hash", "ceremony.context"},
    ),
    (
        "question maximum",
        lambda r: _set(
            r["manifest"]["description"]["questions"][1], "max_selected", lambda m: m + 1
        ),
        {"manifest.hash", "ballots.proofs"},
    ),
    ("stated manifest hash", lambda r: _set(r, "manifest_hash", other_hex), {"manifest.hash"}),
    # format and encodings
    ("format version", lambda r: _set(r, "version", lambda v: v + 1), {"format"}),
    (
        "a point that is not in the group",
        lambda r: _set(_selection(r)["ciphertext"], "alpha", lambda _: "00" * 32),
        {"encodings"},
    ),
    (
        "a non-canonical scalar",
        lambda r: _set(_share(r)["proof"], "response", lambda _: "ff" * 32),
        {"encodings"},
    ),
]


@pytest.mark.parametrize(
    ("mutation", "expected"), [(m, e) for _, m, e in MUTATIONS], ids=[n for n, _, _ in MUTATIONS]
)
def test_altering_one_value_fails_the_check_that_covers_it(
    mutation: Mutation, expected: set[str]
) -> None:
    # given an honest record, when one value is altered and the record re-serialised
    record = small_json()
    mutation(record)
    record = json.loads(json.dumps(record))
    # then the verifier fails, naming the check that covers the value
    report = verify(record)
    assert not report.ok
    assert expected <= failed_checks(report), report.lines()


def test_the_installed_command_rejects_an_altered_record(tmp_path: Path) -> None:
    good, bad = tmp_path / "good.json.gz", tmp_path / "bad.json"
    record = small_json()
    record_dump(record, good)
    _set(_share(record), "point", other_point)
    record_dump(record, bad)
    command = Path(sys.executable).parent / "intercoop-verify"

    ok = subprocess.run(  # noqa: S603 - our own interpreter and command
        [command, good], capture_output=True, text=True, check=False
    )
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "FAIL" not in ok.stdout

    failed = subprocess.run(  # noqa: S603 - our own interpreter and command
        [command, "--jobs", "2", bad], capture_output=True, text=True, check=False
    )
    assert failed.returncode == 1
    assert "FAIL decryption.shares:" in failed.stdout
    assert "PASS ballots.proofs:" in failed.stdout
