from __future__ import annotations

import functools
from datetime import timedelta
from typing import Any

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from intercoop.accounts.models import User
from intercoop.governance.models import Member
from intercoop.organizations.models import Organization, Relationship, Role

PASSWORD = "a-long-test-passphrase-42"  # noqa: S105 -- test accounts only


@functools.cache
def _shared_password_hash() -> str:
    return make_password(PASSWORD)


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    name = factory.Faker("name")

    @factory.post_generation
    def password(obj: User, create: bool, extracted: str | None, **kwargs: Any) -> None:
        # A PBKDF2 hash (with the suite's fewer iterations, intercoop.testing.hashers), computed
        # once for the shared password.
        obj.password = make_password(extracted) if extracted else _shared_password_hash()
        if create:
            obj.save(update_fields=["password"])

    @factory.post_generation
    def verified(obj: User, create: bool, extracted: bool | None, **kwargs: Any) -> None:
        if create and extracted is not False:
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


class OrganizationFactory(factory.django.DjangoModelFactory[Organization]):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Co-op number {n}")
    slug = factory.Sequence(lambda n: f"coop-{n}")
    kind = Organization.Kind.COOP


class RoleFactory(factory.django.DjangoModelFactory[Role]):
    class Meta:
        model = Role

    organization = factory.SubFactory(OrganizationFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.Name.MEMBER


class RelationshipFactory(factory.django.DjangoModelFactory[Relationship]):
    """A relationship both sides agreed to, as the directory shows it. Pass
    ``confirmed_at=None`` for a pending proposal."""

    class Meta:
        model = Relationship

    subject = factory.SubFactory(OrganizationFactory)
    predicate = Relationship.Predicate.MEMBER_OF
    object = factory.SubFactory(OrganizationFactory)
    confirmed_at = factory.LazyFunction(timezone.now)


class MemberFactory(factory.django.DjangoModelFactory[Member]):
    """A member in a co-op's register (governance)."""

    class Meta:
        model = Member

    organization = factory.SubFactory(OrganizationFactory)
    number = factory.Sequence(lambda n: f"M{n:05d}")
    name = factory.Faker("name")
    category = "worker"
    joined_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=400))
