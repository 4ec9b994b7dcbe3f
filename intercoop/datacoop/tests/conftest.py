from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import override_settings


@pytest.fixture(scope="session", autouse=True)
def datacoop_key_file(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """The data co-operative's key, in a file of the test session's own (made at first use)."""
    path = tmp_path_factory.mktemp("datacoop") / "datacoop_key"
    with override_settings(DATACOOP_KEY_FILE=path):
        yield path
