from __future__ import annotations

import pytest

from intercoop.accounts.models import User
from intercoop.conftest import Personas
from intercoop.organizations import services
from intercoop.organizations.models import Role
from intercoop.testing.factories import UserFactory

NEWCOMER_EMAIL = "newcomer@example.org"


@pytest.fixture
def newcomer(db: None) -> User:
    """Someone with an account and a verified address, not yet in any organization."""
    return UserFactory.create(email=NEWCOMER_EMAIL)


def invite_newcomer(
    personas: Personas, *, role: str = Role.Name.MEMBER, by: User | None = None
) -> services.IssuedInvitation:
    """Co-op A invites the newcomer, by default through Alice, its administrator."""
    return services.invitation_create(
        organization=personas.coop_a,
        email=NEWCOMER_EMAIL,
        role=role,
        by=by or personas.alice,
        base_url="http://testserver/",
    )
