"""did:web issuers of other hosts: their DID document fetched over HTTPS, and a key read in it.

- ``did_web_url``: where a did:web's document is (the did:web method's rules):
  ``did:web:example.org`` → ``https://example.org/.well-known/did.json``,
  ``did:web:example.org%3A8443:issuers:x`` → ``https://example.org:8443/issuers/x/did.json``.
- ``fetch_json``: one HTTPS GET of a JSON object, bounded: one deadline for the whole exchange
  (resolving the name, connecting, the TLS handshake, every read: a server that trickles its
  bytes is cut off at the deadline), a size limit (reading stops past it), no redirect followed,
  the certificate checked for the host name. The host name is resolved once and every address
  it has must be public (not loopback, private, link-local, multicast, reserved, unspecified...);
  the connection goes to an address so checked, so that a second lookup cannot lead elsewhere
  (DNS rebinding). ``allow_private`` lifts the address check, for tests on loopback.
- ``key_from_document``: a verification method's Ed25519 key in a DID document: the document's
  ``id`` is the DID, the method is the DID's, is controlled by it and may assert
  (``assertionMethod``); a ``Multikey`` (``publicKeyMultibase``) or a ``JsonWebKey`` /
  ``JsonWebKey2020`` (``publicKeyJwk``, OKP Ed25519).

Every refusal is a ``CredentialError`` (``unknown_key``) whose message names its cause.
Nothing here imports Django: the app passes the limits and keeps what it fetched for a while.
"""

from __future__ import annotations

import base64
import ipaddress
import json
import re
import socket
import ssl
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

from intercoop.labels.vc.errors import CredentialError
from intercoop.labels.vc.keys import ResolvedKey
from intercoop.labels.vc.multibase import MultibaseError, ed25519_from_multikey

DID_WEB = "did:web:"
DEFAULT_TIMEOUT = 5.0
DEFAULT_MAX_BYTES = 64 * 1024
# The status line and the headers of an answer, on top of its body's limit.
MAX_HEADER_BYTES = 16 * 1024
USER_AGENT = "Intercoop-labels-verifier/1"

# A host name label (after IDNA), a path segment of a did:web (unreserved characters and
# percent-escapes, as the DID syntax allows in an idchar), a port.
_LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
_SEGMENT = re.compile(r"^(?:[A-Za-z0-9._~-]|%[0-9A-Fa-f]{2})+$")
_PORT = re.compile(r"^[0-9]{1,5}$")


def _refused(message: str) -> CredentialError:
    return CredentialError("unknown_key", message)


# --- did:web → URL ----------------------------------------------------------------------------


def _host(text: str, what: str) -> str:
    """A host name as it goes on the wire: lower case, IDNA-encoded; no user, no IP literal
    in brackets, nothing but name labels."""
    if not text or "@" in text or "[" in text or "]" in text:
        raise _refused(f"{what}: the host {text!r} is not a host name")
    try:
        ascii_host = text.encode("idna").decode("ascii").lower()
    except UnicodeError as error:
        raise _refused(f"{what}: the host {text!r} cannot be IDNA-encoded") from error
    labels = ascii_host.removesuffix(".").split(".")
    if len(ascii_host) > 253 or not all(_LABEL.match(label) for label in labels):
        raise _refused(f"{what}: the host {text!r} is not a host name")
    return ascii_host.removesuffix(".")


def _port(text: str, what: str) -> int:
    if not _PORT.match(text) or not 1 <= int(text) <= 65535:
        raise _refused(f"{what}: the port {text!r} is not a port number")
    return int(text)


def did_web_url(did: str) -> str:
    """The HTTPS URL of a did:web's DID document; ``CredentialError`` for a malformed DID."""
    if not isinstance(did, str) or not did.startswith(DID_WEB):
        raise _refused(f"'{did}' is not a did:web")
    if any(c in did for c in "#?/@") or not did.isascii() or any(c <= " " for c in did):
        raise _refused(
            f"'{did}' is not a did:web: a fragment, a query, a slash, a user or a space "
            "has no place in it"
        )
    host_part, *segments = did[len(DID_WEB) :].split(":")
    decoded = unquote(host_part)
    name, colon, port_text = decoded.partition(":")
    host = _host(name, did)
    netloc = f"{host}:{_port(port_text, did)}" if colon else host
    for segment in segments:
        if not _SEGMENT.match(segment) or unquote(segment) in (".", ".."):
            raise _refused(f"'{did}' is not a did:web: the path segment {segment!r} is not one")
        if "/" in unquote(segment):
            raise _refused(f"'{did}' is not a did:web: the path segment {segment!r} has a slash")
    path = "/" + "/".join(segments) + "/did.json" if segments else "/.well-known/did.json"
    return f"https://{netloc}{path}"


# --- HTTPS ------------------------------------------------------------------------------------


def _address_problem(address: str) -> str | None:
    """Why a server at ``address`` may not be asked, or None for a public address."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for problem, found in (
        ("unspecified", ip.is_unspecified),
        ("loopback", ip.is_loopback),
        ("link-local", ip.is_link_local),
        ("multicast", ip.is_multicast),
        ("reserved", ip.is_reserved),
        ("private", ip.is_private),
        ("not public", not ip.is_global),
    ):
        if found:
            return problem
    return None


class _Deadline:
    def __init__(self, seconds: float, url: str) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds
        self.url = url

    def left(self) -> float:
        remaining = self.end - time.monotonic()
        if remaining <= 0:
            raise self.expired()
        return remaining

    def expired(self) -> CredentialError:
        return _refused(f"{self.url}: no complete answer within {self.seconds:g} s (timeout)")


def _addresses(host: str, port: int, deadline: _Deadline) -> list[tuple[Any, ...]]:
    """The host's addresses, looked up once. ``getaddrinfo`` has no timeout of its own: it runs
    in a thread that is given up on at the deadline."""
    answer: list[Any] = []

    def lookup() -> None:
        try:
            answer.append(
                socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
            )
        except (OSError, UnicodeError) as error:
            answer.append(error)

    worker = threading.Thread(target=lookup, name=f"did:web lookup {host}", daemon=True)
    worker.start()
    worker.join(deadline.left())
    if not answer:
        raise deadline.expired()
    found = answer[0]
    if isinstance(found, BaseException):
        raise _refused(f"{deadline.url}: the host {host} cannot be resolved: {found}")
    if not found:
        raise _refused(f"{deadline.url}: the host {host} has no address")
    return list(found)


def _connect(host: str, port: int, deadline: _Deadline, allow_private: bool) -> socket.socket:
    found = _addresses(host, port, deadline)
    if not allow_private:
        for *_rest, sockaddr in found:
            problem = _address_problem(str(sockaddr[0]))
            if problem is not None:
                raise _refused(
                    f"{deadline.url}: {host} has the address {sockaddr[0]}, which is {problem}: "
                    "only servers at public addresses are asked (private address)"
                )
    last: OSError | None = None
    for family, kind, proto, _name, sockaddr in found:
        sock = socket.socket(family, kind, proto)
        try:
            sock.settimeout(deadline.left())
            sock.connect(sockaddr)  # the address checked above: no second lookup
            return sock
        except TimeoutError as error:
            sock.close()
            raise deadline.expired() from error
        except CredentialError:
            sock.close()
            raise
        except OSError as error:
            sock.close()
            last = error
    raise _refused(f"{deadline.url}: cannot connect to {host}: {last}")


def _read_answer(sock: ssl.SSLSocket, deadline: _Deadline, max_bytes: int) -> bytes:
    """The raw answer, up to the end of its body; refused past the limit or the deadline. The
    body of an answer other than 200 is not read."""
    data = bytearray()
    header_end = -1
    expected: int | None = None
    # A chunked body carries its chunks' sizes beside the document.
    body_limit = max_bytes + 4096
    while True:
        sock.settimeout(deadline.left())
        try:
            chunk = sock.recv(16384)
        except TimeoutError as error:
            raise deadline.expired() from error
        except (ssl.SSLError, OSError) as error:
            raise _refused(f"{deadline.url}: the connection failed: {error}") from error
        if not chunk:
            return bytes(data)
        data += chunk
        if header_end < 0:
            header_end = data.find(b"\r\n\r\n")
            if header_end < 0:
                if len(data) > MAX_HEADER_BYTES:
                    raise _refused(f"{deadline.url}: the answer's headers are too large")
                continue
            status, headers = _headers(bytes(data[:header_end]), deadline.url)
            if status != 200:
                return bytes(data)
            expected = _content_length(headers, deadline.url)
            if expected is not None and expected > max_bytes:
                raise _refused(
                    f"{deadline.url}: the document is {expected} bytes, over the limit of "
                    f"{max_bytes} (too large)"
                )
        body = len(data) - header_end - 4
        if body > (max_bytes if expected is not None else body_limit):
            raise _refused(
                f"{deadline.url}: the document is over the limit of {max_bytes} bytes (too large)"
            )
        if expected is not None and body >= expected:
            return bytes(data)


def _headers(head: bytes, url: str) -> tuple[int, dict[str, str]]:
    text = head.decode("iso-8859-1")  # every byte is a latin-1 character
    status_line, *lines = text.split("\r\n")
    match = re.match(r"^HTTP/1\.[01] ([0-9]{3})(?: .*)?$", status_line)
    if match is None:
        raise _refused(f"{url}: the answer is not HTTP")
    headers: dict[str, str] = {}
    for line in lines:
        name, colon, value = line.partition(":")
        if not colon:
            raise _refused(f"{url}: the answer's headers are malformed")
        key = name.strip().lower()
        if key in headers and key in ("content-length", "transfer-encoding", "location"):
            raise _refused(f"{url}: the answer has two {name.strip()} headers")
        headers[key] = value.strip()
    return int(match.group(1)), headers


def _content_length(headers: Mapping[str, str], url: str) -> int | None:
    if "transfer-encoding" in headers:
        return None
    value = headers.get("content-length")
    if value is None:
        return None
    if not value.isdigit():
        raise _refused(f"{url}: the answer's Content-Length is malformed")
    return int(value)


def _dechunk(body: bytes, url: str) -> bytes:
    out = bytearray()
    rest = body
    while True:
        line, sep, rest = rest.partition(b"\r\n")
        size_text = line.split(b";", 1)[0].strip()
        if not sep or not re.fullmatch(rb"[0-9A-Fa-f]{1,8}", size_text):
            raise _refused(f"{url}: the answer's chunked body is malformed")
        size = int(size_text, 16)
        if size == 0:
            return bytes(out)
        if len(rest) < size + 2 or rest[size : size + 2] != b"\r\n":
            raise _refused(f"{url}: the answer's chunked body is cut short")
        out += rest[:size]
        rest = rest[size + 2 :]


def _body(raw: bytes, url: str, max_bytes: int) -> bytes:
    header_end = raw.find(b"\r\n\r\n")
    if header_end < 0:
        raise _refused(f"{url}: the answer ended before its headers")
    status, headers = _headers(raw[:header_end], url)
    if 300 <= status < 400:
        raise _refused(
            f"{url}: HTTP status {status}, a redirect to {headers.get('location', '?')[:300]!r}, "
            "which is not followed"
        )
    if status != 200:
        raise _refused(f"{url}: HTTP status {status}")
    if headers.get("content-encoding", "identity").lower() != "identity":
        raise _refused(f"{url}: the answer is compressed ({headers['content-encoding']})")
    body = raw[header_end + 4 :]
    encoding = headers.get("transfer-encoding")
    if encoding is not None:
        if encoding.lower() != "chunked":
            raise _refused(f"{url}: the answer's Transfer-Encoding {encoding!r} is not read")
        body = _dechunk(body, url)
    else:
        expected = _content_length(headers, url)
        if expected is not None:
            if len(body) < expected:
                raise _refused(f"{url}: the answer is cut short")
            body = body[:expected]
    if len(body) > max_bytes:
        raise _refused(f"{url}: the document is over the limit of {max_bytes} bytes (too large)")
    return body


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise ValueError(f"duplicate key {key!r}")
        found[key] = value
    return found


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def parse_json_object(body: bytes, url: str) -> dict[str, Any]:
    """A fetched document, read strictly: UTF-8 JSON, an object, no duplicate keys, no NaN."""
    try:
        document = json.loads(
            body.decode("utf-8-sig"),
            object_pairs_hook=_no_duplicates,
            parse_constant=_no_constant,
        )
    except RecursionError as error:
        raise _refused(f"{url}: the document is not JSON: nested too deeply") from error
    except (UnicodeDecodeError, ValueError) as error:
        raise _refused(f"{url}: the document is not JSON: {error}") from error
    if not isinstance(document, dict):
        raise _refused(f"{url}: the document is not a JSON object")
    return document


@dataclass(frozen=True)
class Limits:
    """The bounds of one fetch, and whom it may reach."""

    timeout: float = DEFAULT_TIMEOUT
    max_bytes: int = DEFAULT_MAX_BYTES
    allow_private: bool = False
    # A CA bundle (PEM) to trust instead of the system's: for tests' self-signed certificates.
    ca_file: str | None = None


def fetch_json(url: str, limits: Limits = Limits()) -> dict[str, Any]:
    """The JSON object at an ``https://`` URL, fetched within ``limits``."""
    try:
        parts = urlsplit(url)
        port = parts.port or 443
    except ValueError as error:
        raise _refused(f"{url!r} is not a URL: {error}") from error
    if parts.scheme != "https":
        raise _refused(f"{url}: only https:// addresses are fetched (not HTTPS)")
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        raise _refused(f"{url}: an address with a user name is not fetched")
    if parts.fragment:
        raise _refused(f"{url}: an address with a fragment is not fetched")
    host = _host(parts.hostname or "", url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    if not target.isascii() or any(c <= " " or c == "\x7f" for c in target):
        raise _refused(f"{url}: the address's path is not plain ASCII")
    deadline = _Deadline(limits.timeout, url)
    try:
        context = ssl.create_default_context(cafile=limits.ca_file)
    except (OSError, ssl.SSLError) as error:
        raise _refused(f"the CA bundle {limits.ca_file!r} cannot be read: {error}") from error
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    raw_socket = _connect(host, port, deadline, limits.allow_private)
    try:
        try:
            raw_socket.settimeout(deadline.left())
            # suppress_ragged_eofs (the default): a server that closes without TLS's
            # close_notify ends a body without a length (a cut one is not JSON).
            tls = context.wrap_socket(raw_socket, server_hostname=host)
        except TimeoutError as error:
            raise deadline.expired() from error
        except ssl.SSLCertVerificationError as error:
            raise _refused(
                f"{url}: the server's certificate is not valid for {host} "
                f"(bad certificate): {error.verify_message}"
            ) from error
        except (ssl.SSLError, OSError) as error:
            raise _refused(f"{url}: the TLS handshake failed: {error}") from error
        with tls:
            host_header = host if port == 443 else f"{host}:{port}"
            request = (
                f"GET {target} HTTP/1.1\r\nHost: {host_header}\r\n"
                "Accept: application/did+json, application/json;q=0.9, */*;q=0.1\r\n"
                f"Accept-Encoding: identity\r\nUser-Agent: {USER_AGENT}\r\n"
                "Connection: close\r\n\r\n"
            )
            try:
                tls.settimeout(deadline.left())
                tls.sendall(request.encode("ascii"))
            except TimeoutError as error:
                raise deadline.expired() from error
            except (ssl.SSLError, OSError) as error:
                raise _refused(f"{url}: the connection failed: {error}") from error
            raw = _read_answer(tls, deadline, limits.max_bytes)
    finally:
        raw_socket.close()
    return parse_json_object(_body(raw, url, limits.max_bytes), url)


# --- the DID document -------------------------------------------------------------------------


def _method_id(value: object, did: str) -> str | None:
    """A verification method's full id (``did#frag``) from its id or a relative ``#frag``."""
    if not isinstance(value, str):
        return None
    return did + value if value.startswith("#") else value


def _b64url(value: object) -> bytes:
    if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z0-9_-]{43}", value):
        raise ValueError("not 32 bytes in base64url")
    return base64.urlsafe_b64decode(value + "=")


def _public_key(method: Mapping[str, Any], method_id: str) -> bytes:
    kind = method.get("type")
    if kind == "Multikey":
        value = method.get("publicKeyMultibase")
        if not isinstance(value, str) or len(value) > 128:
            raise _refused(f"'{method_id}' has no publicKeyMultibase")
        try:
            return ed25519_from_multikey(value)
        except MultibaseError as error:
            raise _refused(f"'{method_id}': {error}") from error
    if kind in ("JsonWebKey", "JsonWebKey2020"):
        jwk = method.get("publicKeyJwk")
        if not isinstance(jwk, Mapping) or jwk.get("kty") != "OKP" or jwk.get("crv") != "Ed25519":
            raise _refused(f"'{method_id}' is not an Ed25519 key (publicKeyJwk OKP, Ed25519)")
        if "d" in jwk:
            raise _refused(f"'{method_id}' publishes a private key: it is not taken")
        try:
            return _b64url(jwk.get("x"))
        except ValueError as error:
            raise _refused(f"'{method_id}': publicKeyJwk x is {error}") from error
    raise _refused(
        f"'{method_id}' is of type {kind!r}: only Multikey and JsonWebKey (Ed25519) are read"
    )


def key_from_document(
    document: Mapping[str, Any], did: str, verification_method: str
) -> ResolvedKey:
    """The key of ``verification_method`` (``did#frag``) in the DID document of ``did``."""
    if document.get("id") != did:
        raise _refused(f"the DID document's id is {document.get('id')!r}, not '{did}'")
    method_did, _hash, fragment = verification_method.partition("#")
    if method_did != did or not fragment:
        raise _refused(f"'{verification_method}' is not a verification method of '{did}'")
    methods = document.get("verificationMethod", [])
    asserting = document.get("assertionMethod", [])
    if not isinstance(methods, list) or not isinstance(asserting, list):
        raise _refused(f"the DID document of '{did}' is malformed")
    method: Mapping[str, Any] | None = None
    listed = False
    for entry in asserting:
        if isinstance(entry, Mapping) and _method_id(entry.get("id"), did) == verification_method:
            method, listed = entry, True
        elif _method_id(entry, did) == verification_method:
            listed = True
    if method is None:
        for entry in methods:
            if isinstance(entry, Mapping) and (
                _method_id(entry.get("id"), did) == verification_method
            ):
                method = entry
    if method is None:
        raise _refused(f"'{verification_method}' is not in the DID document of '{did}'")
    if not listed:
        raise _refused(
            f"'{verification_method}' is not in the assertionMethod of '{did}': "
            "it may not sign credentials"
        )
    if method.get("controller") != did:
        raise _refused(
            f"'{verification_method}' is controlled by {method.get('controller')!r}, not '{did}'"
        )
    return ResolvedKey(public_key=_public_key(method, verification_method), controller=did)


def resolve_did_web(verification_method: str, limits: Limits = Limits()) -> ResolvedKey:
    """The key of a did:web verification method, its DID document fetched over HTTPS."""
    did = verification_method.partition("#")[0]
    document = fetch_json(did_web_url(did), limits)
    return key_from_document(document, did, verification_method)
