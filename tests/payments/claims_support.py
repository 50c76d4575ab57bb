"""Rows the claims tests share: rates, a paid session someone came to, its register recorded
through the real service (so the attendance hook makes the drafts), and receipts to upload."""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from activities.models import ActivityPayment, AttendanceRole, AttendanceStatus
from activities.services import AttendanceLine, attendance_record_session
from payments.models import Claim, PaymentRate
from tests.activities.factories import ActivityFactory

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.7\n% a receipt\n"


def rate(amount="40.00", *, up_to_hours="4", valid_from=None, valid_to=None, **fields):
    """A rate for any level and role (a half day up to 4 hours unless told)."""
    return PaymentRate.objects.create(
        name=fields.pop("name", f"Rate £{amount}"),
        amount=Decimal(amount),
        up_to_hours=Decimal(up_to_hours) if up_to_hours is not None else None,
        valid_from=valid_from or datetime.date(2020, 1, 1),
        valid_to=valid_to,
        **fields,
    )


def past_session(*, days_ago=7, payment=ActivityPayment.PAID, hours=2, **fields):
    """A session that has happened (the default: paid, two hours, a week ago)."""
    starts = fields.pop("starts_at", None) or timezone.now() - datetime.timedelta(days=days_ago)
    return ActivityFactory(starts_at=starts, hours=hours, payment=payment, **fields)


def register(activity, people, *, actor, hours=None, role=AttendanceRole.PARTICIPANT):
    """Record that these people came (the staff register, with the payments hook)."""
    lines = [
        AttendanceLine(
            cocreator_id=person.pk,
            status=AttendanceStatus.ATTENDED,
            hours=Decimal(hours) if hours is not None else None,
            role=role,
        )
        for person in people
    ]
    return attendance_record_session(activity=activity, lines=lines, actor=actor)


def claim_of(person, activity=None, **fields) -> Claim:
    """A claim written straight to the table (for states no register makes)."""
    return Claim.objects.create(
        cocreator=person,
        activity=activity or past_session(payment=ActivityPayment.EXPENSES),
        **fields,
    )


def png(name="receipt.png"):
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def pdf(name="receipt.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")
