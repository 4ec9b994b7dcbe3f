"""The JSON-LD of an organization, on its page and in the bulk export, means what we intend
once a real JSON-LD processor (pyld) expands it: the inline context is enough, nothing is
fetched, and each value lands on the schema.org, ROV or ESSGlobal term it should."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client
from pyld import jsonld

from intercoop.directory.jsonld import organization_jsonld
from intercoop.directory.tests.open_data import (
    BASE_URL,
    Directory,
    make_directory,
    streamed,
)
from intercoop.organizations.models import Organization

pytestmark = pytest.mark.django_db

SDO = "https://schema.org/"
ROV = "http://www.w3.org/ns/regorg#"
ESS_VOCAB = "https://dev.lod.coop/essglobal/2.1/vocab/"
ESS = "https://dev.lod.coop/essglobal/2.1/standard/"
ODC_BY = "https://opendatacommons.org/licenses/by/1-0/"
CC0 = "https://creativecommons.org/publicdomain/zero/1.0/"


def _no_network(url: str, options: Any = None) -> Any:
    raise AssertionError(f"the JSON-LD processor tried to fetch {url}")


def expand(document: Any) -> list[dict[str, Any]]:
    expanded: list[dict[str, Any]] = jsonld.expand(document, {"documentLoader": _no_network})
    return expanded


def values(node: dict[str, Any], iri: str) -> list[Any]:
    return [v.get("@value", v.get("@id")) for v in node.get(iri, [])]


@pytest.fixture
def directory() -> Directory:
    return make_directory()


def _full(directory: Directory) -> Organization:
    return Organization.objects.prefetch_related("registry_ids", "links_out__object").get(
        pk=directory.full.pk
    )


def test_a_fully_filled_organization_expands_to_the_intended_terms(directory: Directory) -> None:
    # given
    doc = organization_jsonld(_full(directory), base_url=BASE_URL)

    # when
    [node] = expand(doc)

    # then
    assert node["@id"] == f"{BASE_URL}/orgs/leeds-bread/"
    assert set(node["@type"]) == {SDO + "Organization", ROV + "RegisteredOrganization"}
    assert values(node, SDO + "name") == ['Leeds Bread, "Co-op" </script><b>']
    assert values(node, SDO + "alternateName") == ["Leeds Bread"]
    assert node[SDO + "description"] == [
        {"@value": "Bakers since 1984,\nowned by the people who bake.", "@language": "en"}
    ]
    assert node[ESS_VOCAB + "mission"] == [
        {"@value": "Du bon pain pour tout le quartier.", "@language": "fr"}
    ]
    assert node[SDO + "url"] == [{"@id": "https://bread.example.coop/"}]
    assert values(node, SDO + "email") == ["hello@bread.example.coop"]
    assert values(node, SDO + "telephone") == ["+44 113 496 0000"]
    assert node[SDO + "foundingDate"] == [{"@value": "1984-05-01", "@type": SDO + "Date"}]
    [address] = node[SDO + "address"]
    assert address["@type"] == [SDO + "PostalAddress"]
    assert values(address, SDO + "streetAddress") == ["1 High Street\nUnit 2"]
    assert values(address, SDO + "addressLocality") == ["Leeds"]
    assert values(address, SDO + "addressRegion") == ["West Yorkshire"]
    assert values(address, SDO + "postalCode") == ["LS1 1AA"]
    assert values(address, SDO + "addressCountry") == ["GB"]
    [geo] = node[SDO + "geo"]
    assert values(geo, SDO + "latitude") == [53.8]
    assert values(geo, SDO + "longitude") == [-1.55]
    assert values(node, ROV + "legalName") == ["Leeds Bread Co-operative Limited"]
    assert values(node, ROV + "orgType") == ["Society"]
    registrations = {
        values(r, "http://www.w3.org/2004/02/skos/core#notation")[0]: values(
            r, "http://www.w3.org/ns/adms#schemeAgency"
        )[0]
        for r in node[ROV + "registration"]
    }
    assert registrations == {
        "01234567": "Companies House",
        "1234R": "Financial Conduct Authority (Mutuals Public Register)",
    }
    assert values(node, ESS_VOCAB + "primaryActivity") == [ESS + "activities-ica/ICA140"]
    assert values(node, ESS_VOCAB + "organisationalStructure") == [
        ESS + "organisational-structure/OS130"
    ]
    assert values(node, ESS_VOCAB + "baseMembershipType") == [ESS + "base-membership-type/BMT10"]
    [federation] = node[SDO + "memberOf"]
    assert federation["@id"] == f"{BASE_URL}/orgs/federation/"
    assert values(federation, SDO + "name") == ["Federation of Leeds Co-ops"]
    assert values(node, SDO + "license") == [ODC_BY]
    assert values(node, SDO + "creditText") == ["Contains data from Co-operatives UK, ODC-By 1.0"]


def test_empty_values_are_left_out(directory: Directory) -> None:
    doc = organization_jsonld(directory.bare, base_url=BASE_URL)

    assert set(doc) == {"@context", "@id", "@type", "name", "license"}
    [node] = expand(doc)
    assert values(node, SDO + "name") == ["Bare co-op"]
    assert values(node, SDO + "license") == [CC0]  # entered on Intercoop


def test_the_page_embeds_the_same_jsonld_and_a_name_cannot_close_the_block(
    client: Client, directory: Directory
) -> None:
    # when
    html = client.get("/en/orgs/leeds-bread/").content.decode()

    # then
    blocks = _ld_json_blocks(html)
    assert len(blocks) == 1
    assert "</script>" not in blocks[0]  # escaped as \u003C/script\u003E
    assert json.loads(blocks[0]) == organization_jsonld(_full(directory), base_url=BASE_URL)
    assert html.count("</script>") == 1  # only the block's own end tag


def test_the_identifier_leads_to_the_page_in_the_readers_language(
    client: Client, directory: Directory
) -> None:
    response = client.get("/orgs/leeds-bread/", headers={"Accept-Language": "fr"})

    assert response.status_code == 302
    assert response["Location"] == "/fr/orgs/leeds-bread/"


def test_the_bulk_export_expands_to_a_dataset_of_every_organization(
    client: Client, directory: Directory
) -> None:
    # when
    response = client.get("/api/v1/exports/organizations.jsonld")
    document = json.loads(streamed(response))

    # then
    assert response["Content-Type"] == "application/ld+json"
    [dataset] = expand(document)
    assert dataset["@type"] == [SDO + "Dataset"]
    assert values(dataset, SDO + "license") == [CC0, ODC_BY]
    assert values(dataset, SDO + "creditText") == [
        "Contains data from Co-operatives UK, ODC-By 1.0"
    ]
    nodes = {n["@id"]: n for n in dataset["@graph"]}
    assert set(nodes) == {f"{BASE_URL}/orgs/{s}/" for s in ("leeds-bread", "bare", "federation")}
    full = nodes[f"{BASE_URL}/orgs/leeds-bread/"]
    assert values(full, ROV + "legalName") == ["Leeds Bread Co-operative Limited"]
    assert values(full, ESS_VOCAB + "primaryActivity") == [ESS + "activities-ica/ICA140"]
    assert full[SDO + "memberOf"][0]["@id"] == f"{BASE_URL}/orgs/federation/"
    assert values(nodes[f"{BASE_URL}/orgs/bare/"], SDO + "license") == [CC0]
    # each node of the export is the one its page embeds
    page_doc = organization_jsonld(_full(directory), base_url=BASE_URL)
    assert expand(page_doc)[0] == full


def _ld_json_blocks(html: str) -> list[str]:
    class Blocks(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.blocks: list[str] = []
            self._inside = False

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self._inside = tag == "script" and dict(attrs).get("type") == "application/ld+json"
            if self._inside:
                self.blocks.append("")

        def handle_endtag(self, tag: str) -> None:
            self._inside = False

        def handle_data(self, data: str) -> None:
            if self._inside:
                self.blocks[-1] += data

    parser = Blocks()
    parser.feed(html)
    return parser.blocks
