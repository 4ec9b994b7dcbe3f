"""The pattern by which browser contexts abort requests (``intercoop.testing.browser``) matches
every address outside the test server and none of the test server's own: Playwright's driver
applies it, so a page's requests to the test server go straight through, and anything else is
aborted and fails the test."""

from __future__ import annotations

import pytest

from intercoop.testing.browser import _OUTSIDE


@pytest.mark.parametrize(
    "url",
    [
        "http://localhost:8081/en/",
        "http://localhost/static/css/intercoop.css",
        "http://127.0.0.1:39211/static/js/booth.js?v=2",
        "http://[::1]:8000/en/orgs/#main",
        "ws://127.0.0.1:39211/socket",
        "data:image/png;base64,iVBORw0KGgo=",
        "blob:http://127.0.0.1:39211/4b1c",
    ],
)
def test_the_test_server_s_own_addresses_go_through(url: str) -> None:
    assert _OUTSIDE.search(url) is None


@pytest.mark.parametrize(
    "url",
    [
        "https://tile.openstreetmap.org/1/0/0.png",
        "http://example.org/",
        "https://fonts.googleapis.com/css2?family=Inter",
        "http://localhost.example.org/track.js",
        "http://127.0.0.1.nip.io/x",
        "https://localhost@evil.example/",
        "http://[::1].example/",
        "wss://push.example.net/",
        "ftp://localhost/file",
    ],
)
def test_every_other_address_is_stopped(url: str) -> None:
    assert _OUTSIDE.search(url) is not None
