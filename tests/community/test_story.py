"""A person's whole story: every kind of row on their staff record, their own story in the portal
without anything staff only, a fixed number of queries however long it is, and a test that fails
when a model pointing at a person is in nobody's story source and not excused below."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from activities.models import SignUpStatus
from community.contact_log import contact_log_entry_add
from community.data_export import person_links
from community.models import CoCreator, ContactMethod, Message, MessageStatus
from community.services import cocreator_erase, cocreator_for_user_ensure
from community.story import (
    STORY_PAGE_ROWS,
    StoryRow,
    story_covered_models,
    story_page,
    story_page_number,
)
from tests.activities.factories import ActivityFactory, AttendanceFactory, SignUpFactory
from tests.community.factories import CoCreatorFactory
from tests.community.story_support import (
    PORTAL_WORDS,
    STAFF_ONLY_WORDS,
    STAFF_WORDS,
    person_with_everything,
)
from tests.impact.factories import ImpactRecordFactory, SurveyInvitationFactory

# Models that point at a person but are not part of the story of their involvement, and why.
NOT_IN_THE_STORY = {
    "community.CoCreatorRelationship": "How they relate to services is part of their details "
    "(shown on the record), not an event.",
    "community.CoCreatorAccessNeed": "Access needs are part of their details (shown on the "
    "record), not an event.",
    "community.Demographics": "Equality answers are consented special-category data, shown "
    "only to staff with the equality permission in their own section; never in a story every "
    "member of staff reads.",
    "community.Consent": "Consent is shown in the equality section and the audit trail; it is "
    "a permission, not involvement.",
    "activities.CalendarFeed": "A private calendar address (a secret), not something the "
    "person did.",
    "activities.Activity": "Its lead is a login of the team running the session (a staff "
    "'who'), not the person's involvement; their part in a session is their attendance.",
    "activities.Project": "Its lead is a login of the team (a staff 'who'), not the person's "
    "involvement.",
    "impact.JournalEntry": "The person's own reflections, private unless they share them; "
    "staff never see private entries, and shared ones are in the insight inbox.",
    "account.EmailAddress": "Sign-in plumbing of the login, not involvement.",
    "account.EmailConfirmation": "Sign-in plumbing of the login, not involvement.",
    "mfa.Authenticator": "Two-factor sign-in secrets, never shown.",
    "capacity.PartnerAccess": "A partner-section login for someone at a system partner or a "
    "service team; a co-creator's login is never given one (partner_access_give refuses an "
    "address another account holds), so it is nobody's involvement.",
    "capacity.Service": "A service's contacts are partner-section logins, never a co-creator's "
    "(as PartnerAccess); its accreditation is the team's, not a person's involvement.",
}


def _models_pointing_at_a_person() -> set[str]:
    """Every model with a link to a person, as the data download and erasing find them: the
    reverse relations of CoCreator (foreign keys, one-to-ones and many-to-manys, hidden ones too)
    and the walk of `community.data_export.person_links`."""
    labels = {label for label, _field in person_links()}
    for field in CoCreator._meta.get_fields(include_hidden=True):
        if field.is_relation and field.auto_created and not field.concrete:
            related = field.related_model
            # The tables behind many-to-many fields are the field's model's (data_export too).
            if related is CoCreator or related._meta.auto_created:
                continue
            labels.add(related._meta.label)
    return labels


def _uncovered(covered: set[str], excused: dict[str, str]) -> set[str]:
    return _models_pointing_at_a_person() - covered - set(excused)


def test_every_model_that_points_at_a_person_is_in_the_story_or_excused():
    missing = _uncovered(story_covered_models(), NOT_IN_THE_STORY)
    assert not missing, (
        f"These models point at a person but no story source covers them: {sorted(missing)}. "
        "Register a source (community.story.story_source_register, from the app's "
        "AppConfig.ready()) or add them to NOT_IN_THE_STORY with the reason."
    )


def test_the_check_fails_for_a_model_nobody_covers():
    covered = story_covered_models() - {"activities.SignUp"}
    assert _uncovered(covered, NOT_IN_THE_STORY) == {"activities.SignUp"}


def test_every_excuse_is_for_a_model_that_points_at_a_person_and_gives_a_reason():
    pointing = _models_pointing_at_a_person()
    for label, reason in NOT_IN_THE_STORY.items():
        assert label in pointing, f"{label} no longer points at a person: remove its excuse"
        assert label not in story_covered_models(), f"{label} is covered and excused"
        assert len(reason) > 20


# --- What staff and the person see ------------------------------------------------------------


@pytest.fixture
def person(staff_member):
    cocreator = CoCreatorFactory(full_name="Priya Shah")
    person_with_everything(cocreator, staff_member=staff_member)
    return cocreator


def test_every_kind_of_row_is_on_the_staff_record(staff_client, person):
    page = staff_client.get(reverse("community:cocreator-detail", args=[person.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    for words in STAFF_WORDS:
        assert words in text, words
    kinds = {row.kind for row in story_page(person, for_staff=True).rows}
    assert kinds == {
        "Booking",
        "Attendance",
        "Survey",
        "Message",
        "Letter or call",
        "Champion",
        "Impact",
        "Case study",
        "Contact log",
    }


def test_the_story_is_newest_first(person):
    rows = story_page(person, for_staff=True).rows
    keys = [row.sort_key for row in rows]
    assert keys == sorted(keys, reverse=True)


def test_the_person_sees_their_story_without_staff_notes(cocreator, staff_member):
    me = cocreator_for_user_ensure(user=cocreator)
    person_with_everything(me, staff_member=staff_member)
    client = _client_for(cocreator)
    page = client.get(reverse("community:portal-story"))
    assert page.status_code == 200
    text = page.content.decode()
    for words in PORTAL_WORDS:
        assert words in text, words
    for words in STAFF_ONLY_WORDS:
        assert words not in text, words
    assert all(not row.staff_only for row in story_page(me, for_staff=False).rows)
    assert "Contact log" not in {row.kind for row in story_page(me, for_staff=False).rows}


def test_a_staff_only_row_from_any_source_never_reaches_the_portal(person, monkeypatch):
    from community import story

    def leaky(cocreator, *, for_staff, limit):
        return [StoryRow(when=timezone.now(), kind="Secret", title="Team only", staff_only=True)]

    monkeypatch.setitem(
        story._SOURCES, "leaky", story.StorySource(key="leaky", models=(), rows_for=leaky)
    )
    assert "Team only" not in {row.title for row in story_page(person, for_staff=False).rows}
    assert "Team only" in {row.title for row in story_page(person, for_staff=True).rows}


def test_another_cocreator_sees_only_their_own_story(cocreator, other_cocreator, staff_member):
    theirs = cocreator_for_user_ensure(user=other_cocreator)
    person_with_everything(theirs, staff_member=staff_member)
    page = _client_for(cocreator).get(reverse("community:portal-story"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Garden planning" not in text
    assert "Quieter wards at night" not in text


def test_the_portal_home_links_to_the_story(cocreator_client):
    page = cocreator_client.get(reverse("community:portal-home"))
    assert reverse("community:portal-story") in page.content.decode()


def test_a_leavers_record_shows_no_story(staff_client, person, staff_member):
    cocreator_erase(cocreator=person, actor=staff_member)
    page = staff_client.get(reverse("community:cocreator-detail", args=[person.pk]))
    assert "Their story" not in page.content.decode()
    story = staff_client.get(reverse("community:cocreator-story", args=[person.pk]))
    assert story.status_code == 302


# --- Who may see it -----------------------------------------------------------------------------


def _client_for(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def test_anonymous_is_sent_to_sign_in(anonymous, person):
    for url in (
        reverse("community:cocreator-story", args=[person.pk]),
        reverse("community:portal-story"),
    ):
        response = anonymous.get(url)
        assert response.status_code == 302
        assert "login" in response["Location"]


def test_cocreators_and_steering_members_cannot_read_someones_story(
    cocreator_client, steering_client, person
):
    url = reverse("community:cocreator-story", args=[person.pk])
    assert cocreator_client.get(url).status_code == 403
    assert steering_client.get(url).status_code == 403


def test_staff_and_steering_members_have_no_portal_story(staff_client, steering_client):
    assert staff_client.get(reverse("community:portal-story")).status_code == 403
    assert steering_client.get(reverse("community:portal-story")).status_code == 403


def test_the_story_page_is_get_only(staff_client, person):
    url = reverse("community:cocreator-story", args=[person.pk])
    assert staff_client.post(url).status_code == 405


# --- Pages and queries --------------------------------------------------------------------------


def _many_rows(cocreator, staff_member, count):
    now = timezone.now()
    for n in range(count):
        activity = ActivityFactory(
            title=f"Session {n}", starts_at=now - datetime.timedelta(days=n + 1)
        )
        SignUpFactory(
            activity=activity,
            cocreator=cocreator,
            status=SignUpStatus.BOOKED,
            booked_by=staff_member,
        )
        AttendanceFactory(activity=activity, cocreator=cocreator)
        SurveyInvitationFactory(
            cocreator=cocreator, activity=activity, invited_at=now, completed=bool(n % 2)
        )
        record = ImpactRecordFactory(title=f"Change {n}", published=bool(n % 2))
        record.contributors.add(cocreator)
        Message.objects.create(
            key=f"many:{cocreator.pk}:{n}",
            cocreator=cocreator,
            kind="reminder",
            subject=f"Reminder {n}",
            status=MessageStatus.SENT,
            sent_at=now,
        )
        contact_log_entry_add(
            actor=staff_member,
            cocreator=cocreator,
            contacted_on=timezone.localdate(),
            method=ContactMethod.PHONE,
            summary=f"Call {n}",
        )


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_staff_record_and_story_take_the_same_queries_for_5_or_50_rows(
    staff_client, staff_member
):
    few, many = CoCreatorFactory(full_name="Few Rows"), CoCreatorFactory(full_name="Many Rows")
    _many_rows(few, staff_member, 5)
    _many_rows(many, staff_member, 50)
    for name in ("community:cocreator-detail", "community:cocreator-story"):
        assert _queries(staff_client, reverse(name, args=[few.pk])) == _queries(
            staff_client, reverse(name, args=[many.pk])
        ), name


def test_the_portal_story_takes_the_same_queries_for_5_or_50_rows(
    cocreator, other_cocreator, staff_member
):
    few = cocreator_for_user_ensure(user=cocreator)
    many = cocreator_for_user_ensure(user=other_cocreator)
    _many_rows(few, staff_member, 5)
    _many_rows(many, staff_member, 50)
    url = reverse("community:portal-story")
    assert _queries(_client_for(cocreator), url) == _queries(_client_for(other_cocreator), url)


def test_a_long_story_is_shown_fifty_at_a_time_with_more_to_see(staff_client, staff_member):
    person = CoCreatorFactory(full_name="Long Story")
    _many_rows(person, staff_member, 20)  # 20 x 6 rows of each kind
    first = story_page(person, for_staff=True)
    assert len(first.rows) == STORY_PAGE_ROWS and first.has_more
    second = story_page(person, for_staff=True, page=2)
    assert second.rows[0].sort_key <= first.rows[-1].sort_key
    assert not {id(r) for r in second.rows} & {id(r) for r in first.rows}
    everything = story_page(person, for_staff=True, page=0)
    total = len(everything.rows)
    assert total > 100 and not everything.has_more
    last = story_page(person, for_staff=True, page=3)
    assert len(first.rows) + len(second.rows) + len(last.rows) == total
    detail = staff_client.get(reverse("community:cocreator-detail", args=[person.pk]))
    assert "?page=2" in detail.content.decode()
    page = staff_client.get(reverse("community:cocreator-story", args=[person.pk]) + "?page=all")
    assert page.content.decode().count("nhsuk-tag--grey") == total


@pytest.mark.parametrize(
    ("value", "number"),
    [(None, 1), ("2", 2), ("all", 0), ("x", 1), ("-3", 1), ("99999", 1000)],
)
def test_the_page_asked_for_is_read_safely(value, number):
    assert story_page_number(value) == number


def test_a_story_row_sorts_dates_and_times_together():
    day = StoryRow(when=datetime.date(2026, 1, 2), kind="k", title="t")
    moment = StoryRow(
        when=datetime.datetime(2026, 1, 1, 23, 0, tzinfo=datetime.UTC), kind="k", title="t"
    )
    assert day.sort_key > moment.sort_key
    assert not day.has_time and moment.has_time
