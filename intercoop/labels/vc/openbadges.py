"""Open Badges 3.0 documents, unsigned: an ``OpenBadgeCredential`` for a person (by a salted hash
of their email address) or an organization (by its address), and its ``Achievement``.

Pure data in, a JSON-LD object out, every term defined by the VC 2.0 and OB 3.0.3 contexts
(the core's safe mode refuses any other). Signing is ``dataintegrity.sign``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

CONTEXTS = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]


@dataclass(frozen=True)
class Alignment:
    """A framework an achievement aligns to (a competency, a standard)."""

    target_name: str
    target_url: str
    target_framework: str = ""
    target_code: str = ""

    def to_json(self) -> dict[str, Any]:
        value: dict[str, Any] = {
            "type": ["Alignment"],
            "targetName": self.target_name,
            "targetUrl": self.target_url,
        }
        if self.target_framework:
            value["targetFramework"] = self.target_framework
        if self.target_code:
            value["targetCode"] = self.target_code
        return value


@dataclass(frozen=True)
class IssuerProfile:
    id: str  # the issuer's DID
    name: str
    url: str  # its page in the directory


@dataclass(frozen=True)
class AchievementData:
    id: str  # where its JSON is published
    achievement_type: str  # an OB 3.0 AchievementType, or ext:…
    name: str
    description: str
    criteria: str
    language: str
    image: str = ""  # the image's address, if it has one
    alignments: Sequence[Alignment] = field(default_factory=tuple)


def email_identity(email: str, salt: str) -> dict[str, Any]:
    """The recipient, by ``sha256$`` of their normalized email address and a salt: whoever
    knows the address can check it is theirs; the credential does not show it."""
    digest = hashlib.sha256((email.strip().lower() + salt).encode("utf-8")).hexdigest()
    return {
        "type": "IdentityObject",
        "identityHash": f"sha256${digest}",
        "identityType": "emailAddress",
        "hashed": True,
        "salt": salt,
    }


def email_matches(identity: dict[str, Any], email: str) -> bool:
    if identity.get("identityType") != "emailAddress" or not identity.get("hashed"):
        return False
    salt = identity.get("salt", "")
    return bool(email_identity(email, str(salt))["identityHash"] == identity.get("identityHash"))


def profile_json(issuer: IssuerProfile) -> dict[str, Any]:
    return {"id": issuer.id, "type": ["Profile"], "name": issuer.name, "url": issuer.url}


def achievement_json(achievement: AchievementData, issuer: IssuerProfile) -> dict[str, Any]:
    value: dict[str, Any] = {
        "id": achievement.id,
        "type": ["Achievement"],
        "achievementType": achievement.achievement_type,
        "name": achievement.name,
        "description": achievement.description,
        "criteria": {"narrative": achievement.criteria},
        "inLanguage": achievement.language,
        "creator": profile_json(issuer),
    }
    if achievement.image:
        value["image"] = {"id": achievement.image, "type": "Image"}
    if achievement.alignments:
        value["alignment"] = [a.to_json() for a in achievement.alignments]
    return value


def _timestamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def open_badge_credential(
    *,
    id: str,
    issuer: IssuerProfile,
    achievement: AchievementData,
    valid_from: datetime,
    valid_until: datetime | None = None,
    subject_id: str | None = None,
    identity: dict[str, Any] | None = None,
    status: Sequence[dict[str, Any]] = (),
    evidence: Sequence[dict[str, Any]] = (),
    narrative: str = "",
) -> dict[str, Any]:
    """An unsigned ``OpenBadgeCredential``. The subject is ``subject_id`` (an organization's
    address) or ``identity`` (a person's hashed email address); times are UTC. ``narrative``
    says how the subject met the criteria, ``evidence`` (OB 3.0 ``Evidence`` objects) where to
    see it."""
    if (subject_id is None) == (identity is None):
        raise ValueError("a credential has one subject: an address or an identity")
    subject: dict[str, Any] = {"type": ["AchievementSubject"]}
    if subject_id is not None:
        subject["id"] = subject_id
    else:
        subject["identifier"] = [identity]
    subject["achievement"] = achievement_json(achievement, issuer)
    if narrative:
        subject["narrative"] = narrative
    value: dict[str, Any] = {
        "@context": list(CONTEXTS),
        "id": id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": profile_json(issuer),
        "validFrom": _timestamp(valid_from),
    }
    if valid_until is not None:
        value["validUntil"] = _timestamp(valid_until)
    value["name"] = achievement.name
    value["credentialSubject"] = subject
    if status:
        value["credentialStatus"] = list(status) if len(status) > 1 else status[0]
    if evidence:
        value["evidence"] = list(evidence)
    return value


def endorsement_credential(
    *,
    id: str,
    issuer: IssuerProfile,
    name: str,
    subject_id: str,
    comment: str,
    valid_from: datetime,
    status: Sequence[dict[str, Any]] = (),
) -> dict[str, Any]:
    """An unsigned ``EndorsementCredential``: ``issuer`` vouches for what ``subject_id`` names
    (an achievement's ``id``, or an organization's address), in the words of ``comment``."""
    value: dict[str, Any] = {
        "@context": list(CONTEXTS),
        "id": id,
        "type": ["VerifiableCredential", "EndorsementCredential"],
        "issuer": profile_json(issuer),
        "validFrom": _timestamp(valid_from),
        "name": name,
        "credentialSubject": {
            "id": subject_id,
            "type": ["EndorsementSubject"],
            "endorsementComment": comment,
        },
    }
    if status:
        value["credentialStatus"] = list(status) if len(status) > 1 else status[0]
    return value
