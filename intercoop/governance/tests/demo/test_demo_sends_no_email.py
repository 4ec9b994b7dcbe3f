"""Loading the demo notifies its people in the app but sends no email, even once the
transaction commits and the services' email callbacks run."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command

from intercoop.governance.models import Notification

pytestmark = pytest.mark.django_db


def test_demo_sends_no_email(django_capture_on_commit_callbacks: Any) -> None:
    # when: the commit callbacks (emails of notifications and convocations) are run
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        call_command("demo", stdout=io.StringIO())

    # then
    assert len(callbacks) > 100
    assert Notification.objects.filter(user__email="alice@demo.intercoop.coop").exists()
    assert mail.outbox == []
    # and email works again afterwards
    mail.send_mail("subject", "body", None, ["someone@example.org"])
    assert len(mail.outbox) == 1
