"""What an economic event does to the resources it names, by its action's effects in all_vf.ttl:
the accounting and onhand quantities (increment, decrement, decrementIncrement, incrementTo),
the primary accountable agent (new, updateTo), the state (update, updateTo) and containment
(remove). Location and stage are not modelled here."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from .actions import VfError, action_spec
from .model import EconomicEvent, EconomicResource, Measure

__all__ = ["apply_event"]


def _add(current: Measure | None, delta: Measure, sign: int, resource_id: str) -> Measure:
    if current is None:
        return Measure(sign * delta.has_numerical_value, delta.has_unit)
    if current.has_unit != delta.has_unit:
        raise VfError(
            f"{resource_id} is counted in {current.has_unit}, the event in {delta.has_unit}"
        )
    return Measure(current.has_numerical_value + sign * delta.has_numerical_value, current.has_unit)


# For a quantity effect, the sign it applies on the event's resource and on its "to" resource.
_QUANTITY = {
    "increment": (1, 0),
    "decrement": (-1, 0),
    "decrementIncrement": (-1, 1),
    "incrementTo": (0, 1),
    "notApplicable": (0, 0),
}


def apply_event(
    event: EconomicEvent, resources: Mapping[str, EconomicResource]
) -> dict[str, EconomicResource]:
    """The resources ``event`` changes, as they are after it: its ``resourceInventoriedAs`` and
    its ``toResourceInventoriedAs``, created (conforming to the event's specification) if
    ``resources`` does not hold them yet. Raises VfError if the units do not match."""
    spec = action_spec(event.action)
    changed: dict[str, EconomicResource] = {}
    created: set[str] = set()
    sides = (event.resource_inventoried_as, event.to_resource_inventoried_as)

    def get(resource_id: str) -> EconomicResource:
        if resource_id not in changed:
            if resource_id in resources:
                changed[resource_id] = resources[resource_id]
            else:
                created.add(resource_id)
                changed[resource_id] = EconomicResource(
                    resource_id, conforms_to=event.resource_conforms_to
                )
        return changed[resource_id]

    quantity = event.resource_quantity
    for field, effect in (
        ("accounting_quantity", spec.accounting_effect),
        ("onhand_quantity", spec.onhand_effect),
    ):
        if quantity is None:
            break
        for resource_id, sign in zip(sides, _QUANTITY[effect], strict=True):
            if resource_id is not None and sign:
                resource = get(resource_id)
                if field == "accounting_quantity":
                    value = _add(resource.accounting_quantity, quantity, sign, resource_id)
                    changed[resource_id] = replace(resource, accounting_quantity=value)
                else:
                    value = _add(resource.onhand_quantity, quantity, sign, resource_id)
                    changed[resource_id] = replace(resource, onhand_quantity=value)
    source, target = sides
    if spec.accountable_effect == "updateTo" and target is not None and event.receiver:
        changed[target] = replace(get(target), primary_accountable=event.receiver)
    if spec.accountable_effect == "new" and source is not None and event.receiver:
        resource = get(source)
        if source in created or resource.primary_accountable is None:
            changed[source] = replace(resource, primary_accountable=event.receiver)
    if event.state is not None:
        if spec.state_effect == "update" and source is not None:
            changed[source] = replace(get(source), state=event.state)
        if spec.state_effect == "updateTo" and target is not None:
            changed[target] = replace(get(target), state=event.state)
    if spec.contained_effect == "remove" and source is not None:
        changed[source] = replace(get(source), contained_in=None)
    return changed
