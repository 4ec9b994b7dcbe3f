"""Malformed input raises TallyError naming the line, never another exception."""

from __future__ import annotations

import pytest

from intercoop_tools.tally import TallyError, read_blt, read_csv

GOOD_TAIL = '0\n"A"\n"B"\n"t"\n'


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("", 1, "empty"),
        ("2\n", 1, "candidates seats"),
        ("two 1\n", 1, "whole number"),
        ("2 1\n1 1 2\n" + GOOD_TAIL, 2, "end with 0"),
        ("2 1\n1 1 3 0\n" + GOOD_TAIL, 2, "does not exist"),
        ("2 1\n1 1 1 0\n" + GOOD_TAIL, 2, "ranked twice"),
        ("2 1\n1 1 2 0\n0 1 0\n" + GOOD_TAIL, 3, "at least 1"),
        ("2 1\n1.5 1 0\n" + GOOD_TAIL, 2, "whole number"),
        ("2 1\n1 1=2 0\n" + GOOD_TAIL, 2, "equal rankings"),
        ("2 1\n-3\n1 1 0\n" + GOOD_TAIL, 2, "does not exist"),
        ("2 1\n1 1 0\n", 3, "not ended"),
        ('2 1\n1 1 0\n0\n"A"\n"B"\n', 6, "title"),
        ('2 1\n1 1 0\n0\n"A"\nB\n"t"\n', 5, "quoted name"),
        ('2 1\n1 1 0\n0\n"A"\n"A"\n"t"\n', 5, "twice"),
        ('2 1\n1 1 0\n0\n"A"\n"B"\n"t"\n"extra"\n', 7, "after the title"),
    ],
)
def test_a_malformed_blt_file_names_the_line(text: str, line: int, words: str) -> None:
    with pytest.raises(TallyError) as caught:
        read_blt(text)

    assert caught.value.line == line
    assert words in str(caught.value)
    assert str(caught.value).startswith(f"line {line}: ")


@pytest.mark.parametrize(
    ("text", "kind", "line", "words"),
    [
        ("1,A\nx,B\n", "plurality", 2, "whole number"),
        ("1,A\n0,B\n", "plurality", 2, "at least 1"),
        ("1,A\n1,A+B\n", "plurality", 2, "more than one"),
        ("1,A\n1,A,B\n", "approval", 2, "2 fields"),
        ("1,A+A\n", "approval", 1, "twice"),
        ("1,A:2\n", "approval", 1, "no scores"),
        ("1,A:2\n1,B\n", "score", 2, "no score"),
        ("1,A:x\n", "score", 1, "whole number"),
        ("1,A:-1\n", "score", 1, "negative"),
        ("1,A+\n", "approval", 1, "empty name"),
        ("candidates,A+B\n1,C\n", "plurality", 2, "not a declared"),
        ("1,A\ncandidates,A+B\n", "plurality", 2, "first row"),
        ('1,"A\n', "plurality", 1, "CSV"),
    ],
)
def test_a_malformed_csv_file_names_the_line(text: str, kind: str, line: int, words: str) -> None:
    with pytest.raises(TallyError) as caught:
        read_csv(text, kind)  # type: ignore[arg-type]

    assert caught.value.line == line
    assert words in str(caught.value)
