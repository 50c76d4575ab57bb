"""A service's accreditation from a submitted application to the public list and a renewal
reminder, through the pages: a panel with a co-creator on it, a conflict of interest declared by
one reviewer (who then cannot score), scores by the others, the decision refused while something
is missing, the award, the public listing (and not of an application still with its panel), and
the renewal reminder sent once across two runs of the beat task."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils import timezone

from capacity.accreditation.panel.tasks import send_accreditation_renewals
from capacity.models import (
    AccreditationCriterion,
    ApplicationStatus,
    PanelMember,
    PanelScore,
)
from community.models import Message
from community.services import cocreator_for_user_ensure
from tests.conftest import client_for

from .accreditation_panel_factories import application_make, framework_make, service_make

pytestmark = pytest.mark.django_db


def _date(day: datetime.date, prefix: str) -> dict:
    return {f"{prefix}_day": day.day, f"{prefix}_month": day.month, f"{prefix}_year": day.year}


def test_from_a_submitted_application_to_the_public_list_and_a_renewal_reminder(
    staff_client, staff_member, cocreator, other_cocreator, partner_member, anonymous
):
    framework = framework_make(criteria=(2, 1))
    criteria = list(
        AccreditationCriterion.objects.filter(standard__framework=framework).order_by(
            "standard__number", "number"
        )
    )
    application = application_make(
        framework=framework, service=service_make(name="Riverside CMHT", contacts=[partner_member])
    )
    still_in_review = application_make(service=service_make(name="Hillside Memory Clinic"))
    panel_url = reverse("capacity:panel-application", args=[application.pk])
    decision_url = reverse("capacity:panel-decision", args=[application.pk])

    # The panel starts empty, and says plainly it needs a co-creator.
    page = staff_client.get(panel_url)
    assert page.status_code == 200
    assert "The panel needs a co-creator" in page.content.decode()

    # Staff add a member of staff first: the application is now with the panel.
    staff_client.post(
        reverse("capacity:panel-add-staff", args=[application.pk]), {"user": staff_member.pk}
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.IN_REVIEW
    assert "The panel needs a co-creator" in staff_client.get(panel_url).content.decode()

    # Two co-creators, chosen with the person picker.
    alex = cocreator_for_user_ensure(user=cocreator)
    olu = cocreator_for_user_ensure(user=other_cocreator)
    for person in (alex, olu):
        response = staff_client.post(
            reverse("capacity:panel-add-cocreator", args=[application.pk]),
            {"cocreator": person.pk},
        )
        assert response.status_code == 302
    assert "The panel needs a co-creator" not in staff_client.get(panel_url).content.decode()
    staff_seat = PanelMember.objects.get(application=application, user=staff_member)
    alex_seat = PanelMember.objects.get(application=application, user=cocreator)
    olu_seat = PanelMember.objects.get(application=application, user=other_cocreator)
    assert alex_seat.is_cocreator and olu_seat.is_cocreator and not staff_seat.is_cocreator

    # The decision is refused while reviewers have not declared or scored; nothing is written.
    page = staff_client.get(decision_url).content.decode()
    assert "Casey Cocreator has not said whether they have a conflict of interest." in page
    refused = staff_client.post(
        decision_url,
        {
            "outcome": "award",
            "level": "established",
            **_date(timezone.localdate(), "awarded_on"),
            "decision_summary": "Good work.",
        },
    )
    assert refused.status_code == 200
    application.refresh_from_db()
    assert application.status == ApplicationStatus.IN_REVIEW and application.decided_at is None

    # Olu declares a conflict in the portal and then cannot score.
    olu_client = client_for(other_cocreator)
    seat_url = reverse("capacity:panel-portal-review", args=[olu_seat.pk])
    assert olu_client.get(seat_url).url == reverse(
        "capacity:panel-portal-conflict", args=[olu_seat.pk]
    )
    olu_client.post(
        reverse("capacity:panel-portal-conflict", args=[olu_seat.pk]),
        {"has_conflict": "yes", "conflict_details": "My sister works in the team."},
    )
    score_url = reverse("capacity:panel-portal-score", args=[olu_seat.pk, criteria[0].pk])
    refused = olu_client.post(score_url, {"score": "3", "comment": "Great"})
    assert refused.status_code == 200
    assert "you cannot score" in refused.content.decode()
    assert not PanelScore.objects.filter(member=olu_seat).exists()
    # Staff see the conflict on the panel's page.
    assert "My sister works in the team." in staff_client.get(panel_url).content.decode()

    # Alex (portal) and the member of staff (dashboard) declare none and score every criterion.
    alex_client = client_for(cocreator)
    alex_client.post(
        reverse("capacity:panel-portal-conflict", args=[alex_seat.pk]), {"has_conflict": "no"}
    )
    staff_client.post(
        reverse("capacity:panel-staff-conflict", args=[staff_seat.pk]), {"has_conflict": "no"}
    )
    page = staff_client.get(decision_url).content.decode()
    assert "Casey Cocreator has not scored criteria 1.1, 1.2 and 2.1 (3 of 3)." in page
    for criterion in criteria:
        alex_client.post(
            reverse("capacity:panel-portal-score", args=[alex_seat.pk, criterion.pk]),
            {"score": "2", "comment": "Clear evidence."},
        )
    page = staff_client.get(decision_url).content.decode()
    assert "Casey Cocreator has not" not in page
    assert "Sam Staff has not scored criteria 1.1, 1.2 and 2.1 (3 of 3)." in page
    for criterion, score in zip(criteria, ("3", "3", "2"), strict=True):
        staff_client.post(
            reverse("capacity:panel-staff-score", args=[staff_seat.pk, criterion.pk]),
            {"score": score, "comment": ""},
        )
    assert PanelScore.objects.filter(member__application=application).count() == 6

    # The scores table: by criterion and reviewer, the exact mean (staff only).
    page = staff_client.get(decision_url).content.decode()
    assert "The decision cannot be recorded yet" not in page
    assert "2.50 (5 from 2 scores)" in page
    assert "2.00 (4 from 2 scores)" in page
    assert "2.33 (14 from 6 scores)" in page  # every criterion

    # Award: the renewal date defaults to 24 months after the award date.
    awarded_on = timezone.localdate() - datetime.timedelta(days=1)
    response = staff_client.post(
        decision_url,
        {
            "outcome": "award",
            "level": "established",
            **_date(awarded_on, "awarded_on"),
            "decision_summary": "Co-creation runs through the service's planning.",
        },
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.AWARDED
    assert application.level_awarded == "established"
    assert application.awarded_on == awarded_on
    assert application.renew_by == awarded_on + relativedelta(months=24)
    assert application.decided_by == staff_member
    decision = Message.objects.get(
        key=f"accreditation-decision:{application.pk}:{partner_member.pk}"
    )
    assert decision.user == partner_member and decision.kind == "accreditation_decision"

    # The decision is final: the page is read-only and scores can no longer change.
    page = staff_client.get(decision_url).content.decode()
    assert "The decision is final and cannot be changed." in page
    late = alex_client.post(
        reverse("capacity:panel-portal-score", args=[alex_seat.pk, criteria[0].pk]),
        {"score": "0", "comment": "Changed my mind"},
    )
    assert late.status_code == 200
    assert PanelScore.objects.get(member=alex_seat, criterion=criteria[0]).score == 2

    # The public list shows it (and not the application still with its panel), naming no one.
    listing = anonymous.get(reverse("capacity:panel-accredited-list")).content.decode()
    assert "Riverside CMHT" in listing and "Established" in listing
    assert "Hillside Memory Clinic" not in listing
    for name in ("Casey Cocreator", "Olu Other", "Sam Staff", "Pat Partner"):
        assert name not in listing
    detail = anonymous.get(reverse("capacity:panel-accredited-detail", args=[application.pk]))
    assert "Co-creation runs through the service" in detail.content.decode()
    assert (
        anonymous.get(
            reverse("capacity:panel-accredited-detail", args=[still_in_review.pk])
        ).status_code
        == 404
    )

    # Renewal: a reminder is due within 90 days; two runs of the beat task send it once.
    application.renew_by = timezone.localdate() + datetime.timedelta(days=30)
    application.save(update_fields=["renew_by"])
    assert send_accreditation_renewals() == 1
    assert send_accreditation_renewals() == 0
    reminders = Message.objects.filter(kind="accreditation_renewal_due")
    assert list(reminders.values_list("key", flat=True)) == [
        f"accreditation-renewal:{application.pk}:{partner_member.pk}"
    ]
