from __future__ import annotations

from typing import Any


def test_an_unknown_network_is_not_found(personas: Any) -> None:
    response = personas.client_for("anonymous").get("/en/embed/no-such-network/")

    assert response.status_code == 404
    # The error page is an ordinary page: it stays unframeable.
    assert response.headers["X-Frame-Options"] == "DENY"


def test_a_bad_parameter_is_explained_in_the_widget_too(personas: Any) -> None:
    response = personas.client_for("anonymous").get("/en/embed/coop-b/?page=zero")

    assert response.status_code == 400
    assert "A page number from 1 to" in response.content.decode()
