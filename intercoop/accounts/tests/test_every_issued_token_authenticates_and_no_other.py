from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intercoop.accounts.models import ApiToken, User
from intercoop.accounts.services import api_token_authenticate, api_token_create
from intercoop.core.errors import ServiceError
from intercoop.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def user() -> User:
    return UserFactory.create()


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=st.text(min_size=1, max_size=40).filter(lambda s: s.strip() and "\x00" not in s))
def test_every_issued_token_authenticates_its_owner(user: User, name: str) -> None:
    # Secrets are random URL-safe text, which may itself contain "_" (the separator).
    issued = api_token_create(user=user, name=name)
    assert api_token_authenticate(secret=issued.secret) == user


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(position=st.integers(min_value=0), replacement=st.characters(codec="ascii"))
def test_a_token_altered_anywhere_is_refused(user: User, position: int, replacement: str) -> None:
    secret = api_token_create(user=user, name="t").secret
    i = position % len(secret)
    altered = secret[:i] + replacement + secret[i + 1 :]
    if altered != secret:
        assert api_token_authenticate(secret=altered) is None


@given(garbage=st.text(max_size=200))
def test_arbitrary_text_never_authenticates(garbage: str) -> None:
    assert api_token_authenticate(secret=garbage) is None


@pytest.mark.parametrize("name", ["", "   ", "a\x00b", "x" * 101])
def test_a_token_name_that_cannot_be_stored_is_refused(user: User, name: str) -> None:
    with pytest.raises(ServiceError, match="1 to 100 characters"):
        api_token_create(user=user, name=name)
    assert not ApiToken.objects.exists()
