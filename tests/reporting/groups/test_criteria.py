"""Choosing people: each criterion alone, two kinds together (AND), two values of one kind (OR),
always by a database query."""

import datetime as dt

import pytest
from django.utils import timezone

from activities.models import ActivitySeries, AttendanceStatus, SignUpStatus
from community.models import (
    Champion,
    Interest,
    InterestKind,
    Locality,
    PartnerContact,
    PartnerKind,
    PartnerOrganisation,
)
from reporting.groups.criteria import criteria_clean
from reporting.groups.selectors import group_people
from tests.activities.factories import (
    ActivityFactory,
    AttendanceFactory,
    ProjectFactory,
    SignUpFactory,
)
from tests.community.factories import CoCreatorFactory

pytestmark = pytest.mark.django_db


def names(criteria):
    return set(group_people(criteria).values_list("full_name", flat=True))


def person(name, **fields):
    return CoCreatorFactory(full_name=name, **fields)


def test_activity_attended_booked_or_either():
    session = ActivityFactory()
    came, booked, waiting, other = person("Came"), person("Booked"), person("Waiting"), person("X")
    AttendanceFactory(activity=session, cocreator=came)
    SignUpFactory(activity=session, cocreator=booked)
    SignUpFactory(activity=session, cocreator=waiting, status=SignUpStatus.WAITING)
    AttendanceFactory(activity=ActivityFactory(), cocreator=other)
    AttendanceFactory(
        activity=session, cocreator=person("Did not come"), status=AttendanceStatus.DID_NOT_ATTEND
    )

    assert names({"activities": [session.pk]}) == {"Came", "Booked"}
    assert names({"activities": [session.pk], "took_part": "attended"}) == {"Came"}
    assert names({"activities": [session.pk], "took_part": "booked"}) == {"Booked"}


def test_project_and_series_reach_every_session_of_them():
    project = ProjectFactory()
    series = ActivitySeries.objects.create(title="Carers' sessions", frequency="weekly")
    in_project = ActivityFactory(project=project)
    in_series = ActivityFactory(series=series)
    AttendanceFactory(activity=in_project, cocreator=person("Project person"))
    AttendanceFactory(activity=in_series, cocreator=person("Series person"))
    AttendanceFactory(activity=ActivityFactory(), cocreator=person("Elsewhere"))

    assert names({"projects": [project.pk]}) == {"Project person"}
    assert names({"series": [series.pk]}) == {"Series person"}
    # Activities, projects and series are one kind: any of them.
    assert names({"projects": [project.pk], "series": [series.pk]}) == {
        "Project person",
        "Series person",
    }


def test_interest_area_relationship_or_within_a_kind():
    digital = Interest.objects.create(name="Digital services test", kind=InterestKind.TOPIC)
    carers = Interest.objects.create(name="Carers test", kind=InterestKind.TOPIC)
    medway, swale = Locality.objects.get(name="Medway"), Locality.objects.get(name="Swale")
    person("Digital Medway", interests=[digital], locality=medway, relationships=["carer"])
    person("Carers Swale", interests=[carers], locality=swale, relationships=["service_user"])
    person("Nothing")

    assert names({"interests": [digital.pk]}) == {"Digital Medway"}
    assert names({"interests": [digital.pk, carers.pk]}) == {"Digital Medway", "Carers Swale"}
    assert names({"localities": [swale.pk]}) == {"Carers Swale"}
    assert names({"relationships": ["carer", "service_user"]}) == {
        "Digital Medway",
        "Carers Swale",
    }
    # AND across kinds.
    assert names({"interests": [digital.pk, carers.pk], "localities": [medway.pk]}) == {
        "Digital Medway"
    }
    assert names({"interests": [digital.pk], "localities": [swale.pk]}) == set()


def test_current_champions_only():
    today = timezone.localdate()
    now_champion, past_champion = person("Now"), person("Past")
    Champion.objects.create(cocreator=now_champion, communities="Carers", since=today)
    Champion.objects.create(
        cocreator=past_champion,
        communities="Carers",
        since=today - dt.timedelta(days=400),
        until=today - dt.timedelta(days=1),
    )
    person("Never")

    assert names({"champions": True}) == {"Now"}


def test_partner_contacts_are_people_with_a_contacts_email():
    mind = PartnerOrganisation.objects.create(name="Mind test", kind=PartnerKind.VOLUNTARY)
    other = PartnerOrganisation.objects.create(name="Other test", kind=PartnerKind.VOLUNTARY)
    PartnerContact.objects.create(organisation=mind, name="Pat", email="Pat@Mind.example")
    PartnerContact.objects.create(organisation=mind, name="No email", email="")
    PartnerContact.objects.create(organisation=other, name="Oli", email="oli@other.example")
    person("Pat Contact", email="pat@mind.example")
    person("Oli Contact", email="oli@other.example")
    person("No address", email="", prefers_email=False)

    assert names({"partners": [mind.pk]}) == {"Pat Contact"}
    assert names({"partners": [mind.pk, other.pk]}) == {"Pat Contact", "Oli Contact"}


def test_equality_group_needs_consent():
    CoCreatorFactory(full_name="Consented woman", answers={"sex": "female"})
    CoCreatorFactory(full_name="Consented man", answers={"sex": "male", "carer": "yes"})
    person("No answers")

    assert names({"equality": {"sex": ["female"]}}) == {"Consented woman"}
    assert names({"equality": {"sex": ["female", "male"]}}) == {"Consented woman", "Consented man"}
    assert names({"equality": {"sex": ["female", "male"], "carer": ["yes"]}}) == {"Consented man"}


def test_equality_group_leaves_out_withdrawn_consent():
    from community.models import Consent

    someone = CoCreatorFactory(full_name="Withdrew", answers={"sex": "female"})
    Consent.objects.filter(cocreator=someone).update(withdrawn_at=timezone.now())

    assert names({"equality": {"sex": ["female"]}}) == set()


def test_last_involved_before_a_date():
    now = timezone.now()
    old = ActivityFactory(starts_at=now - dt.timedelta(days=200))
    recent = ActivityFactory(starts_at=now - dt.timedelta(days=5))
    lapsed, still, both = person("Lapsed"), person("Still"), person("Both")
    AttendanceFactory(activity=old, cocreator=lapsed)
    AttendanceFactory(activity=recent, cocreator=still)
    AttendanceFactory(activity=old, cocreator=both)
    AttendanceFactory(activity=recent, cocreator=both)
    person("Never came")
    before = (now - dt.timedelta(days=30)).date().isoformat()

    assert names({"last_involved_before": before}) == {"Lapsed"}


def test_criteria_are_cleaned_to_one_form():
    raw = {
        "activities": ["3", "x", 3, -1],
        "relationships": ["carer", "nonsense"],
        "champions": "yes",
        "equality": {"sex": ["female", "bad"], "unknown": ["x"]},
        "last_involved_before": "not a date",
        "surprise": 1,
    }
    assert criteria_clean(raw) == {
        "activities": [3],
        "took_part": "either",
        "relationships": ["carer"],
        "equality": {"sex": ["female"]},
    }


def test_a_group_is_one_query(django_assert_num_queries):
    session = ActivityFactory()
    AttendanceFactory(activity=session, cocreator=person("One"))
    criteria = {
        "activities": [session.pk],
        "relationships": ["carer"],
        "champions": True,
        "interests": [1],
        "localities": [1],
        "partners": [1],
        "equality": {"sex": ["female"]},
        "last_involved_before": "2026-01-01",
    }
    with django_assert_num_queries(1):
        list(group_people(criteria))
