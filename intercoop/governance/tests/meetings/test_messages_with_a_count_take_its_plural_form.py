"""Messages that count something take the count's plural form: one problem in an import, one
day of notice, in each language ("1 problems" and "1 days' notice" were written)."""

from __future__ import annotations

import pytest
from django.utils import translation

from intercoop.core.errors import ServiceError
from intercoop.core.i18n import compile_catalogues
from intercoop.governance.services import meetings as meeting_services
from intercoop.governance.services.register import ImportRefused, register_import
from intercoop.governance.tests.conftest import Governance
from intercoop.governance.tests.meetings.conftest import MakeMeeting, add_agenda_item

HEADER = "number,name,email,category,joined_on,status,status_since\n"

ONE_PROBLEM = {
    "en": "1 problem was found.",
    "fr": "1 problème a été trouvé.",
    "es": "se ha encontrado 1 problema.",
}
TWO_PROBLEMS = {
    "en": "2 problems were found.",
    "fr": "2 problèmes ont été trouvés.",
    "es": "se han encontrado 2 problemas.",
}
ONE_DAY = {
    "en": "The rules require 1 day's notice",
    "fr": "délai de convocation de 1 jour\u00a0:",
    "es": "plazo de convocatoria de 1 día:",
}


@pytest.fixture(autouse=True)
def _catalogues() -> None:
    compile_catalogues()


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_an_import_with_one_bad_row_reports_one_problem(governance: Governance, lang: str) -> None:
    content = (HEADER + "N-1,,,worker,2024-01-10,,\n").encode()
    with translation.override(lang), pytest.raises(ImportRefused) as refused:
        register_import(
            organization=governance.personas.coop_a, content=content, by=governance.personas.alice
        )
    assert str(refused.value).endswith(ONE_PROBLEM[lang])

    content = (HEADER + "N-1,,,worker,2024-01-10,,\nN-2,,,worker,2024-01-10,,\n").encode()
    with translation.override(lang), pytest.raises(ImportRefused) as refused:
        register_import(
            organization=governance.personas.coop_a, content=content, by=governance.personas.alice
        )
    assert str(refused.value).endswith(TWO_PROBLEMS[lang])


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_one_day_of_notice_is_one_day(
    governance: Governance, make_meeting: MakeMeeting, lang: str
) -> None:
    governance.rules.notice_days = 1
    governance.rules.save()
    meeting = make_meeting(days=0)
    add_agenda_item(meeting)
    with translation.override(lang), pytest.raises(ServiceError) as refused:
        meeting_services.meeting_convene(meeting=meeting, by=governance.personas.alice)
    assert ONE_DAY[lang] in refused.value.message
