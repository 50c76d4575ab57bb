"""The "Have your say" list and a consultation's page: who sees what, in what order, at a fixed
number of queries; and the reach figures (suppressed for the public, exact for staff)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from activities.models import Attendance, AttendanceStatus
from cocreation.lib.dates import date_text
from community.models import Locality, PopulationBenchmark
from community.services import cocreator_for_user_ensure
from consultations.models import (
    Audience,
    ConsultationStatus,
    Outcome,
    Response,
    ResponseChannel,
)
from consultations.services import participation_record
from consultations.taking_part.selectors import ended_words, reach_figures
from reporting.groups.models import SavedGroup
from tests.community.factories import CoCreatorFactory
from tests.conftest import client_for
from tests.consultations.factories import ConsultationFactory

pytestmark = pytest.mark.django_db

LIST = "/have-your-say/"


def titles(response, section):
    page = response.context["page"]
    return [c.title for c in getattr(page, section)]


def test_the_list_shows_each_person_what_their_audience_allows(
    client, cocreator_client, cocreator, steering_member
):
    me = cocreator_for_user_ensure(user=cocreator)
    medway = Locality.objects.get(name="Medway")
    me.locality = medway
    me.save()
    mine = SavedGroup.objects.create(name="Medway", criteria={"localities": [medway.pk]})
    others = SavedGroup.objects.create(name="Carers", criteria={"relationships": ["carer"]})
    ConsultationFactory(title="Public", audience=Audience.PUBLIC)
    ConsultationFactory(title="Co-creators")
    ConsultationFactory(title="My group", audience=Audience.GROUP, group=mine)
    ConsultationFactory(title="Their group", audience=Audience.GROUP, group=others)
    ConsultationFactory(title="Draft", audience=Audience.PUBLIC, draft=True)
    assert titles(client.get(LIST), "open_now") == ["Public"]
    assert sorted(titles(cocreator_client.get(LIST), "open_now")) == [
        "Co-creators",
        "My group",
        "Public",
    ]
    assert titles(client_for(steering_member).get(LIST), "open_now") == ["Public"]


def test_open_now_closes_soonest_first_and_what_happened_needs_a_published_outcome(client):
    now = timezone.now()
    ConsultationFactory(title="Later", audience=Audience.PUBLIC, closes_at=now + timedelta(days=20))
    ConsultationFactory(title="Sooner", audience=Audience.PUBLIC, closes_at=now + timedelta(days=2))
    done = ConsultationFactory(title="Done", audience=Audience.PUBLIC, ended=True)
    ConsultationFactory(title="Done, nothing said yet", audience=Audience.PUBLIC, ended=True)
    Outcome.objects.create(
        consultation=done, we_asked="a", you_said="b", we_did="c", published_at=now
    )
    response = client.get(LIST)
    assert titles(response, "open_now") == ["Sooner", "Later"]
    assert titles(response, "what_happened") == ["Done"]
    assert "Closes in 2 days" in response.content.decode()


def test_the_list_costs_the_same_for_2_or_10_consultations(
    cocreator_client, cocreator, django_assert_max_num_queries
):
    me = cocreator_for_user_ensure(user=cocreator)
    medway = Locality.objects.get(name="Medway")
    me.locality = medway
    me.save()
    cocreator_client.get(LIST)  # the session and record, made once

    def add(n):
        for i in range(n):
            # Half the groups choose me (by area), half do not (carers only).
            criteria = {"localities": [medway.pk]} if i % 2 else {"relationships": ["carer"]}
            group = SavedGroup.objects.create(name=f"G{i}", criteria=criteria)
            ConsultationFactory(audience=Audience.GROUP, group=group)
            ConsultationFactory(audience=Audience.PUBLIC)
            done = ConsultationFactory(audience=Audience.PUBLIC, ended=True)
            Outcome.objects.create(
                consultation=done,
                we_asked="a",
                you_said="b",
                we_did="c",
                published_at=timezone.now(),
            )

    add(2)
    with CaptureQueriesContext(connection) as two:
        cocreator_client.get(LIST)
    add(8)
    with django_assert_max_num_queries(len(two)):
        response = cocreator_client.get(LIST)
    assert len(response.context["page"].open_now) == 15  # 10 public, 5 of my groups
    assert len(response.context["page"].what_happened) == 10


def test_the_page_explains_the_level_and_offers_answering(cocreator_client):
    consultation = ConsultationFactory(level=3)
    consultation.questions.create(kind="text", text="Anything else?")
    body = cocreator_client.get(consultation.get_absolute_url()).content.decode()
    assert "Your ideas will help shape what we decide." in body
    assert reverse("consultations:answer", args=[consultation.pk]) in body
    assert "Answer the questions" in body


def test_closed_early_says_so_and_closing_after_the_end_keeps_the_end_date(client):
    now = timezone.now()
    early = ConsultationFactory(audience=Audience.PUBLIC, closes_at=now + timedelta(days=5))
    early.status, early.closed_at = ConsultationStatus.CLOSED, now
    early.save()
    assert ended_words(early).startswith("Closed early on ")
    assert "Closed early on" in client.get(early.get_absolute_url()).content.decode()
    late = ConsultationFactory(audience=Audience.PUBLIC, ended=True)
    late.status, late.closed_at = ConsultationStatus.CLOSED, late.closes_at + timedelta(days=30)
    late.save()
    assert ended_words(late) == f"Closed on {date_text(late.closes_at)}"


# --- Reach figures -------------------------------------------------------------------------------


def took_part(consultation, n, **fields):
    people = [CoCreatorFactory(**fields) for _ in range(n)]
    for person in people:
        participation_record(consultation=consultation, cocreator=person)
    return people


def test_seven_people_are_suppressed_for_the_public_and_exact_for_staff(client, staff_client):
    consultation = ConsultationFactory(audience=Audience.PUBLIC)
    medway = Locality.objects.get(name="Medway")
    took_part(consultation, 5, locality=medway)
    for _ in range(2):
        Response.objects.create(
            consultation=consultation, channel=ResponseChannel.PUBLIC, locality=medway
        )
    public = reach_figures(consultation, exact=False)
    staff = reach_figures(consultation, exact=True)
    assert public.total.shown == "*" and public.total.words == "fewer than 8"
    assert staff.total.shown == "7"
    assert {f.label: f.shown for f in public.areas}["Medway"] == "*"
    assert {f.label: f.shown for f in staff.areas}["Medway"] == "7"
    public_page = client.get(consultation.get_absolute_url()).content.decode()
    assert "fewer than 8" in public_page and "Exact figures" not in public_page
    staff_page = staff_client.get(consultation.get_absolute_url()).content.decode()
    assert "Exact figures — for the involvement team only" in staff_page
    assert "of 7 people who took part" in staff_page
    assert "Whose voice is missing" in staff_page and "Nobody has taken part yet from" in staff_page


def test_eight_or_more_people_are_shown_rounded_to_the_public():
    consultation = ConsultationFactory(audience=Audience.PUBLIC)
    took_part(consultation, 9)
    assert reach_figures(consultation, exact=False).total.shown == "10"
    assert reach_figures(consultation, exact=True).total.shown == "9"


def test_people_are_counted_once_and_only_attended(cocreator):
    consultation = ConsultationFactory()
    person = CoCreatorFactory()
    for _ in range(3):
        participation_record(consultation=consultation, cocreator=person)
    other = CoCreatorFactory()
    Attendance.objects.create(
        activity=consultation.activity, cocreator=other, status=AttendanceStatus.DID_NOT_ATTEND
    )
    assert reach_figures(consultation, exact=True).total.count == 1


def test_under_represented_groups_are_counted_from_consenting_participants():
    PopulationBenchmark.objects.all().delete()
    for group, pct in (("disabled", "40"), ("not_disabled", "60")):
        PopulationBenchmark.objects.create(
            characteristic="disability",
            group=group,
            percentage=Decimal(pct),
            source="Test",
            source_date=timezone.localdate(),
        )
    # The community: 1 of 10 disabled (10% against 40%): under-represented.
    CoCreatorFactory.create_batch(9, answers={"disability": "no"})
    consultation = ConsultationFactory()
    took_part(consultation, 1, answers={"disability": "yes_a_lot"})
    took_part(consultation, 2)  # no equality answers
    figures = reach_figures(consultation, exact=True)
    groups = {f.label: f.count for f in figures.groups}
    assert groups == {"Disability: Disabled": 1}
    assert reach_figures(consultation, exact=False).groups[0].shown == "*"


def test_the_reach_figures_cost_the_same_for_few_or_many_people(django_assert_max_num_queries):
    consultation = ConsultationFactory()
    took_part(consultation, 2, answers={"disability": "no"})
    with CaptureQueriesContext(connection) as few:
        reach_figures(consultation, exact=True)
    took_part(consultation, 10, answers={"disability": "yes_a_lot"})
    with django_assert_max_num_queries(len(few)):
        reach_figures(consultation, exact=True)


def test_the_communitys_gap_is_worked_out_once_for_the_reach_until_the_figures_change(
    monkeypatch, staff_member
):
    from community import gap
    from community.services import priority_group_mark

    worked_out = []
    real = gap.representation_gap

    def counting(**filters):
        worked_out.append(1)
        return real(**filters)

    monkeypatch.setattr(gap, "representation_gap", counting)
    consultation = ConsultationFactory(audience=Audience.PUBLIC)
    took_part(consultation, 3)
    reach_figures(consultation, exact=True)
    reach_figures(consultation, exact=False)
    assert len(worked_out) == 1
    # Marking a priority group changes which groups are flagged: the gap is worked out again.
    priority_group_mark(actor=staff_member, characteristic="disability", group="not_disabled")
    reach_figures(consultation, exact=True)
    assert len(worked_out) == 2
