"""When every college is withheld nothing is decrypted, and no decryption share is published;
``trustees_present`` still names the trustees who took part in the decryption step (at least t,
distinct and ascending), as docs/election-record.md section 2.3 says. Nothing in the record
proves it then: the verifier checks its form only."""

from __future__ import annotations

from intercoop.ballots.tests.records import failed_checks, verify
from intercoop_tools.simulate import simulate


def _all_withheld() -> dict:
    # 6 voters in 2 colleges, each below a minimum of 10 ballots; 3 trustees, t = 2, 1 absent
    record = simulate(
        voters=6, trustees=3, threshold=2, colleges=2, absent=1, seed=7, jobs=1, minimum_ballots=10
    )
    return record.to_json()


def test_every_college_withheld_still_lists_t_present_trustees() -> None:
    record = _all_withheld()

    assert all(c["withheld"] for c in record["tally"]["colleges"])
    assert record["result"]["included"] == [] and record["result"]["questions"] == []
    assert len(record["tally"]["trustees_present"]) == 2
    report = verify(record)
    assert report.ok, report.lines()
    assert "PASS decryption.shares: 0 decryption shares verified" in report.lines()


def test_fewer_than_t_present_trustees_fail_even_with_nothing_decrypted() -> None:
    record = _all_withheld()
    record["tally"]["trustees_present"] = record["tally"]["trustees_present"][:1]

    report = verify(record)

    assert failed_checks(report) == {"decryption.trustees"}
    assert any("1 trustee(s) present, 2 needed" in line for line in report.lines())
