"""``intercoop-credentials letters`` prints a credential letter for each voter the authority
cannot email (or every voter, with ``--all``), from the files ``make`` wrote: each letter's code
derives the public key the keys file lists for its voter; the file is secret (0600), never
replaces another, and nothing is written from a codes CSV of another run."""

from __future__ import annotations

import html
import re
import stat
from pathlib import Path

import nacl.signing
import pytest

from intercoop.ballots.tests.test_credentials_helpers import (
    VOTERS,
    read_json,
    run,
    server_reads,
    server_voters_file,
)
from intercoop_tools.credentials import credential_seed

BOOTH = "https://vote.example.org/en/orgs/coop-a/decisions/7/election/vote/"
LETTER = re.compile(
    r'<section class="letter" id="voter-(\d+)">.*?<strong class="name">(.*?)</strong>'
    r'.*?<p class="code">([A-Z2-7-]+)</p>.*?</section>',
    re.S,
)


def _made(tmp_path: Path) -> tuple[Path, Path, Path]:
    voters, keys, codes = server_voters_file(tmp_path), tmp_path / "keys.json", tmp_path / "c.csv"
    assert run("make", voters, "--keys", keys, "--codes", codes) == 0
    return voters, keys, codes


def _letters(tmp_path: Path, *extra: object, out: str = "letters.html") -> tuple[int, Path]:
    voters, keys, codes = (tmp_path / "voters.json", tmp_path / "keys.json", tmp_path / "c.csv")
    path = tmp_path / out
    argv = ["letters", voters, "--keys", keys, "--codes", codes, "--out", path]
    return run(*argv, "--booth-url", BOOTH, "--title", "Join the federation", *extra), path


def _printed(path: Path) -> dict[int, tuple[str, str]]:
    """voter -> (name, code) of each letter in the file."""
    return {
        int(voter): (html.unescape(name), code)
        for voter, name, code in LETTER.findall(path.read_text())
    }


def _key_of(code: str) -> bytes:
    return bytes(nacl.signing.SigningKey(credential_seed(code)).verify_key)


def test_a_letter_for_each_voter_without_email_whose_code_derives_their_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _voters, keys, _codes = _made(tmp_path)
    capsys.readouterr()

    status, path = _letters(tmp_path)

    assert status == 0
    listed = server_reads(read_json(keys))
    printed = _printed(path)
    without_email = [v for v in VOTERS if not v["email"]]
    assert sorted(printed) == sorted(v["voter"] for v in without_email) == [23]
    for voter in without_email:
        name, code = printed[voter["voter"]]
        assert name == voter["name"]
        assert _key_of(code) == listed[voter["voter"]]
    text = path.read_text()
    assert BOOTH in text
    assert "Join the federation" in text
    assert '<html lang="en">' in text
    assert "@media print" in text
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    out = capsys.readouterr().out
    assert f"1 letter(s) for election coop-vote written to {path}" in out
    assert "SECRET" in out


def test_all_prints_a_letter_for_every_voter_in_the_chosen_language(tmp_path: Path) -> None:
    _voters, keys, _codes = _made(tmp_path)

    status, path = _letters(tmp_path, "--all", "--language", "fr")

    assert status == 0
    listed = server_reads(read_json(keys))
    printed = _printed(path)
    assert sorted(printed) == sorted(v["voter"] for v in VOTERS)
    for voter in VOTERS:
        name, code = printed[voter["voter"]]
        assert name == voter["name"]  # quotes and accents, escaped and read back whole
        assert _key_of(code) == listed[voter["voter"]]
    text = path.read_text()
    assert '<html lang="fr">' in text
    assert "Votre code de vote" in text
    assert "Your voting credential" not in text


def test_an_existing_file_is_not_replaced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _made(tmp_path)
    (tmp_path / "letters.html").write_text("kept")

    status, path = _letters(tmp_path)

    assert status == 1
    assert path.read_text() == "kept"
    assert "already exists" in capsys.readouterr().err


def test_codes_of_another_run_are_refused_and_nothing_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    voters, _keys, codes = _made(tmp_path)
    # a second run's codes, with the first run's keys (the ones handed in)
    assert run("make", voters, "--keys", tmp_path / "k2.json", "--codes", tmp_path / "c2.csv") == 0
    codes.unlink()
    (tmp_path / "c2.csv").rename(codes)
    capsys.readouterr()

    status, path = _letters(tmp_path)

    assert status == 1
    assert not path.exists()
    assert "different runs of make" in capsys.readouterr().err


def test_without_a_voter_to_write_to_nothing_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # every voter with an address: only --all prints letters
    monkeypatch.setitem(VOTERS[3], "email", "dan@example.org")
    _made(tmp_path)
    capsys.readouterr()

    status, path = _letters(tmp_path)

    assert status == 1
    assert not path.exists()
    assert "every voter has an email address" in capsys.readouterr().err
    assert _letters(tmp_path, "--all")[0] == 0


def test_the_booth_address_must_be_a_web_address(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    voters, keys, codes = _made(tmp_path)
    path = tmp_path / "letters.html"

    status = run(
        "letters", voters, "--keys", keys, "--codes", codes, "--out", path, "--booth-url", "vote"
    )

    assert status == 1
    assert not path.exists()
    assert "--booth-url" in capsys.readouterr().err
