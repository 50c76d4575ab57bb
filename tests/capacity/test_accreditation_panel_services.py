"""The panel's services and selectors: moving an application to its panel, what a decision needs,
telling the service's contacts once, renewals (due, lapsed, already applying again, once per key),
the reports helper's counts, and what a co-creator leaving does to their seats."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.utils import timezone

from capacity.accreditation.panel.selectors import panel_summary
from capacity.accreditation.panel.services import (
    AWARD,
    decision_record,
    panel_member_add,
    renewals_notify,
    score_save,
)
from capacity.models import (
    AccreditationApplication,
    AccreditationCriterion,
    ApplicationStatus,
    PanelMember,
    PanelScore,
)
from community.data_export import person_data
from community.models import Message
from community.services import cocreator_erase, cocreator_for_user_ensure
from tests.community.factories import UserFactory

from .accreditation_panel_factories import (
    application_make,
    scores_make,
    seat_make,
    service_make,
)

pytestmark = pytest.mark.django_db


def _awarded(*, awarded_on, renew_by, service=None, contacts=()):
    application = application_make(service=service or service_make(contacts=contacts))
    AccreditationApplication.objects.filter(pk=application.pk).update(
        status=ApplicationStatus.AWARDED,
        level_awarded="foundation",
        awarded_on=awarded_on,
        renew_by=renew_by,
        decided_at=timezone.now() - datetime.timedelta(days=10),
    )
    application.refresh_from_db()
    return application


def test_the_first_reviewer_moves_the_application_to_its_panel_and_a_draft_has_none(
    staff_member, cocreator
):
    application = application_make()
    panel_member_add(application=application, user=staff_member, is_cocreator=False, actor=None)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.IN_REVIEW
    panel_member_add(application=application, user=cocreator, is_cocreator=True, actor=None)
    with pytest.raises(ValidationError, match="already on this panel"):
        panel_member_add(application=application, user=cocreator, is_cocreator=True, actor=None)
    draft = application_make(status=ApplicationStatus.DRAFT)
    with pytest.raises(ValidationError, match="Only a submitted application"):
        panel_member_add(application=draft, user=staff_member, is_cocreator=False, actor=None)
    assert not PanelMember.objects.filter(application=draft).exists()


def test_a_panel_of_staff_only_cannot_decide_and_says_so(staff_member):
    application = application_make()
    application.status = ApplicationStatus.IN_REVIEW
    application.save()
    scores_make(seat_make(application, staff_member, is_cocreator=False))
    assert panel_summary(application).missing == [
        "The panel has no co-creator. Add at least one co-creator."
    ]
    with pytest.raises(ValidationError):
        decision_record(
            application=application,
            actor=staff_member,
            outcome=AWARD,
            summary="Good.",
            level="foundation",
            awarded_on=timezone.localdate(),
        )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.IN_REVIEW


def test_a_cocreator_with_a_conflict_does_not_count_for_the_cocreator_rule(staff_member, cocreator):
    application = application_make()
    application.status = ApplicationStatus.IN_REVIEW
    application.save()
    scores_make(seat_make(application, staff_member, is_cocreator=False))
    conflicted = seat_make(application, cocreator, is_cocreator=True, conflict=True)
    assert panel_summary(application).missing == [
        "The panel has no co-creator who has said they have no conflict of interest."
    ]
    criterion = AccreditationCriterion.objects.filter(
        standard__framework=application.framework
    ).first()
    with pytest.raises(ValidationError, match="conflict of interest"):
        score_save(member=conflicted, criterion=criterion, score=2, comment="")
    assert not PanelScore.objects.filter(member=conflicted).exists()


def test_the_decision_tells_each_contact_once_and_is_final(staff_member, cocreator):
    first, second = UserFactory(email="a@example.org"), UserFactory(email="b@example.org")
    application = application_make(service=service_make(contacts=[first, second]))
    application.status = ApplicationStatus.IN_REVIEW
    application.save()
    for seat in (
        seat_make(application, staff_member, is_cocreator=False),
        seat_make(application, cocreator, is_cocreator=True),
    ):
        scores_make(seat)
    awarded_on = timezone.localdate()
    decided = decision_record(
        application=application,
        actor=staff_member,
        outcome=AWARD,
        summary="Good.",
        level="exemplary",
        awarded_on=awarded_on,
    )
    assert decided.renew_by == awarded_on + relativedelta(months=24)
    keys = set(Message.objects.filter(kind="accreditation_decision").values_list("key", flat=True))
    assert keys == {
        f"accreditation-decision:{application.pk}:{first.pk}",
        f"accreditation-decision:{application.pk}:{second.pk}",
    }
    with pytest.raises(ValidationError, match="decision has been made"):
        decision_record(
            application=application,
            actor=staff_member,
            outcome=AWARD,
            summary="Again.",
            level="foundation",
            awarded_on=awarded_on,
        )
    assert Message.objects.filter(kind="accreditation_decision").count() == 2


def test_renewal_reminders_go_once_to_each_contact_of_each_award_due_or_lapsed(settings):
    today = timezone.localdate()
    contact, other = UserFactory(email="c@example.org"), UserFactory(email="d@example.org")
    due = _awarded(
        awarded_on=today - relativedelta(months=20),
        renew_by=today + datetime.timedelta(days=89),
        contacts=[contact, other],
    )
    lapsed = _awarded(
        awarded_on=today - relativedelta(months=30),
        renew_by=today - datetime.timedelta(days=3),
        contacts=[contact],
    )
    _awarded(
        awarded_on=today - relativedelta(months=10),
        renew_by=today + datetime.timedelta(days=91),
        contacts=[contact],
    )
    # A service that has started applying again is not reminded.
    renewing = _awarded(
        awarded_on=today - relativedelta(months=23),
        renew_by=today + datetime.timedelta(days=10),
        contacts=[contact],
    )
    application_make(service=renewing.service, status=ApplicationStatus.DRAFT)
    assert renewals_notify(today=today) == 3
    assert renewals_notify(today=today) == 0
    keys = set(
        Message.objects.filter(kind="accreditation_renewal_due").values_list("key", flat=True)
    )
    assert keys == {
        f"accreditation-renewal:{due.pk}:{contact.pk}",
        f"accreditation-renewal:{due.pk}:{other.pk}",
        f"accreditation-renewal:{lapsed.pk}:{contact.pk}",
    }
    lapsed_message = Message.objects.get(key=f"accreditation-renewal:{lapsed.pk}:{contact.pk}")
    assert lapsed_message.context["lapsed"] is True
    settings.ACCREDITATION_RENEWAL_REMINDER_DAYS = 120
    assert renewals_notify(today=today) == 1  # the one due in 91 days is now within the window


def test_a_cocreator_leaving_keeps_decided_scores_without_their_words_and_frees_open_seats(
    staff_member, cocreator
):
    person = cocreator_for_user_ensure(user=cocreator)
    decided = application_make()
    decided_seat = seat_make(decided, cocreator, is_cocreator=True, conflict=True)
    decided_seat.has_conflict = False
    decided_seat.conflict_details = "I once used it."
    decided_seat.save()
    scores_make(decided_seat, score=3)
    AccreditationApplication.objects.filter(pk=decided.pk).update(
        status=ApplicationStatus.ACTIONS_NEEDED, actions_needed="More.", decided_at=timezone.now()
    )
    open_application = application_make()
    open_seat = seat_make(open_application, cocreator, is_cocreator=True)
    scores_make(open_seat)
    # The download finds their seats and scores.
    data = person_data(person)
    assert len(data["capacity.PanelMember"]) == 2
    assert len(data["capacity.PanelScore"]) == 6
    # A score points at its seat in words, never by record numbers.
    assert all(
        row["member"].startswith("A seat on an accreditation panel from ")
        for row in data["capacity.PanelScore"]
    )

    cocreator_erase(cocreator=person, actor=staff_member)

    assert not PanelMember.objects.filter(pk=open_seat.pk).exists()
    assert not PanelScore.objects.filter(member_id=open_seat.pk).exists()
    decided_seat.refresh_from_db()
    assert decided_seat.conflict_details == ""
    scores = PanelScore.objects.filter(member=decided_seat)
    assert [s.score for s in scores] == [3, 3, 3]
    assert all(s.comment == "" for s in scores)


def test_a_contact_whose_partner_access_ended_is_not_told(staff_member):
    from capacity.models import PartnerAccess

    today = timezone.localdate()
    still, ended = UserFactory(email="still@example.org"), UserFactory(email="ended@example.org")
    PartnerAccess.objects.create(user=still)
    PartnerAccess.objects.create(user=ended, ended_at=timezone.now())
    due = _awarded(
        awarded_on=today - relativedelta(months=20),
        renew_by=today + datetime.timedelta(days=30),
        contacts=[still, ended],
    )
    assert renewals_notify(today=today) == 1
    assert list(
        Message.objects.filter(kind="accreditation_renewal_due").values_list("user", flat=True)
    ) == [still.pk]
    assert due.service.contacts.count() == 2
