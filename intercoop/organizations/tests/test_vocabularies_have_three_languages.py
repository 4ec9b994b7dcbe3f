"""Every ESSGlobal term has an English, French and Spanish label; URIs map to codes of their own
scheme only; an unknown language falls back to English."""

from __future__ import annotations

import json
from typing import get_args

import pytest

from intercoop.organizations import vocabularies
from intercoop.organizations.vocabularies import Scheme

SCHEMES: tuple[Scheme, ...] = get_args(Scheme)
LANGUAGES = ("en", "fr", "es")


def test_the_data_file_has_exactly_the_schemes_the_code_names() -> None:
    data = json.loads(vocabularies._FILE.read_text(encoding="utf-8"))
    assert set(data["schemes"]) == set(SCHEMES)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_term_and_title_has_three_non_empty_labels(scheme: Scheme) -> None:
    terms = json.loads(vocabularies._FILE.read_text(encoding="utf-8"))["schemes"][scheme]
    assert terms["terms"], f"{scheme} has no terms"
    for code, labels in terms["terms"].items():
        for language in LANGUAGES:
            assert str(labels.get(language, "")).strip(), f"{scheme} {code} has no {language} label"
    for language in LANGUAGES:
        assert str(terms["title"].get(language, "")).strip(), f"{scheme} has no {language} title"


@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_code_round_trips_through_its_uri(scheme: Scheme) -> None:
    for code in vocabularies.codes(scheme):
        assert vocabularies.code_from_uri(scheme, vocabularies.uri_base(scheme) + code) == code


@pytest.mark.parametrize("scheme", SCHEMES)
def test_a_uri_of_another_scheme_is_rejected(scheme: Scheme) -> None:
    for other in SCHEMES:
        if other == scheme:
            continue
        for code in vocabularies.codes(other):
            uri = vocabularies.uri_base(other) + code
            assert vocabularies.code_from_uri(scheme, uri) is None, uri


def test_unknown_codes_and_foreign_uris_are_rejected() -> None:
    base = vocabularies.uri_base("activity")
    assert vocabularies.code_from_uri("activity", base + "ICA999") is None
    assert vocabularies.code_from_uri("activity", base) is None
    assert vocabularies.code_from_uri("activity", base + "ICA10/extra") is None
    assert vocabularies.code_from_uri("activity", "ICA10") is None
    assert (
        vocabularies.code_from_uri("activity", "https://example.org/activities-ica/ICA10") is None
    )


def test_labels_follow_the_language_and_fall_back_to_english() -> None:
    assert vocabularies.label("activity", "ICA10", "en") == "Agriculture"
    assert vocabularies.label("activity", "ICA10", "es") == "Agricultura"
    assert vocabularies.label("activity", "ICA20", "fr") == "Industrie laitière"
    assert vocabularies.label("activity", "ICA20", "fr-ca") == "Industrie laitière"
    assert vocabularies.label("activity", "ICA20", "de") == "Dairy"
    assert vocabularies.title("structure", "de") == "Organisational structure"
    assert vocabularies.title("structure", "es") == "Tipo de estructura"


def test_an_unknown_code_is_shown_as_itself() -> None:
    assert vocabularies.label("activity", "ICA999", "fr") == "ICA999"
