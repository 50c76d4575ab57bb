import pytest
from django.contrib.auth.models import Permission

from community.models import Role
from tests.community.factories import UserFactory
from tests.conftest import client_for


@pytest.fixture
def equality_staff(db):
    """Another staff member, holding the separate equality-data permission."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    user = UserFactory(email="equality.staff@example.org", role=Role.STAFF, full_name="Eq Staff")
    TOTP.activate(user, generate_totp_secret())
    user.user_permissions.add(Permission.objects.get(codename="view_individual_equality_data"))
    return user


@pytest.fixture
def equality_client(equality_staff):
    return client_for(equality_staff)
