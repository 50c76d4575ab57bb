"""Writes for the panel: adding and removing reviewers, a reviewer's conflict declaration and
scores, the panel's decision (and telling the service), and reminders that a renewal is due.

Each refuses, with a plain-English `ValidationError` and writing nothing, what the rules forbid:
a panel only for a submitted application; a reviewer removed only before they scored; scores only
from someone who said they have no conflict; the decision only when the panel is complete, and
never changed after.
"""

from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from community.models import Message, User

from ...models import (
    AccreditationApplication,
    AccreditationCriterion,
    AccreditationLevel,
    ApplicationStatus,
    PanelMember,
    PanelScore,
)
from ..applying.selectors import contacts_to_tell
from .notices import decision_send, renewal_due_send, renewal_key
from .selectors import DECIDED, OPEN, panel_summary, renewals_to_remind

DECIDED_ALREADY = "The panel's decision has been made, so this can no longer be changed."


def renewal_date_for(awarded_on: datetime.date) -> datetime.date:
    """The renewal date an award gets unless staff choose another: `ACCREDITATION_RENEW_AFTER_MONTHS`
    after it."""
    return awarded_on + relativedelta(months=settings.ACCREDITATION_RENEW_AFTER_MONTHS)


def _locked(application: AccreditationApplication) -> AccreditationApplication:
    return AccreditationApplication.objects.select_for_update().get(pk=application.pk)


def _open(application: AccreditationApplication) -> None:
    if application.status in DECIDED:
        raise ValidationError(DECIDED_ALREADY)
    if application.status not in OPEN:
        raise ValidationError("Only a submitted application can have a panel.")


@transaction.atomic
def panel_member_add(
    *, application: AccreditationApplication, user: User, is_cocreator: bool, actor: User
) -> PanelMember:
    """Put a reviewer (a member of staff, or a co-creator's login) on the application's panel.
    The first one moves a submitted application to the panel (IN_REVIEW)."""
    locked = _locked(application)
    _open(locked)
    try:
        with transaction.atomic():
            member = PanelMember.objects.create(
                application=locked, user=user, is_cocreator=is_cocreator, added_by=actor
            )
    except IntegrityError:
        raise ValidationError(f"{user.full_name or user.email} is already on this panel.") from None
    if locked.status == ApplicationStatus.SUBMITTED:
        locked.status = ApplicationStatus.IN_REVIEW
        locked.save(update_fields=["status", "updated_at"])
    application.status = locked.status
    return member


@transaction.atomic
def panel_member_remove(*, member: PanelMember, actor: User) -> None:
    """Take a reviewer off the panel, only before they scored anything."""
    _open(_locked(member.application))
    if PanelScore.objects.filter(member=member).exists():
        raise ValidationError(
            f"{member.user.full_name or member.user.email} has scored criteria already, "
            "so they stay on the panel."
        )
    member.delete()


@transaction.atomic
def conflict_declare(*, member: PanelMember, has_conflict: bool, details: str) -> PanelMember:
    """A reviewer says whether they have a conflict of interest (and what it is). They may say it
    again, changed, until the decision; while they have one their scores do not count."""
    _open(_locked(member.application))
    member.has_conflict = has_conflict
    member.conflict_details = details.strip() if has_conflict else ""
    member.conflict_declared_at = timezone.now()
    member.save(update_fields=["has_conflict", "conflict_details", "conflict_declared_at"])
    return member


@transaction.atomic
def score_save(
    *, member: PanelMember, criterion: AccreditationCriterion, score: int, comment: str
) -> PanelScore:
    """A reviewer's score (0 to 3) and comment on one criterion, new or changed, until the
    decision; only from a reviewer who said they have no conflict of interest."""
    _open(_locked(member.application))
    member.refresh_from_db(fields=["conflict_declared_at", "has_conflict"])
    if member.conflict_declared_at is None:
        raise ValidationError("Say whether you have a conflict of interest before you score.")
    if member.has_conflict:
        raise ValidationError(
            "You said you have a conflict of interest, so you cannot score this application."
        )
    if criterion.standard.framework_id != member.application.framework_id:
        raise ValidationError("That criterion is not one this application is assessed against.")
    if score not in (0, 1, 2, 3):
        raise ValidationError("Choose a score from not met to exceeds.")
    row, _ = PanelScore.objects.update_or_create(
        member=member, criterion=criterion, defaults={"score": score, "comment": comment.strip()}
    )
    return row


AWARD, ACTIONS = "award", "actions"


@transaction.atomic
def decision_record(
    *,
    application: AccreditationApplication,
    actor: User,
    outcome: str,
    summary: str,
    level: str = "",
    awarded_on: datetime.date | None = None,
    renew_by: datetime.date | None = None,
    actions_needed: str = "",
) -> AccreditationApplication:
    """Record the panel's decision, final from then on: accredited at a level with an award date
    and a renewal date (by default `ACCREDITATION_RENEW_AFTER_MONTHS` later), or actions needed.
    Only when the panel is complete (`panel_summary(...).missing` is empty). Each of the service's
    contacts is told, once."""
    locked = _locked(application)
    if locked.status in DECIDED:
        raise ValidationError(DECIDED_ALREADY)
    if locked.status != ApplicationStatus.IN_REVIEW:
        raise ValidationError("The application has no panel yet.")
    missing = panel_summary(locked).missing
    if missing:
        raise ValidationError(["The panel has not finished:", *missing])
    if not summary.strip():
        raise ValidationError({"decision_summary": "Say what the panel found"})
    if outcome == AWARD:
        if level not in AccreditationLevel.values:
            raise ValidationError({"level": "Choose the level awarded"})
        if awarded_on is None:
            raise ValidationError({"awarded_on": "Enter the award date"})
        renew_by = renew_by or renewal_date_for(awarded_on)
        if renew_by <= awarded_on:
            raise ValidationError({"renew_by": "The renewal date must be after the award date"})
        locked.status = ApplicationStatus.AWARDED
        locked.level_awarded = level
        locked.awarded_on = awarded_on
        locked.renew_by = renew_by
        locked.actions_needed = ""
    elif outcome == ACTIONS:
        if not actions_needed.strip():
            raise ValidationError({"actions_needed": "Say what the service needs to do"})
        locked.status = ApplicationStatus.ACTIONS_NEEDED
        locked.level_awarded = ""
        locked.awarded_on = locked.renew_by = None
        locked.actions_needed = actions_needed.strip()
    else:
        raise ValidationError({"outcome": "Choose the panel's decision"})
    locked.decision_summary = summary.strip()
    locked.decided_at = timezone.now()
    locked.decided_by = actor
    locked.save()
    for user_id in contacts_to_tell(locked.service).values_list("pk", flat=True):
        decision_send(application=locked, user_id=user_id)
    return locked


def renewals_notify(*, today: datetime.date | None = None) -> int:
    """Tell each contact of a service whose accreditation is due for renewal within
    `ACCREDITATION_RENEWAL_REMINDER_DAYS` (or has lapsed), once per award and contact. The daily
    beat task's body. Returns how many were told now."""
    today = today or timezone.localdate()
    due = list(renewals_to_remind(today=today))
    wanted = {
        renewal_key(application, user.pk): (application, user)
        for application in due
        for user in application.service.contacts_to_tell
    }
    told_before = set(Message.objects.filter(key__in=list(wanted)).values_list("key", flat=True))
    told = 0
    for key, (application, user) in wanted.items():
        if key in told_before:
            continue
        with transaction.atomic():
            renewal_due_send(
                application=application, user_id=user.pk, lapsed=application.renew_by <= today
            )
        told += 1
    return told
