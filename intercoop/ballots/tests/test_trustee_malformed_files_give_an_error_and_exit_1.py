"""Whatever a trustee is handed (not JSON, another file, another version, another election,
another trustee's file, a broken list), ``intercoop-trustee`` prints ``error: ...`` (no
traceback), exits 1, writes no output, and leaves the secret file as it was."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from intercoop.ballots.tests.records import other_hex, other_point
from intercoop.ballots.tests.test_trustee_helpers import (
    DESCRIPTION,
    Files,
    ceremony,
    deal_all,
    encrypted_sums,
    manifest_of,
    read_json,
    run,
    server_commitments,
    server_shares_for,
    start_all,
    write_tally,
)
from intercoop_tools.trustee.formats import description_file

Mutation = Callable[[Any], Any]


def raw(data: bytes) -> Mutation:
    return lambda _value: data


def edit(change: Callable[[Any], None]) -> Mutation:
    def mutate(value: Any) -> Any:
        changed = copy.deepcopy(value)
        change(changed)
        return changed

    return mutate


def setitem(path: tuple[Any, ...], new: object) -> Mutation:
    def change(value: Any) -> None:
        for key in path[:-1]:
            value = value[key]
        value[path[-1]] = new

    return edit(change)


def delitem(key: str) -> Mutation:
    return edit(lambda value: value.pop(key))


COMMON: dict[str, Mutation] = {
    "not JSON": raw(b"{not json"),
    "empty": raw(b""),
    "not UTF-8": raw(b"\xff\xfe{}"),
    "a list": raw(b"[]"),
    "duplicate keys": raw(b'{"format": 1, "format": 2}'),
    "NaN": raw(b'{"format": NaN}'),
    "wrong format": setitem(("format",), "intercoop-election-record"),
    "no format": delitem("format"),
    "version 2": setitem(("version",), 2),
    "version true": setitem(("version",), True),
    "version as text": setitem(("version",), "1"),
    "unknown key": setitem(("comment",), "hello"),
}


def check_refused(
    capsys: pytest.CaptureFixture[str], code: int, secret: Path, before: bytes | None, out: Path
) -> str:
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("error: ")
    assert "Traceback" not in err
    assert not out.exists()
    if before is None:
        assert not secret.exists()
    else:
        assert secret.read_bytes() == before
    return err


def write(path: Path, value: object) -> None:
    path.write_bytes(value if isinstance(value, bytes) else json.dumps(value).encode())


# --- start --------------------------------------------------------------------------------------

START_CASES: dict[str, Mutation] = {
    **COMMON,
    "trustee 4 of 3": setitem(("trustee",), 4),
    "trustee 0": setitem(("trustee",), 0),
    "trustee as text": setitem(("trustee",), "1"),
    "another description hash": edit(
        lambda v: v.__setitem__("description_hash", other_hex(v["description_hash"]))
    ),
    "a threshold above the trustees": setitem(("description", "threshold"), 4),
    "no description": delitem("description"),
    "a weight of zero": setitem(("description", "colleges", 0, "weight"), "0"),
}


@pytest.mark.parametrize("case", sorted(START_CASES))
def test_start_refuses_a_bad_description_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    files = Files(tmp_path)
    good = description_file(description=DESCRIPTION, trustee=1)
    write(files.description(1), START_CASES[case](good))
    files.secret(1).parent.mkdir()

    code = run(
        "start", files.description(1), "--secret", files.secret(1), "--out", files.commitment(1)
    )

    check_refused(capsys, code, files.secret(1), None, files.commitment(1))


def test_start_on_a_missing_file_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run(
        "start", tmp_path / "absent.json", "--secret", tmp_path / "s.json", "--out", tmp_path / "c"
    )

    err = check_refused(capsys, code, tmp_path / "s.json", None, tmp_path / "c")
    assert "cannot read the description file" in err


# --- shares -------------------------------------------------------------------------------------

SHARES_CASES: dict[str, Mutation] = {
    **COMMON,
    "the description file instead": lambda _value: description_file(
        description=DESCRIPTION, trustee=1
    ),
    "another election": edit(
        lambda v: v.__setitem__("description_hash", other_hex(v["description_hash"]))
    ),
    "two trustees only": edit(lambda v: v["trustees"].pop()),
    "trustees out of order": edit(lambda v: v["trustees"].reverse()),
    # C_0 is what the proof of knowledge covers (C_1 shows only in the shares, see
    # test_trustee_commitments_the_server_changes_are_refused.py).
    "a constant term changed": edit(
        lambda v: v["trustees"][2]["commitment"]["coefficients"].__setitem__(
            0, other_point(v["trustees"][2]["commitment"]["coefficients"][0])
        )
    ),
    "a box key not hex": setitem(("trustees", 1, "box_public_key"), "zz" * 32),
    "a box key of small order": setitem(("trustees", 1, "box_public_key"), "00" * 32),
    "two trustees with one box key": edit(
        lambda v: v["trustees"][2].__setitem__("box_public_key", v["trustees"][1]["box_public_key"])
    ),
}


@pytest.mark.parametrize("case", sorted(SHARES_CASES))
def test_shares_refuses_a_bad_commitments_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    files = start_all(tmp_path)
    good = server_commitments(files)
    write(files.commitments, SHARES_CASES[case](good))
    before = files.secret(1).read_bytes()
    capsys.readouterr()

    code = run("shares", files.commitments, "--secret", files.secret(1), "--out", files.shares(1))

    check_refused(capsys, code, files.secret(1), before, files.shares(1))


# --- finish -------------------------------------------------------------------------------------

FINISH_CASES: dict[str, Mutation] = {
    **COMMON,
    "another election": edit(
        lambda v: v.__setitem__("description_hash", other_hex(v["description_hash"]))
    ),
    "a dealer missing": edit(lambda v: v["shares"].pop()),
    "dealers out of order": edit(lambda v: v["shares"].reverse()),
    "a box not hex": setitem(("shares", 0, "box"), "not hex"),
    "a box too short": setitem(("shares", 0, "box"), "00" * 8),
    "a box too long": setitem(("shares", 0, "box"), "00" * 2000),
    "its own box": setitem(("shares", 0, "dealer"), 1),
}


@pytest.mark.parametrize("case", sorted(FINISH_CASES))
def test_finish_refuses_a_bad_shares_for_you_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    files = start_all(tmp_path)
    server_commitments(files)
    deal_all(files)
    server_shares_for(files)
    write(files.shares_for(1), FINISH_CASES[case](read_json(files.shares_for(1))))
    before = files.secret(1).read_bytes()
    capsys.readouterr()

    code = run(
        "finish", files.shares_for(1), "--secret", files.secret(1), "--out", files.confirmation(1)
    )

    check_refused(capsys, code, files.secret(1), before, files.confirmation(1))


def test_finish_refuses_another_trustees_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = start_all(tmp_path)
    server_commitments(files)
    deal_all(files)
    server_shares_for(files)
    before = files.secret(1).read_bytes()
    capsys.readouterr()

    code = run(
        "finish", files.shares_for(2), "--secret", files.secret(1), "--out", files.confirmation(1)
    )

    err = check_refused(capsys, code, files.secret(1), before, files.confirmation(1))
    assert "this file is for trustee 2, and you are trustee 1" in err


def test_finish_before_dealing_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = start_all(tmp_path)
    server_commitments(files)
    deal_all(files)
    server_shares_for(files)
    other = Files(tmp_path / "other")
    other.root.mkdir()
    start_all(other.root)
    before = other.secret(1).read_bytes()
    capsys.readouterr()

    # A trustee who has not dealt yet (another ceremony's secret, fresh from start).
    code = run(
        "finish", files.shares_for(1), "--secret", other.secret(1), "--out", other.confirmation(1)
    )

    check_refused(capsys, code, other.secret(1), before, other.confirmation(1))


# --- decrypt ------------------------------------------------------------------------------------

DECRYPT_CASES: dict[str, Mutation] = {
    **COMMON,
    "a wrong manifest hash": edit(
        lambda v: v.__setitem__("manifest_hash", other_hex(v["manifest_hash"]))
    ),
    "an unknown college": setitem(("colleges", 0, "college"), "college-9"),
    "a college twice": edit(lambda v: v["colleges"].append(v["colleges"][0])),
    "a question missing": edit(lambda v: v["colleges"][0]["questions"].pop()),
    "a ciphertext not a point": setitem(("colleges", 0, "questions", 0, 0, "alpha"), "ff" * 32),
}


def decrypt_setup(tmp_path: Path) -> Files:
    files = ceremony(tmp_path)
    manifest = manifest_of(files)
    sums = encrypted_sums(manifest.ceremony.public_key, [[[1, 0], [0, 1, 1, 0]]])
    write_tally(files, manifest, [("college-1", sums)])
    return files


@pytest.mark.parametrize("case", sorted(DECRYPT_CASES))
def test_decrypt_refuses_a_bad_tally_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    files = decrypt_setup(tmp_path)
    write(files.tally(), DECRYPT_CASES[case](read_json(files.tally())))
    before = files.secret(1).read_bytes()
    capsys.readouterr()

    code = run("decrypt", files.tally(), "--secret", files.secret(1), "--out", files.decryption(1))

    check_refused(capsys, code, files.secret(1), before, files.decryption(1))


def test_decrypt_refuses_a_tally_under_another_ceremonys_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = decrypt_setup(tmp_path)
    (tmp_path / "other").mkdir()
    manifest = manifest_of(ceremony(tmp_path / "other"))
    write_tally(files, manifest, [])
    before = files.secret(1).read_bytes()
    capsys.readouterr()

    code = run("decrypt", files.tally(), "--secret", files.secret(1), "--out", files.decryption(1))

    err = check_refused(capsys, code, files.secret(1), before, files.decryption(1))
    assert "joint public key is not the one your ceremony gave" in err


def test_decrypt_before_the_ceremony_is_finished_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = decrypt_setup(tmp_path)
    early = Files(tmp_path / "early")
    early.root.mkdir()
    start_all(early.root)
    before = early.secret(1).read_bytes()
    capsys.readouterr()

    code = run("decrypt", files.tally(), "--secret", early.secret(1), "--out", early.decryption(1))

    err = check_refused(capsys, code, early.secret(1), before, early.decryption(1))
    assert "not finished" in err


def test_a_secret_file_that_is_not_json_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = decrypt_setup(tmp_path)
    files.secret(1).write_text("{oops")
    capsys.readouterr()

    code = run("decrypt", files.tally(), "--secret", files.secret(1), "--out", files.decryption(1))

    err = check_refused(capsys, code, files.secret(1), b"{oops", files.decryption(1))
    assert "secret file" in err
