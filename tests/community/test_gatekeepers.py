"""`write=True` on a gatekeeper: what a reader may see but not change."""

import inspect

import pytest
from django.http import Http404

from activities import permissions as activities_permissions
from community import permissions as community_permissions
from community.models import CoCreator
from community.permissions import get_cocreator_for_user
from community.services import cocreator_erase, cocreator_register
from impact import permissions as impact_permissions


@pytest.fixture
def left(staff_member):
    person = cocreator_register(actor=staff_member, full_name="Lee Leaver")
    cocreator_erase(cocreator=person, actor=staff_member)
    return CoCreator.objects.get(pk=person.pk)


def test_staff_may_read_the_record_of_someone_who_left(staff_member, left):
    assert get_cocreator_for_user(staff_member, left.pk) == left


def test_staff_may_not_change_the_record_of_someone_who_left(staff_member, left):
    with pytest.raises(Http404):
        get_cocreator_for_user(staff_member, left.pk, write=True)


def test_a_cocreator_may_change_their_own_record(cocreator):
    own = cocreator_register(actor=cocreator, user=cocreator, full_name="Casey Cocreator")
    assert get_cocreator_for_user(cocreator, own.pk, write=True) == own


def test_only_gatekeepers_where_reading_and_changing_differ_take_write():
    takes_write = {
        name
        for module in (community_permissions, activities_permissions, impact_permissions)
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if name.startswith("get_") and "write" in inspect.signature(function).parameters
    }
    # A contact-log note, like the person's record, may be read but not changed once they left.
    assert takes_write == {
        "get_cocreator_for_user",
        "get_journal_entry_for_user",
        "get_contact_log_entry_for_user",
    }
