"""A person's profile shows their whole record to staff, and records that it was seen."""

from community.models import AuditAction, AuditEvent, Champion, Demographics, EthnicGroup
from community.services import (
    audit_record,
    cocreator_update,
    demographics_save,
    equality_consent_give,
)
from tests.conftest import client_for


def profile(client, person):
    return client.get(f"/staff/community/{person.pk}/").content.decode()


def test_the_profile_shows_every_part_of_the_record(staff_client, alex):
    cocreator_update(
        actor=None,
        cocreator=alex,
        pronouns="they/them",
        address="1 High Street\nMaidstone",
        postcode="ME14 1AA",
        interpreter_language="Polish",
        access_needs_other="Quiet room",
        staff_note="Prefers morning calls",
        heard_from="event",
    )
    html = profile(staff_client, alex)
    for text in (
        "<h1>Alex Ashdown</h1>",
        "Lex",
        "they/them",
        "alex@example.org",
        "07700900123",
        "1 High Street<br>Maidstone",
        "ME14 1AA",
        "Maidstone",
        "Carer",
        "Research",
        "Evenings",
        "Large print",
        "Polish",
        "Quiet room",
        "Prefers morning calls",
        "An event",
        "Does not get the newsletter",
        "<h2>About</h2>",
        "<h2>Contact</h2>",
        "<h2>How they take part</h2>",
        "<h2>Access and communication needs</h2>",
        "<h2>Preferences</h2>",
        "<h2>Staff note</h2>",
    ):
        assert text in html, text
    assert html.count("<h1") == 1


def test_the_profile_says_whether_the_person_has_a_portal_login(staff_client, alex, cocreator):
    assert "does not have a portal login" in profile(staff_client, alex)
    assert "Invite to the portal" in profile(staff_client, alex)
    alex.user = cocreator
    alex.save()
    html = profile(staff_client, alex)
    assert "has a portal login with the email address cocreator@example.org" in html
    assert "Invite to the portal" not in html


def test_the_profile_lists_champion_roles(staff_client, alex, maidstone):
    champion = Champion.objects.create(cocreator=alex, communities="Polish community in Kent")
    champion.localities.add(maidstone)
    html = profile(staff_client, alex)
    assert "Polish community in Kent" in html
    assert "is not a champion" not in html


def test_each_view_of_the_profile_is_audited(staff_client, staff_member_with_mfa, alex):
    profile(staff_client, alex)
    profile(staff_client, alex)
    views = AuditEvent.objects.filter(action=AuditAction.VIEW, cocreator_id=alex.pk)
    assert views.count() == 2
    assert {e.actor for e in views} == {staff_member_with_mfa}


def test_recent_activity_shows_the_last_ten_events_with_field_names_only(
    staff_client, staff_member_with_mfa, alex
):
    cocreator_update(actor=staff_member_with_mfa, cocreator=alex, postcode="ME15 6XX")
    for _ in range(12):
        audit_record(actor=None, action=AuditAction.VIEW, cocreator_id=alex.pk)
    response = staff_client.get(f"/staff/community/{alex.pk}/")
    shown = response.context["recent_activity"]
    assert len(shown) == 10
    assert all(e.cocreator_id == alex.pk for e in shown)
    html = response.content.decode()
    assert "Recent activity on this record" in html
    assert "ME15 6XX" in html  # the record itself shows it ...
    activity = html.split("Recent activity on this record")[1]
    assert "ME15 6XX" not in activity  # ... but the activity never does


def test_staff_without_the_permission_see_no_equality_answers(staff_client, alex):
    equality_consent_give(cocreator=alex, actor=None)
    demographics_save(cocreator=alex, actor=None, sex="female", religion="buddhist")
    html = profile(staff_client, alex)
    assert "only shown to staff with the equality data permission" in html
    assert "Buddhist" not in html
    assert f"/staff/community/{alex.pk}/equality/" not in html


def test_staff_with_the_permission_see_the_answers(equality_staff, alex):
    equality_consent_give(cocreator=alex, actor=None)
    demographics_save(
        cocreator=alex,
        actor=None,
        religion="buddhist",
        ethnic_group=EthnicGroup.objects.get(label="White: Irish"),
    )
    html = profile(client_for(equality_staff), alex)
    assert "Buddhist" in html
    assert "White: Irish" in html
    assert "only shown to staff with the equality data permission" not in html
    view = AuditEvent.objects.filter(action=AuditAction.VIEW, cocreator_id=alex.pk).get()
    assert view.fields == ["demographics"]


def test_staff_with_the_permission_are_told_when_there_is_no_consent(equality_staff, alex):
    html = profile(client_for(equality_staff), alex)
    assert "No consent given" in html


def test_staff_with_the_permission_are_told_when_there_are_no_answers(equality_staff, alex):
    equality_consent_give(cocreator=alex, actor=None)
    assert not Demographics.objects.filter(cocreator=alex).exists()
    html = profile(client_for(equality_staff), alex)
    assert "No answers recorded yet" in html


def test_the_profile_query_count_is_small(staff_client, alex, django_assert_max_num_queries):
    # 18 of them are the person's story (a fixed few queries per source, community/story.py),
    # the contact log's follow-ups and the team for its form; tests/community/test_story.py
    # checks they do not grow with the rows. Payments adds 8 in all: its story sources, the
    # "Payments and expenses", "Payment statements" and "Recognition" sections, and the
    # payments permission. Capacity adds 6: its story sources (completions, course feedback,
    # roles held) and its "Training" and "Roles" sections; development plans, mentoring and peer
    # support add 7 (their story sources, and the "Development plan" and "Mentoring and peer
    # support" sections). Consultations add 8: six story sources (answers, ideas and posts,
    # support, personal links, reports, the display name) and the "Have your say" section.
    with django_assert_max_num_queries(62):
        staff_client.get(f"/staff/community/{alex.pk}/")
