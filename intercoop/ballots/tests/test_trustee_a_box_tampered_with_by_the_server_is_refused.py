"""The shares travel through the server in authenticated boxes: a box the server altered, or
one it moved from another place, cannot be passed off as a dealer's share for you."""

from __future__ import annotations

from pathlib import Path

import pytest

from intercoop.ballots.tests.test_trustee_helpers import (
    DESCRIPTION_HASH,
    TRUSTEES,
    deal_all,
    finish,
    read_json,
    server_commitments,
    server_shares_for,
    start_all,
    write_json,
)
from intercoop_tools.trustee.ceremony import commitments_hash, parse_shares_file


def flip(hex_text: str, position: int) -> str:
    digit = hex_text[position]
    return hex_text[:position] + ("0" if digit != "0" else "1") + hex_text[position + 1 :]


@pytest.mark.parametrize("where", ["nonce", "ciphertext", "tag"])
def test_an_altered_box_cannot_be_opened(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str
) -> None:
    files = start_all(tmp_path)
    server_commitments(files)
    deal_all(files)
    server_shares_for(files)
    value = read_json(files.shares_for(1))
    box = value["shares"][1]["box"]  # dealer 3's box for trustee 1
    # nonce: bytes 0-23; the Poly1305 tag: bytes 24-39; then the encrypted share.
    position = {"nonce": 10, "tag": 2 * 24 + 4, "ciphertext": len(box) - 6}[where]
    value["shares"][1]["box"] = flip(box, position)
    write_json(files.shares_for(1), value)
    before = files.secret(1).read_bytes()
    capsys.readouterr()

    code = finish(files, 1)

    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("error: ")
    assert "the share from trustee 3 cannot be opened" in err
    assert "Traceback" not in err
    assert files.secret(1).read_bytes() == before
    assert not files.confirmation(1).exists()


def test_the_server_cannot_tell_an_altered_box_from_a_good_one(tmp_path: Path) -> None:
    """The server checks only the shape of a shares file: it cannot open the boxes."""
    files = start_all(tmp_path)
    commitments = server_commitments(files)
    deal_all(files)
    value = read_json(files.shares(2))
    value["shares"][0]["box"] = flip(value["shares"][0]["box"], 100)

    boxes = parse_shares_file(
        value,
        description_hash=DESCRIPTION_HASH,
        commitments_hash=commitments_hash(commitments["trustees"]),
        dealer=2,
        trustees=TRUSTEES,
    )

    assert sorted(boxes) == [1, 3]


def test_a_box_reflected_back_to_its_dealer_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A box between trustees 1 and 2 opens with either's secret key (it is one shared key).
    The server hands trustee 1, as "from trustee 2", the box trustee 1 itself sent to 2: it
    opens, but holds trustee 1's own share for 2, and is refused."""
    files = start_all(tmp_path)
    server_commitments(files)
    deal_all(files)
    server_shares_for(files)
    own_box_for_2 = read_json(files.shares(1))["shares"][0]
    assert own_box_for_2["recipient"] == 2
    value = read_json(files.shares_for(1))
    assert value["shares"][0]["dealer"] == 2
    value["shares"][0]["box"] = own_box_for_2["box"]
    write_json(files.shares_for(1), value)
    before = files.secret(1).read_bytes()
    capsys.readouterr()

    assert finish(files, 1) == 1

    err = capsys.readouterr().err
    assert "the box from trustee 2 holds the share of dealer 1 for trustee 2" in err
    assert files.secret(1).read_bytes() == before
