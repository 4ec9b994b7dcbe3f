"""The catalogue pages speak the reader's language: in French, the headings, the prices
(12,06 €), the VAT (5,5 %) and the refusals of an import, line by line, are French; and the
pages carry no inline style or script (CSP)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from intercoop.conftest import Personas
from intercoop.exchange.models import Product
from intercoop.exchange.services.catalogues import catalogue_import_csv
from intercoop.exchange.tests.catalogue_files import CATALOGUE, HEADER

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("compiled_catalogues")]

NBSP, NNBSP = "\u00a0", "\u202f"


def spaces(html: str) -> str:
    return html.replace(NBSP, " ").replace(NNBSP, " ").replace("&nbsp;", " ")


def test_the_public_catalogue_in_french_shows_french_words_and_numbers(
    personas: Personas,
) -> None:
    catalogue_import_csv(supplier=personas.coop_a, content=CATALOGUE, by=personas.alice)

    html = spaces(
        personas.client_for("anonymous").get("/fr/orgs/coop-a/exchange/catalogue/").content.decode()
    )

    assert "Catalogue de Co-op A" in html
    assert "Prix HT" in html and "Prix TTC" in html
    assert "2,50 €" in html  # apples, excluding VAT
    assert "2,64 €" in html  # with 5.5 % VAT: 13.75 cents rounded half to even
    assert "5,5 %" in html
    assert "0,75 l" in html
    assert "Indisponible" in html  # juice: none in stock
    assert "Télécharger le catalogue (CSV)" in html


def test_the_public_catalogue_in_english_writes_its_prices_the_english_way(
    personas: Personas,
) -> None:
    catalogue_import_csv(supplier=personas.coop_a, content=CATALOGUE, by=personas.alice)

    html = personas.client_for("bob").get("/en/orgs/coop-a/exchange/catalogue/").content.decode()

    assert "€2.50" in html and "5.5%" in html
    assert "Manage the catalogue" not in html  # Bob may not


def test_a_refused_import_is_told_in_french_line_by_line(personas: Personas) -> None:
    # A quantity of 0 is kept (its source states none); one finer than 3 decimals is not.
    content = (
        HEADER + "A-0,Sans poids,,kg,0,1,1,EUR,,\nA-2,Trop fin,,kg,0.0005,1,1,EUR,,\n"
    ).encode()

    response = personas.client_for("alice").post(
        "/fr/orgs/coop-a/exchange/catalogue/manage/import-csv/",
        {"csv-file": SimpleUploadedFile("c.csv", content)},
    )

    assert response.status_code == 400
    html = spaces(response.content.decode())
    assert "Lignes à corriger" in html
    assert (
        "<td>3</td><td>La quantité doit être inférieure à 100 000 000 000, avec au plus 3"
        " décimales.</td>"
    ) in html
    assert "Le fichier n&#x27;a pas été importé : 1 problème a été trouvé." in html


def test_an_import_is_reported_in_french(personas: Personas) -> None:
    response = personas.client_for("alice").post(
        "/fr/orgs/coop-a/exchange/catalogue/manage/import-csv/",
        {"csv-file": SimpleUploadedFile("c.csv", CATALOGUE)},
        follow=True,
    )

    html = response.content.decode()
    assert "3 produits ajoutés." in html
    assert "Gérer le catalogue de Co-op A" in html


@pytest.mark.parametrize(
    "path", ["/en/orgs/coop-a/exchange/catalogue/", "/en/orgs/coop-a/exchange/catalogue/manage/"]
)
def test_the_pages_carry_no_inline_style_or_script(personas: Personas, path: str) -> None:
    catalogue_import_csv(supplier=personas.coop_a, content=CATALOGUE, by=personas.alice)

    html = personas.client_for("alice").get(path).content.decode()

    assert "Apples" in html
    assert "style=" not in html
    assert "<script>" not in html and "<style" not in html


def test_the_page_to_change_a_product_speaks_french(
    personas: Personas,
) -> None:
    catalogue_import_csv(supplier=personas.coop_a, content=CATALOGUE, by=personas.alice)
    apples = Product.objects.get(sku="APL-1")

    html = spaces(
        personas.client_for("alice")
        .get(f"/fr/orgs/coop-a/exchange/catalogue/manage/products/{apples.pk}/")
        .content.decode()
    )

    assert "Modifier « Apples »" in html
    assert "Colisage" in html and "Taux de TVA (%)" in html
    # Number fields: the browser shows them in the reader's way; their value has a point.
    assert 'value="2.50"' in html and 'value="5.5"' in html
    assert "style=" not in html
