from __future__ import annotations

from ninja import Router, Schema

from intercoop.accounts.api_auth import token_or_session
from intercoop.accounts.http import AuthedRequest
from intercoop.api.errors import AUTHENTICATED, errors

router = Router(tags=["accounts"])


class RoleOut(Schema):
    organization_id: int
    organization_slug: str
    organization_name: str
    role: str


class MeOut(Schema):
    id: int
    email: str
    name: str
    language: str
    roles: list[RoleOut]


@router.get(
    "",
    response={200: MeOut, **errors(*AUTHENTICATED)},
    operation_id="me_get",
    auth=token_or_session,
    summary="The authenticated person and their roles",
)
def me_get(request: AuthedRequest) -> MeOut:
    user = request.user
    roles = [
        RoleOut(
            organization_id=r.organization_id,
            organization_slug=r.organization.slug,
            organization_name=r.organization.name,
            role=r.role,
        )
        for r in user.roles()
    ]
    return MeOut(id=user.id, email=user.email, name=user.name, language=user.language, roles=roles)
