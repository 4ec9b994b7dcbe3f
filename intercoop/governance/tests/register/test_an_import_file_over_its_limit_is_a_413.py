"""A members file over the import's limit is refused with 413, as every upload over its limit
(it was a 400), with the form saying the limit; nothing is imported."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from intercoop.governance.models import Member
from intercoop.governance.services.register import MAX_IMPORT_BYTES
from intercoop.governance.tests.conftest import Governance


def test_a_file_over_the_limit_is_a_413_page(governance: Governance) -> None:
    before = Member.objects.count()
    content = b"email,name\n" + b"x" * MAX_IMPORT_BYTES
    response = governance.personas.client_for("alice").post(
        "/en/orgs/coop-a/members/import/",
        {"file": SimpleUploadedFile("members.csv", content, "text/csv"), "action": "import"},
    )
    assert response.status_code == 413
    assert "larger than 2 MB" in response.content.decode()
    assert Member.objects.count() == before
