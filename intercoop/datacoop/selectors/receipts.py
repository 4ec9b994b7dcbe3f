"""A consent's receipt: the ISO/IEC TS 27560 consent record, in DPV JSON-LD, within a receipt
for the member.

The shape is that of the receipt in the DPV guide for the 27560 profile
(``guide-consent-27560-examples.json``): a ``dpv:ConsentReceipt`` that ``dct:conformsTo`` the
profile's receipt schema and holds, as ``dpv:hasRecordOfActivity``, the ``dpv:ConsentRecord``
(conforming to the record schema) with its data subject, controller, process and purpose,
consent controls, notice and every status of its history. Only the prefixes of
``dpv.CONTEXT`` are used, and IRIs are written as ``{"@id": ...}`` so that the document reads
as RDF. docs/datacoop.md, "Consent receipts", describes it field by field.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from intercoop.datacoop import dpv
from intercoop.datacoop.models import ConsentEvent, ConsentRecord, Dataset, DatasetPurpose
from intercoop.datacoop.selectors.consents import history

# How each kind of step was indicated, in the receipt's words (a literal, as in the guide).
_METHODS = {
    ConsentEvent.Method.WEB: "Form on the co-op's web page",
    ConsentEvent.Method.API: "Request through the API",
    ConsentEvent.Method.REVIEW: "Review date passed without a new answer",
}


def _absolute(path: str) -> str:
    return settings.PUBLIC_URL.rstrip("/") + path


def _iri(value: str) -> dict[str, str]:
    return {"@id": value}


def receipt_path(record: ConsentRecord) -> str:
    return reverse("datacoop_public:receipt_jsonld", args=[record.uuid])


def data_subject_iri(record: ConsentRecord) -> str:
    """A pseudonymous identifier of the member within the co-op: stable, and naming neither
    their address nor their account number."""
    organization = record.purpose.dataset.organization
    name = f"{settings.PUBLIC_URL}|datacoop|{organization.pk}|{record.member_id}"
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}"


def _status(event: ConsentEvent) -> dict[str, Any]:
    types = [event.status]
    if event.is_given:
        types.append(dpv.EXPLICIT)
    by = "dpv:DataController" if event.method == ConsentEvent.Method.REVIEW else "dpv:DataSubject"
    status: dict[str, Any] = {
        "@type": types,
        "dpv:isIndicatedBy": _iri(by),
        "dpv:hasIndicationMethod": _METHODS[ConsentEvent.Method(event.method)],
        "dpv:isIndicatedAtTime": event.at.astimezone(datetime.UTC).isoformat(timespec="seconds"),
    }
    if event.lapses_on:
        status["dpv:hasDuration"] = {
            "@type": "dpv:UntilTimeDuration",
            "rdf:value": {"@value": event.lapses_on.isoformat(), "@type": "xsd:date"},
        }
    return status


def _personal_data(dataset: Dataset) -> dict[str, Any]:
    columns = ", ".join(c.key for c in dataset.columns.all())
    return {"@type": "dpv:PersonalData", "dct:description": columns}


def _purpose(purpose: DatasetPurpose) -> dict[str, Any]:
    description: dict[str, str] = {"@value": purpose.description}
    if purpose.description_language:
        description["@language"] = purpose.description_language
    return {
        "@type": "dpv:Purpose",
        "skos:broader": _iri(purpose.term),
        "dct:description": description,
    }


def consent_record(record: ConsentRecord) -> dict[str, Any]:
    """The 27560 consent record, without a context (the receipt's holds it)."""
    purpose = record.purpose
    dataset = purpose.dataset
    organization = dataset.organization
    with translation.override(settings.LANGUAGE_CODE):
        notice = _absolute(reverse("datacoop:dataset", args=[organization.slug, dataset.uuid]))
        controller = _absolute(reverse("organizations:detail", args=[organization.slug]))
    events = history(record)
    language = next((e.language for e in reversed(events) if e.language), "")
    notice_node: dict[str, Any] = {"@id": notice, "@type": "dpv:ConsentNotice"}
    if language:
        notice_node["dct:language"] = language
    return {
        "@id": f"urn:uuid:{record.uuid}",
        "@type": "dpv:ConsentRecord",
        "dct:identifier": str(record.uuid),
        "dct:conformsTo": _iri(dpv.RECORD_PROFILE),
        "dpv:hasDataSubject": {"@id": data_subject_iri(record), "@type": "dpv:DataSubject"},
        "dpv:hasDataController": {
            "@id": controller,
            "@type": "dpv:DataController",
            "dpv:hasName": organization.name,
        },
        "dpv:hasProcess": {
            "@type": "dpv:Process",
            "dpv:hasPurpose": _purpose(purpose),
            "dpv:hasPersonalData": _personal_data(dataset),
        },
        "dpv:hasConsentControl": {
            "@type": ["dpv:ProvideConsent", "dpv:WithdrawConsent"],
            "dpv:isExercisedAt": _iri(notice),
        },
        "dpv:hasNotice": notice_node,
        "dpv:hasConsentStatus": [_status(e) for e in events],
    }


def receipt(record: ConsentRecord, *, now: Any = None) -> dict[str, Any]:
    """The receipt of ``record`` as the member gets it, at its stable address."""
    now = now or timezone.now()
    organization = record.purpose.dataset.organization
    with translation.override(settings.LANGUAGE_CODE):
        publisher = _absolute(reverse("organizations:detail", args=[organization.slug]))
    return {
        "@context": dict(dpv.CONTEXT),
        "@id": _absolute(receipt_path(record)),
        "@type": "dpv:ConsentReceipt",
        "dct:identifier": f"receipt-{record.uuid}",
        "dct:conformsTo": _iri(dpv.RECEIPT_PROFILE),
        "dct:created": now.astimezone(datetime.UTC).isoformat(timespec="seconds"),
        "dct:publisher": _iri(publisher),
        "dpv:hasRecordOfActivity": consent_record(record),
    }
