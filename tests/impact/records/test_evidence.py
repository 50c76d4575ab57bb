"""Staff add, change and remove the evidence on an impact record."""

import datetime
from decimal import Decimal

from django.urls import reverse

from impact.models import EvidenceItem


def evidence_post(**changes):
    data = {
        "measure": "Days to first appointment",
        "unit": "days",
        "source": "waiting_times",
        "baseline_value": "60",
        "baseline_date_day": "31",
        "baseline_date_month": "1",
        "baseline_date_year": "2025",
        "followup_value": "28",
        "followup_date_day": "31",
        "followup_date_month": "7",
        "followup_date_year": "2025",
        "better": "lower",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_staff_add_evidence_with_a_baseline_and_a_follow_up(staff_client, record):
    response = staff_client.post(reverse("impact:evidence-add", args=[record.pk]), evidence_post())
    assert response.status_code == 302
    item = record.evidence.get()
    assert (item.baseline_value, item.followup_value) == (Decimal("60"), Decimal("28"))
    assert item.followup_date == datetime.date(2025, 7, 31)
    assert item.shows_improvement
    # When it was recorded, so a report can say when later evidence moved a period's figure.
    assert item.recorded_at is not None


def test_evidence_can_wait_for_its_follow_up(staff_client, record):
    data = evidence_post(
        followup_value="", followup_date_day="", followup_date_month="", followup_date_year=""
    )
    response = staff_client.post(reverse("impact:evidence-add", args=[record.pk]), data)
    assert response.status_code == 302
    assert record.evidence.get().followup_value is None


def test_a_follow_up_value_without_a_date_is_refused(staff_client, record):
    data = evidence_post(followup_date_day="", followup_date_month="", followup_date_year="")
    response = staff_client.post(reverse("impact:evidence-add", args=[record.pk]), data)
    assert "Enter the follow-up date, or leave both empty" in response.content.decode()
    assert not EvidenceItem.objects.exists()


def test_a_follow_up_date_without_a_value_is_refused(staff_client, record):
    data = evidence_post(followup_value="")
    response = staff_client.post(reverse("impact:evidence-add", args=[record.pk]), data)
    assert "Enter the follow-up value, or leave both empty" in response.content.decode()
    assert not EvidenceItem.objects.exists()


def test_a_follow_up_on_or_before_the_baseline_is_refused(staff_client, record):
    data = evidence_post(followup_date_day="31", followup_date_month="1", followup_date_year="2025")
    response = staff_client.post(reverse("impact:evidence-add", args=[record.pk]), data)
    page = response.content.decode()
    assert "Follow-up date must be after the baseline date" in page
    assert "nhsuk-error-summary" in page
    assert not EvidenceItem.objects.exists()


def test_evidence_without_its_answers_is_explained(staff_client, record):
    response = staff_client.post(reverse("impact:evidence-add", args=[record.pk]), {})
    page = response.content.decode()
    for message in (
        "Enter the measure",
        "Choose the source",
        "Enter the baseline value",
        "Enter the baseline date",
        "Choose which direction is better",
    ):
        assert message in page
    assert not EvidenceItem.objects.exists()


def test_a_value_that_is_not_a_number_is_refused(staff_client, record):
    response = staff_client.post(
        reverse("impact:evidence-add", args=[record.pk]), evidence_post(baseline_value="lots")
    )
    assert "Baseline value must be a number" in response.content.decode()
    assert not EvidenceItem.objects.exists()


def test_staff_change_evidence(staff_client, record, evidence):
    response = staff_client.post(
        reverse("impact:evidence-edit", args=[record.pk, evidence.pk]),
        evidence_post(followup_value="75"),
    )
    assert response.status_code == 302
    evidence.refresh_from_db()
    assert evidence.followup_value == Decimal("75")
    assert not evidence.shows_improvement
    assert evidence.recorded_at is None  # first recorded before this was kept: still not known


def test_removing_evidence_asks_first_then_removes_it(staff_client, record, evidence):
    url = reverse("impact:evidence-delete", args=[record.pk, evidence.pk])
    page = staff_client.get(url).content.decode()
    assert "Yes, remove it" in page
    assert EvidenceItem.objects.filter(pk=evidence.pk).exists()
    response = staff_client.post(url)
    assert response.status_code == 302
    assert not EvidenceItem.objects.filter(pk=evidence.pk).exists()
