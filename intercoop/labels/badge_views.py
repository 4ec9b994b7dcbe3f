"""A label baked into its badge image (Open Badges 3.0 "Badge Baking"), public, next to its JSON:
``/labels/credentials/<uuid>/badge.png`` and ``badge.svg``. The image holds the credential's
stored JSON byte for byte (``vc/baking.py``). The PNG is the achievement's image when it has one
that can be baked, else a simple badge drawn here; the SVG is drawn here, with the achievement's
name."""

from __future__ import annotations

import io
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.html import escape
from django.views.decorators.http import require_safe
from PIL import Image, ImageDraw

from intercoop.labels.models import Credential
from intercoop.labels.vc import baking

SIZE = 256
COLOUR = "#00695c"


def drawn_png() -> bytes:
    """A plain badge: a teal disc with a white ring."""
    image = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((8, 8, SIZE - 8, SIZE - 8), fill=COLOUR)
    draw.ellipse((32, 32, SIZE - 32, SIZE - 32), outline="white", width=8)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def drawn_svg(name: str) -> bytes:
    """A plain badge with the achievement's name (escaped) as its title and in the middle."""
    text = escape(name)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SIZE} {SIZE}" '
        f'width="{SIZE}" height="{SIZE}" role="img">'
        f"<title>{text}</title>"
        f'<circle cx="128" cy="128" r="120" fill="{COLOUR}"/>'
        '<circle cx="128" cy="128" r="92" fill="none" stroke="#fff" stroke-width="8"/>'
        '<text x="128" y="136" text-anchor="middle" font-family="sans-serif" font-size="16" '
        f'fill="#fff" textLength="150" lengthAdjust="spacingAndGlyphs">{text}</text>'
        "</svg>\n"
    ).encode()


def _image_of(credential: Credential) -> bytes | None:
    image = credential.achievement.image
    if not image:
        return None
    with image.open("rb") as f:
        content: bytes = f.read()
    return content


def _download(content: bytes, credential: Credential, extension: str, kind: str) -> HttpResponse:
    response = HttpResponse(content, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="label-{credential.uuid}.{extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def badge_png(request: HttpRequest, uuid: UUID) -> HttpResponse:
    credential = get_object_or_404(Credential.objects.select_related("achievement"), uuid=uuid)
    image = _image_of(credential)
    try:
        baked = baking.bake_png(image or drawn_png(), credential.document)
    except baking.BakingError:
        # The achievement's image cannot be baked (damaged, or already holding a credential).
        baked = baking.bake_png(drawn_png(), credential.document)
    return _download(baked, credential, "png", "image/png")


@require_safe
def badge_svg(request: HttpRequest, uuid: UUID) -> HttpResponse:
    credential = get_object_or_404(Credential.objects.select_related("achievement"), uuid=uuid)
    name = credential.achievement.text("name", credential.language)
    baked = baking.bake_svg(drawn_svg(name), credential.document)
    return _download(baked, credential, "svg", "image/svg+xml")
