import pytest
from django.test import Client


@pytest.mark.urls("intercoop.testing.crash_urls")
@pytest.mark.django_db
def test_a_crash_shows_a_plain_apology_page() -> None:
    response = Client(raise_request_exception=False).get("/crash/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Something went wrong" in body
    assert "secret internal detail" not in body
    assert "Traceback" not in body


@pytest.mark.urls("intercoop.testing.crash_urls")
@pytest.mark.django_db
def test_a_crash_under_the_api_is_json() -> None:
    response = Client(raise_request_exception=False).get("/api/v1/crash")
    assert response.status_code == 500
    assert response.json() == {
        "error": {"code": "internal_error", "message": "Something went wrong on our side."}
    }


def test_debug_is_off_unless_asked_for() -> None:
    from django.conf import settings

    assert settings.DEBUG is False
