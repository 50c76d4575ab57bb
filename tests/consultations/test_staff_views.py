"""The staff's "Have your say" pages: every page refused to outsiders (sign in, or 403 for a
co-creator, a steering member and a partner); the list in four groups with exact counts and a
query count that does not grow with the rows; starting and changing a consultation (dates, the
audience's group, plain errors that write nothing, the level locked once answered, an ended one
read-only); its page; publishing (with what is missing) and closing early; the dashboard panel
and the menu item."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from activities.models import Attendance, AttendanceStatus, EngagementLevel
from community.models import Interest, InterestKind, Role
from community.navigation import nav_for_roles
from consultations.models import (
    Answer,
    Audience,
    Consultation,
    ConsultationLevel,
    ConsultationStatus,
    Moderation,
)
from consultations.services import participation_record
from consultations.staff.selectors import dashboard_panel
from consultations.staff.services import consultation_publish
from reporting.groups.models import SavedGroup
from tests.community.factories import CoCreatorFactory
from tests.conftest import client_for
from tests.consultations.factories import (
    ConsultationFactory,
    ContributionFactory,
    QuestionFactory,
    ResponseFactory,
)

PAGES = [
    ("consultations:staff-list", False),
    ("consultations:staff-add", False),
    ("consultations:staff-detail", True),
    ("consultations:staff-edit", True),
    ("consultations:staff-questions", True),
    ("consultations:staff-documents", True),
    ("consultations:staff-publish", True),
    ("consultations:staff-close", True),
    ("consultations:staff-invite", True),
]


def _url(name, consultation, with_pk):
    return reverse(name, args=[consultation.pk]) if with_pk else reverse(name)


def _when(moment, name):
    local = timezone.localtime(moment)
    return {
        f"{name}_date_day": local.day,
        f"{name}_date_month": local.month,
        f"{name}_date_year": local.year,
        f"{name}_time": local.strftime("%H:%M"),
    }


def _form(**overrides):
    opens = timezone.now() + timedelta(days=2)
    data = {
        "title": "Crisis line opening hours",
        "summary": "We want to know when you would call. Tell us what works for you.",
        "level": str(ConsultationLevel.ENGAGE.value),
        "audience": Audience.COCREATORS,
        "ideas_on": "on",
        "premoderate": "on",
        "minutes_to_take_part": "15",
        **_when(opens, "opens"),
        **_when(opens + timedelta(days=14), "closes"),
    }
    data.update(overrides)
    return data


# --- Outsiders ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "with_pk"), PAGES)
def test_staff_pages_refuse_outsiders(
    name, with_pk, client, cocreator, steering_member, partner_member
):
    consultation = ConsultationFactory()
    url = _url(name, consultation, with_pk)
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response.url
    assert client.post(url, _form()).status_code == 302
    for user in (cocreator, steering_member, partner_member):
        assert client_for(user).get(url).status_code == 403
        assert client_for(user).post(url, _form()).status_code == 403
    assert Consultation.objects.count() == 1
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.PUBLISHED


@pytest.mark.parametrize(("name", "with_pk"), PAGES)
def test_staff_pages_open_for_staff(name, with_pk, staff_client):
    consultation = ConsultationFactory()
    assert staff_client.get(_url(name, consultation, with_pk)).status_code == 200


def test_a_consultation_that_does_not_exist_is_404(staff_client):
    assert staff_client.get(reverse("consultations:staff-detail", args=[999999])).status_code == 404


# --- The list -----------------------------------------------------------------------------------


def test_the_list_groups_consultations_and_counts_exactly(staff_client):
    now = timezone.now()
    draft = ConsultationFactory(draft=True, title="Draft one")
    live = ConsultationFactory(title="Live one")
    later = ConsultationFactory(
        title="Later one", opens_at=now + timedelta(days=3), closes_at=now + timedelta(days=9)
    )
    ended = ConsultationFactory(ended=True, title="Ended one")
    for _ in range(3):
        person = CoCreatorFactory()
        ResponseFactory(consultation=live, cocreator=person)
        participation_record(consultation=live, cocreator=person)
    ContributionFactory(consultation=live)
    ContributionFactory(consultation=live, kind="post", moderation=Moderation.WAITING)
    ContributionFactory(consultation=live, moderation=Moderation.WAITING)
    response = staff_client.get(reverse("consultations:staff-list"))
    groups = {group.key: group.rows for group in response.context["groups"]}
    assert groups["draft"] == [draft]
    assert groups["open"] == [live]
    assert groups["later"] == [later]
    assert groups["ended"] == [ended]
    row = groups["open"][0]
    assert (row.took_part_count, row.response_count, row.idea_count, row.post_count) == (
        3,
        3,
        2,
        1,
    )
    assert row.waiting_count == 2
    assert groups["draft"][0].took_part_count == 0
    content = response.content.decode()
    assert "Exact figures — for the involvement team only" in content
    assert "Start a consultation" in content


def test_the_list_costs_the_same_queries_for_2_and_10_rows(
    staff_client, django_assert_max_num_queries
):
    def load():
        return staff_client.get(reverse("consultations:staff-list"))

    for _ in range(2):
        consultation = ConsultationFactory()
        ContributionFactory(consultation=consultation)
    load()
    with CaptureQueriesContext(connection) as two:
        load()
    for _ in range(8):
        consultation = ConsultationFactory(
            audience=Audience.GROUP, group=SavedGroup.objects.create(name="G", criteria={})
        )
        ContributionFactory(consultation=consultation)
    with django_assert_max_num_queries(len(two.captured_queries)):
        response = load()
    assert sum(len(g.rows) for g in response.context["groups"]) == 10


# --- Starting and changing --------------------------------------------------------------------


def test_staff_start_a_consultation_as_a_draft(staff_client, staff_member_with_mfa):
    area = Interest.objects.create(name="Crisis care (test)", kind=InterestKind.SERVICE_AREA)
    response = staff_client.post(reverse("consultations:staff-add"), _form(service_area=area.pk))
    consultation = Consultation.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("consultations:staff-detail", args=[consultation.pk])
    assert consultation.status == ConsultationStatus.DRAFT
    assert consultation.service_area == area
    assert consultation.owner == staff_member_with_mfa
    assert consultation.activity.level == EngagementLevel.ENGAGE
    assert consultation.closes_at - consultation.opens_at == timedelta(days=14)
    assert consultation.ideas_on and not consultation.discussion_on


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": " "}, "Enter the topic"),
        ({"summary": ""}, "Enter a plain-English summary"),
        ({"level": "4"}, "Choose Engage or Involve"),
        ({"audience": Audience.GROUP}, "Choose the group who can take part"),
        ({"minutes_to_take_part": "lots"}, "Minutes must be a whole number"),
        ({"opens_time": "25:00"}, "Opening time must be a real time"),
        ({"closes_date_day": "31", "closes_date_month": "2"}, "Closing date must be a real date"),
    ],
)
def test_bad_input_shows_a_plain_error_and_writes_nothing(staff_client, overrides, message):
    response = staff_client.post(reverse("consultations:staff-add"), _form(**overrides))
    assert response.status_code == 200
    content = response.content.decode()
    assert "nhsuk-error-summary" in content and message in content
    assert Consultation.objects.count() == 0


def test_closing_must_be_after_opening(staff_client):
    # Noon, so an hour earlier is the same day whatever time the test runs.
    opens = timezone.localtime(timezone.now() + timedelta(days=5)).replace(
        hour=12, minute=0, second=0, microsecond=0
    )
    data = _form(**_when(opens, "opens"), **_when(opens - timedelta(days=1), "closes"))
    response = staff_client.post(reverse("consultations:staff-add"), data)
    assert "Closing date must be on or after the opening date" in response.content.decode()
    data = _form(**_when(opens, "opens"), **_when(opens - timedelta(hours=1), "closes"))
    response = staff_client.post(reverse("consultations:staff-add"), data)
    assert "Closing time must be after the opening time" in response.content.decode()
    assert Consultation.objects.count() == 0


def test_a_group_audience_keeps_its_group_and_others_drop_it(staff_client):
    group = SavedGroup.objects.create(name="Carers", criteria={})
    staff_client.post(
        reverse("consultations:staff-add"), _form(audience=Audience.GROUP, group=group.pk)
    )
    consultation = Consultation.objects.get()
    assert consultation.group == group
    staff_client.post(
        reverse("consultations:staff-edit", args=[consultation.pk]),
        _form(audience=Audience.PUBLIC, group=group.pk),
    )
    consultation.refresh_from_db()
    assert consultation.audience == Audience.PUBLIC and consultation.group is None


def test_the_edit_page_shows_the_summarys_readability(staff_client):
    consultation = ConsultationFactory(draft=True)
    content = staff_client.get(
        reverse("consultations:staff-edit", args=[consultation.pk])
    ).content.decode()
    assert "How easy the summary is to read" in content
    assert "We aim for 60 or more" in content
    assert 'id="readability-summary"' in content


def test_the_level_cannot_change_once_people_have_answered(staff_client):
    consultation = ConsultationFactory()
    question = QuestionFactory(consultation=consultation)
    Answer.objects.create(response=ResponseFactory(consultation=consultation), question=question)
    url = reverse("consultations:staff-edit", args=[consultation.pk])
    assert "people have already taken part" in staff_client.get(url).content.decode()
    staff_client.post(
        url,
        _form(
            level=str(ConsultationLevel.INVOLVE.value),
            **_when(consultation.opens_at, "opens"),
            title="A new topic",
        ),
    )
    consultation.refresh_from_db()
    assert consultation.level == ConsultationLevel.ENGAGE
    assert consultation.title == "A new topic"


def test_an_ended_consultation_cannot_be_changed(staff_client):
    consultation = ConsultationFactory(ended=True, title="Old topic")
    url = reverse("consultations:staff-edit", args=[consultation.pk])
    content = staff_client.get(url).content.decode()
    assert "has ended, so it cannot be changed" in content
    assert staff_client.post(url, _form(title="New")).status_code == 200
    consultation.refresh_from_db()
    assert consultation.title == "Old topic"


# --- Its page, publishing and closing -----------------------------------------------------------


def test_the_page_shows_state_counts_and_links(staff_client):
    consultation = ConsultationFactory(draft=True, ideas_on=False, discussion_on=False)
    content = staff_client.get(
        reverse("consultations:staff-detail", args=[consultation.pk])
    ).content.decode()
    assert "It has nothing to take part in" in content
    assert reverse("consultations:staff-publish", args=[consultation.pk]) in content
    assert reverse("consultations:staff-questions", args=[consultation.pk]) in content
    assert "Exact figures — for the involvement team only" in content


def test_publishing_lists_what_is_missing_and_refuses(staff_client):
    consultation = ConsultationFactory(
        draft=True,
        ideas_on=False,
        discussion_on=False,
        opens_at=timezone.now() - timedelta(days=9),
        closes_at=timezone.now() - timedelta(days=1),
    )
    url = reverse("consultations:staff-publish", args=[consultation.pk])
    content = staff_client.get(url).content.decode()
    assert "nothing to take part in" in content and "closing date has passed" in content
    assert staff_client.post(url).status_code == 200
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.DRAFT


def test_staff_publish_a_ready_draft(staff_client):
    consultation = ConsultationFactory(draft=True, ideas_on=False, discussion_on=False)
    QuestionFactory(consultation=consultation)
    url = reverse("consultations:staff-publish", args=[consultation.pk])
    assert "Publish it" in staff_client.get(url).content.decode()
    response = staff_client.post(url)
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.PUBLISHED
    assert consultation.published_at is not None


def test_staff_close_early_after_a_check_page(staff_client):
    consultation = ConsultationFactory()
    url = reverse("consultations:staff-close", args=[consultation.pk])
    assert "This cannot be undone" in staff_client.get(url).content.decode()
    assert staff_client.post(url).status_code == 302
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.CLOSED and consultation.has_ended()
    assert consultation.activity.status == "done"
    # Closing again does nothing.
    assert staff_client.post(url).status_code == 200


# --- The dashboard and the menu ------------------------------------------------------------------


def test_the_dashboard_panel_counts_open_waiting_and_crisis_flags(staff_client):
    live = ConsultationFactory()
    ConsultationFactory(draft=True)
    ContributionFactory(consultation=live, moderation=Moderation.WAITING)
    flagged = ContributionFactory(consultation=live, kind="post")
    type(flagged).objects.filter(pk=flagged.pk).update(crisis_words="hopeless")
    followed = ContributionFactory(consultation=live, kind="post")
    type(followed).objects.filter(pk=followed.pk).update(
        crisis_words="hopeless", crisis_followed_up_at=timezone.now()
    )
    panel = dashboard_panel(None)
    assert (panel["open_now"], panel["waiting"], panel["crisis"]) == (1, 1, 1)
    content = staff_client.get(reverse("activities:dashboard")).content.decode()
    assert 'id="have-your-say-panel"' in content


def test_staff_have_a_menu_item():
    items = nav_for_roles({Role.STAFF}, "/")
    assert any(item["label"] == "Have your say" for item in items)


def test_took_part_counts_attended_attendances_only(staff_client):
    consultation = ConsultationFactory()
    person = CoCreatorFactory()
    participation_record(consultation=consultation, cocreator=person)
    Attendance.objects.create(
        activity=consultation.activity,
        cocreator=CoCreatorFactory(),
        status=AttendanceStatus.DID_NOT_ATTEND,
    )
    response = staff_client.get(reverse("consultations:staff-detail", args=[consultation.pk]))
    assert response.context["consultation"].took_part_count == 1


def test_the_page_links_to_the_other_packages_pages(staff_client):
    live = ConsultationFactory()
    content = staff_client.get(
        reverse("consultations:staff-detail", args=[live.pk])
    ).content.decode()
    for name in ("detail", "staff-assist", "staff-results", "staff-invite", "staff-close"):
        assert f'href="{reverse(f"consultations:{name}", args=[live.pk])}"' in content
    assert reverse("consultations:staff-moderation") in content
    ended = ConsultationFactory(ended=True)
    content = staff_client.get(
        reverse("consultations:staff-detail", args=[ended.pk])
    ).content.decode()
    for name in ("staff-outcome", "staff-export-csv", "staff-summary-pdf"):
        assert reverse(f"consultations:{name}", args=[ended.pk]) in content
    assert reverse("consultations:staff-edit", args=[ended.pk]) not in content


def test_a_consultation_opening_later_cannot_be_closed_early_it_is_changed_instead(staff_client):
    now = timezone.now()
    later = ConsultationFactory(opens_at=now + timedelta(days=3), closes_at=now + timedelta(days=9))
    url = reverse("consultations:staff-close", args=[later.pk])
    content = staff_client.get(url).content.decode()
    assert "It has not opened yet" in content and "Close it now" not in content
    response = staff_client.post(url)
    assert response.status_code == 200
    later.refresh_from_db()
    assert later.status == ConsultationStatus.PUBLISHED and later.closed_at is None
    detail = staff_client.get(reverse("consultations:staff-detail", args=[later.pk]))
    assert url not in detail.content.decode()


def test_publishing_twice_keeps_the_first_moment(staff_client):
    consultation = ConsultationFactory(draft=True, ideas_on=True)
    url = reverse("consultations:staff-publish", args=[consultation.pk])
    assert staff_client.post(url).status_code == 302
    consultation.refresh_from_db()
    first = consultation.published_at
    stale = Consultation.objects.get(pk=consultation.pk)
    stale.status = ConsultationStatus.DRAFT  # a second request that read it before the first
    with pytest.raises(ValidationError):
        consultation_publish(consultation=stale, actor=None)
    consultation.refresh_from_db()
    assert consultation.published_at == first


def test_the_level_cannot_change_once_anyone_has_taken_part_without_answering(staff_client):
    consultation = ConsultationFactory(ideas_on=True)
    participation_record(consultation=consultation, cocreator=CoCreatorFactory())
    url = reverse("consultations:staff-edit", args=[consultation.pk])
    assert "people have already taken part" in staff_client.get(url).content.decode()
    staff_client.post(
        url,
        _form(level=str(ConsultationLevel.INVOLVE.value), **_when(consultation.opens_at, "opens")),
    )
    consultation.refresh_from_db()
    assert consultation.level == ConsultationLevel.ENGAGE
    assert consultation.activity.level == EngagementLevel.ENGAGE


def test_an_error_page_title_starts_with_error(staff_client):
    response = staff_client.post(reverse("consultations:staff-add"), _form(title=""))
    assert "<title>Error: " in response.content.decode()
