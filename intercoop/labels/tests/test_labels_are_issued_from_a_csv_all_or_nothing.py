"""An issuer gives a label to many people from a CSV file: all or nothing, with the line of every
wrong row; people who already hold it get nothing new, so the same file sent twice issues
nothing the second time; each new recipient is emailed once everything is stored."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from intercoop.conftest import Personas
from intercoop.core.csvfile import CsvRefused
from intercoop.labels import selectors, services
from intercoop.labels.models import Achievement, Credential
from intercoop.labels.tests.conftest import with_mfa
from intercoop.labels.tests.test_a_label_is_issued_accepted_checked_and_revoked import TEXTS
from intercoop.labels.verifier import verify_credential

pytestmark = pytest.mark.django_db

LEARNERS = "email,name,language\n" + "".join(
    f"learner{n}@example.org,Learner {n},{'fr' if n % 2 else 'es'}\n" for n in range(1, 21)
)


@pytest.fixture
def achievement(personas: Personas) -> Achievement:
    issuer = services.issuer_create(organization=personas.coop_a, by=personas.alice)
    return services.achievement_create(issuer=issuer, by=personas.alice, kind="Course", texts=TEXTS)


def _import(achievement: Achievement, personas: Personas, text: str) -> services.ImportResult:
    return services.credentials_import(
        achievement=achievement, content=text.encode(), by=personas.alice
    )


def test_twenty_learners_get_a_valid_label_each_in_their_language(
    achievement: Achievement, personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        result = _import(achievement, personas, LEARNERS)

    assert len(result.issued) == 20 and result.already == []
    assert len(mail.outbox) == 20
    first = Credential.objects.get(recipient_email="learner1@example.org")
    document = json.loads(first.document)
    assert document["credentialSubject"]["achievement"]["name"] == TEXTS["name_fr"]
    assert first.recipient_name == "Learner 1"
    assert all(verify_credential(json.loads(c.document)).ok for c in Credential.objects.all())


def test_the_same_file_twice_issues_nothing_the_second_time(
    achievement: Achievement, personas: Personas
) -> None:
    _import(achievement, personas, LEARNERS)

    again = _import(achievement, personas, LEARNERS + "new@example.org,New,en\n")

    assert [c.recipient_email for c in again.issued] == ["new@example.org"]
    assert len(again.already) == 20
    assert Credential.objects.count() == 21


def test_a_wrong_row_issues_nothing_and_every_wrong_line_is_named(
    achievement: Achievement, personas: Personas
) -> None:
    text = (
        "email,name,language,valid_until\n"
        "ok@example.org,Ok,en,\n"
        "not-an-address,Bad,en,\n"
        "ok@example.org,Twice,en,\n"
        "lang@example.org,Lang,de,\n"
        "date@example.org,Date,en,31/12/2030\n"
        "past@example.org,Past,en,2001-01-01\n"
    )

    with pytest.raises(CsvRefused) as refused:
        _import(achievement, personas, text)

    assert [line for line, _reason in refused.value.errors] == [3, 4, 5, 6, 7]
    reasons = dict(refused.value.errors)
    assert reasons[3] == "“not-an-address” is not an email address."
    assert reasons[4] == "ok@example.org is also on line 2."
    assert "(en, fr or es)" in reasons[5]
    assert "YYYY-MM-DD" in reasons[6]
    assert reasons[7] == "A label cannot expire before it is issued."
    assert not Credential.objects.exists()


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "The file is empty."),
        (b"email\n", "The file has a header but no recipient."),
        (b"mail,name\na@example.org,A\n", "Unknown columns: mail."),
        (b"email\n\xff\xfe\n", "The file is not UTF-8 text; save it as CSV (UTF-8)."),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_clearly(
    achievement: Achievement, personas: Personas, content: bytes, reason: str
) -> None:
    with pytest.raises(CsvRefused) as refused:
        services.credentials_import(achievement=achievement, content=content, by=personas.alice)

    assert reason in [r for _line, r in refused.value.errors]
    assert not Credential.objects.exists()


def test_the_page_issues_from_a_file_and_lists_the_wrong_rows(
    achievement: Achievement, personas: Personas
) -> None:
    with_mfa(personas.alice)
    client = personas.client_for("alice")
    url = f"/en/orgs/coop-a/labels/achievements/{achievement.pk}/issue-many/"

    wrong = client.post(
        url,
        {
            "many-file": SimpleUploadedFile("l.csv", b"email\nnope\n"),
            "many-language": "en",
        },
    )
    done = client.post(
        url,
        {"many-file": SimpleUploadedFile("l.csv", LEARNERS.encode()), "many-language": "en"},
        follow=True,
    )

    assert wrong.status_code == 400
    assert "Rows to correct" in wrong.content.decode()
    assert "“nope” is not an email address." in wrong.content.decode()
    assert "20 labels issued, each recipient emailed." in done.content.decode()
    again = client.post(
        url,
        {"many-file": SimpleUploadedFile("l.csv", LEARNERS.encode()), "many-language": "en"},
        follow=True,
    )
    assert (
        "0 labels issued, each recipient emailed. 20 people already held it and got nothing new."
        in again.content.decode()
    )
    assert selectors.credentials_of(achievement).count() == 20
