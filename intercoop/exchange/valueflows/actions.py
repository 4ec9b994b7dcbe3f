"""The actions of Valueflows 1.0 and what each does to a process and to a resource.

The values are those of the named individuals of ``vf:Action`` in all_vf.ttl (a test compares
this table with that file). An effect is the local name of its individual: ``"decrement"``,
``"decrementIncrement"``, ``"notApplicable"``…"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ACTIONS", "ActionSpec", "VfError", "action_spec"]


class VfError(ValueError):
    """A record breaks a rule of Valueflows (an unknown action, an input that is an output…)."""


@dataclass(frozen=True, slots=True)
class ActionSpec:
    """One action: whether it flows into or out of a process, and its effects on a resource."""

    label: str
    input_output: str  # input, output, outputInput or notApplicable
    pairs_with: str
    create_resource: str
    event_quantity: str  # resource, effort or both
    accounting_effect: str
    onhand_effect: str
    location_effect: str
    contained_effect: str
    accountable_effect: str
    stage_effect: str
    state_effect: str

    @property
    def may_be_input(self) -> bool:
        return self.input_output in ("input", "outputInput")

    @property
    def may_be_output(self) -> bool:
        return self.input_output in ("output", "outputInput")


_NA = "notApplicable"


def _a(label: str, io: str, pairs: str, create: str, qty: str, *effects: str) -> ActionSpec:
    accounting, onhand, location, contained, accountable, stage, state = effects
    return ActionSpec(
        label,
        io,
        pairs,
        create,
        qty,
        accounting,
        onhand,
        location,
        contained,
        accountable,
        stage,
        state,
    )


# label: inputOutput, pairsWith, createResource, eventQuantity, then the effects on the
# accounting quantity, onhand quantity, location, containment, primary accountable, stage, state.
ACTIONS: dict[str, ActionSpec] = {
    spec.label: spec
    for spec in (
        _a(
            "accept",
            "input",
            "modify",
            _NA,
            "resource",
            _NA,
            "decrement",
            "update",
            _NA,
            _NA,
            _NA,
            "update",
        ),
        _a(
            "combine",
            "input",
            _NA,
            _NA,
            "resource",
            _NA,
            "decrement",
            _NA,
            "update",
            _NA,
            _NA,
            "update",
        ),
        _a(
            "consume",
            "input",
            _NA,
            _NA,
            "resource",
            "decrement",
            "decrement",
            _NA,
            _NA,
            _NA,
            _NA,
            "update",
        ),
        _a("cite", "input", _NA, _NA, "resource", _NA, _NA, _NA, _NA, _NA, _NA, "update"),
        _a(
            "copy",
            _NA,
            _NA,
            "optionalTo",
            "resource",
            "incrementTo",
            "incrementTo",
            "new",
            _NA,
            "new",
            _NA,
            "updateTo",
        ),
        _a(
            "deliverService", "outputInput", _NA, _NA, "resource", _NA, _NA, _NA, _NA, _NA, _NA, _NA
        ),
        _a(
            "dropoff",
            "output",
            "pickup",
            _NA,
            "resource",
            _NA,
            "increment",
            "update",
            _NA,
            _NA,
            "update",
            "update",
        ),
        _a(
            "lower",
            _NA,
            _NA,
            "optional",
            "resource",
            "decrement",
            "decrement",
            _NA,
            _NA,
            "new",
            _NA,
            "update",
        ),
        _a(
            "modify",
            "output",
            "accept",
            _NA,
            "resource",
            _NA,
            "increment",
            "update",
            _NA,
            _NA,
            "update",
            "update",
        ),
        _a(
            "move",
            _NA,
            _NA,
            "optionalTo",
            "resource",
            "decrementIncrement",
            "decrementIncrement",
            "updateTo",
            _NA,
            _NA,
            _NA,
            "updateTo",
        ),
        _a(
            "pickup",
            "input",
            "dropoff",
            _NA,
            "resource",
            _NA,
            "decrement",
            "update",
            _NA,
            _NA,
            _NA,
            "update",
        ),
        _a(
            "produce",
            "output",
            _NA,
            "optional",
            "resource",
            "increment",
            "increment",
            "new",
            _NA,
            "new",
            "update",
            "update",
        ),
        _a(
            "raise",
            _NA,
            _NA,
            "optional",
            "resource",
            "increment",
            "increment",
            _NA,
            _NA,
            "new",
            _NA,
            "update",
        ),
        _a(
            "separate",
            "output",
            _NA,
            _NA,
            "resource",
            _NA,
            "increment",
            _NA,
            "remove",
            _NA,
            "update",
            "update",
        ),
        _a(
            "transferAllRights",
            _NA,
            _NA,
            "optionalTo",
            "resource",
            "decrementIncrement",
            _NA,
            _NA,
            _NA,
            "updateTo",
            _NA,
            "updateTo",
        ),
        _a(
            "transfer",
            _NA,
            _NA,
            "optionalTo",
            "resource",
            "decrementIncrement",
            "decrementIncrement",
            "updateTo",
            _NA,
            "updateTo",
            _NA,
            "updateTo",
        ),
        _a(
            "transferCustody",
            _NA,
            _NA,
            "optionalTo",
            "resource",
            _NA,
            "decrementIncrement",
            "updateTo",
            _NA,
            _NA,
            _NA,
            "updateTo",
        ),
        _a("use", "input", _NA, _NA, "both", _NA, _NA, _NA, _NA, _NA, _NA, "update"),
        _a("work", "input", _NA, _NA, "effort", _NA, _NA, _NA, _NA, _NA, _NA, _NA),
    )
}


def action_spec(label: str) -> ActionSpec:
    """The action named ``label``; VfError if Valueflows has no such action."""
    try:
        return ACTIONS[label]
    except KeyError:
        raise VfError(f"{label!r} is not a Valueflows action") from None
