"""How the panel's messages are sent in real life, for tests/community/test_every_message_kind.py:
the decision (to each contact of the service) and the renewal reminder, about a service whose name
is typed with an apostrophe, an ampersand, a "<" and quotes. Both go to partner-section logins
(`account_notify`), by email."""

import datetime as dt

from django.utils import timezone

from capacity.accreditation.panel.services import AWARD, decision_record, renewals_notify
from capacity.models import AccreditationApplication, ApplicationStatus
from community.models import Role
from tests.community.factories import UserFactory

from .accreditation_panel_factories import application_make, scores_make, seat_make, service_make

TYPED = 'Carers\' & <Family> "Hub"'


def _contact(email: str):
    return UserFactory(email=email, full_name="Siobhán O'Neil & Co", role=Role.PARTNER)


def send_decision(staff_client, host):
    staff = UserFactory(email="panel.staff@example.org", role=Role.STAFF, full_name="Sam Panel")
    reviewer = UserFactory(email="panel.cocreator@example.org", full_name="Casey Panel")
    application = application_make(
        service=service_make(name=TYPED, contacts=[_contact("decision.contact@example.org")]),
        evidence=False,
    )
    application.status = ApplicationStatus.IN_REVIEW
    application.save()
    scores_make(seat_make(application, staff, is_cocreator=False))
    scores_make(seat_make(application, reviewer, is_cocreator=True))
    decision_record(
        application=application,
        actor=staff,
        outcome=AWARD,
        summary='Carers\' voices & <ideas> shaped the "new" clinic.',
        level="established",
        awarded_on=timezone.localdate(),
    )


def send_renewal_due(staff_client, host):
    today = timezone.localdate()
    application = application_make(
        service=service_make(name=TYPED, contacts=[_contact("renewal.contact@example.org")]),
        evidence=False,
    )
    AccreditationApplication.objects.filter(pk=application.pk).update(
        status=ApplicationStatus.AWARDED,
        level_awarded="foundation",
        awarded_on=today - dt.timedelta(days=700),
        renew_by=today + dt.timedelta(days=30),
        decided_at=timezone.now() - dt.timedelta(days=700),
    )
    renewals_notify()


ACCREDITATION_PANEL_SENDERS = {
    "capacity/accreditation/panel/email/accreditation_decision": send_decision,
    "capacity/accreditation/panel/email/accreditation_renewal_due": send_renewal_due,
}
