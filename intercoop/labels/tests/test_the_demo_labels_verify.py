"""The demo's federation issues a course in three languages to three people; their labels
verify, each in its holder's language, and a second run of the demo issues nothing again."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

from intercoop.labels.models import Credential, Issuer
from intercoop.labels.verifier import verify_credential

pytestmark = pytest.mark.django_db


def test_the_demo_labels_verify_and_a_second_run_issues_nothing(tmp_path: Path) -> None:
    with override_settings(DATA_DIR=tmp_path):
        call_command("demo", stdout=io.StringIO())
        first = sorted(Credential.objects.values_list("uuid", flat=True))
        call_command("demo", stdout=io.StringIO())

    assert Issuer.objects.get().organization.slug == "federation-saint-laurent"
    assert sorted(Credential.objects.values_list("uuid", flat=True)) == first
    names = {}
    for credential in Credential.objects.all():
        document = json.loads(credential.document)
        assert verify_credential(document).ok, credential.recipient_email
        holder = credential.recipient_email or credential.recipient.lower()
        names[holder] = document["credentialSubject"]["achievement"]["name"]
    assert names == {
        "alice@demo.intercoop.coop": "Les bases de la gouvernance coopérative",
        "bob@demo.intercoop.coop": "Co-operative governance basics",
        "carmen@demo.intercoop.coop": "Fundamentos de la gobernanza cooperativa",
        # The co-operative label, given to an organization in French.
        "riverside food co-op": "Label de gouvernance démocratique",
    }
