"""An event changes the quantities, accountable agent, state and containment of the resources it
names as its action's effects in all_vf.ttl say; replayed on the worked examples that show a
resource before and after, it gives their "after"."""

from decimal import Decimal

import pytest

from intercoop.exchange.tests.valueflows_standard import example
from intercoop.exchange.valueflows.actions import VfError
from intercoop.exchange.valueflows.effects import apply_event
from intercoop.exchange.valueflows.jsonld_import import from_jsonld
from intercoop.exchange.valueflows.model import EconomicEvent, EconomicResource, Measure


def kg(n):
    return Measure(Decimal(n), "kilogram")


def pair():
    return {
        "a": EconomicResource(
            "a",
            "spec",
            accounting_quantity=kg(10),
            onhand_quantity=kg(10),
            primary_accountable="ann",
        ),
        "b": EconomicResource(
            "b", "spec", accounting_quantity=kg(1), onhand_quantity=kg(1), primary_accountable="bob"
        ),
    }


def quantities(resources: dict[str, EconomicResource]) -> dict[str, tuple[Decimal, Decimal]]:
    return {
        k: (q(r.accounting_quantity), q(r.onhand_quantity)) for k, r in sorted(resources.items())
    }


def q(measure: Measure | None) -> Decimal:
    assert measure is not None
    return measure.has_numerical_value


@pytest.mark.parametrize(
    ("action", "to", "after"),
    [
        ("consume", None, {"a": (7, 7)}),
        ("produce", None, {"a": (13, 13)}),
        ("raise", None, {"a": (13, 13)}),
        ("lower", None, {"a": (7, 7)}),
        ("accept", None, {"a": (10, 7)}),
        ("modify", None, {"a": (10, 13)}),
        ("pickup", None, {"a": (10, 7)}),
        ("dropoff", None, {"a": (10, 13)}),
        ("combine", None, {"a": (10, 7)}),
        ("separate", None, {"a": (10, 13)}),
        ("transfer", "b", {"a": (7, 7), "b": (4, 4)}),
        ("move", "b", {"a": (7, 7), "b": (4, 4)}),
        ("transferAllRights", "b", {"a": (7, 10), "b": (4, 1)}),
        ("transferCustody", "b", {"a": (10, 7), "b": (1, 4)}),
        ("copy", "b", {"b": (4, 4)}),
        ("use", None, {}),
        ("cite", None, {}),
        ("work", None, {}),
        ("deliverService", None, {}),
    ],
)
def test_each_action_moves_the_quantities_its_effects_name(action, to, after):
    event = EconomicEvent("e", action, "ann", "bob", "a", to, resource_quantity=kg(3))
    changed = apply_event(event, pair())
    assert quantities({k: v for k, v in changed.items() if v != pair()[k]}) == {
        k: (Decimal(x), Decimal(y)) for k, (x, y) in after.items()
    }


def test_a_transfer_makes_the_receiver_accountable_and_a_custody_transfer_does_not():
    transfer = apply_event(
        EconomicEvent("e", "transfer", "ann", "bob", "a", "b", resource_quantity=kg(3)), pair()
    )
    custody = apply_event(
        EconomicEvent("e", "transferCustody", "ann", "cy", "a", "b", resource_quantity=kg(3)),
        pair(),
    )
    assert transfer["b"].primary_accountable == "bob"
    assert custody["b"].primary_accountable == "bob"  # unchanged: custody only
    assert (
        apply_event(
            EconomicEvent("e", "transferAllRights", "ann", "cy", "a", "b", resource_quantity=kg(3)),
            pair(),
        )["b"].primary_accountable
        == "cy"
    )


def test_a_produced_resource_is_created_for_its_producer():
    (made,) = apply_event(
        EconomicEvent(
            "e", "produce", "co", "co", "new", resource_conforms_to="bread", resource_quantity=kg(5)
        ),
        {},
    ).values()
    assert made == EconomicResource(
        "new", "bread", accounting_quantity=kg(5), onhand_quantity=kg(5), primary_accountable="co"
    )


def test_a_state_and_a_separation_are_recorded():
    tested = apply_event(
        EconomicEvent("e", "modify", "co", "co", "a", state="pass", resource_quantity=kg(0)), pair()
    )
    assert tested["a"].state == "pass"
    packed = {"g": EconomicResource("g", contained_in="bag")}
    assert (
        apply_event(EconomicEvent("e", "separate", "co", "co", "g"), packed)["g"].contained_in
        is None
    )


def test_units_that_differ_are_refused():
    event = EconomicEvent(
        "e", "consume", "co", "co", "a", resource_quantity=Measure(Decimal(1), "litre")
    )
    with pytest.raises(VfError, match="counted in kilogram, the event in litre"):
        apply_event(event, pair())


def first_snapshots(document):
    """Each resource as the example first describes it (the import keeps the last)."""
    seen = {}
    for node in document["@graph"]:
        if node.get("@type") == "EconomicResource" and node["@id"] not in seen:
            seen[node["@id"]] = Decimal(str(node["accountingQuantity"]["hasNumericalValue"]))
    return seen


@pytest.mark.parametrize(
    "stem",
    ["ex-production-01-simple-manufacturing-process", "ex-exchange-03-block3"],
)
def test_replaying_an_example_gives_its_after_state(stem):
    document = example(stem)
    imported = from_jsonld(document).graph
    prefixes = {k: v for item in document["@context"] for k, v in item.items() if "://" in v}

    def iri(compact):
        head, _, rest = compact.partition(":")
        return prefixes.get(head, head + ":") + rest

    before = {
        iri(k): EconomicResource(iri(k), accounting_quantity=Measure(v, "one"))
        for k, v in first_snapshots(document).items()
    }
    state = dict(before)
    for event in imported.events.values():
        state.update(apply_event(event, state))
    after = {k: q(r.accounting_quantity) for k, r in imported.resources.items()}
    assert {k: q(state[k].accounting_quantity) for k in after} == after
    assert after != {k: q(r.accounting_quantity) for k, r in before.items()}
