"""Telling a person a refresher of a course is due: once per completion, through community's one
pipeline (`person_notify`), by the person's own channel."""

from django.urls import reverse

from cocreation.lib.dates import date_text
from cocreation.lib.links import absolute_url
from community.messaging.notices import person_notify

from ..models import Completion

TEMPLATES = "capacity/training/email/"
REFRESHER_KEY = "refresher-due:"


def refresher_due_key(completion: Completion) -> str:
    return f"{REFRESHER_KEY}{completion.pk}"


def refresher_due_send(*, completion: Completion):
    """A course the person completed runs out soon (or has): book a refresher."""
    return person_notify(
        cocreator_id=completion.cocreator_id,
        kind="refresher_due",
        key=refresher_due_key(completion),
        template=TEMPLATES + "refresher_due",
        context={
            "course_title": completion.course.title,
            "completed_on": date_text(completion.completed_on),
            "expires_on": date_text(completion.expires_on),
            "portal_url": absolute_url(reverse("capacity:portal-training")),
        },
    )
