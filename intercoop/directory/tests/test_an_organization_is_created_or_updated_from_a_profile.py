"""``intercoop import murmurations FILE_OR_URL`` creates an organization from a Murmurations
profile, or updates the one it created before; a profile the official schema refuses, or an
address that does not answer with a small JSON document, is refused clearly and writes nothing.

The addresses are fetched for real, over loopback, from pytest-django's live server."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.urls import path

from intercoop.directory.models import ImportRun
from intercoop.organizations.models import Organization
from intercoop.urls import urlpatterns as site_urlpatterns

SCHEMA = "organizations_schema-v1.0.0"
PROFILE = {
    "linked_schemas": [SCHEMA],
    "name": "Leeds Bread Co-op",
    "nickname": "LBC",
    "primary_url": "https://leedsbread.example",
    "description": "A workers' co-op bakery.",
    "mission": "Good bread, baked by the people who own the bakery.",
    "full_address": "1 Oven Lane, Leeds, LS1 1AA, United Kingdom",
    "country_iso_3166": "GB",
    "geolocation": {"lat": 53.8, "lon": -1.55},
    "contact_details": {"email": "bake@leedsbread.example"},
    "telephone": "+44 113 000 0000",
    "geographic_scope": "local",
    "status": "active",
    "starts_at": 1262304000,  # 2010-01-01
    "tags": ["bakery"],
}
MAX_BYTES = 1024 * 1024


# --- what the live server serves besides the site ------------------------------------------


def _garbage(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"{not json", content_type="application/json")


def _big(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b" " * MAX_BYTES + b"{}", content_type="application/json")


def _big_undeclared(request: HttpRequest) -> StreamingHttpResponse:
    def chunks() -> Iterator[bytes]:
        yield b"["
        for _ in range(MAX_BYTES // 1000 + 1):
            yield b"0," * 500
        yield b"0]"

    return StreamingHttpResponse(chunks(), content_type="application/json")


urlpatterns = [
    path("test/garbage.json", _garbage),
    path("test/big.json", _big),
    path("test/big-undeclared.json", _big_undeclared),
    *site_urlpatterns,
]


def _import(source: str | Path) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import", "murmurations", str(source), "--no-progress", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _write(tmp_path: Path, profile: Any, name: str = "profile.json") -> Path:
    file = tmp_path / name
    file.write_text(json.dumps(profile), encoding="utf-8")
    return file


# --- from a file ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_profile_file_creates_an_organization(tmp_path: Path) -> None:
    out, _ = _import(_write(tmp_path, PROFILE))

    assert "1 rows: 1 created, 0 updated, 0 unchanged, 0 skipped" in out
    org = Organization.objects.get()
    assert (org.source, org.source_id) == ("murmurations", "https://leedsbread.example")
    assert org.name == "Leeds Bread Co-op"
    assert org.nickname == "LBC"
    assert org.website == "https://leedsbread.example"
    assert org.description == "A workers' co-op bakery."
    assert org.mission == "Good bread, baked by the people who own the bakery."
    assert org.street_address == "1 Oven Lane, Leeds, LS1 1AA, United Kingdom"
    assert org.country == "GB"
    assert (org.latitude, org.longitude) == (53.8, -1.55)
    assert org.email == "bake@leedsbread.example"
    assert org.phone == "+44 113 000 0000"
    assert org.geographic_scope == "local"
    assert org.status == Organization.Status.ACTIVE
    assert org.founded_on == date(2010, 1, 1)
    assert org.source_attribution == "From a Murmurations profile"
    run = ImportRun.objects.get()
    assert (run.source, run.file_name, run.created) == ("murmurations", "profile.json", 1)


@pytest.mark.django_db
def test_importing_again_changes_nothing_and_a_changed_profile_updates_in_place(
    tmp_path: Path,
) -> None:
    # given an organization imported from a profile
    file = _write(tmp_path, PROFILE)
    _import(file)
    org = Organization.objects.get()

    # when the same profile is imported again
    out, _ = _import(file)

    # then nothing changes
    assert "1 rows: 0 created, 0 updated, 1 unchanged, 0 skipped" in out
    assert Organization.objects.get().updated_at == org.updated_at

    # and when the profile changes, the same organization is updated
    changed = {**PROFILE, "description": "A bakery.", "status": "on_hold"}
    del changed["telephone"]
    out, _ = _import(_write(tmp_path, changed))
    assert "1 rows: 0 created, 1 updated, 0 unchanged, 0 skipped" in out
    updated = Organization.objects.get()
    assert updated.pk == org.pk
    assert updated.slug == org.slug
    assert (updated.description, updated.status, updated.phone) == ("A bakery.", "dormant", "")


@pytest.mark.django_db
def test_an_invalid_profile_is_refused_with_the_schemas_message(tmp_path: Path) -> None:
    invalid = {**PROFILE, "primary_url": "ftp://leedsbread.example", "country_iso_3166": "UK"}
    err = io.StringIO()
    with pytest.raises(CommandError, match=r"1 row\(s\) have errors, so nothing was imported"):
        call_command(
            "import", "murmurations", str(_write(tmp_path, invalid)), "--no-progress", stderr=err
        )

    assert (
        "line 1 (ftp://leedsbread.example): not a valid Murmurations organization profile: "
        "country_iso_3166: 'UK' is not an allowed value; "
        "primary_url: 'ftp://leedsbread.example' does not match '^https?://.*'"
    ) in err.getvalue()
    assert not Organization.objects.exists()
    assert not ImportRun.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("profile", "reason"),
    [
        ({"name": "No schema"}, "profile: 'linked_schemas' is a required property"),
        (
            {"linked_schemas": ["people_schema-v0.1.0"], "name": "A person"},
            "linked_schemas: organizations_schema-v1.0.0 is not among",
        ),
        (
            {"linked_schemas": [SCHEMA], "name": "Nowhere"},
            "primary_url: missing, and the profile was not fetched from a URL",
        ),
        ({**PROFILE, "nickname": "N" * 101}, "nickname: longer than the directory's 100"),
        ({**PROFILE, "contact_details": {"email": "not-an-address"}}, "is not an email address"),
        ([PROFILE], "profile: [{"),
    ],
)
def test_a_profile_the_directory_cannot_hold_is_refused(
    tmp_path: Path, profile: Any, reason: str
) -> None:
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command(
            "import", "murmurations", str(_write(tmp_path, profile)), "--no-progress", stderr=err
        )
    assert reason in err.getvalue()
    assert not Organization.objects.exists()


@pytest.mark.django_db
def test_a_file_that_is_not_json_is_refused(tmp_path: Path) -> None:
    file = tmp_path / "profile.json"
    file.write_text("name: not JSON", encoding="utf-8")
    with pytest.raises(CommandError, match=r"profile\.json: not a JSON document"):
        _import(file)
    assert not Organization.objects.exists()


# --- from an address -----------------------------------------------------------------------


@pytest.mark.urls(__name__)
@pytest.mark.django_db(transaction=True)
def test_a_published_profile_is_imported_from_its_address(live_server: Any) -> None:
    # given a co-op whose profile this site publishes, without a website of its own
    here = Organization.objects.create(
        name="Sheffield Tools",
        slug="sheffield-tools",
        description="Tool library.",
        mission="Tools for everyone who needs one.",
        mission_language="en",
        locality="Sheffield",
        region="South Yorkshire",
        postal_code="S1 2AB",
        country="GB",
        latitude=53.38,
        longitude=-1.47,
        founded_on=date(2015, 6, 1),
    )
    url = f"{live_server.url}/murmurations/organizations/sheffield-tools.json"

    # when its profile is imported from the address
    out, _ = _import(url)

    # then an organization with the same profile is created, identified by its primary URL
    assert "1 rows: 1 created" in out
    copy = Organization.objects.get(source="murmurations")
    assert copy.source_id == f"{live_server.url}/en/orgs/sheffield-tools/"
    assert copy.website == copy.source_id
    for field in (
        "name",
        "description",
        "mission",
        "street_address",
        "locality",
        "region",
        "postal_code",
        "country",
    ):
        assert getattr(copy, field) == getattr(here, field), field
    assert (copy.latitude, copy.longitude, copy.founded_on) == (53.38, -1.47, date(2015, 6, 1))
    assert ImportRun.objects.get().file_name == url

    # and importing it again changes nothing
    out, _ = _import(url)
    assert "1 rows: 0 created, 0 updated, 1 unchanged" in out
    assert Organization.objects.count() == 2


@pytest.mark.urls(__name__)
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("address", "message"),
    [
        ("/en/", r"/en/: the server sent text/html, not JSON"),
        ("/test/garbage.json", r"garbage\.json: not a JSON document"),
        ("/test/big.json", r"big\.json: larger than 1024 KB, so not read"),
        ("/test/big-undeclared.json", r"big-undeclared\.json: larger than 1024 KB, so not read"),
        ("/murmurations/organizations/nobody.json", r"the server answered 404 Not Found"),
    ],
)
def test_an_address_that_does_not_answer_with_a_small_json_profile_is_refused(
    live_server: Any, address: str, message: str
) -> None:
    with pytest.raises(CommandError, match=message):
        _import(live_server.url + address)
    assert not Organization.objects.exists()
    assert not ImportRun.objects.exists()


@pytest.mark.django_db
def test_unreachable_and_non_http_addresses_are_refused_clearly() -> None:
    with pytest.raises(CommandError, match=r"127\.0\.0\.1:9/profile\.json: cannot be fetched: "):
        _import("http://127.0.0.1:9/profile.json")
    with pytest.raises(CommandError, match="only http and https addresses can be fetched"):
        _import("file:///etc/passwd")
    with pytest.raises(CommandError, match="a coops-uk file is imported from a file only"):
        call_command("import", "coops-uk", "https://example.org/file.csv", "--no-progress")
