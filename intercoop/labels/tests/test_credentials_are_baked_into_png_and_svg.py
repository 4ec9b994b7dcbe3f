"""Badge baking (Open Badges 3.0, 5.3), without Django: the credential goes into a PNG's
``openbadgecredential`` iTXt chunk or an SVG's ``<openbadges:credential>`` element and comes out
byte for byte; damaged images, images without a credential or with two, and SVGs with a DOCTYPE
or entities are refused with a stable code."""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Callable

import pytest
from PIL import Image

from intercoop.labels.vc.baking import (
    MAX_CHUNK,
    BakingError,
    bake_png,
    bake_svg,
    png_chunks,
    unbake_png,
    unbake_svg,
)

CREDENTIAL = '{"id": "urn:uuid:1", "name": "Caf\u00e9 ]]> <b>&amp;</b>"}'
SVG = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8" data-x="a>b">'
    b'<circle cx="4" cy="4" r="4"/></svg>\n'
)


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "teal").save(buffer, format="PNG")
    return buffer.getvalue()


def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def test_a_png_carries_the_credential_in_an_uncompressed_itxt_chunk_before_iend() -> None:
    baked = bake_png(png_bytes(), CREDENTIAL)

    kinds = [c.type for c in png_chunks(baked)]
    itxt = next(c for c in png_chunks(baked) if c.type == b"iTXt")
    assert kinds[-2:] == [b"iTXt", b"IEND"]
    assert itxt.data == b"openbadgecredential\0\0\0\0\0" + CREDENTIAL.encode()
    assert unbake_png(baked) == CREDENTIAL
    Image.open(io.BytesIO(baked)).load()  # still a PNG any reader opens


def test_a_png_holds_one_credential_at_most() -> None:
    with pytest.raises(BakingError) as refused:
        bake_png(bake_png(png_bytes(), CREDENTIAL), CREDENTIAL)

    assert refused.value.code == "already_baked"


@pytest.mark.parametrize(
    ("damage", "code"),
    [
        (lambda png: b"GIF89a" + png[6:], "bad_png"),
        (lambda png: png[:-3], "bad_png"),
        (lambda png: png[:20] + bytes([png[20] ^ 1]) + png[21:], "bad_png"),  # IHDR's CRC
        (lambda png: png + b"junk", "bad_png"),
        (lambda png: png[:8] + chunk(b"tEXt", b"a\0b") + png[8:], "bad_png"),  # IHDR not first
        (lambda png: png[:8] + struct.pack(">I4s", MAX_CHUNK + 1, b"IHDR") + png[16:], "too_large"),
    ],
)
def test_a_damaged_png_is_refused(damage: Callable[[bytes], bytes], code: str) -> None:
    damaged = damage(bake_png(png_bytes(), CREDENTIAL))

    with pytest.raises(BakingError) as refused:
        unbake_png(damaged)

    assert refused.value.code == code


def test_a_png_without_a_credential_says_so() -> None:
    with pytest.raises(BakingError) as refused:
        unbake_png(png_bytes())

    assert refused.value.code == "not_baked"


def test_a_compressed_credential_chunk_is_refused() -> None:
    png = png_bytes()
    iend = png_chunks(png)[-1].start
    data = b"openbadgecredential\0\1\0\0\0" + zlib.compress(CREDENTIAL.encode())
    compressed = png[:iend] + chunk(b"iTXt", data) + png[iend:]

    with pytest.raises(BakingError) as refused:
        unbake_png(compressed)

    assert refused.value.code == "unsupported"


def test_an_svg_carries_the_credential_in_cdata_as_the_root_s_first_child() -> None:
    baked = bake_svg(SVG, CREDENTIAL)

    assert (
        b'data-x="a>b" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0">'
        b"<openbadges:credential><![CDATA[" in baked
    )
    assert unbake_svg(baked) == CREDENTIAL
    with pytest.raises(BakingError) as refused:
        bake_svg(baked, CREDENTIAL)
    assert refused.value.code == "already_baked"


def test_a_credential_baked_elsewhere_with_white_space_is_read() -> None:
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" '
        b'xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0">\n'
        b'  <openbadges:credential>\n    <![CDATA[ {"a": 1} ]]>\n  </openbadges:credential>\n'
        b"</svg>"
    )

    assert unbake_svg(svg) == '{"a": 1}'


@pytest.mark.parametrize(
    ("svg", "code"),
    [
        (b'<svg xmlns="http://www.w3.org/2000/svg"><g>', "bad_svg"),
        (b"<html/>", "bad_svg"),
        (b"<svg/>", "bad_svg"),  # not in the SVG namespace
        (
            b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]>'
            b'<svg xmlns="http://www.w3.org/2000/svg">&b;</svg>',
            "bad_svg",
        ),
        (
            b'<!DOCTYPE svg SYSTEM "file:///etc/passwd">'
            b'<svg xmlns="http://www.w3.org/2000/svg"></svg>',
            "bad_svg",
        ),
        (
            b'<?xml version="1.0" encoding="ISO-8859-1"?>'
            b'<svg xmlns="http://www.w3.org/2000/svg"></svg>',
            "bad_svg",
        ),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>', "not_baked"),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg" '
            b'xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0">'
            b'<openbadges:credential verify="eyJ.a.b"/></svg>',
            "unsupported",
        ),
    ],
)
def test_an_svg_that_cannot_be_read_safely_is_refused(svg: bytes, code: str) -> None:
    with pytest.raises(BakingError) as refused:
        unbake_svg(svg)

    assert refused.value.code == code


def test_an_empty_svg_root_is_not_baked() -> None:
    with pytest.raises(BakingError) as refused:
        bake_svg(b'<svg xmlns="http://www.w3.org/2000/svg"/>', CREDENTIAL)

    assert refused.value.code == "bad_svg"
