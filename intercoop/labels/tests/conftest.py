"""Fixtures of the labels tests: each test seals issuer keys under its own labels key file."""

from __future__ import annotations

from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator
from django.conf import LazySettings

from intercoop.accounts.models import User


@pytest.fixture(autouse=True)
def labels_key_file(tmp_path: Path, settings: LazySettings) -> Path:
    path = tmp_path / "labels_key"
    settings.LABELS_KEY_FILE = path
    return path


def with_mfa(user: User) -> User:
    """``user`` has set up an authenticator app (the labels pages ask for it)."""
    Authenticator.objects.get_or_create(
        user=user, type=Authenticator.Type.TOTP, defaults={"data": {"secret": "x"}}
    )
    return user
