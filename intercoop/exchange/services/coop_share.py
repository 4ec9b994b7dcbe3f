"""Writes of the co-op share: issuing a supplier the "Co-op share" label of one of its
resources, signed by the issuer that ``settings.EXCHANGE_COOP_SHARE_ISSUER`` names through the
labels app's own issuing (``labels.services.credential_issue``).

A supplier holds one standing co-op share label of that issuer (the labels app gives an
organization an achievement once): asking again for the same resource while its share is
unchanged gives the label it holds; asking for another resource, or after the share changed,
revokes the one it held and issues the new one, in one transaction."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from intercoop.accounts.models import User
from intercoop.core.errors import ServiceError
from intercoop.exchange.models import EconomicResource
from intercoop.exchange.selectors import coop_share as selectors
from intercoop.labels import services as labels
from intercoop.labels.models import LANGUAGES, Achievement, Credential, Issuer
from intercoop.organizations.models import Organization

ACHIEVEMENT_NAME = selectors.ACHIEVEMENT_NAME
# The achievement's texts are data of the issuer, written once in the three languages of labels.
ACHIEVEMENT_TEXTS = {
    "name_en": ACHIEVEMENT_NAME,
    "name_fr": "Part coopérative",
    "name_es": "Participación cooperativa",
    "description_en": (
        "The share of the value added along a product's traced supply chain that was added by "
        "co-operatives, computed by the platform from the recorded Valueflows events."
    ),
    "description_fr": (
        "La part de la valeur ajoutée le long de la chaîne tracée d'un produit qui l'a été par "
        "des coopératives, calculée par la plateforme à partir des événements Valueflows "
        "enregistrés."
    ),
    "description_es": (
        "La parte del valor añadido a lo largo de la cadena trazada de un producto que añadieron "
        "cooperativas, calculada por la plataforma a partir de los eventos Valueflows "
        "registrados."
    ),
    "criteria_en": (
        "Each valued step of the chain adds its value less the value of the valued steps just "
        "upstream of it; the share is the value added by organizations that the directory lists "
        "as co-operatives over the value added by all. The credential's narrative gives the "
        "share and its evidence the trace."
    ),
    "criteria_fr": (
        "Chaque étape valorisée de la chaîne ajoute sa valeur moins celle des étapes valorisées "
        "juste en amont ; la part est la valeur ajoutée par les organisations que l'annuaire "
        "inscrit comme coopératives sur la valeur ajoutée par toutes. Le récit de l'attestation "
        "donne la part et ses preuves la trace."
    ),
    "criteria_es": (
        "Cada etapa valorada de la cadena añade su valor menos el de las etapas valoradas "
        "inmediatamente anteriores; la parte es el valor añadido por las organizaciones que el "
        "directorio registra como cooperativas sobre el valor añadido por todas. La narrativa "
        "de la credencial da la parte y sus evidencias la traza."
    ),
}


@dataclass(frozen=True)
class CoopShareLabel:
    credential: Credential
    new: bool  # False: the supplier already held this label, unchanged


def _issuer() -> Issuer:
    slug = settings.EXCHANGE_COOP_SHARE_ISSUER
    issuer = Issuer.objects.select_related("organization").filter(organization__slug=slug).first()
    if not slug or issuer is None:
        raise ServiceError(
            _("No issuer of co-op share labels is set up on this platform."),
            code="no_coop_share_issuer",
            status=503,
        )
    return issuer


def _achievement(issuer: Issuer, by: User) -> Achievement:
    """The issuer's "Co-op share" achievement, made the first time (under a lock on the issuer,
    so that two first requests make one)."""
    Issuer.objects.select_for_update().get(pk=issuer.pk)
    found = (
        Achievement.objects.filter(
            issuer=issuer, kind=Achievement.Kind.COOP_LABEL, name_en=ACHIEVEMENT_NAME
        )
        .order_by("created_at", "pk")
        .first()
    )
    if found is not None:
        return found
    return labels.achievement_create(
        issuer=issuer, by=by, kind=Achievement.Kind.COOP_LABEL, texts=ACHIEVEMENT_TEXTS
    )


def _narrative(share: selectors.ResourceShare) -> str:
    result = share.result
    return _(
        "Co-op share of %(resource)s: %(share)s%% of the value added along its traced chain, "
        "%(valued)s of its %(steps)s steps valued (in %(currency)s)."
    ) % {
        "resource": share.resource.name,
        "share": number_format(share.share_percent or 0, 1),
        "valued": result.valued_steps,
        "steps": len(result.steps),
        "currency": result.currency,
    }


def _evidence(resource: EconomicResource, narrative: str) -> list[dict[str, Any]]:
    urls = selectors.evidence_urls(resource, translation.get_language())
    evidence = [
        {
            "id": urls["coop_share"],
            "type": ["Evidence"],
            "name": _("The co-op share and its steps"),
            "narrative": narrative,
        }
    ]
    if "page" in urls:
        evidence.append(
            {"id": urls["page"], "type": ["Evidence"], "name": _("The resource and its trace")}
        )
    evidence.append(
        {
            "id": urls["jsonld"],
            "type": ["Evidence"],
            "name": _("The trace as Valueflows JSON-LD"),
            "genre": "Valueflows",
        }
    )
    return evidence


def _holds(credential: Credential, evidence: list[dict[str, Any]], narrative: str) -> bool:
    """Whether the standing label says what a new one would."""
    document = json.loads(credential.document)
    return (
        document.get("evidence") == evidence
        and document.get("credentialSubject", {}).get("narrative") == narrative
    )


def coop_share_label_issue(
    *,
    resource: EconomicResource,
    by: User,
    language: str = "en",
    now: datetime | None = None,
) -> CoopShareLabel:
    """Issue the resource's supplier (its ``primary_accountable``) the "Co-op share" label of
    the resource, with the share in the subject's narrative and the trace's addresses as its
    evidence. The caller has checked that ``by`` administers the supplier."""
    now = now or timezone.now()
    language = language if language in LANGUAGES else "en"
    issuer = _issuer()
    supplier: Organization = resource.primary_accountable
    share = selectors.resource_coop_share(resource)
    if share.result.share is None:
        raise ServiceError(
            _("No value added is known along this resource's chain: there is no share to label."),
            code="no_share",
        )
    with translation.override(language):
        narrative = _narrative(share)
        evidence = _evidence(resource, narrative)
    with transaction.atomic():
        achievement = _achievement(issuer, by)
        standing = (
            Credential.objects.select_for_update()
            .filter(
                achievement=achievement,
                recipient_organization=supplier,
                revoked_at__isnull=True,
            )
            .first()
        )
        if standing is not None:
            if _holds(standing, evidence, narrative):
                return CoopShareLabel(credential=standing, new=False)
            labels.credential_revoke(credential=standing, by=by, now=now)
        issued = labels.credential_issue(
            achievement=achievement,
            by=by,
            organization=supplier,
            language=language,
            now=now,
            evidence=evidence,
            narrative=narrative,
        )
    return CoopShareLabel(credential=issued.credential, new=True)
