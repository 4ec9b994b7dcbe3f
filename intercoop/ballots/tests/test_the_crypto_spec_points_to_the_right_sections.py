"""docs/ballots-crypto.md sends its reader to the section that holds what it names: the label
``ballot-signature`` to the ballot signature (section 5, not 7 as version 1 said), and it
states the Ed25519 verification rules that
``test_ballot_signatures_follow_libsodiums_verification_rules.py`` pins."""

from __future__ import annotations

import re
from pathlib import Path

SPEC = (Path(__file__).resolve().parents[3] / "docs" / "ballots-crypto.md").read_text()


def _section(number: int) -> str:
    start = SPEC.index(f"\n## {number}. ")
    end = SPEC.find("\n## ", start + 1)
    return SPEC[start : end if end != -1 else None]


def test_the_signature_label_points_to_the_section_that_defines_the_signature() -> None:
    pointer = re.search(r"`ballot-signature` \(section (\d+)\)", _section(3))
    assert pointer is not None
    target = _section(int(pointer.group(1)))

    assert 'F("ballot-signature")' in target
    assert "signature is Ed25519 by the credential" in target


def test_the_ed25519_rules_are_stated() -> None:
    rules = _section(5)

    for statement in ("`S < L`", "small order", "**cofactorless**", "crypto_sign_open"):
        assert statement in rules
