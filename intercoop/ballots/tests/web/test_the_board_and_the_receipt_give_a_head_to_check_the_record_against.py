"""The board's chain alone cannot show that an entry was removed: a board rebuilt without it
chains just as well. So the public board page shows its head with its number of entries
(``HEAD@N``), the voter's receipt (the board page the booth sends them to) shows the head just
after their ballot, and ``intercoop-verify --expect-head`` checks the published record against
both; a record rebuilt without the voter's ballot fails that check while its chain passes."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from django.test import Client

from intercoop.ballots import selectors, services
from intercoop.ballots.tests.web.conftest import (
    World,
    cast,
    ceremony,
    credentials_from_mail,
    decrypt,
    make_decision,
)
from intercoop_tools.record.encoding import entry_hash_of
from intercoop_tools.verify.record import verify_record
from intercoop_tools.verify.report import parse_expected_head

pytestmark = pytest.mark.django_db

NOTED = re.compile(r"--expect-head ([0-9a-f]{64}@[0-9]+)")


def _noted(page: bytes, section: str) -> list[str]:
    """The heads to note in one section of the board page (``lookup``: the receipt; ``manifest``:
    the board as a whole)."""
    text = html.unescape(page.decode())
    start = text.index(f'id="{section}"')
    return NOTED.findall(text[start : text.index("</section>", start)])


def _without_entry(record: dict, position: int) -> dict:
    """The record with one board entry left out and the chain recomputed, as a server that
    drops a ballot would publish it."""
    entries = [e for i, e in enumerate(record["board"]["entries"]) if i != position]
    previous = record["manifest_hash"]
    for index, entry in enumerate(entries):
        entry["index"] = index
        entry["previous"] = previous
        previous = entry_hash_of(
            index=index, previous=bytes.fromhex(previous), tracker=bytes.fromhex(entry["tracker"])
        ).hex()
        entry["hash"] = previous
    record["board"] = {"entries": entries, "head": previous}
    return record


def test_the_noted_heads_check_the_record(world: World, tmp_path: Path) -> None:
    # given an open vote on which Alice, then Bob, cast a ballot
    decision = make_decision(world)
    election = services.election_of(decision)
    alice, bob = world.alice, world.g.personas.bob
    trustees = [alice, bob]
    services.trustees_setup(election=election, by=alice, users=trustees, threshold=2)
    secrets = ceremony(election, trustees, tmp_path)
    services.election_open(election=election, by=alice)
    codes = credentials_from_mail()
    board = f"/en/orgs/{decision.organization.slug}/decisions/{decision.pk}/election/board/"
    anyone = Client()
    empty = _noted(anyone.get(board).content, "manifest")
    alice_tracker, _ = cast(election, alice, codes[alice.email], [1, 0])
    cast(election, bob, codes[bob.email], [0, 1])

    # when Alice looks at her receipt and anyone at the board page
    receipt = _noted(anyone.get(board, {"tracker": alice_tracker}).content, "lookup")
    page = _noted(anyone.get(board).content, "manifest")

    # then the receipt gives the head just after her ballot, the page the current head
    last = selectors.board_entries(election).order_by("index").last()
    assert last is not None
    assert empty == [f"{election.manifest_hash}@0"]
    first = selectors.find_tracker(election, alice_tracker)
    assert receipt == [f"{first['hash']}@1"]
    assert page == [f"{last.hash}@2"]

    services.election_close(election=election, by=alice)
    for user, index in ((alice, 1), (bob, 2)):
        decrypt(election, user, secrets[index], tmp_path)
    services.election_publish(election=election, by=alice)
    election.refresh_from_db()
    record = selectors.public_download(election, "record.json")
    assert isinstance(record, dict)
    heads = [parse_expected_head(h) for h in (*empty, receipt[0], page[0])]

    # the published record has every noted head
    honest = verify_record(record, expected_heads=heads)
    assert honest.ok, honest.lines()
    assert "PASS board.expected_head" in "\n".join(honest.lines())

    # and a record without Alice's ballot chains, but not through her receipt's head
    altered = verify_record(_without_entry(record, 0), expected_heads=heads)
    lines = "\n".join(altered.lines())
    assert "PASS board.chain" in lines
    assert f"FAIL board.expected_head: {receipt[0]}: after 1 entry the head is" in lines
