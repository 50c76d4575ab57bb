"""Fixtures the payments tests share: the staff member holding the payments permission, and their
signed-in test client."""

import pytest

from tests.conftest import client_for

from .factories import can_manage


@pytest.fixture
def manager(staff_member_with_mfa):
    """The staff member (signed in with two factors) holding `payments.manage_payments`."""
    return can_manage(staff_member_with_mfa)


@pytest.fixture
def manager_client(manager):
    return client_for(manager)
