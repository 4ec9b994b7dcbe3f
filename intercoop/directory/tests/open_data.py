"""Organizations for the open-data tests: one with every field filled, one bare, one federation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, cast

from django.http import StreamingHttpResponse

from intercoop.directory.importers import coops_uk
from intercoop.organizations.models import Organization, RegistryIdentifier, Relationship
from intercoop.testing.factories import RelationshipFactory

BASE_URL = "http://testserver"


@dataclass
class Directory:
    full: Organization
    bare: Organization
    federation: Organization


def make_directory() -> Directory:
    federation = Organization.objects.create(
        name="Federation of Leeds Co-ops", slug="federation", kind=Organization.Kind.ALLY
    )
    full = Organization.objects.create(
        name='Leeds Bread, "Co-op" </script><b>',
        nickname="Leeds Bread",
        slug="leeds-bread",
        description="Bakers since 1984,\nowned by the people who bake.",
        description_language="en",
        mission="Du bon pain pour tout le quartier.",
        mission_language="fr",
        website="https://bread.example.coop/",
        email="hello@bread.example.coop",
        phone="+44 113 496 0000",
        legal_name="Leeds Bread Co-operative Limited",
        legal_form="Society",
        founded_on=dt.date(1984, 5, 1),
        structure="OS130",
        activity="ICA140",
        membership_type="BMT10",
        street_address="1 High Street\nUnit 2",
        locality="Leeds",
        region="West Yorkshire",
        postal_code="LS1 1AA",
        country="GB",
        latitude=53.8,
        longitude=-1.55,
        source=coops_uk.SOURCE,
        source_id="R001",
        source_licence=coops_uk.LICENCE,
        source_attribution=coops_uk.ATTRIBUTION,
    )
    RegistryIdentifier.objects.create(
        organization=full, scheme=RegistryIdentifier.Scheme.COMPANIES_HOUSE, value="01234567"
    )
    RegistryIdentifier.objects.create(
        organization=full, scheme=RegistryIdentifier.Scheme.FCA_MUTUALS, value="1234R"
    )
    RelationshipFactory.create(
        subject=full, predicate=Relationship.Predicate.MEMBER_OF, object=federation
    )
    bare = Organization.objects.create(name="Bare co-op", slug="bare")
    return Directory(full=full, bare=bare, federation=federation)


def streamed(response: Any) -> bytes:
    """The whole body of a streamed test response."""
    content = cast(StreamingHttpResponse, response).streaming_content
    return b"".join(cast(Iterable[bytes], content))
