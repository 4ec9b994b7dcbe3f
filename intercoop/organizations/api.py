from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db.models import Prefetch
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Body, Field, Router, Schema, Status
from ninja.errors import ValidationError
from pydantic import ConfigDict, StringConstraints, ValidationInfo, field_validator, model_validator

from intercoop.accounts.api_auth import caller, token_or_session
from intercoop.accounts.http import AuthedRequest
from intercoop.api.errors import AUTHENTICATED, errors
from intercoop.api.types import A_NUMBER, NOT_BLANK, Number, Text
from intercoop.core.errors import ServiceError
from intercoop.core.ratelimit import rate_limit
from intercoop.organizations import checks, selectors, services, vocabularies
from intercoop.organizations.models import Invitation, Offer, Organization, Relationship
from intercoop.organizations.policy import (
    Perm,
    authorize,
    authorize_moderated,
    can_manage_relationships,
)

router = Router(tags=["organizations"])

PAGE_SIZE = 50
# An address Django's URL validator accepts (a host name with a TLD, no port), or "".
# An address Django's validator accepts: a dot-atom before the @, a host name with a TLD after it.
EMAIL_ADDRESS = (
    r"[A-Za-z0-9_%+-]+(\.[A-Za-z0-9_%+-]+)*"
    r"@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}"
)
EMAIL = f"^(|{EMAIL_ADDRESS})$"
WEBSITE = (
    r"^(|https?://([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}"
    r"([/?#][^\s\x00]*)?)$"
)
MISSION_DESCRIPTION = (
    "What the organization is for, in a sentence or two. A mission needs its `mission_language`."
)


class OrganizationOut(Schema):
    id: int
    slug: str
    name: str
    kind: str
    ally_category: str
    description: str
    description_language: str
    mission: str
    mission_language: str
    website: str
    created_at: datetime


def _organization_rules(schema: dict[str, Any]) -> None:
    # What the validator below checks, said in the schema: a co-op has no ally category, and a
    # mission says which language it is in.
    schema["allOf"] = [
        {
            "if": {"properties": {"kind": {"const": "coop"}}},
            "then": {"properties": {"ally_category": {"type": "null"}}},
        },
        _MISSION_NEEDS_ITS_LANGUAGE,
    ]


_MISSION_NEEDS_ITS_LANGUAGE = {
    "if": {"properties": {"mission": {"minLength": 1}}, "required": ["mission"]},
    "then": {
        "properties": {"mission_language": {"minLength": 1}},
        "required": ["mission_language"],
    },
}
# In a PATCH the language may be left out (the stored one stays); given, it may not be empty.
_MISSION_GIVEN_WITH_ITS_LANGUAGE = {
    "if": {
        "properties": {"mission": {"minLength": 1}},
        "required": ["mission", "mission_language"],
    },
    "then": {"properties": {"mission_language": {"minLength": 1}}},
}


class OrganizationIn(Schema):
    model_config = ConfigDict(json_schema_extra=_organization_rules)

    name: str = Field(..., min_length=1, max_length=200, pattern=NOT_BLANK)
    kind: Organization.Kind = Organization.Kind.COOP
    ally_category: Organization.AllyCategory | None = None
    description: Text = Field("", max_length=10_000)
    description_language: str = Field("", pattern="^(|en|fr|es)$")
    mission: Text = Field("", max_length=10_000, description=MISSION_DESCRIPTION)
    mission_language: str = Field("", pattern="^(|en|fr|es)$", validate_default=True)
    website: str = Field("", max_length=200, pattern=WEBSITE)

    @field_validator("ally_category")
    @classmethod
    def _ally_category_of_an_ally(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value and info.data.get("kind") == Organization.Kind.COOP:
            raise ValueError("Only allies have an ally category.")
        return value

    @field_validator("mission_language")
    @classmethod
    def _language_of_the_mission(cls, value: str, info: ValidationInfo) -> str:
        return _language_of_the_mission(value, info)


def _language_of_the_mission(value: str, info: ValidationInfo) -> str:
    if info.data.get("mission") and not value:
        raise ValueError("Say which language the mission is in.")
    return value


class PersonRoleOut(Schema):
    id: int
    user_id: int
    name: str
    email: str
    role: str


class InvitationIn(Schema):
    email: str = Field(..., max_length=254, pattern=f"^{EMAIL_ADDRESS}$")
    role: str = Field("member", pattern="^(member|staff|admin)$")


class InvitationOut(Schema):
    id: int
    email: str
    role: str
    created_at: datetime
    expires_at: datetime


def _org_out(org: Organization) -> OrganizationOut:
    return OrganizationOut.model_validate(org, from_attributes=True)


@router.post(
    "",
    response={201: OrganizationOut, **errors(*AUTHENTICATED, 422)},
    operation_id="organizations_create",
    auth=token_or_session,
    summary="Create an organization; you become its administrator",
)
def organizations_create(
    request: AuthedRequest, payload: OrganizationIn
) -> Status[OrganizationOut]:
    rate_limit("organization_create", request.user.pk)
    org = services.organization_create(
        by=request.user,
        name=payload.name,
        kind=payload.kind,
        ally_category=payload.ally_category or "",
        description=payload.description,
        description_language=payload.description_language,
        mission=payload.mission,
        mission_language=payload.mission_language,
        website=payload.website,
    )
    return Status(201, _org_out(org))


@router.get(
    "/{org_id}/roles",
    response={200: list[PersonRoleOut], **errors(*AUTHENTICATED, 404, 422)},
    operation_id="organizations_roles_list",
    auth=token_or_session,
    summary="People's roles in an organization (its members only)",
)
def organizations_roles_list(request: AuthedRequest, org_id: int) -> list[PersonRoleOut]:
    org = get_object_or_404(Organization, pk=org_id)
    authorize(request.user, Perm.VIEW_PEOPLE, org)
    return [
        PersonRoleOut(id=r.pk, user_id=r.user_id, name=r.user.name, email=r.user.email, role=r.role)
        for r in selectors.roles_of_organization(org)
    ]


@router.get(
    "/{org_id}/invitations",
    response={200: list[InvitationOut], **errors(*AUTHENTICATED, 404, 422)},
    operation_id="organizations_invitations_list",
    auth=token_or_session,
    summary="Open invitations (administrators and staff)",
)
def organizations_invitations_list(request: AuthedRequest, org_id: int) -> list[InvitationOut]:
    org = get_object_or_404(Organization, pk=org_id)
    authorize(request.user, Perm.INVITE_MEMBERS, org)
    return [
        InvitationOut.model_validate(i, from_attributes=True)
        for i in selectors.invitations_open(org)
    ]


@router.post(
    "/{org_id}/invitations",
    response={201: InvitationOut, **errors(*AUTHENTICATED, 404, 409, 422)},
    operation_id="organizations_invitations_create",
    auth=token_or_session,
    summary="Invite someone by email",
)
def organizations_invitations_create(
    request: AuthedRequest, org_id: int, payload: InvitationIn
) -> Status[InvitationOut]:
    org = get_object_or_404(Organization, pk=org_id)
    rate_limit("invitation_create", request.user.pk)
    issued = services.invitation_create(
        organization=org,
        email=str(payload.email),
        role=payload.role,
        by=request.user,
        base_url=request.build_absolute_uri("/"),
    )
    return Status(201, InvitationOut.model_validate(issued.invitation, from_attributes=True))


@router.delete(
    "/{org_id}/invitations/{invitation_id}",
    response={204: None, **errors(*AUTHENTICATED, 404, 410, 422)},
    operation_id="organizations_invitations_revoke",
    auth=token_or_session,
    summary="Withdraw an open invitation",
)
def organizations_invitations_revoke(
    request: AuthedRequest, org_id: int, invitation_id: int
) -> Status[None]:
    org = get_object_or_404(Organization, pk=org_id)
    authorize(request.user, Perm.INVITE_MEMBERS, org)
    invitation = get_object_or_404(Invitation, pk=invitation_id, organization=org)
    services.invitation_revoke(invitation=invitation, by=request.user)
    return Status(204, None)


# --- the profile and its offers -------------------------------------------------------------

# Literals rather than the models' enums: an enum becomes a schema component named after its
# class, and Offer.Kind would take the place of Organization.Kind. A test keeps them in step.
Language = Literal["", "en", "fr", "es"]
OrganizationStatus = Literal["forming", "active", "dormant", "dissolved"]
GeographicScope = Literal["", "local", "regional", "national", "international"]
OfferKind = Literal["product", "service"]


def _no_nul(value: Any) -> Any:
    # PostgreSQL cannot store NUL in text (it would be a 500); Django's forms refuse it too.
    if isinstance(value, str) and "\x00" in value:
        raise ValueError("Null characters are not allowed.")
    return value


class OrganizationProfileOut(Schema):
    """The organization's profile: every field its administrators may edit."""

    id: int
    slug: str
    name: str
    nickname: str
    description: str
    description_language: str
    mission: str
    mission_language: str
    website: str
    email: str
    phone: str
    legal_name: str
    legal_form: str
    status: str
    founded_on: date | None
    structure: str
    activity: str
    membership_type: str
    street_address: str
    locality: str
    region: str
    postal_code: str
    country: str
    latitude: float | None
    longitude: float | None
    geographic_scope: str
    updated_at: datetime


def _vocabulary(scheme: vocabularies.Scheme) -> dict[str, Any]:
    return {"enum": ["", *sorted(vocabularies.codes(scheme))]}


def _patch_rules(schema: dict[str, Any]) -> None:
    _no_defaults(schema)
    # What the validators check, said in the schema: the coordinates come as a pair, both
    # numbers or both null, and a mission given says which language it is in.
    schema["dependentRequired"] = {"latitude": ["longitude"], "longitude": ["latitude"]}
    schema["allOf"] = [
        {
            "if": {"properties": {"latitude": {"type": "null"}}, "required": ["latitude"]},
            "then": {"properties": {"longitude": {"type": "null"}}},
        },
        {
            "if": {"properties": {"longitude": {"type": "null"}}, "required": ["longitude"]},
            "then": {"properties": {"latitude": {"type": "null"}}},
        },
        _MISSION_GIVEN_WITH_ITS_LANGUAGE,
    ]


def _no_defaults(schema: dict[str, Any]) -> None:
    # A field left out of a PATCH keeps its value: the defaults below never apply, so the
    # schema shows none.
    for field in schema.get("properties", {}).values():
        field.pop("default", None)


class OrganizationPatch(Schema):
    """The fields to change; those left out stay as they are. An empty string clears a text,
    ``null`` clears the founding date or, given for both, the coordinates."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_patch_rules)

    name: str = Field("", min_length=1, max_length=200, pattern=NOT_BLANK)
    nickname: Text = Field("", max_length=100)
    description: Text = Field("", max_length=10_000)
    description_language: Language = ""
    mission: Text = Field("", max_length=10_000, description=MISSION_DESCRIPTION)
    mission_language: Language = ""
    website: str = Field("", max_length=200, pattern=WEBSITE)
    email: str = Field("", max_length=254, pattern=EMAIL)
    phone: Text = Field("", max_length=50)
    legal_name: Text = Field("", max_length=300)
    legal_form: Text = Field("", max_length=100)
    status: OrganizationStatus = "active"
    founded_on: date | None = None
    structure: str = Field(
        "",
        max_length=16,
        description="An ESSGlobal structure code (OS…).",
        json_schema_extra=_vocabulary("structure"),
    )
    activity: str = Field(
        "",
        max_length=16,
        description="An ESSGlobal ICA activity code.",
        json_schema_extra=_vocabulary("activity"),
    )
    membership_type: str = Field(
        "",
        max_length=16,
        description="An ESSGlobal base membership type code (BMT…).",
        json_schema_extra=_vocabulary("membership_type"),
    )
    street_address: Text = Field("", max_length=1000)
    locality: Text = Field("", max_length=200)
    region: Text = Field("", max_length=200)
    postal_code: Text = Field("", max_length=32)
    country: str = Field("", pattern="^(|[A-Z]{2})$", description="ISO 3166-1 alpha-2.")
    latitude: Number | None = Field(None, ge=-90, le=90, allow_inf_nan=False)
    longitude: Number | None = Field(None, ge=-180, le=180, allow_inf_nan=False)
    geographic_scope: GeographicScope = ""

    _no_nul_character = field_validator("*")(_no_nul)

    @field_validator("name")
    @classmethod
    def _name_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("An organization needs a name.")
        return value

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        if value:
            try:
                validate_email(value)
            except DjangoValidationError:
                raise ValueError("Not an email address.") from None
        return value

    @field_validator("structure", "activity", "membership_type")
    @classmethod
    def _known_term(cls, value: str, info: Any) -> str:
        if value and value not in vocabularies.codes(info.field_name):
            raise ValueError(f"{value} is not a term of this ESSGlobal vocabulary.")
        return value

    @field_validator("mission_language")
    @classmethod
    def _language_of_the_mission(cls, value: str, info: ValidationInfo) -> str:
        # Given with the mission, in the same request; left out, the stored one must do (409).
        return _language_of_the_mission(value, info)

    @model_validator(mode="after")
    def _coordinates_as_a_pair(self) -> OrganizationPatch:
        given = {"latitude", "longitude"} & self.model_fields_set
        if len(given) == 1:
            raise ValueError("Give the latitude and the longitude together.")
        if given and (self.latitude is None) != (self.longitude is None):
            raise ValueError("Give both the latitude and the longitude, or neither.")
        return self

    def changes(self) -> dict[str, Any]:
        """The fields given, and only those. (A text field refuses ``null``.)"""
        return self.model_dump(exclude_unset=True)


# The tags of an offer are kept together in at most TAGS_MAX_LENGTH characters, joined by ", ",
# which a schema cannot count; these two limits keep every list the schema allows within it.
TAGS_PER_OFFER = 10
TAG_MAX_LENGTH = (services.TAGS_MAX_LENGTH - 2 * (TAGS_PER_OFFER - 1)) // TAGS_PER_OFFER
Tag = Annotated[str, StringConstraints(max_length=TAG_MAX_LENGTH, pattern=r"^[^,\x00]*$")]


class OfferIn(Schema):
    model_config = ConfigDict(extra="forbid")

    id: Annotated[int, Field(ge=1), A_NUMBER] | None = Field(
        None, description="The offer this item replaces; leave it out for a new one."
    )
    kind: OfferKind = "service"
    text: str = Field(..., min_length=1, max_length=services.TEXT_MAX_LENGTH, pattern=NOT_BLANK)
    tags: list[Tag] = Field(
        [],
        max_length=TAGS_PER_OFFER,
        description="Words to find it by; a tag holds no comma.",
    )
    language: Language = ""

    _no_nul_character = field_validator("text", "language")(_no_nul)

    @field_validator("tags")
    @classmethod
    def _tags(cls, tags: list[str]) -> list[str]:
        for tag in tags:
            _no_nul(tag)
            if "," in tag:
                raise ValueError("A tag cannot contain a comma.")
            if len(tag) > services.TAG_MAX_LENGTH:
                raise ValueError(f"A tag can be at most {services.TAG_MAX_LENGTH} characters long.")
        if len(", ".join(checks.normalize_tags(tags))) > services.TAGS_MAX_LENGTH:
            raise ValueError(
                f"The tags can be at most {services.TAGS_MAX_LENGTH} characters long together."
            )
        return tags


# At most MAX_OFFERS items, said in the schema.
OfferList = Annotated[list[OfferIn], Body(..., max_length=services.MAX_OFFERS)]


class OfferOut(Schema):
    id: int
    kind: str
    text: str
    tags: list[str]
    language: str
    position: int


def _offer_out(offer: Offer) -> OfferOut:
    return OfferOut(
        id=offer.pk,
        kind=offer.kind,
        text=offer.text,
        tags=offer.tag_list,
        language=offer.language,
        position=offer.position,
    )


# Refusals that depend on what is stored, not on the request's form: the request is well formed
# (its schema cannot tell), and names something that is not there (404) or conflicts with the
# stored data (409). Every other refusal of a value is a 422, as pydantic's.
_REFUSAL_STATUS = {
    "unknown_offer": 404,
    "unknown_organization": 404,
    "self_relationship": 409,
    "mission_language_required": 409,
}


def _refused(refusal: services.FieldRefused) -> ValidationError | ServiceError:
    """A service's refusal of one value, as the 422 that pydantic's refusals give, or the
    404 or 409 of a refusal that depends on the stored data."""
    loc: list[Any] = ["body", "payload"]
    if refusal.index is not None:
        loc.append(refusal.index)
    if refusal.field is not None:
        loc.append(refusal.field)
    status = _REFUSAL_STATUS.get(refusal.code)
    if status is not None:
        error = ServiceError(refusal.message, code=refusal.code, status=status)
        error.details = [{"loc": [str(p) for p in loc], "msg": refusal.message}]
        return error
    return ValidationError([{"loc": loc, "msg": refusal.message}])


@router.patch(
    "/{org_id}",
    response={200: OrganizationProfileOut, **errors(*AUTHENTICATED, 404, 409, 422)},
    operation_id="organizations_update",
    auth=token_or_session,
    summary="Change some fields of the profile (its administrators, or platform staff)",
    description=(
        "Only the fields given change, and the change is kept in the organization's history "
        "with your name. Unknown fields, unknown ESSGlobal codes, a mission given with an empty "
        "language and a latitude without its longitude (or the reverse) are refused with 422; "
        "a mission left without a language by what is stored (a mission alone where none is "
        "stored, or the language cleared), with 409 `mission_language_required`."
    ),
)
def organizations_update(
    request: AuthedRequest, org_id: int, payload: OrganizationPatch
) -> OrganizationProfileOut:
    org = get_object_or_404(Organization, pk=org_id)
    authorize_moderated(request.user, Perm.EDIT_PROFILE, org)
    try:
        org = services.organization_update(organization=org, by=request.user, **payload.changes())
    except services.FieldRefused as refusal:
        raise _refused(refusal) from None
    return OrganizationProfileOut.model_validate(org, from_attributes=True)


@router.get(
    "/{org_id}/offers",
    response={200: list[OfferOut], **errors(404, 422)},
    operation_id="organizations_offers_list",
    auth=None,
    summary="The products and services an organization offers",
)
def organizations_offers_list(request: HttpRequest, org_id: int) -> list[OfferOut]:
    org = get_object_or_404(Organization, pk=org_id)
    return [_offer_out(o) for o in org.offers.all()]


@router.put(
    "/{org_id}/offers",
    response={200: list[OfferOut], **errors(*AUTHENTICATED, 404, 409, 422)},
    operation_id="organizations_offers_replace",
    auth=token_or_session,
    summary="Replace the list of products and services (its administrators, or platform staff)",
    description=(
        "The list sent becomes the organization's, in its order. An item with an `id` updates "
        "that offer; an item without one keeps an existing offer with the same content (so "
        "sending the same list again changes nothing), or adds one. Offers left out are removed. "
        f"At most {services.MAX_OFFERS} offers. Each change is kept in the history."
    ),
)
def organizations_offers_replace(
    request: AuthedRequest,
    org_id: int,
    payload: OfferList,
) -> list[OfferOut]:
    org = get_object_or_404(Organization, pk=org_id)
    authorize_moderated(request.user, Perm.EDIT_PROFILE, org)
    offers = [
        services.OfferData(
            id=item.id,
            kind=item.kind,
            text=item.text,
            tags=tuple(item.tags),
            language=item.language,
        )
        for item in payload
    ]
    try:
        kept = services.offers_replace(organization=org, by=request.user, offers=offers)
    except services.FieldRefused as refusal:
        raise _refused(refusal) from None
    return [_offer_out(o) for o in kept]


# --- one organization, in full ----------------------------------------------------------------


class RegistryIdOut(Schema):
    scheme: str
    value: str


class RelationshipOut(Schema):
    predicate: str = Field(..., description="`member_of` or `supplier_of`.")
    id: int
    slug: str
    name: str


class ProvenanceOut(Schema):
    source: str = Field(..., description="Empty when the record was entered on Intercoop.")
    source_id: str
    licence: str
    attribution: str
    imported_at: datetime | None


class OrganizationDetailOut(OrganizationProfileOut):
    kind: str
    ally_category: str
    created_at: datetime
    registry_ids: list[RegistryIdOut]
    links_out: list[RelationshipOut] = Field(
        ..., description="This organization is `predicate` of each of these (confirmed only)."
    )
    links_in: list[RelationshipOut] = Field(
        ...,
        description=(
            "Each of these is `predicate` of this organization, e.g. its members (confirmed only)."
        ),
    )
    offers: list[OfferOut]
    provenance: ProvenanceOut
    page_url: str
    murmurations_url: str


@router.get(
    "/{org_id}",
    response={200: OrganizationDetailOut, **errors(404, 422)},
    operation_id="organizations_get",
    auth=None,
    summary="One organization: profile, registry identifiers, relationships, offers, provenance",
)
def organizations_get(request: HttpRequest, org_id: int) -> OrganizationDetailOut:
    # Only confirmed relationships are public.
    org = get_object_or_404(
        Organization.objects.prefetch_related(
            "registry_ids",
            "offers",
            Prefetch("links_out", selectors.links_out_confirmed()),
            Prefetch("links_in", selectors.links_in_confirmed()),
        ),
        pk=org_id,
    )
    profile = OrganizationProfileOut.model_validate(org, from_attributes=True).model_dump()
    return OrganizationDetailOut(
        **profile,
        kind=org.kind,
        ally_category=org.ally_category,
        created_at=org.created_at,
        registry_ids=[
            RegistryIdOut(scheme=r.scheme, value=r.value) for r in org.registry_ids.all()
        ],
        links_out=[
            RelationshipOut(
                predicate=r.predicate, id=r.object.pk, slug=r.object.slug, name=r.object.name
            )
            for r in org.links_out.all()
        ],
        links_in=[
            RelationshipOut(
                predicate=r.predicate, id=r.subject.pk, slug=r.subject.slug, name=r.subject.name
            )
            for r in org.links_in.all()
        ],
        offers=[_offer_out(o) for o in org.offers.all()],
        provenance=ProvenanceOut(
            source=org.source,
            source_id=org.source_id,
            licence=org.source_licence,
            attribution=org.source_attribution,
            imported_at=org.imported_at,
        ),
        page_url=request.build_absolute_uri(reverse("organizations:detail", args=[org.slug])),
        murmurations_url=request.build_absolute_uri(
            reverse("murmurations:organization", args=[org.slug])
        ),
    )


# --- relationships between organizations ------------------------------------------------------

RELATIONSHIPS_DESCRIPTION = (
    "The administrators of an organization propose that it is `member_of` or `supplier_of` "
    "another; the relationship stays `pending`, and out of every public view, until the "
    "other organization's administrators confirm it."
)


class OrganizationRefOut(Schema):
    id: int
    slug: str
    name: str


class OrganizationRelationshipOut(Schema):
    id: int
    subject: OrganizationRefOut
    predicate: Literal["member_of", "supplier_of"]
    object: OrganizationRefOut
    status: Literal["pending", "confirmed"]
    proposed_at: datetime
    confirmed_at: datetime | None


class RelationshipIn(Schema):
    model_config = ConfigDict(extra="forbid")

    predicate: Literal["member_of", "supplier_of"] = Field(
        ..., description="The organization of the path is `predicate` of `object`."
    )
    object: str = Field(
        ...,
        min_length=1,
        max_length=80,
        pattern=r"^[-a-zA-Z0-9_]+$",
        description="The short name (slug) of the other organization.",
    )


def _org_ref(org: Organization) -> OrganizationRefOut:
    return OrganizationRefOut(id=org.pk, slug=org.slug, name=org.name)


def _relationship_out(relationship: Relationship) -> OrganizationRelationshipOut:
    return OrganizationRelationshipOut(
        id=relationship.pk,
        subject=_org_ref(relationship.subject),
        predicate=relationship.predicate,  # type: ignore[arg-type]
        object=_org_ref(relationship.object),
        status="confirmed" if relationship.is_confirmed else "pending",
        proposed_at=relationship.created_at,
        confirmed_at=relationship.confirmed_at,
    )


@router.get(
    "/{org_id}/relationships",
    response={200: list[OrganizationRelationshipOut], **errors(*AUTHENTICATED, 404, 422)},
    operation_id="organizations_relationships_list",
    auth=None,
    summary="The relationships an organization is either side of",
    description=(
        f"{RELATIONSHIPS_DESCRIPTION} Everyone sees the confirmed ones; the organization's "
        "administrators (and platform staff), calling with their token or session, also see "
        "the pending ones. Confirmed ones come first."
    ),
)
def organizations_relationships_list(
    request: HttpRequest, org_id: int
) -> list[OrganizationRelationshipOut]:
    org = get_object_or_404(Organization, pk=org_id)
    with_pending = can_manage_relationships(caller(request), org)
    found = selectors.relationships_of(org, with_pending=with_pending)
    return [_relationship_out(r) for r in found]


@router.post(
    "/{org_id}/relationships",
    response={201: OrganizationRelationshipOut, **errors(*AUTHENTICATED, 404, 409, 422)},
    operation_id="organizations_relationships_create",
    auth=token_or_session,
    summary="Propose a relationship to another organization (its administrators)",
    description=(
        f"{RELATIONSHIPS_DESCRIPTION} The other organization's administrators are told by "
        "email. An unknown short name is a 404; the organization itself, or a relationship "
        "that exists or waits already, a 409."
    ),
)
def organizations_relationships_create(
    request: AuthedRequest, org_id: int, payload: RelationshipIn
) -> Status[OrganizationRelationshipOut]:
    org = get_object_or_404(Organization, pk=org_id)
    authorize_moderated(request.user, Perm.MANAGE_RELATIONSHIPS, org)
    try:
        relationship = services.relationship_propose(
            subject=org,
            predicate=payload.predicate,
            object_slug=payload.object,
            by=request.user,
            base_url=request.build_absolute_uri("/"),
        )
    except services.FieldRefused as refusal:
        raise _refused(refusal) from None
    return Status(201, _relationship_out(relationship))


@router.post(
    "/{org_id}/relationships/{relationship_id}/confirm",
    response={200: OrganizationRelationshipOut, **errors(*AUTHENTICATED, 404, 410, 422)},
    operation_id="organizations_relationships_confirm",
    auth=token_or_session,
    summary="Confirm a relationship proposed to this organization (its administrators)",
    description=(
        "The relationship becomes public. Only the organization it points at (its `object`) "
        "confirms it. Confirming it again changes nothing."
    ),
)
def organizations_relationships_confirm(
    request: AuthedRequest, org_id: int, relationship_id: int
) -> OrganizationRelationshipOut:
    org = get_object_or_404(Organization, pk=org_id)
    authorize_moderated(request.user, Perm.MANAGE_RELATIONSHIPS, org)
    relationship = get_object_or_404(
        Relationship.objects.select_related("subject", "object"), pk=relationship_id, object=org
    )
    confirmed = services.relationship_confirm(relationship=relationship, by=request.user)
    return _relationship_out(confirmed)


@router.delete(
    "/{org_id}/relationships/{relationship_id}",
    response={204: None, **errors(*AUTHENTICATED, 404, 410, 422)},
    operation_id="organizations_relationships_delete",
    auth=token_or_session,
    summary="Withdraw, decline or end a relationship (either side's administrators)",
    description=(
        "A pending proposal is withdrawn by its subject, or declined by its object; a "
        "confirmed relationship is ended by either. The organization's history keeps who did "
        "it and when."
    ),
)
def organizations_relationships_delete(
    request: AuthedRequest, org_id: int, relationship_id: int
) -> Status[None]:
    org = get_object_or_404(Organization, pk=org_id)
    authorize_moderated(request.user, Perm.MANAGE_RELATIONSHIPS, org)
    relationship = get_object_or_404(Relationship.objects.of(org), pk=relationship_id)
    services.relationship_remove(relationship=relationship, on_behalf_of=org, by=request.user)
    return Status(204, None)
