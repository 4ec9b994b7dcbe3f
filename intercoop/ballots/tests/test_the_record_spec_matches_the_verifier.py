"""docs/election-record.md matches ``intercoop-verify``: its version is the one written, its
check table lists the printed checks in order, its table of failures names every check, and
what it says of ``ceremony.proofs`` (the binding is the dealer's number, ``u32(i + 1)``) is
what the code does."""

from __future__ import annotations

import re
from pathlib import Path

from intercoop.ballots.tests.records import small_record
from intercoop_tools.crypto.dkg import verify_dealer_commitment
from intercoop_tools.crypto.errors import VerificationError
from intercoop_tools.crypto.proofs import verify_key_possession
from intercoop_tools.crypto.transcript import Context, u32
from intercoop_tools.record.encoding import VERSION
from intercoop_tools.verify.report import EXPECTED_HEAD, checks_of_run

SPEC = (Path(__file__).resolve().parents[3] / "docs" / "election-record.md").read_text()


def _section(title: str) -> str:
    start = SPEC.index(title)
    end = SPEC.find("\n## ", start + len(title))
    return SPEC[start : end if end != -1 else None]


def test_the_spec_is_of_the_version_written() -> None:
    assert SPEC.splitlines()[0].endswith(f"specification, version {VERSION}")
    assert f'"version": {VERSION},' in _section("## 2. The record")
    assert f"- **{VERSION}** (this document)" in _section("## 7. Versions")


def test_the_check_table_lists_the_printed_checks_in_order() -> None:
    checks = _section("## 3. What the verifier checks").split("### 3.1")[0]
    names = re.findall(r"^\| `([a-z._]+)` \|", checks, flags=re.MULTILINE)

    assert tuple(names) == checks_of_run(expected_heads=True)


def test_the_table_of_failures_names_every_check() -> None:
    failures = _section("### 3.1 Which check reports each failure")
    reported = set(re.findall(r"^\|[^|]+\| `([a-z._]+)`", failures, flags=re.MULTILINE))

    assert reported == set(checks_of_run(expected_heads=True))
    assert EXPECTED_HEAD in reported
    assert "exit status 2" in failures


def test_the_ceremony_binding_is_the_dealers_number_as_the_spec_says() -> None:
    record = small_record()
    ceremony = record.manifest.ceremony
    context = Context(ceremony.context)
    params = record.manifest.description.params()
    assert "binding `u32(i + 1)`" in _section("## 3. What the verifier checks")

    for i, commitment in enumerate(ceremony.commitments):
        assert commitment.dealer == i + 1
        verify_dealer_commitment(params=params, commitment=commitment, context=context)
        verify_key_possession(
            commitment.coefficients[0], commitment.proof, context.bound_to(u32(i + 1))
        )
        try:
            verify_key_possession(
                commitment.coefficients[0], commitment.proof, context.bound_to(u32(i))
            )
        except VerificationError:
            continue
        raise AssertionError(f"commitments[{i}]'s proof verifies with binding u32({i})")
