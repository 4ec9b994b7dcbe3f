"""Badge baking (Open Badges 3.0, section 5.3): a credential carried inside its badge image.

- **PNG**: the credential's JSON is the text of an ``iTXt`` chunk with the keyword
  ``openbadgecredential``, uncompressed, with no language tag and no translated keyword,
  inserted before ``IEND``. A PNG holds at most one such chunk: baking an image that already
  has one is refused. Reading checks the PNG signature, the order of ``IHDR`` and ``IEND`` and
  the CRC of every chunk, and refuses a chunk over ``MAX_CHUNK`` bytes.
- **SVG**: the root ``<svg>`` declares ``xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"``
  and its first child is an ``<openbadges:credential>`` element whose text is the credential's
  JSON, in CDATA. Reading uses expat with a refusal of any DOCTYPE or entity declaration, so no
  entity is ever expanded and nothing is fetched.

Extracting returns the JSON text as it was baked, byte for byte; a credential signed as a JWT
(the ``verify`` attribute of the SVG element, or a chunk that is not JSON) is for the caller to
refuse. Pure Python, without Django: the errors carry a stable ``code`` for callers to word.
"""

from __future__ import annotations

import re
import struct
import zlib
from dataclasses import dataclass
from typing import Literal
from xml.parsers import expat

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
KEYWORD = b"openbadgecredential"
SVG_NAMESPACE = "http://www.w3.org/2000/svg"
OB_NAMESPACE = "https://purl.imsglobal.org/ob/v3p0"
# Bounds on what is read: a chunk, a whole image.
MAX_CHUNK = 4 * 1024 * 1024
MAX_IMAGE = 16 * 1024 * 1024

Code = Literal[
    # Not a PNG, a chunk whose CRC or length is wrong, no IHDR first or no IEND last.
    "bad_png",
    # Not well-formed XML, not an SVG root, not UTF-8, or a DOCTYPE or entity declaration.
    "bad_svg",
    # The image holds no credential.
    "not_baked",
    # The image already holds a credential: a PNG or an SVG carries one at most.
    "already_baked",
    # A chunk or an image over the bounds.
    "too_large",
    # A credential the image holds in a way this module does not read: compressed, or a JWT.
    "unsupported",
]


class BakingError(Exception):
    """An image that cannot be baked or read; ``code`` is stable, ``message`` is for logs."""

    def __init__(self, code: Code, message: str) -> None:
        super().__init__(message)
        self.code: Code = code
        self.message = message

    def __repr__(self) -> str:
        return f"BakingError({self.code!r}, {self.message!r})"


# --- PNG --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Chunk:
    type: bytes
    data: bytes
    start: int  # offset of the chunk's length field in the file


def png_chunks(png: bytes) -> list[Chunk]:
    """The chunks of a PNG, each CRC checked; ``BakingError`` for anything malformed."""
    if len(png) > MAX_IMAGE:
        raise BakingError("too_large", f"the image is over {MAX_IMAGE} bytes")
    if not png.startswith(PNG_SIGNATURE):
        raise BakingError("bad_png", "not a PNG: its signature is missing")
    chunks: list[Chunk] = []
    offset = len(PNG_SIGNATURE)
    while offset < len(png):
        if offset + 12 > len(png):
            raise BakingError("bad_png", "a chunk is cut short")
        length, kind = struct.unpack(">I4s", png[offset : offset + 8])
        if length > MAX_CHUNK:
            raise BakingError("too_large", f"a chunk is over {MAX_CHUNK} bytes")
        end = offset + 12 + length
        if end > len(png):
            raise BakingError("bad_png", "a chunk is cut short")
        if not all(65 <= b <= 90 or 97 <= b <= 122 for b in kind):
            raise BakingError("bad_png", "a chunk type is not four letters")
        data = png[offset + 8 : offset + 8 + length]
        (crc,) = struct.unpack(">I", png[end - 4 : end])
        if zlib.crc32(kind + data) != crc:
            raise BakingError("bad_png", f"the CRC of a {kind.decode('ascii')} chunk is wrong")
        chunks.append(Chunk(kind, data, offset))
        offset = end
        if kind == b"IEND":
            break
    if not chunks or chunks[0].type != b"IHDR":
        raise BakingError("bad_png", "the first chunk is not IHDR")
    if chunks[-1].type != b"IEND" or offset != len(png):
        raise BakingError("bad_png", "IEND is not the last chunk")
    return chunks


def _itxt_keyword(data: bytes) -> bytes:
    return data.split(b"\0", 1)[0]


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def bake_png(png: bytes, credential: str) -> bytes:
    """``png`` with ``credential`` (the JSON text) in an ``openbadgecredential`` iTXt chunk
    before ``IEND``; ``already_baked`` if it holds one."""
    chunks = png_chunks(png)
    if any(c.type == b"iTXt" and _itxt_keyword(c.data) == KEYWORD for c in chunks):
        raise BakingError("already_baked", "the PNG already holds a credential")
    # keyword, NUL, compression flag 0, method 0, no language tag, no translated keyword
    data = KEYWORD + b"\0\0\0" + b"\0" + b"\0" + credential.encode("utf-8")
    if len(data) > MAX_CHUNK:
        raise BakingError("too_large", f"the credential is over {MAX_CHUNK} bytes")
    iend = chunks[-1].start
    return png[:iend] + _chunk(b"iTXt", data) + png[iend:]


def unbake_png(png: bytes) -> str:
    """The text of the PNG's ``openbadgecredential`` iTXt chunk."""
    for chunk in png_chunks(png):
        if chunk.type != b"iTXt" or _itxt_keyword(chunk.data) != KEYWORD:
            continue
        rest = chunk.data[len(KEYWORD) + 1 :]
        if len(rest) < 2:
            raise BakingError("bad_png", "the credential chunk is cut short")
        if rest[0] != 0:
            raise BakingError("unsupported", "the credential chunk is compressed")
        parts = rest[2:].split(b"\0", 2)
        if len(parts) != 3:
            raise BakingError("bad_png", "the credential chunk is cut short")
        try:
            return parts[2].decode("utf-8")
        except UnicodeDecodeError:
            raise BakingError("bad_png", "the credential chunk is not UTF-8") from None
    raise BakingError("not_baked", "the PNG holds no credential")


# --- SVG --------------------------------------------------------------------------------------

_ENCODING = re.compile(rb"""^<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


@dataclass
class _SvgScan:
    root_start: int = -1  # byte offset of the root's start tag
    root_content: int = -1  # byte offset just after it
    root_empty: bool = False
    credential_depth: int = 0
    credential_text: list[str] | None = None
    jwt: bool = False
    openbadges_declared: str | None = None


def _refuse_declaration(*args: object) -> None:
    raise BakingError("bad_svg", "an SVG with a DOCTYPE or an entity declaration is refused")


def _refuse_external_entity(*args: object) -> int:
    raise BakingError("bad_svg", "an SVG that names an external entity is refused")


def _scan_svg(svg: bytes) -> _SvgScan:
    if len(svg) > MAX_IMAGE:
        raise BakingError("too_large", f"the image is over {MAX_IMAGE} bytes")
    declared = _ENCODING.match(svg.lstrip(b"\xef\xbb\xbf"))
    if declared and declared.group(1).lower() not in (b"utf-8", b"utf8"):
        raise BakingError("bad_svg", "the SVG is not in UTF-8")
    try:
        svg.decode("utf-8")
    except UnicodeDecodeError:
        raise BakingError("bad_svg", "the SVG is not in UTF-8") from None
    scan = _SvgScan()
    depth = 0
    parser = expat.ParserCreate("utf-8", " ")
    parser.StartDoctypeDeclHandler = _refuse_declaration
    parser.EntityDeclHandler = _refuse_declaration
    parser.UnparsedEntityDeclHandler = _refuse_declaration
    parser.ExternalEntityRefHandler = _refuse_external_entity
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def mark_content() -> None:
        if depth == 1 and scan.root_content < 0:
            scan.root_content = parser.CurrentByteIndex

    def start(name: str, attributes: dict[str, str]) -> None:
        nonlocal depth
        mark_content()
        depth += 1
        if depth == 1:
            if name != f"{SVG_NAMESPACE} svg":
                raise BakingError("bad_svg", "the root element is not an SVG <svg>")
            scan.root_start = parser.CurrentByteIndex
        elif name == f"{OB_NAMESPACE} credential":
            if scan.credential_text is not None:
                raise BakingError("already_baked", "the SVG holds two credentials")
            scan.credential_text = []
            scan.credential_depth = depth
            scan.jwt = "verify" in attributes

    def end(name: str) -> None:
        nonlocal depth
        here = parser.CurrentByteIndex
        if depth == 1 and scan.root_content < 0 and svg[here : here + 2] != b"</":
            scan.root_empty = True  # <svg .../>: no content to put the credential before
        else:
            mark_content()
        if depth == scan.credential_depth:
            scan.credential_depth = 0
        depth -= 1

    def text(data: str) -> None:
        mark_content()
        if scan.credential_depth and scan.credential_text is not None:
            scan.credential_text.append(data)

    def other(*args: object) -> None:
        mark_content()

    def namespace(prefix: str | None, uri: str) -> None:
        if depth == 0 and prefix == "openbadges":
            scan.openbadges_declared = uri

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.CommentHandler = other
    parser.ProcessingInstructionHandler = other
    parser.StartCdataSectionHandler = other
    parser.StartNamespaceDeclHandler = namespace
    try:
        parser.Parse(svg, True)
    except expat.ExpatError as error:
        raise BakingError("bad_svg", f"the SVG is not well-formed XML: {error}") from None
    except RecursionError:
        raise BakingError("bad_svg", "the SVG is nested too deeply") from None
    if scan.root_start < 0:
        raise BakingError("bad_svg", "the SVG has no root element")
    return scan


def _cdata(text: str) -> str:
    # "]]>" cannot be inside a CDATA section: it is split across two.
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def bake_svg(svg: bytes, credential: str) -> bytes:
    """``svg`` (UTF-8) with ``credential`` (the JSON text) in an ``<openbadges:credential>``
    element, the root's first child; ``already_baked`` if it holds one."""
    scan = _scan_svg(svg)
    if scan.credential_text is not None:
        raise BakingError("already_baked", "the SVG already holds a credential")
    if scan.root_empty or scan.root_content < 0:
        raise BakingError("bad_svg", "the SVG's root element is empty")
    if scan.openbadges_declared not in (None, OB_NAMESPACE):
        raise BakingError("bad_svg", "the SVG uses the prefix openbadges for another namespace")
    tag_end = scan.root_content - 1  # the ">" that closes the root's start tag
    declaration = (
        b"" if scan.openbadges_declared else f' xmlns:openbadges="{OB_NAMESPACE}"'.encode()
    )
    element = f"<openbadges:credential>{_cdata(credential)}</openbadges:credential>"
    return (
        svg[:tag_end]
        + declaration
        + svg[tag_end : scan.root_content]
        + element.encode("utf-8")
        + svg[scan.root_content :]
    )


def unbake_svg(svg: bytes) -> str:
    """The text of the SVG's ``<openbadges:credential>`` element, without the white space
    around it."""
    scan = _scan_svg(svg)
    if scan.credential_text is None:
        raise BakingError("not_baked", "the SVG holds no credential")
    if scan.jwt:
        raise BakingError("unsupported", "the SVG holds a credential signed as a JWT")
    return "".join(scan.credential_text).strip()
