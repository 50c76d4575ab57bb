"""Mentoring's services and reads: the rules they enforce, the counts the reports use, the story,
what leaving does and the data download, and the demo."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from capacity.mentoring.demo import GROUP_NAME, demo_build
from capacity.mentoring.services import (
    meeting_log_for_group,
    meeting_log_for_pair,
    mentoring_answer,
    mentoring_end,
    mentoring_pair,
    peer_group_answer,
    peer_group_invite,
)
from capacity.models import Mentoring, PeerGroup, PeerGroupMember, SupportMeeting
from community.data_export import person_data
from community.demo.people import DEMO_COCREATOR_EMAIL
from community.models import AuditEvent, Message, Role
from community.services import cocreator_erase, cocreator_for_user_ensure
from community.story import story_page
from tests.capacity.mentoring_factories import (
    MentoringFactory,
    PeerGroupFactory,
    PeerGroupMemberFactory,
    SupportMeetingFactory,
)
from tests.community.factories import CoCreatorFactory, UserFactory

pytestmark = pytest.mark.django_db


def _moment(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), timezone.get_current_timezone())


def test_pairing_is_audited_on_both_records_and_asks_each_once(staff_member):
    mentor, mentee = CoCreatorFactory(), CoCreatorFactory()
    pair = mentoring_pair(mentor=mentor, mentee=mentee, purpose="  Panels ", actor=staff_member)
    assert pair.purpose == "Panels" and pair.set_up_by == staff_member
    for person in (mentor, mentee):
        assert AuditEvent.objects.filter(cocreator_id=person.pk, fields=["mentoring pair"]).exists()
    assert Message.objects.filter(kind="mentoring_proposed").count() == 2


def test_a_pair_starts_only_when_both_agree_and_answers_are_once(staff_member):
    pair = MentoringFactory()
    pair = mentoring_answer(pair=pair, cocreator=pair.mentee, agree=True, actor=None)
    assert not Message.objects.filter(kind="mentoring_started").exists()
    with pytest.raises(ValidationError, match="already agreed"):
        mentoring_answer(pair=pair, cocreator=pair.mentee, agree=True, actor=None)
    with pytest.raises(ValidationError, match="Only the mentor or the mentee"):
        mentoring_answer(pair=pair, cocreator=CoCreatorFactory(), agree=True, actor=None)
    mentoring_answer(pair=pair, cocreator=pair.mentor, agree=True, actor=None)
    assert Message.objects.filter(kind="mentoring_started").count() == 2


def test_a_meeting_needs_an_active_pair_and_an_ended_pair_cannot_end_again(staff_member):
    pair = MentoringFactory()
    today = timezone.localdate()
    with pytest.raises(ValidationError, match="once you have both agreed"):
        meeting_log_for_pair(
            pair=pair, met_on=today, how_it_went="well", note="", cocreator=None, actor=None
        )
    Mentoring.objects.filter(pk=pair.pk).update(
        mentor_agreed_at=timezone.now(), mentee_agreed_at=timezone.now()
    )
    mentoring_end(pair=pair, reason="", actor=staff_member)
    with pytest.raises(ValidationError, match="already ended"):
        mentoring_end(pair=pair, reason="", actor=staff_member)
    with pytest.raises(ValidationError):
        meeting_log_for_pair(
            pair=pair, met_on=today, how_it_went="well", note="", cocreator=None, actor=None
        )
    assert not SupportMeeting.objects.exists()


def test_group_meetings_need_a_member_who_agreed_and_a_running_group(staff_member):
    group = PeerGroupFactory()
    invited = PeerGroupMemberFactory(group=group, agreed_at=None)
    today = timezone.localdate()
    with pytest.raises(ValidationError, match="Only members"):
        meeting_log_for_group(member=invited, met_on=today, how_it_went="well", note="", actor=None)
    peer_group_answer(member=invited, agree=True, actor=None)
    meeting_log_for_group(member=invited, met_on=today, how_it_went="well", note=" ", actor=None)
    group.ended_at = timezone.now()
    group.save()
    with pytest.raises(ValidationError, match="has ended"):
        meeting_log_for_group(member=invited, met_on=today, how_it_went="well", note="", actor=None)
    with pytest.raises(ValidationError, match="has ended"):
        peer_group_invite(group=group, people=[CoCreatorFactory()], actor=staff_member)
    assert SupportMeeting.objects.get().note == ""


def test_someone_who_left_a_group_can_be_invited_again_and_is_told_again(staff_member):
    member = PeerGroupMemberFactory(left_at=timezone.now())
    Message.objects.all().delete()
    PeerGroupMember.objects.filter(pk=member.pk).update(
        invited_at=timezone.now() - dt.timedelta(days=30)
    )
    (again,) = peer_group_invite(group=member.group, people=[member.cocreator], actor=staff_member)
    assert again.pk == member.pk and again.left_at is None and again.agreed_at is None
    assert Message.objects.filter(kind="peer_group_invited").count() == 1


def test_the_story_has_pairings_agreed_and_ended_meetings_and_groups(staff_member):
    person = CoCreatorFactory(full_name="Sam Story")
    other = CoCreatorFactory(full_name="Olu Other")
    pair = MentoringFactory(mentor=person, mentee=other, agreed=True)
    SupportMeetingFactory(mentoring=pair, logged_by=other)
    mentoring_end(pair=pair, reason="Done", actor=staff_member)
    member = PeerGroupMemberFactory(cocreator=person, group=PeerGroupFactory(name="Walkers"))
    SupportMeetingFactory(group=member.group, met_on=timezone.localdate())
    for for_staff in (True, False):
        titles = [row.title for row in story_page(person, for_staff=for_staff).rows]
        assert "Started mentoring Olu Other" in titles
        assert "Ended mentoring Olu Other" in titles
        assert "Mentoring meeting with Olu Other" in titles
        assert "Joined the peer group Walkers" in titles
        assert "Meeting of Walkers" in titles
    other_titles = [row.title for row in story_page(other, for_staff=True).rows]
    assert "Started being mentored by Sam Story" in other_titles


def test_leaving_keeps_pairs_for_the_other_person_ends_them_and_empties_the_text(staff_member):
    leaver = CoCreatorFactory(full_name="Lee Leaver")
    other = CoCreatorFactory(full_name="Olu Other")
    pair = MentoringFactory(mentor=leaver, mentee=other, agreed=True, purpose="Lee's panels")
    theirs = SupportMeetingFactory(mentoring=pair, logged_by=other, note="Olu's own note")
    mine = SupportMeetingFactory(mentoring=pair, logged_by=leaver, note="Lee wrote this")
    waiting = MentoringFactory(mentor=other, mentee=leaver)
    member = PeerGroupMemberFactory(cocreator=leaver)
    group_meeting = SupportMeetingFactory(group=member.group, logged_by=leaver, note="Lee's note")
    cocreator_erase(cocreator=leaver, actor=staff_member)

    pair.refresh_from_db()
    assert pair.mentor_id == leaver.pk and pair.ended_at is not None and pair.purpose == ""
    waiting.refresh_from_db()
    assert waiting.ended_at is not None
    theirs.refresh_from_db()
    assert theirs.note == "Olu's own note"  # the other person's own words stay theirs
    mine.refresh_from_db()
    group_meeting.refresh_from_db()
    assert mine.note == "" and group_meeting.note == ""
    member.refresh_from_db()
    assert member.left_at is not None
    assert SupportMeeting.objects.count() == 3
    # The other person still has their pairing, now ended, in their story.
    titles = [row.title for row in story_page(other, for_staff=False).rows]
    assert any(title.startswith("Being mentored") or "mentored by" in title for title in titles)


def test_the_data_download_has_the_pairs_and_never_names_the_other_person():
    person = CoCreatorFactory(full_name="Dee Download")
    other = CoCreatorFactory(full_name="Olu Other")
    pair = MentoringFactory(mentor=other, mentee=person, agreed=True, purpose="Panels")
    SupportMeetingFactory(mentoring=pair, logged_by=person, note="My note")
    SupportMeetingFactory(mentoring=pair, logged_by=other, note="Olu's note")
    group = PeerGroupMemberFactory(cocreator=person).group
    SupportMeetingFactory(group=group, logged_by=person, note="Group note")
    data = person_data(person)
    (row,) = data["capacity.Mentoring"]
    assert row["purpose"] == "Panels"
    assert "Olu Other" not in str(data) and "Olu's note" not in str(data)
    notes = sorted(m["note"] for m in data["capacity.SupportMeeting"])
    assert notes == ["Group note", "My note"]
    assert len(data["capacity.PeerGroupMember"]) == 1
    # The pair's links to both people are the links that found it, so neither is written out;
    # nothing in the download names the other person.
    assert "mentor" not in row and "mentee" not in row


def test_the_demo_has_pairs_a_waiting_one_an_ended_one_and_a_group_once(
    django_assert_max_num_queries,
):
    demo = cocreator_for_user_ensure(
        user=UserFactory(email=DEMO_COCREATOR_EMAIL, role=Role.COCREATOR, full_name="Alex Morgan")
    )
    UserFactory(email="staff@example.org", role=Role.STAFF)
    CoCreatorFactory.create_batch(16)
    with django_assert_max_num_queries(10):
        assert demo_build() == 7
    active = Mentoring.objects.filter(
        mentor_agreed_at__isnull=False, mentee_agreed_at__isnull=False, ended_at__isnull=True
    )
    assert 4 <= active.count() <= 6
    mine = active.get(mentee=demo)
    assert mine.meetings.count() == 2 and mine.created_at < mine.mentor_agreed_at
    assert Mentoring.objects.filter(mentor_agreed_at__isnull=True, mentor=demo).count() == 1
    assert Mentoring.objects.filter(ended_at__isnull=False).count() == 1
    group = PeerGroup.objects.get(name=GROUP_NAME)
    assert group.members.filter(agreed_at__isnull=False).count() == 5
    assert group.members.filter(cocreator=demo).exists() and group.meetings.count() >= 2
    before = SupportMeeting.objects.count()
    assert demo_build() == 0
    assert SupportMeeting.objects.count() == before
