from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from intercoop.accounts.models import User
from intercoop.core.errors import Conflict, Gone, ServiceError
from intercoop.core.tasks import send_email
from intercoop.organizations import selectors, vocabularies
from intercoop.organizations.checks import check_invitation_acceptable, normalize_tags
from intercoop.organizations.models import (
    Invitation,
    JoinRequest,
    Offer,
    Organization,
    Relationship,
    Role,
)
from intercoop.organizations.policy import (
    Perm,
    authorize,
    can_edit_profile,
    can_manage_relationships,
    forget_roles,
    roles_granting,
)

INVITATION_LIFETIME = timedelta(days=14)


def _unique_slug(name: str) -> str:
    base = slugify(name)[:70] or "org"
    slug, n = base, 1
    while Organization.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def organization_create(
    *,
    by: User,
    name: str,
    kind: str = Organization.Kind.COOP,
    ally_category: str = "",
    description: str = "",
    description_language: str = "",
    mission: str = "",
    mission_language: str = "",
    website: str = "",
) -> Organization:
    """Create an organization; its creator becomes its first administrator."""
    name = name.strip()
    if not name:
        raise ServiceError(_("An organization needs a name."), code="name_required")
    if kind == Organization.Kind.COOP and ally_category:
        raise ServiceError(_("Only allies have an ally category."), code="ally_category_for_coop")
    if mission and not mission_language:
        raise ServiceError(
            _("Say which language the mission is in."), code="mission_language_required"
        )
    with transaction.atomic():
        org = Organization(
            name=name,
            slug=_unique_slug(name),
            kind=kind,
            ally_category=ally_category,
            description=description,
            description_language=description_language,
            mission=mission,
            mission_language=mission_language,
            website=website,
            created_by=by,
        )
        org._history_user = by  # type: ignore[attr-defined]
        org.save()
        Role.objects.create(organization=org, user=by, role=Role.Name.ADMIN)
    forget_roles(by)
    return org


# What the people who edit a profile may change. Provenance (source, licence, attribution,
# import time), the kind, the address on Intercoop and the creator are never among them.
EDITABLE_FIELDS = (
    "name",
    "nickname",
    "description",
    "description_language",
    "mission",
    "mission_language",
    "website",
    "email",
    "phone",
    "legal_name",
    "legal_form",
    "status",
    "founded_on",
    "structure",
    "activity",
    "membership_type",
    "street_address",
    "locality",
    "region",
    "postal_code",
    "country",
    "latitude",
    "longitude",
    "geographic_scope",
)
VOCABULARY_FIELDS: tuple[vocabularies.Scheme, ...] = ("structure", "activity", "membership_type")


class FieldRefused(ServiceError):
    """A value refused for one field: ``field`` names it (None when the refusal is about the
    whole input) and ``index`` the item of a list, so the API can point at it."""

    def __init__(
        self, message: str, *, code: str, field: str | None, index: int | None = None
    ) -> None:
        super().__init__(message, code=code)
        self.field = field
        self.index = index


def _check_profile(*, organization: Organization, fields: dict[str, Any]) -> None:
    """Refuse fields nobody may edit, unknown ESSGlobal codes, a mission without its language
    and incomplete coordinates."""
    not_editable = sorted(set(fields) - set(EDITABLE_FIELDS))
    if not_editable:
        raise FieldRefused(
            _("These fields cannot be edited: %(fields)s.") % {"fields": ", ".join(not_editable)},
            code="field_not_editable",
            field=not_editable[0],
        )
    if "name" in fields and not str(fields["name"]).strip():
        raise FieldRefused(_("An organization needs a name."), code="name_required", field="name")
    for scheme in VOCABULARY_FIELDS:
        code = fields.get(scheme)
        if code and code not in vocabularies.codes(scheme):
            raise FieldRefused(
                _("%(code)s is not a term of the vocabulary “%(vocabulary)s”.")
                % {"code": code, "vocabulary": vocabularies.title(scheme, "en")},
                code="unknown_term",
                field=scheme,
            )
    # As on the edit page: a mission says which language it is in, for the page and open data.
    if {"mission", "mission_language"} & set(fields):
        mission = fields.get("mission", organization.mission)
        if mission and not fields.get("mission_language", organization.mission_language):
            raise FieldRefused(
                _("Say which language the mission is in."),
                code="mission_language_required",
                field="mission_language",
            )
    latitude = fields.get("latitude", organization.latitude)
    longitude = fields.get("longitude", organization.longitude)
    if (latitude is None) != (longitude is None):
        raise FieldRefused(
            _("Give both the latitude and the longitude, or neither."),
            code="coordinates_pair",
            field="latitude" if latitude is None else "longitude",
        )
    for name, value, bound in (("latitude", latitude, 90), ("longitude", longitude, 180)):
        if value is not None and not -bound <= value <= bound:
            raise FieldRefused(
                _(
                    "The latitude must be between -90 and 90, and the longitude between -180 "
                    "and 180."
                ),
                code="coordinates_range",
                field=name,
            )


def organization_update(*, organization: Organization, by: User, **fields: Any) -> Organization:
    """An administrator edits the organization's profile, or platform staff moderate it.

    Only ``EDITABLE_FIELDS`` may change. The change is kept as a version naming ``by``;
    a save that changes nothing keeps no version.
    """
    if not can_edit_profile(by, organization):
        raise PermissionDenied(Perm.EDIT_PROFILE.value)
    _check_profile(organization=organization, fields=fields)
    with transaction.atomic():
        org = Organization.objects.select_for_update().get(pk=organization.pk)
        changed = [name for name, value in fields.items() if getattr(org, name) != value]
        if not changed:
            return org
        for name in changed:
            setattr(org, name, fields[name])
        try:
            org.full_clean(
                exclude=[f.name for f in Organization._meta.fields if f.name not in changed]
            )
        except ValidationError as exc:
            invalid = [f for f in getattr(exc, "error_dict", {}) if f != NON_FIELD_ERRORS]
            raise FieldRefused(
                " ".join(exc.messages),
                code="invalid_profile",
                field=invalid[0] if invalid else None,
            ) from None
        org._history_user = by  # type: ignore[attr-defined]
        org.save(update_fields=[*changed, "updated_at"])
    return org


# --- offers -------------------------------------------------------------------------------

MAX_OFFERS = 50
# Murmurations takes tags of up to 100 characters. The others are Offer's field lengths, which
# SQLite does not enforce.
TAG_MAX_LENGTH = 100
TAGS_MAX_LENGTH = 300
TEXT_MAX_LENGTH = 200


@dataclass(frozen=True)
class OfferData:
    """One offer as an editor gives it. ``id`` names the offer it replaces, if any."""

    text: str
    kind: str = Offer.Kind.SERVICE
    tags: tuple[str, ...] = ()
    language: str = ""
    id: int | None = None

    @property
    def joined_tags(self) -> str:
        return ", ".join(self.tags)


def _check_offer(offer: OfferData, languages: set[str]) -> tuple[str, str, str] | None:
    """What is wrong with one offer, as (message, code, field), or None."""
    for field, values in (
        ("text", [offer.text]),
        ("kind", [offer.kind]),
        ("language", [offer.language]),
        ("tags", offer.tags),
    ):
        if any("\x00" in value for value in values):
            return _("Null characters are not allowed."), "nul_character", field
    if not offer.text.strip():
        return _("Say what is offered."), "offer_text_required", "text"
    if len(offer.text) > TEXT_MAX_LENGTH:
        message = _("Say what is offered in at most %(n)d characters.") % {"n": TEXT_MAX_LENGTH}
        return message, "offer_text_too_long", "text"
    if offer.kind not in Offer.Kind.values:
        return _("An offer is a product or a service."), "unknown_offer_kind", "kind"
    if offer.language and offer.language not in languages:
        message = _("%(code)s is not a language of this site.") % {"code": offer.language}
        return message, "unknown_language", "language"
    if any("," in tag for tag in offer.tags):
        return _("A tag cannot contain a comma."), "tag_with_comma", "tags"
    if any(len(tag) > TAG_MAX_LENGTH for tag in offer.tags):
        message = _("A tag can be at most %(n)d characters long.") % {"n": TAG_MAX_LENGTH}
        return message, "tag_too_long", "tags"
    if len(offer.joined_tags) > TAGS_MAX_LENGTH:
        message = _("The tags of an offer can be at most %(n)d characters long together.") % {
            "n": TAGS_MAX_LENGTH
        }
        return message, "tags_too_long", "tags"
    return None


def _check_offers(*, organization: Organization, offers: Sequence[OfferData]) -> None:
    """Refuse a list no editor may write: too long, empty or overlong texts, unknown kinds or
    languages, tags with commas (they separate tags), and offers of another organization."""
    if len(offers) > MAX_OFFERS:
        raise FieldRefused(
            _("An organization can list at most %(n)d offers.") % {"n": MAX_OFFERS},
            code="too_many_offers",
            field=None,
        )
    languages = {code for code, _name in settings.LANGUAGES}
    own = set(Offer.objects.filter(organization=organization).values_list("pk", flat=True))
    seen: set[int] = set()
    for index, offer in enumerate(offers):
        problem = _check_offer(offer, languages)
        if problem is None and offer.id is not None:
            if offer.id not in own:
                message = _("This offer is not one of %(org)s's.") % {"org": organization}
                problem = message, "unknown_offer", "id"
            elif offer.id in seen:
                problem = _("This offer is listed twice."), "offer_repeated", "id"
            seen.add(offer.id)
        if problem is not None:
            message, code, field = problem
            raise FieldRefused(message, code=code, field=field, index=index)


def _offer_content(offer: Offer | OfferData) -> tuple[str, str, str, str]:
    tags = offer.tags if isinstance(offer, Offer) else offer.joined_tags
    return (offer.kind, offer.text, tags, offer.language)


def offers_replace(
    *, organization: Organization, by: User, offers: Sequence[OfferData]
) -> list[Offer]:
    """Make ``offers``, in this order, the organization's products and services.

    An item with an ``id`` updates that offer; an item without one keeps an existing offer with
    the same content, so sending the same list twice changes nothing; the rest are added, and
    the offers left over are removed. Each change is kept as a version of the offer naming
    ``by``. Who may edit the profile may edit its offers.
    """
    if not can_edit_profile(by, organization):
        raise PermissionDenied(Perm.EDIT_PROFILE.value)
    offers = [
        OfferData(
            text=o.text.strip(),
            kind=o.kind,
            tags=normalize_tags(o.tags),
            language=o.language,
            id=o.id,
        )
        for o in offers
    ]
    with transaction.atomic():
        org = Organization.objects.select_for_update().get(pk=organization.pk)
        _check_offers(organization=org, offers=offers)
        existing = {o.pk: o for o in Offer.objects.filter(organization=org)}
        by_id = {o.id: existing.pop(o.id) for o in offers if o.id is not None}
        targets: list[Offer | None] = []
        for item in offers:
            if item.id is not None:
                targets.append(by_id[item.id])
                continue
            same = next(
                (o for o in existing.values() if _offer_content(o) == _offer_content(item)), None
            )
            if same is not None:
                del existing[same.pk]
            targets.append(same)
        changed = False
        for leftover in existing.values():
            leftover._history_user = by  # type: ignore[attr-defined]
            leftover.delete()
            changed = True
        kept = []
        for position, (item, target) in enumerate(zip(offers, targets, strict=True)):
            offer = target or Offer(organization=org)
            values = {
                "kind": item.kind,
                "text": item.text,
                "tags": item.joined_tags,
                "language": item.language,
                "position": position,
            }
            if offer.pk is None or any(getattr(offer, k) != v for k, v in values.items()):
                for name, value in values.items():
                    setattr(offer, name, value)
                offer._history_user = by  # type: ignore[attr-defined]
                offer.save()
                changed = True
            kept.append(offer)
        if changed:
            # The profile changed: exports and mirrors that follow ``updated_at`` see it. A
            # queryset update keeps no second version; the offers' own versions say what changed.
            Organization.objects.filter(pk=org.pk).update(updated_at=timezone.now())
    return kept


def _lock_organization(organization: Organization) -> None:
    """Serialise role changes within one organization, so two administrators demoting each
    other at once cannot both pass the last-administrator check (on PostgreSQL; SQLite's
    IMMEDIATE transactions already serialise every write)."""
    Organization.objects.select_for_update().filter(pk=organization.pk).first()


def _check_not_last_admin(role: Role) -> None:
    if role.role != Role.Name.ADMIN:
        return
    admins = Role.objects.filter(organization=role.organization, role=Role.Name.ADMIN)
    if admins.exclude(pk=role.pk).count() == 0:
        raise ServiceError(
            _("An organization must keep at least one administrator."), code="last_admin"
        )


def role_change(*, role: Role, new_role: str, by: User) -> Role:
    authorize(by, Perm.MANAGE_ROLES, role.organization)
    if new_role not in Role.Name.values:
        raise ServiceError(_("Unknown role."), code="unknown_role")
    with transaction.atomic():
        _lock_organization(role.organization)
        role = Role.objects.select_for_update().get(pk=role.pk)
        if new_role != Role.Name.ADMIN:
            _check_not_last_admin(role)
        role.role = new_role
        role.save(update_fields=["role"])
    forget_roles(role.user)
    return role


def role_remove(*, role: Role, by: User) -> None:
    """An administrator removes someone, or a person leaves on their own."""
    if role.user_id != by.pk:
        authorize(by, Perm.MANAGE_ROLES, role.organization)
    with transaction.atomic():
        _lock_organization(role.organization)
        role = Role.objects.select_for_update().get(pk=role.pk)
        _check_not_last_admin(role)
        role.delete()
    forget_roles(role.user)


@dataclass(frozen=True)
class IssuedInvitation:
    invitation: Invitation
    token: str  # only in the email link


def _check_can_invite(*, organization: Organization, role: str, by: User) -> None:
    needed = Perm.INVITE_MEMBERS if role == Role.Name.MEMBER else Perm.INVITE_ANY_ROLE
    if role not in Role.Name.values:
        raise ServiceError(_("Unknown role."), code="unknown_role")
    authorize(by, needed, organization)


def invitation_create(
    *, organization: Organization, email: str, role: str, by: User, base_url: str
) -> IssuedInvitation:
    _check_can_invite(organization=organization, role=role, by=by)
    email = User.objects.normalize_email(email.strip()).lower()
    if Role.objects.filter(organization=organization, user__email__iexact=email).exists():
        raise Conflict(
            _("%(email)s already has a role in %(org)s.") % {"email": email, "org": organization},
            code="already_member",
        )
    now = timezone.now()
    token = secrets.token_urlsafe(32)
    try:
        with transaction.atomic():
            existing = (
                Invitation.objects.select_for_update()
                .filter(organization=organization, email=email)
                .filter(accepted_at__isnull=True, revoked_at__isnull=True)
                .first()
            )
            if existing is not None:
                if existing.expires_at > now:
                    raise Conflict(
                        _("An invitation to %(email)s is already waiting for an answer.")
                        % {"email": email},
                        code="duplicate_invitation",
                    )
                # An expired one no longer blocks a fresh invitation.
                existing.revoked_at = now
                existing.save(update_fields=["revoked_at"])
            invitation = Invitation.objects.create(
                organization=organization,
                email=email,
                role=role,
                token_digest=selectors.invitation_token_digest(token),
                invited_by=by,
                expires_at=now + INVITATION_LIFETIME,
            )
    except IntegrityError:
        # Two submissions raced past the check above; the partial unique index kept one.
        raise Conflict(
            _("An invitation to %(email)s is already waiting for an answer.") % {"email": email},
            code="duplicate_invitation",
        ) from None
    link = base_url.rstrip("/") + reverse("organizations:invitation", args=[token])
    context = {"invitation": invitation, "link": link, "inviter": by}
    transaction.on_commit(
        lambda: send_email(
            {
                "subject": _("Invitation to join %(org)s on Intercoop") % {"org": organization},
                "body": render_to_string("organizations/email/invitation.txt", context),
                "from_email": None,
                "to": [email],
            }
        )
    )
    return IssuedInvitation(invitation=invitation, token=token)


def invitation_revoke(*, invitation: Invitation, by: User) -> None:
    _check_can_invite(organization=invitation.organization, role=invitation.role, by=by)
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not invitation.is_open:
            raise Gone(_("This invitation is no longer open."), code="invitation_closed")
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])


_RANK: dict[str, int] = {Role.Name.MEMBER: 0, Role.Name.STAFF: 1, Role.Name.ADMIN: 2}


def _role_grant(*, organization: Organization, user: User, role: str) -> Role:
    """Give ``user`` ``role`` in the organization, in the caller's transaction: a person who
    already has a role keeps the higher of the two."""
    granted, created = Role.objects.get_or_create(
        organization=organization, user=user, defaults={"role": role}
    )
    if not created and _RANK[role] > _RANK[granted.role]:
        granted.role = role
        granted.save(update_fields=["role"])
    return granted


def invitation_accept(
    *, user: User, token: str | None = None, invitation_id: int | None = None
) -> Role:
    """Accept an invitation, named by its link's token or, for its addressee, by its id.
    Accepting twice (a double submit) returns the same role."""
    with transaction.atomic():
        if token is not None:
            invitation = selectors.invitation_lookup(token=token)
        elif invitation_id is not None:
            invitation = selectors.invitation_received(invitation_id=invitation_id, user=user)
        else:
            raise ValueError("an invitation's token or id is needed")
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        check_invitation_acceptable(invitation=invitation, user=user)
        if invitation.accepted_at is not None:
            # A repeated submit: the first one did the work. Doing it again would undo any
            # change of role made since, such as a demotion.
            return Role.objects.get(organization=invitation.organization, user=user)
        role = _role_grant(organization=invitation.organization, user=user, role=invitation.role)
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
    forget_roles(user)
    return role


# --- relationships between organizations ---------------------------------------------------


class Ended(StrEnum):
    """How a relationship stopped, as its last version records it."""

    WITHDRAWN = "withdrawn"  # the subject's side took back its proposal
    DECLINED = "declined"  # the object's side refused the proposal
    ENDED = "ended"  # either side ended a confirmed relationship


def _check_can_manage_relationships(*, organization: Organization, by: User) -> None:
    if not can_manage_relationships(by, organization):
        raise PermissionDenied(Perm.MANAGE_RELATIONSHIPS.value)


def _already_there(existing: Relationship) -> Conflict:
    if existing.is_confirmed:
        return Conflict(
            _("This relationship already exists: %(relationship)s.") % {"relationship": existing},
            code="duplicate_relationship",
        )
    return Conflict(
        _("This relationship was already proposed and is waiting for %(org)s to confirm it.")
        % {"org": existing.object},
        code="relationship_pending",
    )


def _check_relationship(*, subject: Organization, predicate: str, object_slug: str) -> Organization:
    """The organization ``object_slug`` names, if ``subject`` may propose to be ``predicate``
    of it: it exists, is another organization, and holds no such relationship yet."""
    if predicate not in Relationship.Predicate.values:
        raise FieldRefused(
            _("A relationship is “member of” or “supplier of”."),
            code="unknown_predicate",
            field="predicate",
        )
    slug = object_slug.strip()
    target = Organization.objects.filter(slug=slug).first() if slug else None
    if target is None:
        raise FieldRefused(
            _("No organization has the short name %(slug)s.") % {"slug": slug},
            code="unknown_organization",
            field="object",
        )
    if target.pk == subject.pk:
        raise FieldRefused(
            _("An organization cannot be in a relationship with itself."),
            code="self_relationship",
            field="object",
        )
    existing = Relationship.objects.filter(
        subject=subject, predicate=predicate, object=target
    ).first()
    if existing is not None:
        raise _already_there(existing)
    return target


def _proposal_emails(
    relationship: Relationship, *, by: User, base_url: str
) -> list[dict[str, Any]]:
    """One message to each administrator of the object, in their own language."""
    admins = User.objects.filter(
        org_roles__organization=relationship.object_id,
        org_roles__role=Role.Name.ADMIN,
        is_active=True,
    ).exclude(pk=by.pk)
    messages = []
    for admin in admins.order_by("pk"):
        with translation.override(admin.language or settings.LANGUAGE_CODE):
            path = reverse("organizations:relationships", args=[relationship.object.slug])
            context = {
                "relationship": relationship,
                "proposer": by,
                "link": base_url.rstrip("/") + path,
            }
            messages.append(
                {
                    "subject": _("%(org)s asks to be listed as %(predicate)s %(object)s")
                    % {
                        "org": relationship.subject,
                        "predicate": relationship.get_predicate_display(),
                        "object": relationship.object,
                    },
                    "body": render_to_string(
                        "organizations/email/relationship_proposed.txt", context
                    ),
                    "from_email": None,
                    "to": [admin.email],
                }
            )
    return messages


def relationship_propose(
    *, subject: Organization, predicate: str, object_slug: str, by: User, base_url: str
) -> Relationship:
    """The administrators of ``subject`` (or platform staff) propose that it is ``predicate``
    of the organization ``object_slug`` names. The relationship stays pending, and out of
    public view, until that organization's administrators confirm it; they are told by email.
    """
    _check_can_manage_relationships(organization=subject, by=by)
    target = _check_relationship(subject=subject, predicate=predicate, object_slug=object_slug)
    relationship = Relationship(subject=subject, predicate=predicate, object=target, proposed_by=by)
    relationship._history_user = by  # type: ignore[attr-defined]
    try:
        with transaction.atomic():
            relationship.save()
    except IntegrityError:
        # A double submit raced past the check above; the unique constraint kept one.
        existing = Relationship.objects.get(subject=subject, predicate=predicate, object=target)
        raise _already_there(existing) from None
    messages = _proposal_emails(relationship, by=by, base_url=base_url)

    def send() -> None:
        for message in messages:
            send_email(message)

    transaction.on_commit(send)
    return relationship


def _touch(relationship: Relationship) -> None:
    # What both organizations publish changed: exports and mirrors that follow ``updated_at``
    # see it. A queryset update keeps no profile version; the relationship's own says it.
    Organization.objects.filter(pk__in=[relationship.subject_id, relationship.object_id]).update(
        updated_at=timezone.now()
    )


def _locked(relationship: Relationship) -> Relationship:
    locked = (
        Relationship.objects.select_related("subject", "object")
        .select_for_update(of=("self",))
        .filter(pk=relationship.pk)
        .first()
    )
    if locked is None:
        raise Gone(
            _("This relationship was withdrawn, declined or ended in the meantime."),
            code="relationship_gone",
        )
    return locked


def relationship_confirm(*, relationship: Relationship, by: User) -> Relationship:
    """The administrators of the object (or platform staff) confirm a proposal: the
    relationship becomes public. Confirming again (a double submit) changes nothing."""
    _check_can_manage_relationships(organization=relationship.object, by=by)
    with transaction.atomic():
        relationship = _locked(relationship)
        if relationship.is_confirmed:
            return relationship
        relationship.confirmed_at = timezone.now()
        relationship.confirmed_by = by
        relationship._history_user = by  # type: ignore[attr-defined]
        relationship.save(update_fields=["confirmed_at", "confirmed_by"])
        _touch(relationship)
    return relationship


def relationship_remove(
    *, relationship: Relationship, on_behalf_of: Organization, by: User
) -> Ended:
    """One side's administrators (or platform staff) take back or decline a proposal, or end a
    confirmed relationship. The row goes, so it may be proposed again; its last version says
    who ended it, how and when."""
    if on_behalf_of.pk not in (relationship.subject_id, relationship.object_id):
        raise ServiceError(
            _("This relationship is not one of %(org)s's.") % {"org": on_behalf_of},
            code="not_a_side",
            status=404,
        )
    _check_can_manage_relationships(organization=on_behalf_of, by=by)
    with transaction.atomic():
        relationship = _locked(relationship)
        if relationship.is_confirmed:
            how = Ended.ENDED
        elif on_behalf_of.pk == relationship.subject_id:
            how = Ended.WITHDRAWN
        else:
            how = Ended.DECLINED
        relationship._history_user = by  # type: ignore[attr-defined]
        relationship._change_reason = how.value  # type: ignore[attr-defined]
        relationship.delete()
        if how == Ended.ENDED:
            _touch(relationship)
    return how


# --- requests to join ------------------------------------------------------------------------

JOIN_MESSAGE_MAX_LENGTH = 2000


def _join_text(text: str, *, what: str) -> str:
    text = text.strip()
    if "\x00" in text:
        raise FieldRefused(_("Null characters are not allowed."), code="nul_character", field=what)
    if len(text) > JOIN_MESSAGE_MAX_LENGTH:
        raise FieldRefused(
            _("Write at most %(n)d characters.") % {"n": JOIN_MESSAGE_MAX_LENGTH},
            code="text_too_long",
            field=what,
        )
    return text


def _already_pending(organization: Organization) -> Conflict:
    return Conflict(
        _("You have already asked to join %(org)s: your request is waiting for an answer.")
        % {"org": organization},
        code="join_request_pending",
    )


def _emails_in_their_language(
    users: Iterable[User], subject: str, template: str, context: dict[str, Any], path: str
) -> list[dict[str, Any]]:
    """One message per person, rendered in their own language; ``path`` is a route name and
    its arguments' slug, resolved in that language. ``subject`` is translated per person."""
    messages = []
    for person in users:
        with translation.override(person.language or settings.LANGUAGE_CODE):
            link = context["base_url"].rstrip("/") + reverse(path, args=[context["org"].slug])
            messages.append(
                {
                    "subject": _(subject) % {"org": context["org"]},
                    "body": render_to_string(template, {**context, "link": link}),
                    "from_email": None,
                    "to": [person.email],
                }
            )
    return messages


def _send_after_commit(messages: list[dict[str, Any]]) -> None:
    def send() -> None:
        for message in messages:
            send_email(message)

    transaction.on_commit(send)


# Subjects, translated per reader in _emails_in_their_language.
_ASKED = gettext_noop("Someone asks to join %(org)s on Intercoop")
_ACCEPTED = gettext_noop("Welcome to %(org)s on Intercoop")
_DECLINED = gettext_noop("Your request to join %(org)s on Intercoop")


def join_request_create(
    *, organization: Organization, by: User, message: str = "", base_url: str
) -> JoinRequest:
    """A signed-in person asks to join. The people who may decide are told by email."""
    if not by.is_authenticated or not by.is_active:
        raise PermissionDenied("join")
    message = _join_text(message, what="message")
    if Role.objects.filter(organization=organization, user=by).exists():
        raise Conflict(
            _("You are already in %(org)s.") % {"org": organization}, code="already_member"
        )
    try:
        with transaction.atomic():
            if JoinRequest.objects.filter(
                organization=organization, user=by, status=JoinRequest.Status.PENDING
            ).exists():
                raise _already_pending(organization)
            join_request = JoinRequest.objects.create(
                organization=organization, user=by, message=message
            )
    except IntegrityError:
        # A double submit raced past the check above; the partial unique index kept one.
        raise _already_pending(organization) from None
    deciders = User.objects.filter(
        org_roles__organization=organization,
        org_roles__role__in=roles_granting(Perm.DECIDE_JOIN_REQUESTS),
        is_active=True,
    ).order_by("pk")
    context = {"org": organization, "join_request": join_request, "base_url": base_url}
    _send_after_commit(
        _emails_in_their_language(
            deciders,
            _ASKED,
            "organizations/email/join_request_created.txt",
            context,
            "organizations:join_requests",
        )
    )
    return join_request


def _locked_request(join_request: JoinRequest) -> JoinRequest:
    return (
        JoinRequest.objects.select_for_update(of=("self",))
        .select_related("organization", "user")
        .get(pk=join_request.pk)
    )


def _answered(join_request: JoinRequest) -> Gone:
    return Gone(
        _("This request was already answered or withdrawn (%(status)s).")
        % {"status": join_request.get_status_display()},
        code="join_request_closed",
    )


def join_request_accept(*, join_request: JoinRequest, by: User, base_url: str) -> Role:
    """Whoever may invite members accepts: the person becomes a member, as an accepted
    invitation makes them. Accepting again (a double submit) returns the same role."""
    authorize(by, Perm.DECIDE_JOIN_REQUESTS, join_request.organization)
    with transaction.atomic():
        _lock_organization(join_request.organization)
        join_request = _locked_request(join_request)
        organization, user = join_request.organization, join_request.user
        if join_request.status == JoinRequest.Status.ACCEPTED:
            role = Role.objects.filter(organization=organization, user=user).first()
            if role is None:  # accepted, then removed since: the old request does not bring back
                raise _answered(join_request)
            return role
        if not join_request.is_pending:
            raise _answered(join_request)
        role = _role_grant(organization=organization, user=user, role=Role.Name.MEMBER)
        join_request.status = JoinRequest.Status.ACCEPTED
        join_request.decided_by = by
        join_request.decided_at = timezone.now()
        join_request.save(update_fields=["status", "decided_by", "decided_at"])
        context = {"org": organization, "join_request": join_request, "base_url": base_url}
        _send_after_commit(
            _emails_in_their_language(
                [user],
                _ACCEPTED,
                "organizations/email/join_request_accepted.txt",
                context,
                "organizations:detail",
            )
        )
    forget_roles(user)
    return role


def join_request_decline(
    *, join_request: JoinRequest, by: User, reason: str = "", base_url: str
) -> JoinRequest:
    """Whoever may invite members declines, with an optional reason the person is sent."""
    authorize(by, Perm.DECIDE_JOIN_REQUESTS, join_request.organization)
    reason = _join_text(reason, what="reason")
    with transaction.atomic():
        join_request = _locked_request(join_request)
        if not join_request.is_pending:
            raise _answered(join_request)
        join_request.status = JoinRequest.Status.DECLINED
        join_request.reason = reason
        join_request.decided_by = by
        join_request.decided_at = timezone.now()
        join_request.save(update_fields=["status", "reason", "decided_by", "decided_at"])
        context = {
            "org": join_request.organization,
            "join_request": join_request,
            "base_url": base_url,
        }
        _send_after_commit(
            _emails_in_their_language(
                [join_request.user],
                _DECLINED,
                "organizations/email/join_request_declined.txt",
                context,
                "organizations:detail",
            )
        )
    return join_request


def join_request_withdraw(*, join_request: JoinRequest, by: User) -> JoinRequest:
    """The person who asked takes their request back while it waits."""
    if join_request.user_id != by.pk:
        raise PermissionDenied("withdraw")
    with transaction.atomic():
        join_request = _locked_request(join_request)
        if not join_request.is_pending:
            raise _answered(join_request)
        join_request.status = JoinRequest.Status.WITHDRAWN
        join_request.decided_by = by
        join_request.decided_at = timezone.now()
        join_request.save(update_fields=["status", "decided_by", "decided_at"])
    return join_request
