"""Projects, activities and people for the staff pages.

Dates are in a fixed future week (or a fixed past one) so "coming up" and "past" never change
with the day the tests run.
"""

import pytest

from activities.models import ActivityStatus, Objective, Project, ProjectStage
from activities.services import project_save, signup_create
from community.models import Interest, InterestKind, Locality, PartnerKind
from community.partners.services import partner_create
from tests.activities.conftest import at
from tests.activities.factories import ActivityFactory

FUTURE_TUESDAY = at(2035, 3, 6, 10)
PAST_TUESDAY = at(2024, 3, 5, 10)


@pytest.fixture
def medway(db):
    return Locality.objects.get(name="Medway")


@pytest.fixture
def service_area(db):
    return Interest.objects.filter(kind=InterestKind.SERVICE_AREA).order_by("name").first()


@pytest.fixture
def partner(db):
    return partner_create(
        actor=None, name="Riverside Wellbeing Collective", kind=PartnerKind.VOLUNTARY
    )


@pytest.fixture
def project(db, service_area, staff_member):
    return project_save(
        project=Project(
            title="Garden therapy",
            summary="A garden for the ward, designed with the people who use it.",
            stage=ProjectStage.DESIGN,
            service_area=service_area,
            lead=staff_member,
        ),
        objectives=[Objective.COMMUNITY],
    )


@pytest.fixture
def activity(db, project):
    """An open session next to come, two hours long, with room for 10."""
    return ActivityFactory(
        starts_at=FUTURE_TUESDAY, hours=2, capacity=10, project=project, status=ActivityStatus.OPEN
    )


@pytest.fixture
def past_activity(db):
    return ActivityFactory(
        starts_at=PAST_TUESDAY,
        hours=2.5,
        title="Carers' listening event",
        status=ActivityStatus.DONE,
    )


def book(activity, *people):
    """Book each person on an activity (it must be open and in the future)."""
    return [signup_create(activity_id=activity.pk, cocreator=p) for p in people]


def book_past(activity, *people):
    """Book people on a session that has already happened, as they would have before it."""
    from activities.models import SignUp, SignUpStatus

    return [
        SignUp.objects.create(activity=activity, cocreator=p, status=SignUpStatus.BOOKED)
        for p in people
    ]


def activity_post(**overrides) -> dict:
    """A complete, valid submission of the activity form."""
    data = {
        "title": "Ward garden design session",
        "summary": "We will plan the garden together.",
        "level": "3",
        "project": "",
        "format": "in_person",
        "setting": "trust_site",
        "venue": "Priory Ward, Maidstone",
        "locality": "",
        "start_date_day": "6",
        "start_date_month": "3",
        "start_date_year": "2035",
        "start_time": "10:00",
        "end_time": "12:00",
        "end_date_day": "",
        "end_date_month": "",
        "end_date_year": "",
        "capacity": "12",
        "audience": "Anyone who has stayed on the ward",
        "access_provisions": "Step-free access",
        "recognition": "",
        "lead": "",
        "status": "open",
        "is_public": "on",
        # Asked for only when a change of time or place must be told (activities/changes).
        "change_reason": "The room changed.",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def project_post(**overrides) -> dict:
    data = {
        "title": "Crisis line redesign",
        "summary": "Making the crisis line easier to reach.",
        "stage": "discovery",
        "service_area": "",
        "lead": "",
        "objectives": ["communication"],
        "status": "active",
        "started_on_day": "",
        "started_on_month": "",
        "started_on_year": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def summary_errors(response) -> list[str]:
    """The messages in the page's NHS.UK error summary, in order."""
    import re
    from html import unescape

    html = response.content.decode()
    start = html.find('class="nhsuk-error-summary"')
    if start == -1:
        return []
    end = html.find("</ul>", start)
    return [
        unescape(re.sub(r"<[^>]+>", "", item)).strip()
        for item in re.findall(r"<li>(.*?)</li>", html[start:end], flags=re.S)
    ]
