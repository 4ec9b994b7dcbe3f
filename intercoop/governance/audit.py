"""The audit log: one append-only, hash-chained log per co-op.

Each entry's ``hash`` is ``SHA-256(prev_hash || canonical JSON of the entry)``, where the first
entry's ``prev_hash`` is 64 zeros and the canonical JSON is ``entry_document`` serialised with
sorted keys, no spaces and UTF-8 (RFC 8785 for these plain values). Changing, removing or
reordering any entry breaks every later hash; ``verify`` finds the first break. Entries say who
did what and when; they never hold a secret ballot's content.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from intercoop.governance.models import AuditEntry, AuditHead
from intercoop.organizations.models import Organization

GENESIS = "0" * 64


def entry_document(entry: AuditEntry) -> dict[str, Any]:
    """What an entry's hash covers."""
    return {
        "organization": entry.organization_id,
        "seq": entry.seq,
        "at": entry.at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "actor_id": entry.actor_id,
        "actor": entry.actor,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "data": entry.data,
    }


def canonical(document: Mapping[str, Any]) -> bytes:
    return json.dumps(
        document, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def chain_hash(prev_hash: str, document: Mapping[str, Any]) -> str:
    return hashlib.sha256(prev_hash.encode("ascii") + canonical(document)).hexdigest()


def _locked_head(organization: Organization) -> AuditHead:
    try:
        return AuditHead.objects.select_for_update().get(organization=organization)
    except AuditHead.DoesNotExist:
        pass
    try:
        with transaction.atomic():
            AuditHead.objects.create(organization=organization, seq=0, hash=GENESIS)
    except IntegrityError:
        pass  # another writer created it first
    return AuditHead.objects.select_for_update().get(organization=organization)


def audit_append(
    *,
    organization: Organization,
    action: str,
    by: Any = None,
    obj: Any = None,
    data: Mapping[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry to the co-op's log, in the caller's transaction: the entry is written
    if and only if what it records is. ``by`` is a user (or None for the system); ``obj`` a
    model instance the action concerns."""
    with transaction.atomic():
        head = _locked_head(organization)
        entry = AuditEntry(
            organization=organization,
            seq=head.seq + 1,
            # Whole microseconds in UTC: what both databases store exactly.
            at=timezone.now().astimezone(UTC),
            actor_id=getattr(by, "pk", None),
            actor=(getattr(by, "name", "") or getattr(by, "email", "")) if by is not None else "",
            action=action,
            object_type=obj._meta.model_name if obj is not None else "",
            object_id=str(obj.pk) if obj is not None else "",
            data=dict(data or {}),
            prev_hash=head.hash,
        )
        # Round-trip the data through JSON so the hash covers exactly what is stored.
        entry.data = json.loads(canonical(entry.data))
        entry.hash = chain_hash(head.hash, entry_document(entry))
        entry.save(force_insert=True)
        head.seq, head.hash = entry.seq, entry.hash
        head.save(update_fields=["seq", "hash"])
        return entry


@dataclass(frozen=True)
class Break:
    seq: int
    reason: str


@dataclass(frozen=True)
class Verification:
    organization: int
    entries: int
    head: str
    breaks: tuple[Break, ...]

    @property
    def ok(self) -> bool:
        return not self.breaks


def verify_entries(
    organization_id: int, entries: Iterable[AuditEntry], head: AuditHead | None
) -> Verification:
    """Check a co-op's entries, in ``seq`` order: numbering without gaps, each ``prev_hash``
    equal to the previous hash, each ``hash`` recomputed, and the head at the last entry."""
    breaks: list[Break] = []
    prev, expected_seq, count = GENESIS, 1, 0
    for entry in entries:
        count += 1
        if entry.seq != expected_seq:
            breaks.append(Break(entry.seq, f"expected entry {expected_seq}, found {entry.seq}"))
        if entry.prev_hash != prev:
            breaks.append(Break(entry.seq, "prev_hash is not the previous entry's hash"))
        recomputed = chain_hash(entry.prev_hash, entry_document(entry))
        if recomputed != entry.hash:
            breaks.append(Break(entry.seq, "hash does not match the entry's content"))
        prev, expected_seq = entry.hash, entry.seq + 1
    if head is not None and (head.seq != expected_seq - 1 or head.hash != prev):
        breaks.append(
            Break(head.seq, "the head does not point at the last entry (entries were removed)")
        )
    return Verification(organization_id, count, prev, tuple(breaks))


def verify(organization: Organization) -> Verification:
    entries = AuditEntry.objects.filter(organization=organization).order_by("seq").iterator()
    head = AuditHead.objects.filter(organization=organization).first()
    return verify_entries(organization.pk, entries, head)
