"""Proposal texts, amendments, comments and decision questions are written in Markdown and shown
formatted (paragraphs, lists, emphasis, links), through markdown-it-py and the nh3 sanitizer:
scripts, event handlers, javascript: links, images and raw HTML never reach the page. The forms
say that Markdown is supported, in every language."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.utils import timezone

from intercoop.core.richtext import markdown_to_html
from intercoop.governance.services import proposals as services
from intercoop.governance.services.decisions import decision_create
from intercoop.governance.tests.conftest import Governance

pytestmark = pytest.mark.django_db

FORMATTED = """We propose:

- a cargo bike
- a *covered* rack

1. buy it
2. **insure** it

See [the quote](https://example.org/quote) and > this.
"""

HOSTILE = """<script>alert("body")</script>

<img src=x onerror=alert(1)>

<b onclick="alert(2)">raw bold</b>

[click](javascript:alert(3)) [data](data:text/html;base64,PHNjcmlwdD4=)

![tracker](https://example.org/pixel.png)

# A heading
"""


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, dict(attrs)))


def _elements(page: str) -> list[tuple[str, dict[str, str | None]]]:
    """Every element of the page, with its attributes, as a browser's parser sees them."""
    parser = _Elements()
    parser.feed(page)
    return parser.found


def _main(content: str) -> str:
    return content[content.index("<main") : content.index("</main>")]


def test_lists_emphasis_and_links_are_rendered(governance: Governance) -> None:
    p = governance.personas
    proposal = services.proposal_create(
        organization=p.coop_a, title="Cargo bike", body=FORMATTED, language="en", by=p.alice
    )
    proposal = services.proposal_open(proposal=proposal, by=p.alice)
    page = _main(
        p.client_for("bob").get(f"/en/orgs/coop-a/proposals/{proposal.pk}/").content.decode()
    )
    assert "<ul>\n<li>a cargo bike</li>\n<li>a <em>covered</em> rack</li>\n</ul>" in page
    assert "<ol>\n<li>buy it</li>\n<li><strong>insure</strong> it</li>\n</ol>" in page
    assert '<a href="https://example.org/quote" rel="nofollow noopener ugc">the quote</a>' in page
    assert "<p>We propose:</p>" in page


def test_scripts_handlers_javascript_links_images_and_raw_html_are_neutralised(
    governance: Governance,
) -> None:
    p = governance.personas
    proposal = services.proposal_create(
        organization=p.coop_a, title="Hostile", body=HOSTILE, language="en", by=p.alice
    )
    proposal = services.proposal_open(proposal=proposal, by=p.alice)
    services.comment_create(proposal=proposal, body=HOSTILE, by=p.bob)
    services.amendment_create(
        proposal=proposal, text=HOSTILE + "\nMore.", rationale=HOSTILE, by=p.bob
    )
    decision = decision_create(
        organization=p.coop_a,
        by=p.alice,
        title="Hostile question",
        language="en",
        method="yes_no",
        options=[],
        question=HOSTILE,
        record_date=timezone.localdate(),
    )
    client = p.client_for("alice")
    pages = {
        "proposal": client.get(f"/en/orgs/coop-a/proposals/{proposal.pk}/"),
        "decision": client.get(f"/en/orgs/coop-a/decisions/{decision.pk}/"),
    }
    for name, response in pages.items():
        assert response.status_code == 200, name
        page = _main(response.content.decode())
        tags = _elements(page)
        assert not {"script", "img", "b", "iframe"} & {tag for tag, _ in tags}, name
        for tag, attrs in tags:
            assert not [a for a in attrs if a.startswith("on")], (name, tag, attrs)
            for value in (attrs.get("href") or "", attrs.get("src") or ""):
                assert not value.lower().startswith(("javascript:", "data:")), (name, value)
        assert "<h1>A heading" not in page, name
        # raw HTML is shown as the text it is, not as markup
        assert '&lt;script&gt;alert("body")&lt;/script&gt;' in page, name
        assert "&lt;b onclick=" in page, name
        # headings become bold paragraphs: the page keeps its own outline
        assert "<p><strong>A heading</strong></p>" in page, name
    proposal_page = _main(pages["proposal"].content.decode())
    # the body, the comment, the amendment's text and its reason: four times each
    assert proposal_page.count('&lt;script&gt;alert("body")') == 4


def test_the_renderer_keeps_only_safe_urls() -> None:
    html = markdown_to_html(
        "[a](JavaScript:alert(1)) [b](vbscript:x) [c](mailto:board@example.org) [d](/en/orgs/)"
    )
    assert "href" not in html.split("[b]")[0]  # the javascript: link is left as text
    assert "vbscript" not in html.replace("[b](vbscript:x)", "")
    assert '<a href="mailto:board@example.org" rel="nofollow noopener ugc">c</a>' in html
    assert '<a href="/en/orgs/" rel="nofollow noopener ugc">d</a>' in html


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", "Formatting (Markdown)"),
        ("fr", "Mise en forme (Markdown)"),
        ("es", "Formato (Markdown)"),
    ],
)
def test_the_forms_say_markdown_is_supported(
    governance: Governance, language: str, words: str
) -> None:
    p = governance.personas
    proposal = services.proposal_create(
        organization=p.coop_a, title="Cargo bike", body="Text", language="en", by=p.alice
    )
    proposal = services.proposal_open(proposal=proposal, by=p.alice)
    client = p.client_for("alice")
    for url in (
        f"/{language}/orgs/coop-a/proposals/new/",
        f"/{language}/orgs/coop-a/proposals/{proposal.pk}/",  # the comment form
        f"/{language}/orgs/coop-a/decisions/new/",
    ):
        page = client.get(url).content.decode()
        assert words in page, url
