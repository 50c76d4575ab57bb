"""How accreditation applying's message is sent in real life, for
tests/community/test_every_message_kind.py: a member of staff submits a service's application
through the staff page, and each of the service's contacts (partner-section logins, reached by
`account_notify`) gets a receipt. The service and the contact are named with an apostrophe, an
ampersand, a "<" and quotes."""

from django.urls import reverse

from community.models import Role
from tests.community.factories import UserFactory

from .accreditation_applying_factories import (
    ApplicationFactory,
    ServiceFactory,
    answer_all,
    framework_with_criteria,
)

TYPED = "Carers' & families' <ward> \"one\""
NAME = "Siobhán O'Neil & Co"


def send_accreditation_submitted(staff_client, host):
    framework, criteria = framework_with_criteria(standards=1, each=2)
    contact = UserFactory(role=Role.PARTNER, full_name=NAME, email="siobhan.service@example.org")
    service = ServiceFactory(name=TYPED, contacts=[contact])
    application = ApplicationFactory(service=service, framework=framework)
    answer_all(application, criteria)
    response = staff_client.post(
        reverse("capacity:accreditation-staff-submit", args=[application.pk])
    )
    assert response.status_code == 302, response.content.decode()


ACCREDITATION_APPLYING_SENDERS = {
    "capacity/accreditation/applying/email/accreditation_submitted": send_accreditation_submitted,
}
