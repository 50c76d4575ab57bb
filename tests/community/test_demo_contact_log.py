"""The demo's contact log: a few notes, one follow-up due today, added once however often the
demo is loaded."""

from django.utils import timezone

from community.contact_log import follow_ups_due
from community.demo.build import build_demo_community
from community.models import ContactLogEntry, Role
from community.services import demo_user_ensure


def test_the_demo_has_a_contact_log_with_a_follow_up_due_today(db):
    for email, role in (
        ("staff@example.org", Role.STAFF),
        ("cocreator@example.org", Role.COCREATOR),
    ):
        demo_user_ensure(email=email, full_name="Demo", role=role, password="a-long-test-password")
    build_demo_community()
    build_demo_community()
    assert ContactLogEntry.objects.count() == 3
    due = follow_ups_due(today=timezone.localdate()).rows
    assert [entry.follow_up_on for entry in due] == [timezone.localdate()]
    assert due[0].staff_member.email == "staff@example.org"
