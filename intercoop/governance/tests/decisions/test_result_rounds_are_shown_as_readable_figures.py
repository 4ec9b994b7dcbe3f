"""The rounds of a ranked count read as figures, not as engine internals: weighted counts as
percentages of the assembly's vote with two decimals, unweighted ones as whole numbers where
whole (else two decimals), and every note of a round (IRV, Scottish STV, Meek STV) with a label
and a formatted value, never a Python repr."""

from __future__ import annotations

from decimal import Decimal

from django.utils import translation

from intercoop.governance.selectors.decisions import _round_table, round_notes, vote_figure
from intercoop.governance.templatetags.governance_format import email_breaks

LABELS = {"priya": "Priya Raman", "marc": "Marc-André Lefebvre", "sam": "Samuel Nguyen"}
SCALE = 10**8


def test_weighted_figures_are_percentages_of_the_assembly() -> None:
    assert vote_figure("36000000.00000", SCALE) == Decimal("36.00")
    assert vote_figure(25000001, SCALE) == Decimal("25.00")
    assert vote_figure("12158640.00000", SCALE) == Decimal("12.16")


def test_unweighted_figures_are_whole_where_whole() -> None:
    assert vote_figure(5) == 5 and isinstance(vote_figure(5), int)
    assert vote_figure("12.00000") == 12
    assert vote_figure("4.33333") == Decimal("4.33")
    assert vote_figure(2.666666) == Decimal("2.67")


def test_scottish_stages_have_labelled_notes() -> None:
    stage = {
        "stage": 2,
        "action": "surplus",
        "candidate": "priya",
        "surplus": "10999999.00000",
        "total": "36000000.00000",
        "transfer_values": {"1.00000": "0.30555"},
        "lost_to_truncation": "199.00000",
        "non_transferable": "0.00000",
        "elected_last_vacancies": ["marc"],
        "tallies": {"priya": "25000001.00000", "marc": "23333200.00000"},
        "transfers": {"marc": "7333200.00000"},
    }
    with translation.override("en"):
        notes = dict(round_notes(stage, LABELS, SCALE))
        table = _round_table(stage, LABELS, SCALE)
    assert "Transfer of the surplus of Priya Raman" in notes
    assert notes["Surplus"] == "11.00\u00a0%"
    assert notes["Transfer value"] == "0.30555"
    assert notes["Elected to the last vacancies"] == "Marc-André Lefebvre"
    assert notes["Lost to truncation"] == "0.00\u00a0%"
    text = repr(notes)
    assert "{'" not in text.replace("{'Transfer", "") and "['" not in text
    assert table["rows"][1]["votes"] == "23.33\u00a0%" and table["rows"][1]["elected"]
    assert table["rows"][1]["transfer"] == "7.33\u00a0%"


def test_exclusion_marks_the_candidate_and_irv_and_meek_keys_are_labelled() -> None:
    with translation.override("en"):
        scottish = _round_table(
            {"stage": 4, "action": "exclusion", "candidate": "sam", "tallies": {"sam": "0.00000"}},
            LABELS,
        )
        irv = dict(
            round_notes(
                {
                    "round": 1,
                    "exhausted": 2,
                    "continuing_votes": 8,
                    "majority": 5,
                    "tie": {"candidates": ["sam", "marc"], "broken_by": "tie-break order"},
                    "transfers": {"priya": 1, "exhausted": 1},
                },
                LABELS,
            )
        )
        meek = dict(
            round_notes(
                {
                    "round": 1,
                    "iterations": 3,
                    "quota": 3.3333333,
                    "excess": 0.25,
                    "keep": {"priya": 0.7142857, "marc": 1.0},
                    "something_new": [1.5, "priya"],
                },
                LABELS,
            )
        )
    assert scottish["notes"][0] == ("Exclusion of Samuel Nguyen", "")
    assert scottish["rows"][0]["excluded"] and scottish["rows"][0]["votes"] == "0"
    assert irv["Majority needed to win"] == "5"
    assert irv["Transferred to no one (exhausted)"] == "1"
    assert "Tie between Samuel Nguyen, Marc-André Lefebvre, broken by the tie-break order" in irv
    assert meek["Quota"] == "3.33" and meek["Iterations"] == "3"
    assert meek["Keep values"] == "Priya Raman: 0.71429; Marc-André Lefebvre: 1.0"
    assert meek["Something new"] == "1.50, Priya Raman"


def test_emails_wrap_after_the_at_and_before_the_dots() -> None:
    assert str(email_breaks("a.b@demo.coop")) == "a.b@<wbr>demo<wbr>.coop"
    assert str(email_breaks("<x>@y.z")) == "&lt;x&gt;@<wbr>y<wbr>.z"
