"""Mentoring and peer support pages: outsiders refused on every one, the whole path from staff
pairing two people to both agreeing, a meeting logged and the pairing ended, a third co-creator
refused (404) on the pair, a mentor seeing only their mentee's name and chosen contact, bad input
writing nothing, peer groups, and query counts that do not grow with the rows."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from capacity.models import Mentoring, PeerGroup, PeerGroupMember, SupportMeeting
from community.models import CoCreatorStatus, Message, Role
from community.services import cocreator_for_user_ensure, user_grant_role
from tests.capacity.mentoring_factories import (
    MentoringFactory,
    PeerGroupFactory,
    PeerGroupMemberFactory,
    SupportMeetingFactory,
)
from tests.community.factories import CoCreatorFactory, UserFactory
from tests.conftest import client_for

STAFF_PAGES = [
    ("capacity:mentoring-list", None),
    ("capacity:mentoring-pair-add", None),
    ("capacity:mentoring-group-add", None),
    ("capacity:mentoring-pair", "pair"),
    ("capacity:mentoring-pair-end", "pair"),
    ("capacity:mentoring-group", "group"),
    ("capacity:mentoring-group-edit", "group"),
    ("capacity:mentoring-group-invite", "group"),
    ("capacity:mentoring-group-end", "group"),
]
STAFF_POST_ONLY = [
    ("capacity:mentoring-pair-agree", "pair"),
    ("capacity:mentoring-group-agree", "group"),
]
PORTAL_OBJECT_PAGES = [
    ("capacity:portal-mentoring-pair", "pair"),
    ("capacity:portal-mentoring-pair-answer", "pair"),
    ("capacity:portal-mentoring-pair-meeting", "pair"),
    ("capacity:portal-mentoring-pair-end", "pair"),
    ("capacity:portal-mentoring-group", "group"),
    ("capacity:portal-mentoring-group-answer", "group"),
    ("capacity:portal-mentoring-group-meeting", "group"),
    ("capacity:portal-mentoring-group-leave", "group"),
]


def _date(day: dt.date, name: str = "met_on") -> dict:
    return {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}


@pytest.fixture
def rows(db):
    pair = MentoringFactory(agreed=True)
    group = PeerGroupFactory()
    member = PeerGroupMemberFactory(group=group)
    return {"pair": pair, "group": group, "member": member}


def _url(name, kind, rows):
    return reverse(name) if kind is None else reverse(name, args=[rows[kind].pk])


# --- Outsiders ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "kind"), STAFF_PAGES + STAFF_POST_ONLY)
def test_staff_pages_refuse_outsiders(
    name, kind, rows, client, cocreator, steering_member, partner_member
):
    url = _url(name, kind, rows)
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response.url
    for user in (cocreator, steering_member, partner_member):
        assert client_for(user).get(url).status_code == 403
        assert client_for(user).post(url, {"who": "mentor"}).status_code == 403
    assert Mentoring.objects.filter(ended_at__isnull=False).count() == 0


@pytest.mark.parametrize(("name", "kind"), STAFF_PAGES)
def test_staff_pages_open_for_staff(name, kind, rows, staff_client):
    assert staff_client.get(_url(name, kind, rows)).status_code == 200


@pytest.mark.parametrize(("name", "kind"), STAFF_POST_ONLY)
def test_post_only_staff_urls_refuse_a_get(name, kind, rows, staff_client):
    assert staff_client.get(_url(name, kind, rows)).status_code == 405


def test_a_pair_or_group_that_does_not_exist_is_404(staff_client):
    for name in ("capacity:mentoring-pair", "capacity:mentoring-group"):
        assert staff_client.get(reverse(name, args=[999999])).status_code == 404


@pytest.mark.parametrize(
    ("name", "kind"), [("capacity:portal-mentoring", None), *PORTAL_OBJECT_PAGES]
)
def test_portal_pages_refuse_outsiders(
    name, kind, rows, client, staff_member_with_mfa, steering_member, partner_member
):
    url = _url(name, kind, rows)
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response.url
    for user in (staff_member_with_mfa, steering_member, partner_member):
        assert client_for(user).get(url).status_code == 403
        assert client_for(user).post(url, {}).status_code == 403


@pytest.mark.parametrize(("name", "kind"), PORTAL_OBJECT_PAGES)
def test_a_third_cocreator_gets_404_on_others_pairs_and_groups(
    name, kind, rows, cocreator_client, cocreator
):
    cocreator_for_user_ensure(user=cocreator)
    url = _url(name, kind, rows)
    assert cocreator_client.get(url).status_code == 404
    post = {"answer": "yes", "how_it_went": "well", **_date(timezone.localdate())}
    # The pages that only show (GET) refuse a POST before anything is looked up.
    assert cocreator_client.post(url, post).status_code in (404, 405)
    pair = rows["pair"]
    pair.refresh_from_db()
    assert pair.ended_at is None and not SupportMeeting.objects.exists()
    assert PeerGroupMember.objects.filter(left_at__isnull=False).count() == 0


def test_a_member_who_left_a_group_or_declined_gets_404(cocreator_client, cocreator):
    person = cocreator_for_user_ensure(user=cocreator)
    member = PeerGroupMemberFactory(cocreator=person, left_at=timezone.now())
    url = reverse("capacity:portal-mentoring-group", args=[member.group_id])
    assert cocreator_client.get(url).status_code == 404


def test_a_staff_member_who_is_also_a_cocreator_sees_only_their_own_in_the_portal(rows):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    user = UserFactory(role=Role.STAFF, email="both@example.org")
    TOTP.activate(user, generate_totp_secret())
    user_grant_role(user=user, role=Role.COCREATOR)
    cocreator_for_user_ensure(user=user)
    client = client_for(user)
    pair, group = rows["pair"], rows["group"]
    assert client.get(reverse("capacity:mentoring-pair", args=[pair.pk])).status_code == 200
    assert client.get(reverse("capacity:portal-mentoring-pair", args=[pair.pk])).status_code == 404
    assert client.get(reverse("capacity:mentoring-group", args=[group.pk])).status_code == 200
    portal_group = reverse("capacity:portal-mentoring-group", args=[group.pk])
    assert client.get(portal_group).status_code == 404


# --- The whole path -----------------------------------------------------------------------------


def test_done_when_pairing_agreed_by_both_meeting_logged_third_refused_and_ended(
    staff_client, django_capture_on_commit_callbacks
):
    mentor_user = UserFactory(full_name="Maya Mentor", email="maya@example.org")
    mentee_user = UserFactory(full_name="Tariq Mentee", email="tariq@example.org")
    third_user = UserFactory(full_name="Thea Third", email="thea@example.org")
    mentor = cocreator_for_user_ensure(user=mentor_user)
    mentee = cocreator_for_user_ensure(user=mentee_user)
    cocreator_for_user_ensure(user=third_user)

    # Staff pair them.
    response = staff_client.post(
        reverse("capacity:mentoring-pair-add"),
        {"mentor": mentor.pk, "mentee": mentee.pk, "purpose": "Panels"},
    )
    pair = Mentoring.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("capacity:mentoring-pair", args=[pair.pk])
    assert set(Message.objects.filter(kind="mentoring_proposed").values_list("key", flat=True)) == {
        f"mentoring-proposed:{pair.pk}:{mentor.pk}",
        f"mentoring-proposed:{pair.pk}:{mentee.pk}",
    }
    overview = staff_client.get(reverse("capacity:mentoring-list")).content.decode()
    assert "Maya Mentor" in overview and "1 pair" in overview

    mentor_client, mentee_client = client_for(mentor_user), client_for(mentee_user)
    third_client = client_for(third_user)
    pair_url = reverse("capacity:portal-mentoring-pair", args=[pair.pk])
    answer_url = reverse("capacity:portal-mentoring-pair-answer", args=[pair.pk])
    meeting_url = reverse("capacity:portal-mentoring-pair-meeting", args=[pair.pk])

    # Each sees the invitation; the mentor agrees first: not active yet, no contact shown.
    assert answer_url in mentor_client.get(reverse("capacity:portal-mentoring")).content.decode()
    assert mentor_client.post(answer_url, {"answer": "yes"}).status_code == 302
    pair.refresh_from_db()
    assert pair.mentor_agreed_at and not pair.mentee_agreed_at
    page = mentor_client.get(pair_url).content.decode()
    assert "Waiting for agreement" in page and "tariq@example.org" not in page
    assert (
        mentor_client.post(
            meeting_url, {"how_it_went": "well", **_date(timezone.localdate())}
        ).status_code
        == 200
    )
    assert not SupportMeeting.objects.exists()
    assert not Message.objects.filter(kind="mentoring_started").exists()

    # The mentee agrees: now it is active, both are told, each sees the other's contact choice.
    assert mentee_client.post(answer_url, {"answer": "yes"}).status_code == 302
    pair.refresh_from_db()
    assert pair.mentee_agreed_at is not None
    assert Message.objects.filter(kind="mentoring_started").count() == 2
    assert "tariq@example.org" in mentor_client.get(pair_url).content.decode()
    assert "maya@example.org" in mentee_client.get(pair_url).content.decode()

    # The mentee logs a meeting; the mentor sees it.
    met = timezone.localdate()
    response = mentee_client.post(
        meeting_url, {"how_it_went": "hard", "note": "Talked about nerves", **_date(met)}
    )
    assert response.status_code == 302
    meeting = SupportMeeting.objects.get()
    assert (meeting.mentoring, meeting.logged_by, meeting.met_on) == (pair, mentee, met)
    page = mentor_client.get(pair_url).content.decode()
    assert "It was hard" in page and "Talked about nerves" in page and "Tariq Mentee" in page

    # A third co-creator gets 404 on the pair, every page of it.
    for url in (pair_url, answer_url, meeting_url):
        assert third_client.get(url).status_code == 404
    assert pair_url not in third_client.get(reverse("capacity:portal-mentoring")).content.decode()

    # The mentor ends it; the mentee is told, not the mentor.
    end_url = reverse("capacity:portal-mentoring-pair-end", args=[pair.pk])
    assert third_client.post(end_url, {"reason": "x"}).status_code == 404
    response = mentor_client.post(end_url, {"reason": "Ready to go on alone"})
    assert response.status_code == 302
    pair.refresh_from_db()
    assert pair.ended_at is not None and pair.end_reason == "Ready to go on alone"
    assert list(
        Message.objects.filter(kind="mentoring_ended").values_list("cocreator_id", flat=True)
    ) == [mentee.pk]
    # Nothing more can be logged; the contact details are no longer shown.
    assert mentee_client.post(meeting_url, {"how_it_went": "well", **_date(met)}).status_code == 200
    assert SupportMeeting.objects.count() == 1
    assert "maya@example.org" not in mentee_client.get(pair_url).content.decode()
    staff_page = staff_client.get(reverse("capacity:mentoring-pair", args=[pair.pk]))
    assert "Ready to go on alone" in staff_page.content.decode()


def test_a_mentor_sees_only_the_mentees_name_and_chosen_contact(db):
    mentor_user = UserFactory(full_name="Maya Mentor", email="maya@example.org")
    mentor = cocreator_for_user_ensure(user=mentor_user)
    mentee = CoCreatorFactory(
        full_name="Priya Shah",
        preferred_name="Pri",
        email="priya.private@example.org",
        prefers_email=False,
        phone="07700 900555",
        prefers_sms=True,
        address="1 Hidden Lane\nMaidstone",
        postcode="ME14 1XX",
        pronouns="she/her",
        date_of_birth=dt.date(1980, 5, 17),
        staff_note="Private staff note",
        access_needs_other="Needs a quiet room",
    )
    pair = MentoringFactory(mentor=mentor, mentee=mentee, agreed=True)
    page = (
        client_for(mentor_user)
        .get(reverse("capacity:portal-mentoring-pair", args=[pair.pk]))
        .content.decode()
    )
    assert "Pri" in page and "Text message" in page and "07700 900555" in page
    for hidden in (
        "ME14 1XX",
        "Hidden Lane",
        "priya.private@example.org",
        "she/her",
        "1980",
        "Private staff note",
        "quiet room",
        "Phone call",
        f"/staff/community/{mentee.pk}",
    ):
        assert hidden not in page, hidden


def test_a_mentee_who_chose_post_shows_the_address_and_postcode_only_for_post(db):
    mentee_user = UserFactory(full_name="Tariq Mentee", email="tariq@example.org")
    mentee = cocreator_for_user_ensure(user=mentee_user)
    mentor = CoCreatorFactory(
        full_name="Ola Post",
        email="ola@example.org",
        prefers_email=False,
        prefers_post=True,
        address="2 Letter Row",
        postcode="CT1 2AB",
        phone="07700 900777",
    )
    pair = MentoringFactory(mentor=mentor, mentee=mentee, agreed=True)
    page = (
        client_for(mentee_user)
        .get(reverse("capacity:portal-mentoring-pair", args=[pair.pk]))
        .content.decode()
    )
    assert "2 Letter Row, CT1 2AB" in page
    assert "ola@example.org" not in page and "07700 900777" not in page


def test_declining_closes_the_pairing(cocreator_client, cocreator):
    person = cocreator_for_user_ensure(user=cocreator)
    pair = MentoringFactory(mentee=person)
    url = reverse("capacity:portal-mentoring-pair-answer", args=[pair.pk])
    response = cocreator_client.post(url, {})
    assert "Choose yes or no" in response.content.decode()
    pair.refresh_from_db()
    assert pair.declined_at is None
    assert cocreator_client.post(url, {"answer": "no"}).status_code == 302
    pair.refresh_from_db()
    assert pair.declined_at is not None and pair.mentee_agreed_at is None
    # Answering again changes nothing.
    cocreator_client.post(url, {"answer": "yes"})
    pair.refresh_from_db()
    assert pair.mentee_agreed_at is None


def test_staff_record_the_agreement_of_someone_who_does_not_sign_in(staff_client):
    pair = MentoringFactory()
    url = reverse("capacity:mentoring-pair-agree", args=[pair.pk])
    assert staff_client.post(url, {"who": "someone"}).status_code == 404
    staff_client.post(url, {"who": "mentor"})
    pair.refresh_from_db()
    assert pair.mentor_agreed_at and not pair.mentee_agreed_at
    assert not Message.objects.filter(kind="mentoring_started").exists()
    staff_client.post(url, {"who": "mentee"})
    pair.refresh_from_db()
    assert pair.mentee_agreed_at is not None
    assert Message.objects.filter(kind="mentoring_started").count() == 2


def test_staff_end_a_pair_and_both_are_told(staff_client):
    pair = MentoringFactory(agreed=True)
    url = reverse("capacity:mentoring-pair-end", args=[pair.pk])
    assert staff_client.post(url, {"reason": "x" * 301}).status_code == 200
    pair.refresh_from_db()
    assert pair.ended_at is None
    assert staff_client.post(url, {"reason": "The mentor moved away"}).status_code == 302
    pair.refresh_from_db()
    assert pair.ended_at and pair.end_reason == "The mentor moved away"
    assert Message.objects.filter(kind="mentoring_ended").count() == 2
    assert "already ended" in staff_client.get(url).content.decode()


# --- Bad input writes nothing -------------------------------------------------------------------


def test_pairing_refuses_the_same_person_twice_someone_who_left_and_an_open_pair(staff_client):
    url = reverse("capacity:mentoring-pair-add")
    a, b = CoCreatorFactory(full_name="Ann Able"), CoCreatorFactory(full_name="Ben Best")
    gone = CoCreatorFactory(full_name="Gail Gone", status=CoCreatorStatus.LEFT)

    page = staff_client.post(url, {"mentor": a.pk, "mentee": a.pk}).content.decode()
    assert "the mentor and the mentee are the same" in page
    page = staff_client.post(url, {"mentor": a.pk, "mentee": gone.pk}).content.decode()
    assert "Gail Gone has left the community, so cannot be paired" in page
    page = staff_client.post(url, {}).content.decode()
    assert "Choose the mentor" in page and "Choose the mentee" in page
    assert not Mentoring.objects.exists()

    MentoringFactory(mentor=b, mentee=a)
    page = staff_client.post(url, {"mentor": a.pk, "mentee": b.pk}).content.decode()
    assert "Ann Able and Ben Best are already paired" in page
    assert Mentoring.objects.count() == 1
    assert not Message.objects.filter(kind="mentoring_proposed").exists()


def test_a_meeting_in_the_future_before_pairing_or_without_how_it_went_is_refused(
    cocreator_client, cocreator
):
    person = cocreator_for_user_ensure(user=cocreator)
    pair = MentoringFactory(mentor=person, agreed=True)
    url = reverse("capacity:portal-mentoring-pair-meeting", args=[pair.pk])
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    long_ago = timezone.localdate() - dt.timedelta(days=400)
    page = cocreator_client.post(url, {"how_it_went": "well", **_date(tomorrow)}).content.decode()
    assert "must be today or in the past" in page
    page = cocreator_client.post(url, {"how_it_went": "well", **_date(long_ago)}).content.decode()
    assert "when you were paired" in page
    page = cocreator_client.post(url, _date(timezone.localdate())).content.decode()
    assert "Choose how it went" in page
    page = cocreator_client.post(
        url, {"how_it_went": "well", "met_on_day": "31", "met_on_month": "2", "met_on_year": "2026"}
    ).content.decode()
    assert "must be a real date" in page
    assert not SupportMeeting.objects.exists()


def test_a_group_without_a_name_or_about_is_refused(staff_client):
    url = reverse("capacity:mentoring-group-add")
    page = staff_client.post(url, {"name": "  ", "about": ""}).content.decode()
    assert "Enter the name of the group" in page and "Say what the group is for" in page
    assert not PeerGroup.objects.exists()


def test_inviting_someone_who_left_or_is_already_in_the_group_is_refused(staff_client):
    group = PeerGroupFactory()
    inside = PeerGroupMemberFactory(group=group).cocreator
    invited = PeerGroupMemberFactory(group=group, agreed_at=None).cocreator
    gone = CoCreatorFactory(full_name="Gail Gone", status=CoCreatorStatus.LEFT)
    fresh = CoCreatorFactory(full_name="Fran Fresh")
    url = reverse("capacity:mentoring-group-invite", args=[group.pk])
    for person, words in (
        (gone, "Gail Gone has left the community"),
        (inside, "is a member of this group"),
        (invited, "is already invited to this group"),
    ):
        page = staff_client.post(url, {"people": [fresh.pk, person.pk]}).content.decode()
        assert words in page
    assert staff_client.post(url, {}).status_code == 200
    assert PeerGroupMember.objects.filter(group=group).count() == 2
    assert not Message.objects.filter(kind="peer_group_invited").exists()


# --- Peer groups --------------------------------------------------------------------------------


def test_peer_group_set_up_invited_agreed_meeting_logged_left_and_ended(staff_client):
    users = [UserFactory(full_name=f"Member{i} Test", email=f"m{i}@example.org") for i in range(3)]
    people = [cocreator_for_user_ensure(user=u) for u in users]
    response = staff_client.post(
        reverse("capacity:mentoring-group-add"),
        {"name": "Carers' circle", "about": "Carers together.", "meets": "Tuesdays"},
    )
    group = PeerGroup.objects.get()
    assert response.status_code == 302 and group.set_up_by is not None
    staff_client.post(
        reverse("capacity:mentoring-group-invite", args=[group.pk]),
        {"people": [p.pk for p in people[:2]]},
    )
    assert Message.objects.filter(kind="peer_group_invited").count() == 2
    first, second = (client_for(u) for u in users[:2])
    outsider = client_for(users[2])
    group_url = reverse("capacity:portal-mentoring-group", args=[group.pk])
    meeting_url = reverse("capacity:portal-mentoring-group-meeting", args=[group.pk])
    assert outsider.get(group_url).status_code == 404
    # Invited, not yet agreed: sees the group, cannot log a meeting.
    assert (
        first.post(meeting_url, {"how_it_went": "well", **_date(timezone.localdate())}).status_code
        == 200
    )
    assert not SupportMeeting.objects.exists()
    answer = reverse("capacity:portal-mentoring-group-answer", args=[group.pk])
    assert first.post(answer, {"answer": "yes"}).status_code == 302
    assert second.post(answer, {"answer": "yes"}).status_code == 302
    response = first.post(meeting_url, {"how_it_went": "okay", **_date(timezone.localdate())})
    assert response.status_code == 302
    meeting = SupportMeeting.objects.get()
    assert (meeting.group, meeting.logged_by) == (group, people[0])
    page = second.get(group_url).content.decode()
    assert "It was okay" in page and "Member0 Test" in page
    # Leaving: the group is gone from their reach.
    assert (
        second.post(reverse("capacity:portal-mentoring-group-leave", args=[group.pk])).status_code
        == 302
    )
    assert second.get(group_url).status_code == 404
    # Staff end the group: nothing more is logged.
    staff_client.post(reverse("capacity:mentoring-group-end", args=[group.pk]))
    group.refresh_from_db()
    assert group.ended_at is not None
    first.post(meeting_url, {"how_it_went": "well", **_date(timezone.localdate())})
    assert SupportMeeting.objects.count() == 1
    assert (
        staff_client.get(reverse("capacity:mentoring-group-edit", args=[group.pk])).status_code
        == 404
    )
    staff_page = staff_client.get(
        reverse("capacity:mentoring-group", args=[group.pk])
    ).content.decode()
    assert "Member1 Test: left" in staff_page


def test_staff_record_that_an_invited_person_agreed(staff_client):
    member = PeerGroupMemberFactory(agreed_at=None)
    url = reverse("capacity:mentoring-group-agree", args=[member.group_id])
    for wrong in ("999999", "abc", "9" * 30, ""):
        assert staff_client.post(url, {"member": wrong}).status_code == 404
    assert staff_client.post(url, {"member": member.pk}).status_code == 302
    member.refresh_from_db()
    assert member.agreed_at is not None
    other_group_member = PeerGroupMemberFactory(agreed_at=None)
    assert staff_client.post(url, {"member": other_group_member.pk}).status_code == 404


# --- Record, dashboard, query counts ------------------------------------------------------------


def test_the_staff_record_and_dashboard_show_mentoring(staff_client):
    person = CoCreatorFactory(full_name="Rita Record")
    MentoringFactory(mentor=person, mentee=CoCreatorFactory(full_name="Mo Mentee"), agreed=True)
    PeerGroupMemberFactory(cocreator=person, group=PeerGroupFactory(name="Walk and talk"))
    page = staff_client.get(
        reverse("community:cocreator-detail", args=[person.pk])
    ).content.decode()
    assert "Mentor to Mo Mentee" in page and "Walk and talk" in page
    old = MentoringFactory()
    Mentoring.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=15))
    MentoringFactory()  # waiting, but not for long
    dashboard = staff_client.get(reverse("activities:dashboard")).content.decode()
    assert "1 pair has waited more than 14 days for agreement" in dashboard


def _some_pairs_and_groups(n, *, me=None):
    for _ in range(n):
        pair = MentoringFactory(mentor=me, agreed=True) if me else MentoringFactory(agreed=True)
        SupportMeetingFactory(mentoring=pair, logged_by=pair.mentee)
        MentoringFactory(mentee=me) if me else MentoringFactory()
        group = PeerGroupFactory()
        PeerGroupMemberFactory(group=group, cocreator=me) if me else PeerGroupMemberFactory(
            group=group
        )
        SupportMeetingFactory(group=group)
    closed = MentoringFactory(agreed=True, ended_at=timezone.now())
    SupportMeetingFactory(mentoring=closed)


def test_staff_pages_queries_do_not_grow(staff_client, django_assert_max_num_queries):
    _some_pairs_and_groups(2)
    group = PeerGroup.objects.first()
    pair = Mentoring.objects.first()
    pages = [
        reverse("capacity:mentoring-list"),
        reverse("capacity:mentoring-group", args=[group.pk]),
        reverse("capacity:mentoring-pair", args=[pair.pk]),
    ]
    counts = []
    for url in pages:
        with django_assert_max_num_queries(25) as q:
            staff_client.get(url)
        counts.append(len(q.captured_queries))
    _some_pairs_and_groups(8)
    for _ in range(8):
        PeerGroupMemberFactory(group=group)
        SupportMeetingFactory(group=group)
        SupportMeetingFactory(mentoring=pair)
    for url, count in zip(pages, counts, strict=True):
        with django_assert_max_num_queries(count):
            response = staff_client.get(url)
        assert response.status_code == 200
    assert staff_client.get(pages[0]).content.decode().count("/staff/mentoring/pairs/") >= 20


def test_portal_pages_queries_do_not_grow(
    cocreator_client, cocreator, django_assert_max_num_queries
):
    me = cocreator_for_user_ensure(user=cocreator)
    _some_pairs_and_groups(2, me=me)
    group = PeerGroup.objects.filter(members__cocreator=me).first()
    pair = Mentoring.objects.filter(mentor=me, mentor_agreed_at__isnull=False).first()
    pages = [
        reverse("capacity:portal-mentoring"),
        reverse("capacity:portal-mentoring-group", args=[group.pk]),
        reverse("capacity:portal-mentoring-pair", args=[pair.pk]),
    ]
    counts = []
    for url in pages:
        with django_assert_max_num_queries(25) as q:
            cocreator_client.get(url)
        counts.append(len(q.captured_queries))
    _some_pairs_and_groups(8, me=me)
    for _ in range(8):
        PeerGroupMemberFactory(group=group)
        SupportMeetingFactory(group=group)
        SupportMeetingFactory(mentoring=pair)
    for url, count in zip(pages, counts, strict=True):
        with django_assert_max_num_queries(count):
            assert cocreator_client.get(url).status_code == 200
    assert cocreator_client.get(pages[0]).content.decode().count("/portal/mentoring/") >= 20
