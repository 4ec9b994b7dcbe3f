from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from allauth.account.models import EmailAddress
from django.db.models import CharField, Count, F, Q, QuerySet, Value
from django.utils.translation import gettext as _

from intercoop.accounts.models import User
from intercoop.core.errors import ServiceError
from intercoop.organizations.models import (
    Invitation,
    JoinRequest,
    Offer,
    Organization,
    Relationship,
    Role,
)


def organization_list() -> QuerySet[Organization]:
    return Organization.objects.order_by("name")


def organization_counts() -> dict[str, int]:
    return Organization.objects.aggregate(
        total=Count("id"),
        coops=Count("id", filter=Q(kind=Organization.Kind.COOP)),
        allies=Count("id", filter=Q(kind=Organization.Kind.ALLY)),
    )


def roles_of_organization(organization: Organization) -> QuerySet[Role]:
    return (
        Role.objects.filter(organization=organization)
        .select_related("user")
        .order_by("role", "user__name", "user__email")
    )


def roles_of_user(user: Any) -> QuerySet[Role]:
    return (
        Role.objects.filter(user=user).select_related("organization").order_by("organization__name")
    )


def invitations_open(organization: Organization) -> QuerySet[Invitation]:
    return Invitation.objects.filter(
        organization=organization, accepted_at__isnull=True, revoked_at__isnull=True
    ).select_related("invited_by")


def invitation_token_digest(token: str) -> str:
    """What an invitation keeps of its token: the token itself is only in the email link."""
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_lookup(*, token: str) -> Invitation:
    invitation = (
        Invitation.objects.select_related("organization")
        .filter(token_digest=invitation_token_digest(token))
        .first()
    )
    if invitation is None:
        raise ServiceError(
            _("This invitation link is not valid. Check that you copied all of it."),
            code="invitation_invalid",
            status=404,
        )
    return invitation


def invitation_received(*, invitation_id: int, user: User) -> Invitation:
    """An invitation sent to one of ``user``'s verified addresses, found without its link (from
    the page "Needs my attention"): the verified address proves what the link proves. Anyone
    else is told it does not exist, so no address or invitation is revealed."""
    mine = EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    invitation = (
        Invitation.objects.select_related("organization")
        .filter(pk=invitation_id, email__in=[address.lower() for address in mine])
        .first()
    )
    if invitation is None:
        raise ServiceError(
            _("This invitation was not sent to you."), code="invitation_invalid", status=404
        )
    return invitation


def join_requests_pending(organization: Organization) -> QuerySet[JoinRequest]:
    """Requests to join waiting for an answer, oldest first."""
    return (
        JoinRequest.objects.filter(organization=organization, status=JoinRequest.Status.PENDING)
        .select_related("user")
        .order_by("created_at", "pk")
    )


def join_request_latest(organization: Organization, user: Any) -> JoinRequest | None:
    """The person's latest request to join the organization, whatever its answer."""
    if not user.is_authenticated:
        return None
    return (
        JoinRequest.objects.filter(organization=organization, user=user)
        .order_by("-created_at", "-pk")
        .first()
    )


def links_out_confirmed() -> QuerySet[Relationship]:
    """For ``Prefetch("links_out", ...)``: what an organization publicly says it is part of."""
    return Relationship.objects.confirmed().select_related("object").order_by("object__name")


def links_in_confirmed() -> QuerySet[Relationship]:
    """For ``Prefetch("links_in", ...)``: its confirmed members and suppliers."""
    return Relationship.objects.confirmed().select_related("subject").order_by("subject__name")


def relationships_of(organization: Organization, *, with_pending: bool) -> QuerySet[Relationship]:
    """The relationships the organization is either side of, confirmed ones first; pending
    proposals only ``with_pending`` (for the people who may answer or withdraw them)."""
    found = Relationship.objects.of(organization)
    if not with_pending:
        found = found.confirmed()
    return found.select_related("subject", "object").order_by(
        F("confirmed_at").asc(nulls_last=True), "created_at", "pk"
    )


def relationships_waiting(organization: Organization) -> QuerySet[Relationship]:
    """Proposals to the organization, waiting for its administrators, oldest first."""
    return (
        Relationship.objects.pending()
        .filter(object=organization)
        .select_related("subject", "proposed_by")
        .order_by("created_at", "pk")
    )


def relationships_proposed(organization: Organization) -> QuerySet[Relationship]:
    """The organization's own proposals, waiting for the other side, oldest first."""
    return (
        Relationship.objects.pending()
        .filter(subject=organization)
        .select_related("object", "proposed_by")
        .order_by("created_at", "pk")
    )


def relationships_confirmed(organization: Organization) -> QuerySet[Relationship]:
    return (
        Relationship.objects.confirmed()
        .of(organization)
        .select_related("subject", "object")
        .order_by("-confirmed_at", "-pk")
    )


def organization_versions(organization: Organization) -> QuerySet[Any]:
    """Which versions the organization's history holds, newest first: those of its profile,
    of its offers and of the relationships it is either side of, as ``(date, history id,
    "profile", "offer" or "relationship")``. ``version_rows`` turns a page of them into rows."""
    profile = organization.history.order_by().values_list(
        "history_date", "history_id", Value("profile", output_field=CharField())
    )
    offers = (
        Offer.history.filter(organization_id=organization.pk)
        .order_by()
        .values_list("history_date", "history_id", Value("offer", output_field=CharField()))
    )
    relationships = (
        Relationship.history.filter(Q(subject_id=organization.pk) | Q(object_id=organization.pk))
        .order_by()
        .values_list("history_date", "history_id", Value("relationship", output_field=CharField()))
    )
    return profile.union(offers, relationships, all=True).order_by("-history_date", "-history_id")


@dataclass(frozen=True)
class Version:
    when: datetime
    who: Any  # the person, or None for an import run without one
    reason: str
    created: bool
    changed: list[str]  # the changed fields' names, as people read them, or what an offer did


def _field_names(model: type[Any], names: Iterable[str]) -> list[str]:
    return [str(model._meta.get_field(name).verbose_name) for name in names]


def _profile_rows(records: Sequence[Any]) -> dict[int, Version]:
    """Each profile version (newest first) with the fields it changed from the one before."""
    rows = {}
    for i, record in enumerate(records):
        # The one before is the next in the list, except for the last one.
        before = records[i + 1] if i + 1 < len(records) else record.prev_record
        if record.history_type == "+" or before is None:
            changed: list[str] = []
        else:
            delta = record.diff_against(before, excluded_fields=["imported_at"])
            changed = _field_names(Organization, delta.changed_fields)
        rows[record.history_id] = Version(
            when=record.history_date,
            who=record.history_user,
            reason=record.history_change_reason or "",
            created=record.history_type == "+",
            changed=changed,
        )
    return rows


def _offer_row(record: Any) -> Version:
    offer = f"“{record.text}”"
    if record.history_type == "+":
        what = _("Offer added: %(offer)s") % {"offer": offer}
    elif record.history_type == "-":
        what = _("Offer removed: %(offer)s") % {"offer": offer}
    else:
        before = record.prev_record
        changed = set(record.diff_against(before).changed_fields) if before is not None else set()
        fields = [f.name for f in Offer._meta.fields if f.name in changed]  # in the form's order
        # ``position`` has no name for people: moving an offer changes its order.
        names = _field_names(Offer, (f for f in fields if f != "position"))
        if "position" in fields:
            names.append(_("order"))
        what = _("Offer changed: %(offer)s (%(fields)s)") % {
            "offer": offer,
            "fields": ", ".join(names),
        }
    return Version(
        when=record.history_date,
        who=record.history_user,
        reason=record.history_change_reason or "",
        created=False,
        changed=[what],
    )


def _relationship_row(record: Any) -> Version:
    # The organizations of an old version may be gone since: the name is then unknown.
    names = {
        side: org.name if (org := getattr(record, side)) is not None else "—"
        for side in ("subject", "object")
    }
    relationship = f"{names['subject']} {record.get_predicate_display()} {names['object']}"
    if record.history_type == "+":
        what = (
            _("Relationship added: %(relationship)s")
            if record.confirmed_at is not None
            else _("Relationship proposed: %(relationship)s")
        )
    elif record.history_type == "-":
        what = {
            "withdrawn": _("Relationship proposal withdrawn: %(relationship)s"),
            "declined": _("Relationship declined: %(relationship)s"),
        }.get(record.history_change_reason or "", _("Relationship ended: %(relationship)s"))
    elif record.confirmed_at is not None:
        what = _("Relationship confirmed: %(relationship)s")
    else:
        what = _("Relationship changed: %(relationship)s")
    return Version(
        when=record.history_date,
        who=record.history_user,
        reason="",  # the reason of a relationship's version is how it ended, said above
        created=False,
        changed=[what % {"relationship": relationship}],
    )


def version_rows(
    keys: Sequence[tuple[datetime, int, str]], organization: Organization
) -> list[Version]:
    """The rows of a page of ``organization_versions``, in its order."""
    profile_ids = [history_id for _when, history_id, kind in keys if kind == "profile"]
    offer_ids = [history_id for _when, history_id, kind in keys if kind == "offer"]
    relationship_ids = [history_id for _when, history_id, kind in keys if kind == "relationship"]
    profile = organization.history.filter(history_id__in=profile_ids).select_related("history_user")
    # The page's profile versions follow each other in the profile's own history.
    rows = {
        "profile": _profile_rows(list(profile.order_by("-history_date", "-history_id"))),
    }
    offers = Offer.history.filter(history_id__in=offer_ids).select_related("history_user")
    rows["offer"] = {record.history_id: _offer_row(record) for record in offers}
    relationships = Relationship.history.filter(history_id__in=relationship_ids).select_related(
        "history_user", "subject", "object"
    )
    rows["relationship"] = {
        record.history_id: _relationship_row(record) for record in relationships
    }
    return [rows[kind][history_id] for _when, history_id, kind in keys]
