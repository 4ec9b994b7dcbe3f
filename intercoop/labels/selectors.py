"""Reads of the labels app: issuers, their keys and their DID documents, achievements and
credentials as Open Badges documents."""

from __future__ import annotations

import hashlib
import json
import uuid as uuid_module
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from intercoop.core.errors import ServiceError
from intercoop.labels.models import (
    Achievement,
    Credential,
    Endorsement,
    Issuer,
    IssuerKey,
    StatusList,
)
from intercoop.labels.vc import statuslist
from intercoop.labels.vc.errors import CredentialError
from intercoop.labels.vc.keys import ResolvedKey
from intercoop.labels.vc.multibase import ed25519_multikey
from intercoop.labels.vc.openbadges import (
    CONTEXTS,
    AchievementData,
    Alignment,
    IssuerProfile,
    achievement_json,
    email_identity,
    endorsement_credential,
    open_badge_credential,
)
from intercoop.organizations.models import Organization

# Where an issuer's DID document is, under this instance's public URL: did:web maps
# did:web:<host>:labels:issuers:<path> to https://<host>/labels/issuers/<path>/did.json.
DID_PATH = ("labels", "issuers")


def issuer_of(organization: Organization) -> Issuer | None:
    return Issuer.objects.filter(organization=organization).first()


def issuer_by_path(path: str) -> Issuer | None:
    return Issuer.objects.select_related("organization").filter(path=path).first()


def issuer_keys(issuer: Issuer) -> QuerySet[IssuerKey]:
    return IssuerKey.objects.filter(issuer=issuer).order_by("number")


@dataclass(frozen=True)
class KeyRow:
    key: IssuerKey
    multikey: str


def issuer_key_rows(issuer: Issuer) -> list[KeyRow]:
    return [KeyRow(k, ed25519_multikey(bytes(k.public_key))) for k in issuer_keys(issuer)]


def signing_key(issuer: Issuer) -> IssuerKey | None:
    return IssuerKey.objects.filter(issuer=issuer, retired_at__isnull=True).first()


def issuer_did(issuer: Issuer) -> str:
    """The issuer's did:web: the public URL's host (a port written ``%3A``), the public URL's
    own path if the platform is served under one, then ``labels:issuers:<path>``."""
    public = urlsplit(settings.PUBLIC_URL)
    host = quote(public.netloc, safe="")
    segments = [s for s in public.path.split("/") if s] + [*DID_PATH, issuer.path]
    return ":".join(["did", "web", host, *(quote(s, safe="") for s in segments)])


def did_document(issuer: Issuer) -> dict[str, Any]:
    """The issuer's DID document. Every key not marked compromised is listed and may assert:
    a retired key no longer signs, but what it signed keeps verifying."""
    did = issuer_did(issuer)
    keys = [k for k in issuer_keys(issuer) if k.compromised_at is None]
    methods = [
        {
            "id": f"{did}#{key.fragment}",
            "type": "Multikey",
            "controller": did,
            "publicKeyMultibase": ed25519_multikey(bytes(key.public_key)),
        }
        for key in keys
    ]
    ids = [m["id"] for m in methods]
    return {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": did,
        "alsoKnownAs": [_profile_url(issuer.organization)],
        "verificationMethod": methods,
        "assertionMethod": ids,
        "authentication": ids,
    }


def _profile_url(organization: Organization) -> str:
    return settings.PUBLIC_URL.rstrip("/") + reverse(
        "organizations:detail", args=[organization.slug]
    )


# --- achievements and credentials -----------------------------------------------------------


def public_url(name: str, *args: object) -> str:
    return settings.PUBLIC_URL.rstrip("/") + reverse(name, args=args)


def issuer_profile(issuer: Issuer) -> IssuerProfile:
    return IssuerProfile(
        id=issuer_did(issuer),
        name=issuer.organization.name,
        url=_profile_url(issuer.organization),
    )


def achievement_data(achievement: Achievement, language: str) -> AchievementData:
    return AchievementData(
        id=public_url("labels_public:achievement_json", achievement.uuid),
        achievement_type=achievement.kind,
        name=achievement.text("name", language),
        description=achievement.text("description", language),
        criteria=achievement.text("criteria", language),
        language=language,
        image=(
            public_url("labels_public:achievement_image", achievement.uuid)
            if achievement.image
            else ""
        ),
        alignments=tuple(
            Alignment(
                target_name=a["target_name"],
                target_url=a["target_url"],
                target_framework=a.get("target_framework", ""),
                target_code=a.get("target_code", ""),
            )
            for a in achievement.alignments
        ),
    )


def achievement_document(achievement: Achievement, language: str = "en") -> dict[str, Any]:
    """The achievement's public JSON (its ``id`` is where it is served), with the signed
    endorsements it holds and that are not revoked."""
    document = {
        "@context": list(CONTEXTS),
        **achievement_json(
            achievement_data(achievement, language), issuer_profile(achievement.issuer)
        ),
    }
    endorsements = [json.loads(e.document) for e in endorsements_of_achievement(achievement)]
    if endorsements:
        document["endorsement"] = endorsements
    return document


def credential_unsigned(
    credential: Credential,
    *,
    salt: str,
    evidence: Sequence[dict[str, Any]] = (),
    narrative: str = "",
) -> dict[str, Any]:
    """The credential's Open Badges document before its proof, with the ``evidence`` and the
    subject's ``narrative`` of a label whose issuing gives them."""
    achievement = credential.achievement
    subject: dict[str, Any]
    if credential.recipient_organization is not None:
        subject = {"subject_id": _profile_url(credential.recipient_organization)}
    else:
        subject = {"identity": email_identity(credential.recipient_email, salt)}
    status = [
        statuslist.entry(
            list_id=public_url("labels_public:status_list", status_list.uuid),
            purpose=purpose,
            index=index,
        )
        for purpose in ("revocation", "suspension")
        if (status_list := getattr(credential, f"{purpose}_list")) is not None
        and (index := getattr(credential, f"{purpose}_index")) is not None
    ]
    return open_badge_credential(
        id=public_url("labels_public:credential_json", credential.uuid),
        issuer=issuer_profile(achievement.issuer),
        achievement=achievement_data(achievement, credential.language),
        valid_from=credential.issued_at,
        valid_until=credential.valid_until,
        status=status,
        evidence=evidence,
        narrative=narrative,
        **subject,
    )


def achievements_of(issuer: Issuer) -> QuerySet[Achievement]:
    return Achievement.objects.filter(issuer=issuer).order_by("-created_at", "pk")


def credentials_of(achievement: Achievement) -> QuerySet[Credential]:
    return Credential.objects.filter(achievement=achievement).select_related(
        "recipient_organization"
    )


def local_key(verification_method: str) -> ResolvedKey:
    """The key of a verification method of an issuer of this instance (``did:web:…#key-N``),
    read from the database; a compromised key is not found. Other DIDs are not resolved here."""
    did, _hash, fragment = verification_method.partition("#")
    prefix = _did_prefix()
    number = fragment.removeprefix("key-")
    if not did.startswith(prefix) or not fragment.startswith("key-") or not number.isdigit():
        raise CredentialError(
            "unknown_key", f"'{verification_method}' is not an issuer of this site"
        )
    key = (
        IssuerKey.objects.select_related("issuer")
        .filter(issuer__path=did[len(prefix) :], number=int(number), compromised_at__isnull=True)
        .order_by()  # one row: no need of the models' orderings, which join the organization
        .first()
    )
    if key is None or issuer_did(key.issuer) != did:
        raise CredentialError(
            "unknown_key", f"'{verification_method}' is not a key of an issuer of this site"
        )
    return ResolvedKey(public_key=bytes(key.public_key), controller=did)


def _did_prefix() -> str:
    """``did:web:<host>:labels:issuers:`` for this instance."""
    probe = Issuer(path="x")
    return issuer_did(probe)[: -len("x")]


def credential_uuid(credential_id: str) -> str | None:
    """The uuid of a credential of this site from its ``id``, or None."""
    prefix = public_url("labels_public:credential_json", "00000000-0000-0000-0000-000000000000")
    base = prefix[: -len("00000000-0000-0000-0000-000000000000")]
    if not credential_id.startswith(base):
        return None
    tail = credential_id[len(base) :]
    try:
        return str(uuid_module.UUID(tail))
    except ValueError:
        return None


def credential_by_token(token: str) -> Credential:
    """The credential a recipient's link names; ``ServiceError`` (404) if none."""
    found = Credential.objects.filter(
        accept_token_digest=hashlib.sha256(token.encode("ascii", "replace")).hexdigest()
    ).first()
    if found is None:
        raise ServiceError(
            _("This link is not valid: check that it was copied whole."),
            code="bad_link",
            status=404,
        )
    return found


def status_list_document(list_id: str) -> str | None:
    """The signed status list credential of this site whose ``id`` is ``list_id``, as it is
    published, or None. (One column of one row, unordered: the verifier asks for it for every
    label it checks.)"""
    probe = "00000000-0000-0000-0000-000000000000"
    base = public_url("labels_public:status_list", probe)[: -len(probe)]
    if not list_id.startswith(base):
        return None
    try:
        found = uuid_module.UUID(list_id[len(base) :])
    except ValueError:
        return None
    document: str | None = (
        StatusList.objects.filter(uuid=found).order_by().values_list("document", flat=True).first()
    )
    return document


def labels_held_by(organization: Organization) -> QuerySet[Credential]:
    """The labels issued to ``organization`` and not revoked, newest first."""
    return (
        Credential.objects.filter(recipient_organization=organization, revoked_at__isnull=True)
        .select_related("achievement__issuer__organization")
        .order_by("-issued_at", "pk")
    )


# --- endorsements ---------------------------------------------------------------------------


def endorsement_subject_id(endorsement: Endorsement) -> str:
    """What the endorsement vouches for: the achievement's ``id``, or the organization's
    address in this directory."""
    if endorsement.achievement is not None:
        return public_url("labels_public:achievement_json", endorsement.achievement.uuid)
    return _profile_url(_endorsed_organization(endorsement))


def endorsement_subject_name(endorsement: Endorsement) -> str:
    if endorsement.achievement is not None:
        return endorsement.achievement.text("name", endorsement.language)
    return _endorsed_organization(endorsement).name


def _endorsed_organization(endorsement: Endorsement) -> Organization:
    if endorsement.organization is None:
        raise ValueError("an endorsement is of an achievement or of an organization")
    return endorsement.organization


def endorsement_unsigned(endorsement: Endorsement) -> dict[str, Any]:
    """The endorsement's ``EndorsementCredential`` before its proof."""
    status = []
    if endorsement.revocation_list is not None and endorsement.revocation_index is not None:
        status.append(
            statuslist.entry(
                list_id=public_url("labels_public:status_list", endorsement.revocation_list.uuid),
                purpose="revocation",
                index=endorsement.revocation_index,
            )
        )
    endorser = issuer_profile(endorsement.endorser)
    return endorsement_credential(
        id=public_url("labels_public:endorsement_json", endorsement.uuid),
        issuer=endorser,
        name=f"{endorser.name} → {endorsement_subject_name(endorsement)}",
        subject_id=endorsement_subject_id(endorsement),
        comment=endorsement.comment,
        valid_from=endorsement.issued_at,
        status=status,
    )


def _endorsements() -> QuerySet[Endorsement]:
    return Endorsement.objects.select_related(
        "endorser__organization", "achievement__issuer__organization", "organization"
    ).order_by("-issued_at", "pk")


def endorsements_given(issuer: Issuer) -> QuerySet[Endorsement]:
    """Every endorsement ``issuer`` made, revoked ones included."""
    return _endorsements().filter(endorser=issuer)


def endorsements_of_achievement(achievement: Achievement) -> QuerySet[Endorsement]:
    """The endorsements of an achievement that are not revoked."""
    return _endorsements().filter(achievement=achievement, revoked_at__isnull=True)


def endorsements_of_organization(organization: Organization) -> QuerySet[Endorsement]:
    """The endorsements of an organization that are not revoked."""
    return _endorsements().filter(organization=organization, revoked_at__isnull=True)


def endorsable_achievements(issuer: Issuer) -> QuerySet[Achievement]:
    """The achievements an issuer may endorse: those of the other issuers."""
    return (
        Achievement.objects.exclude(issuer=issuer)
        .select_related("issuer__organization")
        .order_by("issuer__organization__name", "name_en", "pk")
    )
