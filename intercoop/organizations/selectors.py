from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import CharField, Count, Q, QuerySet, Value
from django.utils.translation import gettext as _

from intercoop.organizations.models import Invitation, Offer, Organization, Role


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


def organization_versions(organization: Organization) -> QuerySet[Any]:
    """Which versions the organization's history holds, newest first: those of its profile and
    those of its offers, as ``(date, history id, "profile" or "offer")``. ``version_rows``
    turns a page of them into rows."""
    profile = organization.history.order_by().values_list(
        "history_date", "history_id", Value("profile", output_field=CharField())
    )
    offers = (
        Offer.history.filter(organization_id=organization.pk)
        .order_by()
        .values_list("history_date", "history_id", Value("offer", output_field=CharField()))
    )
    return profile.union(offers, all=True).order_by("-history_date", "-history_id")


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


def version_rows(
    keys: Sequence[tuple[datetime, int, str]], organization: Organization
) -> list[Version]:
    """The rows of a page of ``organization_versions``, in its order."""
    profile_ids = [history_id for _when, history_id, kind in keys if kind == "profile"]
    offer_ids = [history_id for _when, history_id, kind in keys if kind == "offer"]
    profile = organization.history.filter(history_id__in=profile_ids).select_related("history_user")
    # The page's profile versions follow each other in the profile's own history.
    profile_rows = _profile_rows(list(profile.order_by("-history_date", "-history_id")))
    offers = Offer.history.filter(history_id__in=offer_ids).select_related("history_user")
    offer_rows = {record.history_id: _offer_row(record) for record in offers}
    return [
        (profile_rows if kind == "profile" else offer_rows)[history_id]
        for _when, history_id, kind in keys
    ]
