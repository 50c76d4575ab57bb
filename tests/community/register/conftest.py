"""People in the register, made the way staff make them (through the services)."""

import pytest
from django.contrib.auth.models import Permission

from community.models import Interest, Locality
from tests.community.factories import CoCreatorFactory


def grant_equality_permission(user):
    user.user_permissions.add(Permission.objects.get(codename="view_individual_equality_data"))
    # Django caches permissions on the user object; drop the cache so the grant is seen.
    for cache in ("_perm_cache", "_user_perm_cache", "_group_perm_cache"):
        user.__dict__.pop(cache, None)


@pytest.fixture
def maidstone(db):
    return Locality.objects.get(name="Maidstone")


@pytest.fixture
def medway(db):
    return Locality.objects.get(name="Medway")


@pytest.fixture
def research(db):
    return Interest.objects.get(name="Research")


@pytest.fixture
def alex(db, maidstone, research):
    return CoCreatorFactory(
        full_name="Alex Ashdown",
        preferred_name="Lex",
        email="alex@example.org",
        phone="07700900123",
        locality=maidstone,
        relationships=["carer"],
        interests=[research],
        available_evenings=True,
        access_needs=["large_print"],
        prefers_email=True,
    )


@pytest.fixture
def bo(db, medway):
    return CoCreatorFactory(
        full_name="Bo Bramley",
        email="bo@example.org",
        phone="01632960001",
        locality=medway,
        status="paused",
        relationships=["service_user", "family"],
        available_weekends=True,
        available_online=True,
        access_needs=["bsl"],
        prefers_email=False,
    )


@pytest.fixture
def equality_staff(staff_member_with_mfa):
    grant_equality_permission(staff_member_with_mfa)
    return staff_member_with_mfa
