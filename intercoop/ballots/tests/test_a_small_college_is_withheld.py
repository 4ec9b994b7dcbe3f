"""A college with fewer counted ballots than its minimum is withheld: its sums are on the record
but no decryption share, count or score of its own is published, and the verifier insists on
it."""

from __future__ import annotations

from intercoop.ballots.tests.records import (
    failed_checks,
    published_college,
    small_json,
    small_record,
    verify,
    withheld_college,
)


def test_the_withheld_college_has_no_published_counts() -> None:
    # given the simulation's third college, with 2 voters (minimum 5)
    record = small_json()
    college = withheld_college(record)
    minimum = {c["id"]: c["minimum_ballots"] for c in record["manifest"]["description"]["colleges"]}
    assert len(college["ballots"]) < minimum[college["college"]]
    # then only ciphertexts are published for it, and the result leaves it out
    for row in college["questions"]:
        for selection in row:
            assert set(selection) == {"ciphertext"}
    assert college["college"] in record["result"]["withheld"]
    assert college["college"] not in record["result"]["included"]
    assert small_record().result.withheld == (college["college"],)


def test_publishing_a_withheld_colleges_counts_is_rejected() -> None:
    record = small_json()
    college = withheld_college(record)
    for row in college["questions"]:
        for selection in row:
            selection["shares"] = []
            selection["count"] = 0
    assert "withheld" in failed_checks(verify(record))


def test_marking_a_withheld_college_as_published_is_rejected() -> None:
    record = small_json()
    withheld_college(record)["withheld"] = False
    assert "withheld" in failed_checks(verify(record))


def test_withholding_a_college_that_reached_its_minimum_is_rejected() -> None:
    record = small_json()
    college = published_college(record)
    college["withheld"] = True
    for row in college["questions"]:
        for selection in row:
            del selection["shares"], selection["count"]
    assert "withheld" in failed_checks(verify(record))
