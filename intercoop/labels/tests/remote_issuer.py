"""An issuer of another host, for tests: a real HTTPS server on 127.0.0.1 (``http.server`` and
``ssl``, in a thread) with a certificate for ``localhost`` and 127.0.0.1 made by a test CA, which
serves what each test puts in its ``routes``; and an issuer whose did:web is on that server, with
an Ed25519 key made for the test, that signs credentials and status lists with the core's
``dataintegrity.sign``."""

from __future__ import annotations

import datetime
import ipaddress
import json
import os
import secrets
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from intercoop.labels.vc import dataintegrity, statuslist
from intercoop.labels.vc.keys import public_key_of
from intercoop.labels.vc.multibase import ed25519_multikey
from intercoop.labels.vc.openbadges import CONTEXTS

# --- certificates -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Certificates:
    ca_file: Path  # the test CA, to trust
    cert_file: Path  # the server's certificate (localhost, 127.0.0.1)
    key_file: Path


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def make_certificates(directory: Path) -> Certificates:
    now = datetime.datetime.now(datetime.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (
        x509.CertificateBuilder()
        .subject_name(_name("Intercoop test CA"))
        .issuer_name(_name("Intercoop test CA"))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name("localhost"))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    found = Certificates(
        ca_file=directory / "ca.pem",
        cert_file=directory / "server.pem",
        key_file=directory / "server.key",
    )
    found.ca_file.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    found.cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    found.key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return found


# --- the server -------------------------------------------------------------------------------

Handler = Callable[[BaseHTTPRequestHandler], None]


@dataclass
class Served:
    """What the server answers at a path: a status, headers and a body."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


def json_answer(document: object) -> Served:
    return Served(200, json.dumps(document).encode(), {"Content-Type": "application/json"})


@dataclass
class HttpsServer:
    port: int
    routes: dict[str, Served | Handler]
    # Each request: (path, Host header, the name the client sent in SNI).
    requests: list[tuple[str, str, str | None]]

    @property
    def host_segment(self) -> str:
        """The server's host as a did:web writes it."""
        return f"localhost%3A{self.port}"

    def url(self, path: str) -> str:
        return f"https://localhost:{self.port}{path}"

    def did(self, *segments: str) -> str:
        return ":".join(["did", "web", self.host_segment, *segments])

    def fetched(self, path: str) -> int:
        return sum(1 for p, _host, _sni in self.requests if p == path)


def trickle(total_bytes: int, every: float) -> Handler:
    """An answer that announces ``total_bytes`` and sends them one at a time, ``every`` seconds
    apart: each read gets a byte long before any per-read timeout."""

    def handle(request: BaseHTTPRequestHandler) -> None:
        request.send_response(200)
        request.send_header("Content-Type", "application/json")
        request.send_header("Content-Length", str(total_bytes))
        request.end_headers()
        request.wfile.flush()
        for _ in range(total_bytes):
            request.wfile.write(b" ")
            request.wfile.flush()
            time.sleep(every)

    return handle


def endless(chunk: int = 8192) -> Handler:
    """An answer without a length that never ends (until the client goes)."""

    def handle(request: BaseHTTPRequestHandler) -> None:
        request.send_response(200)
        request.send_header("Content-Type", "application/json")
        request.send_header("Connection", "close")
        request.end_headers()
        request.wfile.write(b'{"padding": "')
        for _ in range(100_000):
            request.wfile.write(b"x" * chunk)

    return handle


def unframed(body: bytes, *, chunked: bool = False) -> Handler:
    """An answer without a Content-Length: chunked, or ended by closing the connection."""

    def handle(request: BaseHTTPRequestHandler) -> None:
        request.send_response(200)
        request.send_header("Content-Type", "application/json")
        if chunked:
            request.send_header("Transfer-Encoding", "chunked")
        request.send_header("Connection", "close")
        request.end_headers()
        if not chunked:
            request.wfile.write(body)
            request.wfile.flush()
            # Closed as many servers close: without TLS's close_notify, at the TCP level.
            raw = socket.socket(fileno=os.dup(request.connection.fileno()))
            raw.shutdown(socket.SHUT_RDWR)
            raw.close()
            return
        for start in range(0, len(body), 100):
            part = body[start : start + 100]
            request.wfile.write(f"{len(part):x}\r\n".encode() + part + b"\r\n")
        request.wfile.write(b"0\r\n\r\n")

    return handle


@contextmanager
def serve(certificates: Certificates) -> Iterator[HttpsServer]:
    routes: dict[str, Served | Handler] = {}
    requests: list[tuple[str, str, str | None]] = []
    names: dict[int, str | None] = {}

    class Handle(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            requests.append(
                (self.path, self.headers.get("Host", ""), names.get(id(self.connection)))
            )
            route = routes.get(self.path, Served(404, b"not here"))
            try:
                if isinstance(route, Served):
                    self.send_response(route.status)
                    for name, value in route.headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(route.body)))
                    self.end_headers()
                    self.wfile.write(route.body)
                else:
                    route(self)
            except (BrokenPipeError, ConnectionResetError, ssl.SSLError):
                pass  # the client went: as it should past its limits
            self.close_connection = True

        def log_message(self, format: str, *args: Any) -> None:
            pass

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certificates.cert_file, certificates.key_file)

    def remember_name(sock: ssl.SSLObject | ssl.SSLSocket, name: str | None, _c: Any) -> None:
        names[id(sock)] = name

    context.sni_callback = remember_name
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handle)
    server.daemon_threads = True
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield HttpsServer(port=server.server_address[1], routes=routes, requests=requests)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


# --- an issuer of that host -------------------------------------------------------------------


@dataclass
class RemoteIssuer:
    server: HttpsServer
    path: tuple[str, ...] = ("issuers", "x")
    seed: bytes = field(default_factory=lambda: secrets.token_bytes(32))
    fragment: str = "key-1"

    @property
    def did(self) -> str:
        return self.server.did(*self.path)

    @property
    def document_path(self) -> str:
        return "/" + "/".join(self.path) + "/did.json"

    @property
    def verification_method(self) -> str:
        return f"{self.did}#{self.fragment}"

    @property
    def multikey(self) -> str:
        return ed25519_multikey(public_key_of(self.seed))

    def did_document(self) -> dict[str, Any]:
        return {
            "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
            "id": self.did,
            "verificationMethod": [
                {
                    "id": self.verification_method,
                    "type": "Multikey",
                    "controller": self.did,
                    "publicKeyMultibase": self.multikey,
                }
            ],
            "assertionMethod": [self.verification_method],
        }

    def publish(self, document: dict[str, Any] | None = None) -> None:
        """Serve the issuer's DID document (or ``document`` in its place)."""
        served = self.did_document() if document is None else document
        self.server.routes[self.document_path] = json_answer(served)

    def sign(self, document: dict[str, Any]) -> dict[str, Any]:
        return dataintegrity.sign(
            document,
            secret_key=self.seed,
            verification_method=self.verification_method,
            created="2026-01-01T00:00:00Z",
        )

    def credential(self, *, status: list[dict[str, Any]] | None = None) -> dict[str, Any]:
        """A signed Open Badges 3.0 credential of this issuer, for an organization."""
        document: dict[str, Any] = {
            "@context": list(CONTEXTS),
            "id": self.server.url("/credentials/1"),
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "issuer": {
                "id": self.did,
                "type": ["Profile"],
                "name": "Co-op of another host",
                "url": self.server.url("/"),
            },
            "validFrom": "2026-01-01T00:00:00Z",
            "name": "Good governance",
            "credentialSubject": {
                "type": ["AchievementSubject"],
                "id": "https://coop.example/",
                "achievement": {
                    "id": self.server.url("/achievements/1"),
                    "type": ["Achievement"],
                    "achievementType": "Certificate",
                    "name": "Good governance",
                    "description": "Holds its general meeting every year.",
                    "criteria": {"narrative": "A general meeting every year."},
                },
            },
        }
        if status:
            document["credentialStatus"] = status
        return self.sign(document)

    def status_list(self, path: str, *, purpose: str, set_bits: tuple[int, ...] = ()) -> str:
        """Publish a signed status list at ``path`` with ``set_bits`` set; its URL."""
        bits = statuslist.empty()
        for index in set_bits:
            statuslist.set_bit(bits, index, True)
        url = self.server.url(path)
        document = statuslist.list_credential(
            id=url,
            issuer=self.did,
            purpose=purpose,
            bits=bytes(bits),
            valid_from=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
        )
        self.server.routes[path] = json_answer(self.sign(document))
        return url
