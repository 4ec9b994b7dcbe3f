from __future__ import annotations

from datetime import datetime

from django.core.paginator import Paginator
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from pydantic import EmailStr, field_validator

from intercoop.api.auth import token_or_session
from intercoop.api.errors import errors
from intercoop.core.http import AuthedRequest
from intercoop.organizations import selectors, services
from intercoop.organizations.models import Invitation, Organization
from intercoop.organizations.policy import Perm, authorize

router = Router(tags=["organizations"])

PAGE_SIZE = 50


class OrganizationOut(Schema):
    id: int
    slug: str
    name: str
    kind: str
    ally_category: str
    description: str
    description_language: str
    website: str
    created_at: datetime


class OrganizationPage(Schema):
    count: int
    page: int
    pages: int
    results: list[OrganizationOut]


class PageQuery(Schema):
    page: int = Field(1, ge=1, description="Page number, from 1.")


class OrganizationIn(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    kind: Organization.Kind = Organization.Kind.COOP
    ally_category: Organization.AllyCategory | None = None
    description: str = Field("", max_length=10_000)
    description_language: str = Field("", pattern="^(|en|fr|es)$")
    website: str = Field("", max_length=200, pattern=r"^(|https?://\S+)$")

    @field_validator("name", "description", "website")
    @classmethod
    def _no_nul_character(cls, value: str) -> str:
        # PostgreSQL cannot store NUL in text (it would be a 500); Django's forms refuse it too.
        if "\x00" in value:
            raise ValueError("Null characters are not allowed.")
        return value


class PersonRoleOut(Schema):
    id: int
    user_id: int
    name: str
    email: str
    role: str


class InvitationIn(Schema):
    email: EmailStr
    role: str = Field("member", pattern="^(member|staff|admin)$")


class InvitationOut(Schema):
    id: int
    email: str
    role: str
    created_at: datetime
    expires_at: datetime


def _org_out(org: Organization) -> OrganizationOut:
    return OrganizationOut.model_validate(org, from_attributes=True)


@router.get(
    "",
    response={200: OrganizationPage, **errors(422)},
    operation_id="organizations_list",
    auth=None,
    summary="List organizations",
)
def organizations_list(request: HttpRequest, query: Query[PageQuery]) -> OrganizationPage:
    paginator = Paginator(selectors.organization_list(), PAGE_SIZE)
    page = paginator.get_page(query.page)
    return OrganizationPage(
        count=paginator.count,
        page=page.number,
        pages=paginator.num_pages,
        results=[_org_out(o) for o in page.object_list],
    )


@router.post(
    "",
    response={201: OrganizationOut, **errors(400, 401, 403, 422)},
    operation_id="organizations_create",
    auth=token_or_session,
    summary="Create an organization; you become its administrator",
)
def organizations_create(
    request: AuthedRequest, payload: OrganizationIn
) -> Status[OrganizationOut]:
    org = services.organization_create(
        by=request.user,
        name=payload.name,
        kind=payload.kind,
        ally_category=payload.ally_category or "",
        description=payload.description,
        description_language=payload.description_language,
        website=payload.website,
    )
    return Status(201, _org_out(org))


@router.get(
    "/{org_id}",
    response={200: OrganizationOut, **errors(404, 422)},
    operation_id="organizations_get",
    auth=None,
    summary="One organization",
)
def organizations_get(request: HttpRequest, org_id: int) -> OrganizationOut:
    return _org_out(get_object_or_404(Organization, pk=org_id))


@router.get(
    "/{org_id}/roles",
    response={200: list[PersonRoleOut], **errors(401, 403, 404, 422)},
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
    response={200: list[InvitationOut], **errors(401, 403, 404, 422)},
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
    response={201: InvitationOut, **errors(400, 401, 403, 404, 409, 422)},
    operation_id="organizations_invitations_create",
    auth=token_or_session,
    summary="Invite someone by email",
)
def organizations_invitations_create(
    request: AuthedRequest, org_id: int, payload: InvitationIn
) -> Status[InvitationOut]:
    org = get_object_or_404(Organization, pk=org_id)
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
    response={204: None, **errors(401, 403, 404, 410, 422)},
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
