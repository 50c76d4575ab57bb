"""Factories for the community app: accounts and co-creators, made through the services.

Every person in a test is made here (never a second `make_person`). The factories call the same
services staff use, so the audit trail, validation and many-to-many answers are as in real life.
"""

import factory

from community.models import CoCreator, CoCreatorRelationship, Role, User
from community.services import (
    cocreator_register,
    demographics_save,
    equality_consent_give,
    user_create_with_role,
)

PASSWORD = "a-long-test-password"


def email_for(full_name: str) -> str:
    """`Priya Shah` -> `priya@example.org`: the first name, so a test can guess it."""
    first = full_name.split()[0] if full_name.strip() else "someone"
    return "".join(c for c in first.lower() if c.isalnum()) + "@example.org"


class UserFactory(factory.django.DjangoModelFactory):
    """A verified account holding one role (a co-creator unless told), with the test password."""

    class Meta:
        model = User

    full_name = factory.Sequence(lambda n: f"User{n} Test")
    email = factory.Sequence(lambda n: f"user{n}@example.org")  # accounts' emails are unique
    role = Role.COCREATOR
    password = PASSWORD
    verified = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return user_create_with_role(**kwargs)


class CoCreatorFactory(factory.django.DjangoModelFactory):
    """A person in the community register, added by nobody in particular, who chose email.

    Pass `relationships`, `access_needs` and `interests` as lists, as to `cocreator_register`, and
    `answers` (a dict) for equality answers, given with consent through the services.
    """

    class Meta:
        model = CoCreator
        skip_postgeneration_save = True

    full_name = factory.Sequence(lambda n: f"Person{n} Test")
    email = factory.LazyAttribute(lambda o: email_for(o.full_name))
    prefers_email = factory.LazyAttribute(lambda o: bool(o.email))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return cocreator_register(actor=kwargs.pop("actor", None), **kwargs)

    @factory.post_generation
    def answers(obj, create, extracted, **kwargs):
        if create and extracted:
            equality_consent_give(cocreator=obj, actor=None)
            demographics_save(cocreator=obj, actor=None, **extracted)

    @classmethod
    def create_in_bulk(cls, count, *, relationships=(), **fields) -> list[CoCreator]:
        """`count` people written straight to the table, a query a table (for long lists)."""
        people = CoCreator.objects.bulk_create(cls.build_batch(count, **fields))
        CoCreatorRelationship.objects.bulk_create(
            CoCreatorRelationship(cocreator=p, kind=kind) for kind in relationships for p in people
        )
        return people
