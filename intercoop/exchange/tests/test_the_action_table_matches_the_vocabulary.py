"""The actions the core knows, with their process direction and resource effects, are those
all_vf.ttl defines, value for value."""

import re

import pytest

from intercoop.exchange.tests.valueflows_standard import ttl_kind, ttl_statements
from intercoop.exchange.valueflows.actions import ACTIONS, VfError, action_spec

PROPERTIES = {
    "input_output": "inputOutput",
    "pairs_with": "pairsWith",
    "create_resource": "createResource",
    "event_quantity": "eventQuantity",
    "accounting_effect": "accountingEffect",
    "onhand_effect": "onhandEffect",
    "location_effect": "locationEffect",
    "contained_effect": "containedEffect",
    "accountable_effect": "accountableEffect",
    "stage_effect": "stageEffect",
    "state_effect": "stateEffect",
}


def vocabulary_actions() -> dict[str, dict[str, str]]:
    actions = {}
    for term, body in ttl_statements().items():
        if "vf:Action" in ttl_kind(term):
            actions[term] = dict(re.findall(r"vf:(\w+)\s+vf:(\w+)\s*;", body))
    return actions


def test_every_action_of_the_vocabulary_is_known_and_no_other():
    assert set(ACTIONS) == set(vocabulary_actions())
    assert len(ACTIONS) == 19


@pytest.mark.parametrize("label", sorted(vocabulary_actions()))
def test_each_action_has_the_vocabularys_direction_and_effects(label):
    defined = vocabulary_actions()[label]
    spec = ACTIONS[label]
    for field, ttl_property in PROPERTIES.items():
        assert getattr(spec, field) == defined[ttl_property], (label, ttl_property)


def test_an_unknown_action_is_refused():
    with pytest.raises(VfError, match="not a Valueflows action"):
        action_spec("sell")
