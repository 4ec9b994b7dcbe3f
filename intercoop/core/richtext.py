"""Rich text written by people (proposals, amendments, comments, resolutions): a safe subset of
Markdown, rendered by markdown-it-py and then cleaned by nh3 (ammonia). Neither the parser nor
the sanitizer is ours.

The subset: paragraphs and line breaks, bulleted and numbered lists, emphasis, links, block
quotations, inline code and code blocks, rules. Raw HTML is shown as text, never as markup;
images are not rendered (pages stay light); headings become bold paragraphs, so that a text
cannot break the page's outline; links may only be http, https or mailto, and carry
rel="nofollow noopener ugc" (written by users, not endorsed by the site)."""

from __future__ import annotations

from typing import Any

import nh3
from markdown_it import MarkdownIt

TAGS = {"p", "br", "ul", "ol", "li", "a", "em", "strong", "blockquote", "code", "pre", "hr"}
ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow noopener ugc"


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "breaks": True, "linkify": False})
    md.disable(["image", "html_block", "html_inline"])

    def heading_open(renderer: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
        return "<p><strong>"

    def heading_close(renderer: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
        return "</strong></p>\n"

    md.add_render_rule("heading_open", heading_open)
    md.add_render_rule("heading_close", heading_close)
    return md


_MARKDOWN = _parser()


def markdown_to_html(text: str) -> str:
    """The text's Markdown as clean HTML (a fragment of block elements)."""
    rendered = _MARKDOWN.render(text or "")
    return nh3.clean(
        rendered,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )
