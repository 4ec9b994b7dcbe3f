"""Checking a credential, step by step, as the credential's page and the verifier show it.

Each step is a ``Check``: what was checked, whether it holds, and why. A credential is valid when
every step holds. Today the steps are: the proof (Data Integrity, with the key of an issuer of
this site), that the key belongs to the issuer the credential names, the validity dates, and its
status: each Bitstring Status List entry read in the list as published and signed (revocation,
suspension).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from intercoop.labels import selectors
from intercoop.labels.models import Credential
from intercoop.labels.vc import dataintegrity, statuslist
from intercoop.labels.vc.errors import CredentialError


@dataclass(frozen=True)
class Check:
    key: str  # proof, issuer, dates, status (or status:revocation, status:suspension)
    label: Promise
    ok: bool
    detail: str


@dataclass(frozen=True)
class Verification:
    checks: list[Check]

    @property
    def ok(self) -> bool:
        return bool(self.checks) and all(c.ok for c in self.checks)


def _parse_time(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def verify_credential(document: Mapping[str, Any], *, now: datetime | None = None) -> Verification:
    now = now or timezone.now()
    checks: list[Check] = []
    try:
        proof = dataintegrity.verify(document, resolve_key=selectors.local_key)
    except CredentialError as error:
        checks.append(Check("proof", _("Signature"), False, error.message))
        return Verification(checks)
    checks.append(
        Check("proof", _("Signature"), True, f"{proof.cryptosuite}, {proof.verification_method}")
    )
    issuer = document.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, Mapping) else issuer
    checks.append(
        Check(
            "issuer",
            _("Issuer's key"),
            issuer_id == proof.controller,
            str(issuer_id),
        )
    )
    valid_from = _parse_time(document.get("validFrom"))
    valid_until = _parse_time(document.get("validUntil")) if "validUntil" in document else None
    if valid_from is None:
        checks.append(Check("dates", _("Validity dates"), False, "validFrom"))
    elif valid_from > now:
        checks.append(Check("dates", _("Validity dates"), False, f"{valid_from:%Y-%m-%d}"))
    elif "validUntil" in document and (valid_until is None or valid_until < now):
        checks.append(Check("dates", _("Validity dates"), False, str(document.get("validUntil"))))
    else:
        checks.append(Check("dates", _("Validity dates"), True, f"{valid_from:%Y-%m-%d}"))
    entries = document.get("credentialStatus")
    if entries is None:
        checks.append(_recorded_status(document))
    else:
        for entry in entries if isinstance(entries, list) else [entries]:
            checks.append(_status_check(entry, issuer_id))
    return Verification(checks)


_STATUS_LABELS = {"revocation": _("Revocation"), "suspension": _("Suspension")}


def _recorded_status(document: Mapping[str, Any]) -> Check:
    """A label without status entries: this site's own record of its revocation."""
    own = selectors.credential_uuid(str(document.get("id", "")))
    credential = Credential.objects.filter(uuid=own).first() if own is not None else None
    if credential is not None and credential.revoked_at is not None:
        return Check("status", _("Revocation"), False, f"{credential.revoked_at:%Y-%m-%d}")
    return Check("status", _("Revocation"), True, "")


def _status_check(entry: object, issuer_id: object) -> Check:
    """One ``BitstringStatusListEntry``: its list is read as published, its proof checked (a
    list signed by another issuer than the credential's, or not at all, proves nothing), and the
    credential's bit read."""
    if not isinstance(entry, Mapping) or entry.get("type") != "BitstringStatusListEntry":
        return Check("status", _("Status"), False, "not a BitstringStatusListEntry")
    purpose = str(entry.get("statusPurpose", ""))
    label = _STATUS_LABELS.get(purpose, _("Status"))
    list_id = str(entry.get("statusListCredential", ""))
    index_text = entry.get("statusListIndex")
    if not isinstance(index_text, str) or not index_text.isdigit():
        return Check(f"status:{purpose}", label, False, "statusListIndex")
    status_list = selectors.status_list_by_id(list_id)
    if status_list is None:
        return Check(f"status:{purpose}", label, False, f"{list_id}: not found")
    try:
        list_issuer, list_purpose, bits = _checked_list(status_list.document)
        if list_issuer != issuer_id or list_purpose != purpose:
            raise CredentialError(
                "bad_proof", "the list is not this credential's issuer's list for this purpose"
            )
    except CredentialError as error:
        return Check(f"status:{purpose}", label, False, f"{list_id}: {error.message}")
    index = int(index_text)
    if index >= len(bits) * 8:
        return Check(f"status:{purpose}", label, False, f"{list_id}#{index}: out of the list")
    if statuslist.get_bit(bits, index):
        return Check(f"status:{purpose}", label, False, f"{list_id}#{index}: {purpose}")
    return Check(f"status:{purpose}", label, True, f"{list_id}#{index}")


@functools.lru_cache(maxsize=256)
def _checked_list(document: str) -> tuple[str, str, bytes]:
    """A published status list's issuer, purpose and bits, once its proof is checked. Kept per
    process by the list's text: a list that changes is signed again, so its text is new (and so
    is it after a compromised key, whose lists are all signed again)."""
    try:
        published = json.loads(document)
    except ValueError as error:
        raise CredentialError("malformed", f"the list is not JSON: {error}") from error
    proof = dataintegrity.verify(published, resolve_key=selectors.local_key)
    subject = published.get("credentialSubject")
    issuer = published.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, Mapping) else issuer
    if issuer_id != proof.controller or not isinstance(subject, Mapping):
        raise CredentialError("bad_proof", "the list's proof is not its issuer's")
    return (
        str(issuer_id),
        str(subject.get("statusPurpose")),
        statuslist.decode(subject.get("encodedList")),
    )
