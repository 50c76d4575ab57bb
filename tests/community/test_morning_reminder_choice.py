"""A person (in the portal) or staff (on the person's record) choose a morning reminder."""

import pytest

from community.forms.register import CoCreatorForm
from community.services import cocreator_for_user_ensure
from tests.community.factories import CoCreatorFactory

pytestmark = pytest.mark.django_db


def test_a_cocreator_asks_for_a_morning_reminder_and_can_stop(cocreator_client, cocreator):
    me = cocreator_for_user_ensure(user=cocreator)
    page = cocreator_client.get("/portal/preferences/").content.decode()
    assert "Remind me on the morning of a session too" in page
    cocreator_client.post(
        "/portal/preferences/",
        {"channels": ["email"], "newsletter": "no", "morning_reminder": "on"},
    )
    me.refresh_from_db()
    assert me.morning_reminder is True
    cocreator_client.post("/portal/preferences/", {"channels": ["email"], "newsletter": "no"})
    me.refresh_from_db()
    assert me.morning_reminder is False


def test_the_staff_form_has_the_choice():
    form = CoCreatorForm(instance=CoCreatorFactory(morning_reminder=True))
    assert "morning_reminder" in form.fields
    assert form.initial["morning_reminder"] is True
