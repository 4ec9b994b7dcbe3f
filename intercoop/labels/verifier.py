"""Checking a credential, step by step, as the credential's page and the verifier show it.

Each step is a ``Check``: what was checked, whether it holds, and why. A credential is valid when
every step holds. Today the steps are: the proof (Data Integrity); the issuer's resolution, where
the proof's key was found (an issuer of this site, a did:key, or the DID document of a did:web of
another host, fetched over HTTPS: ``resolver.py``); that the key belongs to the issuer the
credential names; the validity dates; and its status: each Bitstring Status List entry read in
the list as published and signed (revocation, suspension), this site's or another host's.

When the key cannot be had, the one check is the resolution's, which says why: the signature was
not checked.

A credential with several proofs (a proof set: a co-signer's beside the issuer's) has each proof
of a suite this site implements checked, and every one must hold; one of them must be the
issuer's. A proof of another suite (Ed25519Signature2020, say) cannot be checked: it is named in
a warning, "Proofs not checked", and the credential stands on the proofs that were.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from intercoop.labels import resolver, selectors
from intercoop.labels.models import Credential
from intercoop.labels.vc import dataintegrity, statuslist
from intercoop.labels.vc.errors import CredentialError
from intercoop.labels.vc.keys import ResolvedKey


@dataclass(frozen=True)
class Check:
    # proof, unchecked_proofs, resolution, issuer, dates, status (or status:revocation,
    # status:suspension)
    key: str
    label: Promise
    ok: bool
    detail: str
    # A check said for information: when it does not hold, the credential is valid all the same
    # (whether the issuer is an organization of this directory).
    warning: bool = False


@dataclass(frozen=True)
class Verification:
    checks: list[Check]

    @property
    def ok(self) -> bool:
        return bool(self.checks) and all(c.ok or c.warning for c in self.checks)


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
    resolutions: list[resolver.Resolution | CredentialError] = []
    try:
        found = dataintegrity.verify_proof_set(document, resolve_key=_recording(resolutions))
    except CredentialError as error:
        if resolutions and resolutions[-1] is error:
            # The issuer's key could not be had: the signature was not even checked.
            checks.append(Check("resolution", _("Issuer resolution"), False, error.message))
        else:
            checks.append(Check("proof", _("Signature"), False, error.message))
            checks.extend(_resolution_check(r) for r in resolutions[-1:])
        return Verification(checks)
    checks.append(
        Check(
            "proof",
            _("Signature"),
            True,
            "; ".join(f"{p.cryptosuite}, {p.verification_method}" for p in found.verified),
        )
    )
    if found.unchecked:
        # A proof set with proofs of suites this site does not implement: the credential stands
        # on the proofs checked, and the others are named, not passed over in silence.
        checks.append(
            Check(
                "unchecked_proofs",
                _("Proofs not checked"),
                False,
                ", ".join(found.unchecked),
                warning=True,
            )
        )
    checks.extend(_resolution_check(r) for r in resolutions[-1:])
    issuer = document.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, Mapping) else issuer
    checks.append(
        Check(
            "issuer",
            _("Issuer's key"),
            issuer_id in {proof.controller for proof in found.verified},
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
        remote: set[str] = set()
        for entry in entries if isinstance(entries, list) else [entries]:
            checks.append(_status_check(entry, issuer_id, remote))
    return Verification(checks)


def _recording(
    resolutions: list[resolver.Resolution | CredentialError],
) -> dataintegrity.KeyResolver:
    """A key resolver that notes what it found, or why it found nothing."""

    def resolve_key(verification_method: str) -> ResolvedKey:
        try:
            found = resolver.resolve(verification_method)
        except CredentialError as error:
            resolutions.append(error)
            raise
        resolutions.append(found)
        return found.key

    return resolve_key


def _resolution_check(resolution: resolver.Resolution | CredentialError) -> Check:
    if isinstance(resolution, CredentialError):
        return Check("resolution", _("Issuer resolution"), False, resolution.message)
    where = resolution.source if resolution.source is not None else str(_("this site"))
    return Check("resolution", _("Issuer resolution"), True, where)


_STATUS_LABELS = {"revocation": _("Revocation"), "suspension": _("Suspension")}


def _recorded_status(document: Mapping[str, Any]) -> Check:
    """A label without status entries: this site's own record of its revocation."""
    own = selectors.credential_uuid(str(document.get("id", "")))
    credential = Credential.objects.filter(uuid=own).first() if own is not None else None
    if credential is not None and credential.revoked_at is not None:
        return Check("status", _("Revocation"), False, f"{credential.revoked_at:%Y-%m-%d}")
    return Check("status", _("Revocation"), True, "")


# Status lists of other hosts fetched for one credential, at most: each fetch may take the whole
# timeout, and a credential names as many lists as it likes (a revocation and a suspension list
# are the usual two).
MAX_REMOTE_STATUS_LISTS = 4


def _status_check(entry: object, issuer_id: object, remote: set[str]) -> Check:
    """One ``BitstringStatusListEntry``: its list is read as published, its proof checked (a
    list signed by another issuer than the credential's, or not at all, proves nothing), and the
    credential's bit read. ``remote`` holds the lists of other hosts this credential named so
    far."""
    if not isinstance(entry, Mapping) or entry.get("type") != "BitstringStatusListEntry":
        return Check("status", _("Status"), False, "not a BitstringStatusListEntry")
    purpose = str(entry.get("statusPurpose", ""))
    label = _STATUS_LABELS.get(purpose, _("Status"))
    list_id = str(entry.get("statusListCredential", ""))
    index_text = entry.get("statusListIndex")
    if not isinstance(index_text, str) or not index_text.isdigit():
        return Check(f"status:{purpose}", label, False, "statusListIndex")
    if not resolver.is_local_url(list_id) and list_id not in remote:
        if len(remote) >= MAX_REMOTE_STATUS_LISTS:
            return Check(
                f"status:{purpose}",
                label,
                False,
                f"{list_id}: more than {MAX_REMOTE_STATUS_LISTS} status lists of other hosts",
            )
        remote.add(list_id)
    try:
        list_issuer, list_purpose, bits = _published_list(list_id)
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


def _published_list(list_id: str) -> tuple[str, str, bytes]:
    """The issuer, purpose and bits of the status list ``list_id``, its proof checked: a list
    of this site as it publishes it, or one of another host fetched over HTTPS (with a larger
    size limit than a DID document's: a list is 16 KB of bits, compressed)."""
    if resolver.is_local_url(list_id):
        document = selectors.status_list_document(list_id)
        if document is None:
            raise CredentialError("malformed", "not found")
        return _checked_list(document)
    fetched = resolver.fetch_document(list_id, max_bytes=settings.LABELS_STATUS_LIST_MAX_BYTES)
    return _list_contents(fetched, resolver.resolve_key)


@functools.lru_cache(maxsize=256)
def _checked_list(document: str) -> tuple[str, str, bytes]:
    """A published status list of this site, once its proof is checked. Kept per process by
    the list's text: a list that changes is signed again, so its text is new (and so is it
    after a compromised key, whose lists are all signed again)."""
    try:
        published = json.loads(document)
    except ValueError as error:
        raise CredentialError("malformed", f"the list is not JSON: {error}") from error
    # Signed here, by a key of an issuer of this site: nothing to fetch.
    return _list_contents(published, selectors.local_key)


def _list_contents(
    published: Mapping[str, Any], resolve_key: dataintegrity.KeyResolver
) -> tuple[str, str, bytes]:
    """A status list credential's issuer, purpose and bits, once its proof is checked."""
    proof = dataintegrity.verify(published, resolve_key=resolve_key)
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
