"""On PostgreSQL, two requests for the same co-op share label at once (a double submit from two
tabs) issue one label: the first holds the issuer's row lock until it has stored the label, the
second waits for it, then finds the label held and gives it back. (SQLite has no row locks and
one writer at a time: skipped there.)"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from django.conf import LazySettings
from django.db import connection

from intercoop.conftest import Personas
from intercoop.exchange.services.coop_share import CoopShareLabel, coop_share_label_issue
from intercoop.exchange.tests.coop_share_world import build_chain, share_issuer
from intercoop.labels.models import Achievement, Credential

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def test_two_requests_at_once_issue_one_label(
    personas: Personas, settings: LazySettings, tmp_path: Path
) -> None:
    settings.LABELS_KEY_FILE = tmp_path / "labels_key"
    world = build_chain(personas)
    share_issuer(settings)
    start = threading.Barrier(2)
    labels: list[CoopShareLabel] = []
    errors: list[BaseException] = []

    def ask() -> None:
        try:
            start.wait(5)
            labels.append(coop_share_label_issue(resource=world.bread, by=personas.alice))
        except BaseException as exc:  # noqa: BLE001 - handed to the main thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=ask) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not errors, errors
    assert sorted(label.new for label in labels) == [False, True]
    assert labels[0].credential.pk == labels[1].credential.pk
    assert Credential.objects.count() == 1
    assert Achievement.objects.count() == 1
