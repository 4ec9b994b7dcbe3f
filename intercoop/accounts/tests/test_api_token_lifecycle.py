"""A personal API token: created on the tokens page and shown once, used on the API, revoked or
expired, and never stored in the clear."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intercoop.accounts.models import ApiToken
from intercoop.accounts.services import api_token_create
from intercoop.conftest import Personas
from intercoop.env import Rate

SECRET_ON_PAGE = re.compile(r'id="new-token">(ic_[^<]+)</p>')


def me(secret: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {secret}"})


def me_status_and_code(secret: str) -> tuple[int, str | None]:
    response = me(secret).get("/api/v1/me")
    code = response.json().get("error", {}).get("code") if response.status_code >= 400 else None
    return response.status_code, code


def create_on_the_page(client: Client, name: str = "nightly export") -> str:
    response = client.post(reverse("accounts:tokens"), {"name": name})
    assert response.status_code == 200
    found = SECRET_ON_PAGE.findall(response.content.decode())
    assert len(found) == 1
    return found[0]


def test_the_tokens_page_shows_the_new_secret_once(personas: Personas) -> None:
    # given
    client = personas.client_for("bob")

    # when
    secret = create_on_the_page(client)
    later = client.get(reverse("accounts:tokens")).content.decode()

    # then
    assert secret not in later
    token = ApiToken.objects.get(user=personas.bob)
    assert f"ic_{token.prefix}_" in later  # enough to recognise it, not to use it
    assert "nightly export" in later


def test_the_new_token_works_on_the_api(personas: Personas) -> None:
    secret = create_on_the_page(personas.client_for("bob"))

    response = me(secret).get("/api/v1/me")

    assert response.status_code == 200
    assert response.json()["email"] == "bob@example.org"
    assert ApiToken.objects.get(user=personas.bob).last_used_at is not None


def test_only_a_digest_of_the_secret_is_stored(personas: Personas) -> None:
    secret = create_on_the_page(personas.client_for("bob"))

    token = ApiToken.objects.get(user=personas.bob)
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
    stored = [str(v) for v in ApiToken.objects.filter(pk=token.pk).values().get().values()]
    # The secret is ic_<prefix>_<random part>; the random part may itself hold "_", so it is
    # everything after the second one (splitting at the last "_" once gave a two-letter tail
    # that the digest happened to contain).
    random_part = secret.split("_", 2)[2]
    assert len(random_part) >= 40
    assert not any(secret in v or random_part in v for v in stored)


def test_a_token_revoked_on_the_page_is_refused(personas: Personas) -> None:
    # given
    client = personas.client_for("bob")
    secret = create_on_the_page(client)
    token = ApiToken.objects.get(user=personas.bob)

    # when
    revoked = client.post(reverse("accounts:token_revoke", args=[token.pk]), follow=True)

    # then
    assert revoked.redirect_chain == [(reverse("accounts:tokens"), 302)]
    assert "The token “nightly export” was revoked." in revoked.content.decode()
    assert me_status_and_code(secret) == (401, "invalid_token")
    listed = client.get(reverse("accounts:tokens"))
    assert "nightly export" not in listed.content.decode()


def test_an_expired_token_is_refused(personas: Personas) -> None:
    issued = api_token_create(
        user=personas.bob, name="old", expires_at=timezone.now() - timedelta(seconds=1)
    )

    assert me_status_and_code(issued.secret) == (401, "invalid_token")


def test_a_token_still_in_date_is_accepted(personas: Personas) -> None:
    issued = api_token_create(
        user=personas.bob, name="soon", expires_at=timezone.now() + timedelta(minutes=5)
    )

    assert me_status_and_code(issued.secret) == (200, None)


def test_the_page_refuses_an_expiry_date_in_the_past(personas: Personas) -> None:
    yesterday = (timezone.now() - timedelta(days=1)).date().isoformat()

    response = personas.client_for("bob").post(
        reverse("accounts:tokens"), {"name": "late", "expires_at": yesterday}
    )

    assert response.status_code == 400
    assert "Choose a date in the future." in response.content.decode()
    assert not ApiToken.objects.exists()


def test_a_token_of_a_deactivated_account_is_refused(personas: Personas) -> None:
    issued = api_token_create(user=personas.bob, name="script")
    personas.bob.is_active = False
    personas.bob.save(update_fields=["is_active"])

    assert me_status_and_code(issued.secret) == (401, "invalid_token")


def test_a_secret_containing_underscores_works(personas: Personas) -> None:
    # The random part is URL-safe base64, which may contain "_" as well as "-".
    with mock.patch(
        "intercoop.accounts.services.secrets.token_urlsafe", return_value="a_b-c_d" * 6
    ):
        issued = api_token_create(user=personas.bob, name="script")

    assert me_status_and_code(issued.secret) == (200, None)


@pytest.mark.parametrize(
    "malformed",
    [
        "",
        "nonsense",
        "ic_",
        "ic_abc_def",
        "ic_zzzzzzzz_" + "x" * 43,
        "xx_0123abcd_" + "x" * 43,
        "Bearer ic_0123abcd_x",
    ],
)
def test_a_malformed_token_is_refused_as_invalid(personas: Personas, malformed: str) -> None:
    assert me_status_and_code(malformed) == (401, "invalid_token")


def test_the_right_prefix_with_a_wrong_secret_is_refused(personas: Personas) -> None:
    issued = api_token_create(user=personas.bob, name="script")
    forged = f"ic_{issued.token.prefix}_{'A' * 43}"

    assert me_status_and_code(forged) == (401, "invalid_token")


def test_another_authorization_scheme_is_not_authenticated(personas: Personas) -> None:
    response = Client(headers={"Authorization": "Basic Ym9iOnNlY3JldA=="}).get("/api/v1/me")

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(token=st.text(alphabet=st.characters(codec="latin-1", exclude_characters="\r\n")))
def test_any_presented_token_is_refused_cleanly(personas: Personas, token: str) -> None:
    # Through the whole stack: a JSON 401 with the stable code, whatever the header holds.
    api_token_create(user=personas.bob, name="a real one")

    # Forty wrong tokens from one address would reach its limit, which has a test of its own.
    unlimited = {**django_settings.RATE_LIMITS, "token_failed": Rate(10_000, 3600)}
    with override_settings(RATE_LIMITS=unlimited):
        assert me_status_and_code(token) == (401, "invalid_token")
