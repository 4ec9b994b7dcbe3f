"""The embeddable widget is the one page any site may put in an iframe; every other page,
the search page and the widget's own instructions included, refuses to be framed."""

from __future__ import annotations

from typing import Any

import pytest

from intercoop.organizations.models import Relationship
from intercoop.testing.factories import RelationshipFactory


def frame_ancestors(response: Any) -> list[str]:
    for directive in response.headers["Content-Security-Policy"].split(";"):
        words = directive.split()
        if words and words[0] == "frame-ancestors":
            return words[1:]
    raise AssertionError("no frame-ancestors")


@pytest.mark.parametrize("who", ["anonymous", "alice", "charlie"])
def test_the_embed_page_may_be_framed_by_any_site(personas: Any, who: str) -> None:
    RelationshipFactory.create(
        subject=personas.coop_a, predicate=Relationship.Predicate.MEMBER_OF, object=personas.coop_b
    )

    response = personas.client_for(who).get("/en/embed/coop-b/")

    assert response.status_code == 200
    assert frame_ancestors(response) == ["*"]
    assert "X-Frame-Options" not in response.headers
    # Only framing is relaxed: scripts and styles stay the site's own.
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "'unsafe-inline'" not in csp


@pytest.mark.parametrize(
    "url", ["/en/directory/", "/en/directory/widget/", "/en/directory/widget/?org=coop-b", "/en/"]
)
def test_other_pages_refuse_to_be_framed(personas: Any, url: str) -> None:
    response = personas.client_for("anonymous").get(url)

    assert response.status_code == 200
    assert frame_ancestors(response) == ["'none'"]
    assert response.headers["X-Frame-Options"] == "DENY"


def test_the_widget_is_a_light_page_of_its_own(personas: Any) -> None:
    RelationshipFactory.create(
        subject=personas.coop_a, predicate=Relationship.Predicate.MEMBER_OF, object=personas.coop_b
    )

    html = personas.client_for("anonymous").get("/fr/embed/coop-b/").content.decode()

    # No site header or navigation, its own stylesheet, and links that leave the frame.
    assert '<html lang="fr">' in html
    assert 'class="site-header"' not in html
    assert "css/intercoop" not in html
    assert "directory/embed" in html
    assert '<a href="/fr/orgs/coop-a/" target="_top">Co-op A</a>' in html
    assert len(html.encode()) < 10_000
