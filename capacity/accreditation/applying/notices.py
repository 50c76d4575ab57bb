"""Telling a service's contacts their application was submitted: a receipt, once per contact and
application, through community's one pipeline (`account_notify`: contacts are partner-section
logins, not co-creators)."""

from django.urls import reverse

from cocreation.lib.dates import date_text
from cocreation.lib.links import absolute_url
from community.messaging.notices import account_notify
from community.models import User

from ...models import AccreditationApplication

TEMPLATES = "capacity/accreditation/applying/email/"
SUBMITTED_KIND = "accreditation_submitted"


def submitted_key(application: AccreditationApplication, user: User) -> str:
    return f"accreditation-submitted:{application.pk}:{user.pk}"


def submitted_send(*, application: AccreditationApplication, user: User):
    """The receipt for a submitted application, to one of the service's contacts."""
    return account_notify(
        user_id=user.pk,
        kind=SUBMITTED_KIND,
        key=submitted_key(application, user),
        template=TEMPLATES + SUBMITTED_KIND,
        context={
            "service_name": application.service.name,
            "version": application.framework.version,
            "submitted_on": date_text(application.submitted_at),
            "application_url": absolute_url(
                reverse("capacity:accreditation-partner-application", args=[application.pk])
            ),
        },
    )
