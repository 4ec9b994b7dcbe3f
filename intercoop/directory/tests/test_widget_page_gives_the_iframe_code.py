"""The widget's page lets a federation pick itself and gives the <iframe> code to paste."""

from __future__ import annotations

import html as html_lib
import re
from typing import Any

from intercoop.organizations.models import Relationship
from intercoop.testing.factories import RelationshipFactory


def test_networks_with_members_can_be_picked(personas: Any) -> None:
    RelationshipFactory.create(
        subject=personas.coop_a, predicate=Relationship.Predicate.MEMBER_OF, object=personas.coop_b
    )

    html = personas.client_for("anonymous").get("/en/directory/widget/").content.decode()

    assert '<form method="get" action="/en/directory/widget/"' in html
    assert '<select id="f-org" name="org">' in html
    assert '<option value="coop-b">Co-op B</option>' in html
    # Co-op A has no members: nothing to show in a widget.
    assert 'value="coop-a"' not in html


def test_the_code_frames_the_network_widget(personas: Any) -> None:
    response = personas.client_for("anonymous").get("/en/directory/widget/", {"org": "coop-b"})

    html = response.content.decode()
    assert response.status_code == 200
    code = re.search(r"<pre[^>]*><code>(.*?)</code></pre>", html, re.S)
    assert code
    # The address the page was reached at (the test client's host).
    url = "http://testserver/en/embed/coop-b/"
    assert html_lib.unescape(code.group(1)) == (
        f'<iframe src="{url}" title="Members of Co-op B" width="100%" height="700"'
        ' loading="lazy"></iframe>'
    )
    # A preview, framed from this site.
    assert '<iframe class="widget-preview" src="/en/embed/coop-b/"' in html


def test_an_unknown_network_is_explained(personas: Any) -> None:
    response = personas.client_for("anonymous").get("/en/directory/widget/", {"org": "nope"})

    assert response.status_code == 400
    assert "No organization has the short name nope." in response.content.decode()
