"""A member who votes in person overrides the proxy they gave."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from intercoop_tools.rules.proxies import effective_votes


def test_voting_in_person_takes_the_vote_back_from_the_holder() -> None:
    # given Ann and Cy gave their proxies to Bob
    proxies = {"ann": "bob", "cy": "bob"}

    # when Ann comes and votes herself, as does Bob
    votes = effective_votes({"ann", "bob"}, proxies)

    # then Ann casts her own vote, Bob his and Cy's
    assert votes == {"ann": "ann", "bob": "bob", "cy": "bob"}


def test_members_who_neither_vote_nor_give_a_proxy_are_absent() -> None:
    assert effective_votes(set(), {}) == {}


members = st.integers(0, 20)


@given(in_person=st.sets(members), proxies=st.dictionaries(members, members))
def test_each_vote_is_cast_once_by_the_member_or_their_holder(
    in_person: set[int], proxies: dict[int, int]
) -> None:
    votes = effective_votes(in_person, proxies)

    assert set(votes) == in_person | set(proxies)
    for member, caster in votes.items():
        assert caster == (member if member in in_person else proxies[member])
