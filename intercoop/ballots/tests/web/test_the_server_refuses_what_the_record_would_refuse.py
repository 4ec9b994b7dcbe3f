"""The server reads uploaded files with the tools' strict loader, and refuses to set up a
verifiable vote whose text the record's verifier would refuse: otherwise the election could
run and then never publish a record that verifies."""

from __future__ import annotations

import pytest

from intercoop.ballots import services
from intercoop.ballots.tests.web.conftest import World, make_decision
from intercoop.core.errors import ServiceError

pytestmark = pytest.mark.django_db


def test_an_upload_with_a_duplicate_key_is_refused_naming_the_key(world: World) -> None:
    election = services.election_of(make_decision(world))

    with pytest.raises(ServiceError) as refused:
        services.commitment_submit(
            election=election, by=world.alice, data=b'{"format": "a", "format": "b"}'
        )

    assert refused.value.code == "duplicate_key"
    assert "“format”" in refused.value.message


@pytest.mark.parametrize("data", [b'{"version": NaN}', b'{"a": Infinity}', b"{"])
def test_an_upload_that_is_not_json_is_refused(world: World, data: bytes) -> None:
    election = services.election_of(make_decision(world))

    with pytest.raises(ServiceError) as refused:
        services.commitment_submit(election=election, by=world.alice, data=data)

    assert refused.value.code == "not_json"


@pytest.mark.parametrize(
    ("question", "reason"),
    [
        ("Join the federation?\x07", "control character U+0007 is not allowed in text"),
        ("x" * 1001, "expected a string of at most 1000 characters"),
    ],
    ids=["control-character", "too-long"],
)
def test_a_question_the_record_would_refuse_cannot_be_set_up(
    world: World, question: str, reason: str
) -> None:
    decision = make_decision(world)
    decision.question = question
    decision.save(update_fields=["question"])
    election = services.election_of(decision)

    with pytest.raises(ServiceError) as refused:
        services.trustees_setup(election=election, by=world.alice, users=[world.alice], threshold=1)

    assert refused.value.code == "description_invalid"
    assert f"manifest.description.questions[0].text: {reason}" in refused.value.message


def test_a_question_on_several_lines_is_set_up(world: World) -> None:
    decision = make_decision(world)
    decision.question = "Join the federation?\r\n\r\nIts fee is\t€200 a year."
    decision.save(update_fields=["question"])
    election = services.election_of(decision)

    services.trustees_setup(election=election, by=world.alice, users=[world.alice], threshold=1)
