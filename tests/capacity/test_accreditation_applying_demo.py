"""The demo's accreditation applying rows: the published criteria 2026.1 (four standards of three
criteria), the services and their applications, evidence only a service could have linked, and
the demo partner as a contact of the first two; running it twice adds nothing."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from capacity.accreditation.applying.demo import demo_build
from capacity.accreditation.applying.selectors import missing_criteria
from capacity.models import (
    AccreditationApplication,
    AccreditationCriterion,
    AccreditationEvidence,
    AccreditationFramework,
    ApplicationStatus,
    Service,
)
from community.models import Role
from impact.models import ImpactStatus
from tests.activities.factories import ActivityFactory
from tests.community.factories import UserFactory
from tests.conftest import client_for
from tests.impact.factories import ImpactRecordFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_people():
    staff = UserFactory(email="staff@example.org", role=Role.STAFF)
    partner = UserFactory(email="partner@example.org", role=Role.PARTNER)
    for n in range(3):
        ImpactRecordFactory(title=f"Published change {n}", published=True)
        ActivityFactory(
            title=f"Past session {n}", starts_at=timezone.now() - dt.timedelta(days=10 + n)
        )
    ImpactRecordFactory(title="A draft change")
    ActivityFactory(title="Next week")
    return staff, partner


def test_the_demo_builds_once_in_a_few_queries(demo_people, django_assert_max_num_queries):
    staff, partner = demo_people
    with django_assert_max_num_queries(20):
        demo_build()
    framework = AccreditationFramework.objects.get(version="2026.1")
    assert framework.published_at is not None
    assert framework.standards.count() == 4
    assert AccreditationCriterion.objects.filter(standard__framework=framework).count() == 12
    statuses = dict(AccreditationApplication.objects.values_list("service__name", "status"))
    assert statuses == {
        "Community Mental Health Team, Medway": ApplicationStatus.SUBMITTED,
        "Early Intervention in Psychosis, Canterbury": ApplicationStatus.SUBMITTED,
        "Mother and Baby Unit": ApplicationStatus.SUBMITTED,
        "Older Adults Ward, Dartford": ApplicationStatus.DRAFT,
    }
    for application in AccreditationApplication.objects.all():
        missing = len(missing_criteria(application))
        assert missing == (6 if application.status == ApplicationStatus.DRAFT else 0)
    assert list(
        Service.objects.filter(contacts=partner).order_by("name").values_list("name", flat=True)
    ) == ["Community Mental Health Team, Medway", "Early Intervention in Psychosis, Canterbury"]
    assert Service.objects.filter(invited_at__isnull=True).count() == 1
    evidence = AccreditationEvidence.objects.all()
    assert evidence.filter(kind="impact").exists() and evidence.filter(kind="activity").exists()
    assert not evidence.exclude(impact_record=None).exclude(
        impact_record__status=ImpactStatus.PUBLISHED
    )
    assert not evidence.exclude(activity=None).filter(activity__starts_at__gt=timezone.now())
    before = AccreditationEvidence.objects.count()
    demo_build()
    assert AccreditationFramework.objects.count() == 1
    assert AccreditationEvidence.objects.count() == before


def test_the_demo_partner_sees_their_two_services(demo_people):
    _, partner = demo_people
    demo_build()
    client = client_for(partner)
    page = client.get(reverse("capacity:accreditation-partner-home")).content.decode()
    assert "Community Mental Health Team, Medway" in page
    assert "Mother and Baby Unit" not in page
    application = AccreditationApplication.objects.get(service__name__startswith="Community")
    detail = client.get(
        reverse("capacity:accreditation-partner-application", args=[application.pk])
    )
    assert "12 of 12 criteria answered" in detail.content.decode()
