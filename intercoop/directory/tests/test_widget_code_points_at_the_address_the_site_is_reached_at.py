"""The widget's <iframe> code points at the address the site is served at, as invitation links
do, and not at the default public address (``http://127.0.0.1:8000``) when the server runs on
another host or port."""

from __future__ import annotations

import html as html_lib
import re
from typing import Any

import pytest
from django.test import override_settings

from intercoop.organizations.models import Relationship
from intercoop.testing.factories import RelationshipFactory


@pytest.fixture
def network(personas: Any) -> None:
    RelationshipFactory.create(
        subject=personas.coop_a, predicate=Relationship.Predicate.MEMBER_OF, object=personas.coop_b
    )


def frame_src(html: str) -> str:
    code = re.search(r"<pre[^>]*><code>(.*?)</code></pre>", html, re.S)
    assert code, "no code to copy"
    src = re.search(r'<iframe src="([^"]+)"', html_lib.unescape(code.group(1)))
    assert src
    return src.group(1)


@override_settings(ALLOWED_HOSTS=["127.0.0.1"])
def test_a_server_on_another_port_gives_its_own_port(personas: Any, network: None) -> None:
    html = (
        personas.client_for("anonymous")
        .get("/fr/directory/widget/", {"org": "coop-b"}, HTTP_HOST="127.0.0.1:8105")
        .content.decode()
    )

    assert frame_src(html) == "http://127.0.0.1:8105/fr/embed/coop-b/"


@override_settings(
    PUBLIC_URL="https://coops.example.org",
    ALLOWED_HOSTS=["coops.example.org"],
    SECURE_SSL_REDIRECT=False,
)
def test_the_public_https_address_is_used_behind_it(personas: Any, network: None) -> None:
    html = (
        personas.client_for("anonymous")
        .get("/es/directory/widget/", {"org": "coop-b"}, HTTP_HOST="coops.example.org", secure=True)
        .content.decode()
    )

    assert frame_src(html) == "https://coops.example.org/es/embed/coop-b/"
    assert "8000" not in frame_src(html)
