"""A small co-operative supply chain as Valueflows records: a farm grows wheat, sells it to a
mill that grinds it into flour, sold to a bakery that bakes bread with it in its oven, and the
bread goes to a buying group's hub against an order (an agreement) and its order line (a
commitment)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from intercoop.exchange.valueflows.graph import Graph
from intercoop.exchange.valueflows.model import (
    Agent,
    Agreement,
    Commitment,
    EconomicEvent,
    EconomicResource,
    Measure,
    Process,
    ResourceSpecification,
)

X = "https://coop.example/"


def at(day: int, hour: int = 9) -> datetime:
    return datetime(2026, 9, day, hour, tzinfo=UTC)


def kg(n: int | str) -> Measure:
    return Measure(Decimal(n), "kilogram")


def records() -> dict[str, list]:
    agents = [
        Agent(X + "farm", "Ferme des Sources"),
        Agent(X + "mill", "Moulin coopératif"),
        Agent(X + "bakery", "Boulangerie du Quartier"),
        Agent(X + "hub", "Groupement d'achat Est"),
        Agent(X + "alice", "Alice", kind="Person"),
    ]
    specs = [
        ResourceSpecification(X + "spec/wheat", "Wheat"),
        ResourceSpecification(X + "spec/flour", "Flour T80"),
        ResourceSpecification(X + "spec/bread", "Country loaf"),
        ResourceSpecification(X + "spec/oven", "Bread oven"),
        ResourceSpecification(X + "spec/labour", "Farm work"),
    ]
    resources = [
        EconomicResource(
            X + "wheat", X + "spec/wheat", "Wheat, lot 7", "W7", kg(500), kg(500), X + "farm"
        ),
        EconomicResource(X + "wheat-at-mill", X + "spec/wheat", primary_accountable=X + "mill"),
        EconomicResource(X + "flour", X + "spec/flour", tracking_identifier="F12"),
        EconomicResource(X + "flour-at-bakery", X + "spec/flour"),
        EconomicResource(X + "oven", X + "spec/oven", name="Oven"),
        EconomicResource(X + "bread", X + "spec/bread"),
        EconomicResource(X + "bread-at-hub", X + "spec/bread"),
    ]
    processes = [
        Process(X + "harvest", "Harvest", in_scope_of=X + "farm"),
        Process(X + "milling", "Milling", has_beginning=at(3), has_end=at(3, 17)),
        Process(X + "baking", "Baking", finished=True),
    ]
    e = EconomicEvent
    events = [
        e(
            X + "e/harvest-work",
            "work",
            X + "alice",
            X + "farm",
            resource_conforms_to=X + "spec/labour",
            effort_quantity=Measure(Decimal(40), "hour"),
            input_of=X + "harvest",
            has_point_in_time=at(1),
        ),
        e(
            X + "e/harvest-out",
            "produce",
            X + "farm",
            X + "farm",
            X + "wheat",
            resource_quantity=kg(500),
            output_of=X + "harvest",
            has_point_in_time=at(1, 18),
        ),
        e(
            X + "e/sell-wheat",
            "transfer",
            X + "farm",
            X + "mill",
            X + "wheat",
            X + "wheat-at-mill",
            resource_quantity=kg(200),
            has_point_in_time=at(2),
        ),
        e(
            X + "e/mill-in",
            "consume",
            X + "mill",
            X + "mill",
            X + "wheat-at-mill",
            resource_quantity=kg(200),
            input_of=X + "milling",
            has_point_in_time=at(3),
        ),
        e(
            X + "e/mill-work",
            "work",
            X + "mill",
            X + "mill",
            effort_quantity=Measure(Decimal(8), "hour"),
            input_of=X + "milling",
            has_point_in_time=at(3, 10),
        ),
        e(
            X + "e/mill-out",
            "produce",
            X + "mill",
            X + "mill",
            X + "flour",
            resource_quantity=kg(160),
            output_of=X + "milling",
            has_point_in_time=at(3, 17),
        ),
        e(
            X + "e/sell-flour",
            "transfer",
            X + "mill",
            X + "bakery",
            X + "flour",
            X + "flour-at-bakery",
            resource_quantity=kg(50),
            has_point_in_time=at(4),
        ),
        e(
            X + "e/bake-oven",
            "use",
            X + "bakery",
            X + "bakery",
            X + "oven",
            effort_quantity=Measure(Decimal(3), "hour"),
            input_of=X + "baking",
            has_point_in_time=at(5, 6),
        ),
        e(
            X + "e/bake-in",
            "consume",
            X + "bakery",
            X + "bakery",
            X + "flour-at-bakery",
            resource_quantity=kg("12.5"),
            input_of=X + "baking",
            has_point_in_time=at(5, 5),
        ),
        e(
            X + "e/bake-out",
            "produce",
            X + "bakery",
            X + "bakery",
            X + "bread",
            resource_quantity=Measure(Decimal(20), "one"),
            output_of=X + "baking",
            has_point_in_time=at(5, 9),
        ),
        e(
            X + "e/deliver-bread",
            "transfer",
            X + "bakery",
            X + "hub",
            X + "bread",
            X + "bread-at-hub",
            resource_quantity=Measure(Decimal(20), "one"),
            has_point_in_time=at(6),
            fulfills=(X + "order/1/line/1",),
            realization_of=X + "order/1",
        ),
    ]
    agreements = [Agreement(X + "order/1", "Order 1 of the September cycle", at(1))]
    commitments = [
        Commitment(
            X + "order/1/line/1",
            "transfer",
            X + "bakery",
            X + "hub",
            X + "spec/bread",
            Measure(Decimal(20), "one"),
            clause_of=X + "order/1",
            due=at(6),
        )
    ]
    return {
        "agents": agents,
        "specifications": specs,
        "resources": resources,
        "processes": processes,
        "events": events,
        "agreements": agreements,
        "commitments": commitments,
    }


def chain() -> Graph:
    return Graph(**records())
