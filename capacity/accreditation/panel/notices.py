"""Telling a service's contacts about the panel's decision and, later, that its renewal is due:
once per application and contact, through community's one pipeline (`account_notify`: the
contacts are partner-section logins, not co-creators), by email to the login's address."""

from django.urls import reverse

from cocreation.lib.dates import date_text
from cocreation.lib.links import absolute_url
from community.messaging.notices import account_notify

from ...models import AccreditationApplication, ApplicationStatus

TEMPLATES = "capacity/accreditation/panel/email/"
DECISION_KEY = "accreditation-decision:"
RENEWAL_KEY = "accreditation-renewal:"


def decision_key(application: AccreditationApplication, user_id: int) -> str:
    return f"{DECISION_KEY}{application.pk}:{user_id}"


def renewal_key(application: AccreditationApplication, user_id: int) -> str:
    return f"{RENEWAL_KEY}{application.pk}:{user_id}"


def _application_url(application: AccreditationApplication) -> str:
    """The application's page in the partner section (signing in first if need be)."""
    return absolute_url(
        reverse("capacity:accreditation-partner-application", args=[application.pk])
    )


def _partner_home_url() -> str:
    return absolute_url(reverse("capacity:accreditation-partner-home"))


def decision_send(*, application: AccreditationApplication, user_id: int):
    """The panel has decided: accredited (the level, dates and public page) or actions needed."""
    awarded = application.status == ApplicationStatus.AWARDED
    return account_notify(
        user_id=user_id,
        kind="accreditation_decision",
        key=decision_key(application, user_id),
        template=TEMPLATES + "accreditation_decision",
        context={
            "service_name": application.service.name,
            "awarded": awarded,
            "level": application.get_level_awarded_display() if awarded else "",
            "awarded_on": date_text(application.awarded_on) if awarded else "",
            "renew_by": date_text(application.renew_by) if awarded else "",
            "actions_needed": application.actions_needed,
            "decision_summary": application.decision_summary,
            "public_url": (
                absolute_url(reverse("capacity:panel-accredited-detail", args=[application.pk]))
                if awarded
                else ""
            ),
            "application_url": _application_url(application),
        },
    )


def renewal_due_send(*, application: AccreditationApplication, user_id: int, lapsed: bool):
    """The service's accreditation needs renewing by its date (or has lapsed): apply again."""
    return account_notify(
        user_id=user_id,
        kind="accreditation_renewal_due",
        key=renewal_key(application, user_id),
        template=TEMPLATES + "accreditation_renewal_due",
        context={
            "service_name": application.service.name,
            "level": application.get_level_awarded_display(),
            "awarded_on": date_text(application.awarded_on),
            "renew_by": date_text(application.renew_by),
            "lapsed": lapsed,
            "apply_url": _partner_home_url(),
        },
    )
