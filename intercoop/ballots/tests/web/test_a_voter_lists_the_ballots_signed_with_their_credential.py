"""On the public board, anyone lists the ballots signed with a credential's public key: an
abstainer sees that nobody voted in their name, a revoter sees both ballots and which counts,
and a key that is not on the roll is refused."""

from __future__ import annotations

from pathlib import Path

import nacl.signing
import pytest
from django.test import Client

from intercoop.ballots import services
from intercoop.ballots.tests.web.conftest import (
    World,
    cast,
    ceremony,
    credentials_from_mail,
    make_decision,
)
from intercoop_tools.credentials import credential_seed

pytestmark = pytest.mark.django_db


def _section(html: bytes) -> str:
    """The board page's "ballots signed with your credential" section."""
    text = html.decode()
    start = text.index('id="by-credential"')
    return text[start : text.index("</section>", start)]


def _public(code: str) -> str:
    return bytes(nacl.signing.SigningKey(credential_seed(code)).verify_key).hex()


def test_the_board_lists_a_credentials_ballots(world: World, tmp_path: Path) -> None:
    decision = make_decision(world)
    election = services.election_of(decision)
    trustees = [world.alice, world.g.personas.bob]
    services.trustees_setup(election=election, by=world.alice, users=trustees, threshold=2)
    ceremony(election, trustees, tmp_path)
    services.election_open(election=election, by=world.alice)
    codes = credentials_from_mail()
    alice, bob = world.alice, world.g.personas.bob
    first, _ = cast(election, alice, codes[alice.email], [1, 0])
    last, _ = cast(election, alice, codes[alice.email], [0, 1])
    board = f"/en/orgs/{decision.organization.slug}/decisions/{decision.pk}/election/board/"
    anyone = Client()

    revoter = _section(anyone.get(board, {"credential": _public(codes[alice.email])}).content)
    assert first in revoter and last in revoter
    assert revoter.index(first) < revoter.index(last) < revoter.index("the one that counts")

    abstainer = _section(anyone.get(board, {"credential": _public(codes[bob.email])}).content)
    assert "No ballot on the board is signed with this credential." in abstainer
    assert first not in abstainer

    stranger = bytes(nacl.signing.SigningKey.generate().verify_key).hex()
    refused = _section(anyone.get(board, {"credential": stranger}).content)
    assert "This is not the public key of a credential on this election's roll." in refused
    garbage = _section(anyone.get(board, {"credential": "not hex"}).content)
    assert "This is not the public key of a credential" in garbage
