"""The documents of a closed cycle as files: CSV in UTF-8 with a header row, money with a dot
and the currency's decimals, names as written, and no cell a spreadsheet would run as a
formula; A4 PDFs whose text (parsed back with pypdf) holds every name as written, the lines
and the right totals; pages in the reader's language."""

from __future__ import annotations

import csv
import io

import pypdf
import pytest
from django.test import Client

from intercoop.conftest import Personas
from intercoop.exchange.models import CycleOffer
from intercoop.exchange.services.closing import cycle_close

from .closing_world import ClosingWorld, closed_world, ordered_world

pytestmark = pytest.mark.django_db

A4 = {(595, 842), (842, 595)}


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def _rows(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8"))))


def _pdf_text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    for page in reader.pages:
        size = (round(float(page.mediabox.width)), round(float(page.mediabox.height)))
        assert size in A4
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def world(personas: Personas) -> ClosingWorld:
    return closed_world(personas)


def _base(world: ClosingWorld, slug: str | None = None) -> str:
    if slug is None:
        return f"/en/exchange/cycles/{world.cycle.uuid}/my-order/"
    return f"/en/orgs/{slug}/exchange/cycles/{world.cycle.uuid}/"


def test_a_member_s_invoice_csv_has_each_line_its_fees_and_totals(world: ClosingWorld) -> None:
    response = _client(world.cycles.personas.bob).get(_base(world) + "invoice.csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = _rows(response.content)
    lines = {row["product"]: row for row in rows if row["kind"] == "line"}
    # Apples: 5 ordered, 2 more from Bob's tolerance, at 3.00, plus 5 % and 0.20 + 0.10 a unit.
    apples = lines["Apples"]
    assert (apples["ordered_units"], apples["extra_units"], apples["units"]) == ("5", "2", "7")
    assert (apples["unit_price"], apples["goods"], apples["fees"]) == ("3.00", "21.00", "3.15")
    assert apples["currency"] == "EUR"
    (order_fee,) = [row for row in rows if row["kind"] == "order_fee"]
    assert (order_fee["supplier"], order_fee["total"]) == ("Food Hub Coordination", "1.00")
    (total,) = [row for row in rows if row["kind"] == "total"]
    assert (total["goods"], total["fees"], total["total"]) == ("69.00", "7.35", "76.35")
    assert len({row["invoice"] for row in rows}) == 1


def test_invoice_numbers_are_stable_and_unique_within_the_cycle(world: ClosingWorld) -> None:
    people = [world.cycles.personas.bob, world.cycles.dora, world.dmitry, world.zoe]

    numbers = [
        _rows(_client(person).get(_base(world) + "invoice.csv").content)[0]["invoice"]
        for person in people
    ]
    again = cycle_close(cycle=world.cycle)
    later = _rows(_client(people[0]).get(_base(world) + "invoice.csv").content)[0]["invoice"]

    assert len(set(numbers)) == 4
    assert all(n.startswith(f"IC-{world.cycle.pk:05d}-") for n in numbers)
    assert sorted(int(n.rsplit("-", 1)[1]) for n in numbers) == [1, 2, 3, 4]
    assert again.pk == world.stored.pk  # type: ignore[union-attr]
    assert later == numbers[0]


def test_the_invoices_add_up_to_the_summary_s_payouts(world: ClosingWorld) -> None:
    people = [world.cycles.personas.bob, world.cycles.dora, world.dmitry, world.zoe]
    invoiced = sum(
        int(
            _rows(_client(p).get(_base(world) + "invoice.csv").content)[-1]["total"].replace(
                ".", ""
            )
        )
        for p in people
    )

    summary = _client(world.cycles.carol).get(_base(world, "food-hub") + "closing/")

    assert invoiced == 13558
    assert "€135.58" in summary.content.decode()
    assert summary.content.decode().count("€135.58") >= 3  # invoiced, payouts, invoices


def test_a_cell_a_spreadsheet_would_run_is_quoted(personas: Personas) -> None:
    world = ordered_world(personas)
    CycleOffer.objects.filter(pk=world.cycles.offers["apples"].pk).update(
        name='=HYPERLINK("http://evil.example","Apples")'
    )
    personas.bob.name = "@Bob"
    personas.bob.save()
    cycle_close(cycle=world.cycle)

    invoice = _client(personas.bob).get(_base(world) + "invoice.csv").content.decode()
    packing = _client(personas.alice).get(_base(world, "coop-a") + "packing.csv").content.decode()
    delivery = _client(world.cycles.supplier_admins["orchard"]).get(
        _base(world, "orchard") + "delivery.csv"
    )

    for text in (invoice, packing, delivery.content.decode()):
        for row in csv.reader(io.StringIO(text)):
            assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row), row
    assert "'=HYPERLINK(" in invoice
    assert "'=HYPERLINK(" in delivery.content.decode()
    assert "'@Bob" in packing


def test_the_packing_list_names_each_member_as_written(world: ClosingWorld) -> None:
    south_admin = world.cycles.dora
    from intercoop.organizations.models import Organization, Role

    Role.objects.filter(user=south_admin).update(role=Role.Name.ADMIN)
    hub = Organization.objects.get(slug="hub-south")
    assert Role.objects.filter(user=south_admin, organization=hub, role="admin").exists()

    rows = _rows(_client(south_admin).get(_base(world, "hub-south") + "packing.csv").content)
    pdf = _pdf_text(_client(south_admin).get(_base(world, "hub-south") + "packing.pdf").content)

    assert {(r["member"], r["product"], r["supplier"], r["units"]) for r in rows} == {
        ("Dora", "Apples", "The Orchard", "5"),
        ("Dora", "Flour", "The Mill", "10"),
        ("Дмитрий Иванов", "Flour", "The Mill", "10"),
    }
    assert "Дмитрий Иванов" in pdf
    assert "Hub South" in pdf


def test_the_invoice_pdf_prints_names_as_written_and_the_right_totals(
    world: ClosingWorld,
) -> None:
    zoe = _pdf_text(_client(world.zoe).get(_base(world) + "invoice.pdf").content)
    dmitry = _pdf_text(_client(world.dmitry).get(_base(world) + "invoice.pdf").content)

    assert "Zoë Ångström" in zoe
    # Zoë's oats: 3 units at the 1.90 she saw, under the base price of 2.00.
    assert "€1.90" in zoe
    assert "€5.70" in zoe
    assert "€7.58" in zoe
    assert "Дмитрий Иванов" in dmitry
    assert "€17.70" in dmitry


def test_the_delivery_list_holds_only_the_supplier_s_own_goods(world: ClosingWorld) -> None:
    orchard = _client(world.cycles.supplier_admins["orchard"])

    rows = _rows(orchard.get(_base(world, "orchard") + "delivery.csv").content)
    pdf = _pdf_text(orchard.get(_base(world, "orchard") + "delivery.pdf").content)

    assert [(r["buying_group"], r["product"], r["units"], r["goods"]) for r in rows] == [
        ("Co-op A", "Apples", "7", "21.00"),
        ("Hub South", "Apples", "5", "15.00"),
    ]
    # Two cases of 6 apples, made up across both groups.
    assert "Apples kg 6 2 12 €36.00" in " ".join(pdf.split())
    assert "€36.00" in pdf  # the goods
    assert "€37.20" in pdf  # with the Orchard's own fees of 0.10 a unit
    assert "Flour" not in pdf
    assert "Cheese" not in pdf


def test_pages_speak_the_reader_s_language(world: ClosingWorld) -> None:
    bob = _client(world.cycles.personas.bob)

    french = bob.get(f"/fr/exchange/cycles/{world.cycle.uuid}/my-order/invoice/")
    spanish_csv = bob.get(f"/es/exchange/cycles/{world.cycle.uuid}/my-order/invoice.csv")

    text = french.content.decode()
    assert "76,35\u00a0€" in text
    assert len(french.content) < 50_000
    # The CSV keeps its dot and its column names in every language.
    assert _rows(spanish_csv.content)[-1]["total"] == "76.35"
