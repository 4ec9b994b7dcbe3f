"""A complete simulated election (ceremony, roll, revotes, an absent trustee, a withheld
college) produces a record on which every check of the verifier passes."""

from __future__ import annotations

from intercoop.ballots.tests.records import SMALL, failed_checks, small_json, small_record, verify
from intercoop_tools.record.document import Record
from intercoop_tools.verify.report import CHECKS


def test_every_check_passes_on_an_honest_record() -> None:
    report = verify(small_json())
    assert failed_checks(report) == set()
    assert report.ok
    assert [line.split()[1].rstrip(":") for line in report.lines()] == list(CHECKS)


def test_verifying_in_two_processes_gives_the_same_report() -> None:
    assert verify(small_json(), jobs=2).lines() == verify(small_json(), jobs=1).lines()


def test_the_record_reflects_the_simulation() -> None:
    record = small_record()
    # given 12 voters of whom 3 revoted, when the board is read, then 15 ballots are on it and
    # the last ballot of each of the 12 credentials counts
    assert len(record.board) == SMALL["voters"] + SMALL["revotes"]
    assert sum(len(c.ballots) for c in record.tally.colleges) == SMALL["voters"]
    assert len(record.tally.trustees_present) == SMALL["trustees"] - SMALL["absent"]
    assert len(record.manifest.roll.credentials) == SMALL["voters"]
    # every published count is at most its college's number of ballots
    for college in record.tally.colleges:
        if not college.withheld:
            for row in college.counts():
                assert all(0 <= count <= len(college.ballots) for count in row)
            # yes/no has min = max = 1: every ballot selects exactly one of the two options
            assert sum(college.counts()[0]) == len(college.ballots)


def test_the_record_round_trips_through_its_json() -> None:
    value = small_json()
    assert Record.from_json(value).to_json() == value


def test_the_last_ballot_of_a_revoter_counts() -> None:
    record = small_record()
    credentials = [e.ballot.ballot.credential for e in record.board]
    counted = {i for c in record.tally.colleges for i in c.ballots}
    revoters = {c for c in credentials if credentials.count(c) > 1}
    assert len(revoters) == SMALL["revotes"]
    for credential in revoters:
        entries = [i for i, c in enumerate(credentials) if c == credential]
        assert entries[-1] in counted
        assert not counted & set(entries[:-1])
