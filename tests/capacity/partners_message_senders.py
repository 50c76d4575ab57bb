"""How the partner section's messages are sent in real life, for
tests/community/test_every_message_kind.py: a member of staff gives a login through the staff
page, and answers a request for support there. Both go to an account (`account_notify`), by
email, to a person and an organisation whose names are typed with an apostrophe, an ampersand, a
"<" and quotes."""

from django.urls import reverse

from capacity.models import SupportRequestKind
from community.models import Role
from tests.community.factories import UserFactory

from .partners_factories import PartnerOrganisationFactory, SupportRequestFactory

TYPED = 'Carers\' research & <more> "soon"'
NAME = "Siobhán O'Neil & Co"


def send_partner_access_given(staff_client, host):
    organisation = PartnerOrganisationFactory(name=TYPED)
    response = staff_client.post(
        reverse("capacity:partners-staff-access-give"),
        {
            "full_name": NAME,
            "email": "siobhan.partner@example.org",
            "organisation": organisation.pk,
            "job_title": TYPED,
        },
    )
    assert response.status_code == 302, response.content.decode()


def send_support_request_answered(staff_client, host):
    partner = UserFactory(role=Role.PARTNER, full_name=NAME, email="tomas.partner@example.org")
    support = SupportRequestFactory(
        requested_by=partner, kind=SupportRequestKind.PROJECT, what_is_needed=TYPED
    )
    response = staff_client.post(
        reverse("capacity:partners-staff-request", args=[support.pk]),
        {"status": "in_hand", "reply": TYPED},
    )
    assert response.status_code == 302, response.content.decode()


PARTNERS_SENDERS = {
    "capacity/partners/email/partner_access_given": send_partner_access_given,
    "capacity/partners/email/support_request_answered": send_support_request_answered,
}
