"""An organization as schema.org JSON-LD, with ESSGlobal classification and mission and W3C ROV
legal identity, for the organization page and the bulk export.

The context is inline, so a consumer (or our tests) never fetches anything to read it. Empty
values are left out. The function reads ``registry_ids``, ``offers`` and ``links_out`` (with
their ``object``): prefetch them when serializing many organizations.
"""

from __future__ import annotations

import json
from typing import Any

from intercoop.directory.licences import entered_licence, licence
from intercoop.organizations import vocabularies
from intercoop.organizations.models import Offer, Organization, Relationship

ESSGLOBAL_VOCAB = "https://dev.lod.coop/essglobal/2.1/vocab/"
ROV = "http://www.w3.org/ns/regorg#"

CONTEXT: dict[str, Any] = {
    "@vocab": "https://schema.org/",
    # Properties live in ESSGlobal's vocabulary; their values are terms of its standard
    # (``…/2.1/standard/activities-ica/ICA140``), written as full IRIs.
    "essglobal": ESSGLOBAL_VOCAB,
    "rov": ROV,
    "adms": "http://www.w3.org/ns/adms#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "url": {"@type": "@id"},
    "license": {"@type": "@id"},
    "foundingDate": {"@type": "Date"},
}

# The registries' agencies, by ``RegistryIdentifier.scheme``: proper names, not translated.
REGISTRY_AGENCIES = {
    "gb-coh": "Companies House",
    "gb-fca": "Financial Conduct Authority (Mutuals Public Register)",
    "ca-qc-neq": "Registraire des entreprises du Québec",
    "fr-siren": "INSEE (répertoire SIRENE)",
}

_CLASSIFICATION: list[tuple[str, vocabularies.Scheme, str]] = [
    ("essglobal:organisationalStructure", "structure", "structure"),
    ("essglobal:primaryActivity", "activity", "activity"),
    ("essglobal:baseMembershipType", "membership_type", "membership_type"),
]

# Escapes that keep JSON inert inside an HTML <script> element, as django's json_script does.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def organization_iri(slug: str, *, base_url: str) -> str:
    """The organization page's address without a language prefix: it redirects to the page in
    the reader's language, so one identifier serves every language."""
    return f"{base_url.rstrip('/')}/orgs/{slug}/"


def _compact(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v not in ("", None, [], {})}


def _address(org: Organization) -> dict[str, Any]:
    fields = _compact(
        {
            "streetAddress": org.street_address.strip(),
            "addressLocality": org.locality,
            "addressRegion": org.region,
            "postalCode": org.postal_code,
            "addressCountry": org.country,
        }
    )
    return {"@type": "PostalAddress", **fields} if fields else {}


def _geo(org: Organization) -> dict[str, Any]:
    if org.latitude is None or org.longitude is None:
        return {}
    return {"@type": "GeoCoordinates", "latitude": org.latitude, "longitude": org.longitude}


def _description(org: Organization) -> str | dict[str, str]:
    if org.description and org.description_language:
        return {"@value": org.description, "@language": org.description_language}
    return org.description


def _registrations(org: Organization) -> list[dict[str, Any]]:
    return [
        _compact(
            {
                "@type": "adms:Identifier",
                "skos:notation": r.value,
                "adms:schemeAgency": REGISTRY_AGENCIES.get(r.scheme, ""),
            }
        )
        for r in sorted(org.registry_ids.all(), key=lambda r: (r.scheme, r.value))
    ]


def _in_language(text: str, language: str) -> str | dict[str, str]:
    return {"@value": text, "@language": language} if language else text


def _offers(org: Organization) -> list[dict[str, Any]]:
    """``makesOffer``: each product or service, named in its language, with its tags."""
    return [
        {
            "@type": "Offer",
            "itemOffered": _compact(
                {
                    "@type": "Product" if offer.kind == Offer.Kind.PRODUCT else "Service",
                    "name": _in_language(offer.text, offer.language),
                    "keywords": [_in_language(tag, offer.language) for tag in offer.tag_list],
                }
            ),
        }
        for offer in org.offers.all()
    ]


def _member_of(org: Organization, base_url: str) -> list[dict[str, Any]]:
    # Whatever the caller fetched, a pending relationship is not published.
    links = [
        link
        for link in org.links_out.all()
        if link.predicate == Relationship.Predicate.MEMBER_OF and link.is_confirmed
    ]
    return [
        {
            "@id": organization_iri(link.object.slug, base_url=base_url),
            "@type": "Organization",
            "name": link.object.name,
        }
        for link in sorted(links, key=lambda link: link.object.slug)
    ]


def provenance(org: Organization) -> dict[str, Any]:
    """``license`` (and ``creditText`` for an imported record): its source's, or CC0 for a
    record entered here."""
    if not org.source:
        return {"license": entered_licence().url}
    known = licence(org.source_licence)
    return _compact(
        {
            "license": known.url if known else org.source_licence,
            "creditText": org.source_attribution,
        }
    )


def organization_node(org: Organization, *, base_url: str) -> dict[str, Any]:
    """The organization as a JSON-LD node, without ``@context`` (for a shared ``@graph``)."""
    classification = {
        prop: {"@id": vocabularies.uri_base(scheme) + code}
        for prop, scheme, field in _CLASSIFICATION
        if (code := getattr(org, field))
    }
    registrations = _registrations(org)
    return _compact(
        {
            "@id": organization_iri(org.slug, base_url=base_url),
            "@type": ["Organization", "rov:RegisteredOrganization"]
            if registrations
            else "Organization",
            "name": org.name,
            "alternateName": org.nickname if org.nickname != org.name else "",
            "description": _description(org),
            # ESSGlobal's mission ("the initiative's vision, values and principles"), a literal:
            # schema.org has no term for it.
            "essglobal:mission": _in_language(org.mission, org.mission_language)
            if org.mission
            else "",
            "url": org.website,
            "email": org.email,
            "telephone": org.phone,
            "address": _address(org),
            "geo": _geo(org),
            "foundingDate": org.founded_on.isoformat() if org.founded_on else "",
            "rov:legalName": org.legal_name,
            "rov:orgType": org.legal_form,
            "rov:registration": registrations,
            **classification,
            "memberOf": _member_of(org, base_url),
            "makesOffer": _offers(org),
            **provenance(org),
        }
    )


def organization_jsonld(org: Organization, *, base_url: str) -> dict[str, Any]:
    """The organization as a standalone JSON-LD document."""
    return {"@context": CONTEXT, **organization_node(org, base_url=base_url)}


def script_json(data: Any) -> str:
    """JSON that cannot end the ``<script>`` element it sits in, nor open a comment."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_ESCAPES)
