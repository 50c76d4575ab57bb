"""Writes for the partner section: giving and ending a partner's login, a partner asking for
support, and staff answering. Messages go through community (`account_notify`), once per key."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cocreation.lib.links import absolute_url
from community.messaging.notices import account_notify
from community.models import Message, PartnerOrganisation, Role, User
from community.services import user_create_with_role, user_grant_role

from ..models import (
    PartnerAccess,
    SupportRequest,
    SupportRequestKind,
    SupportRequestStatus,
)

ACCESS_GIVEN_KIND = "partner_access_given"
ACCESS_GIVEN_TEMPLATE = "capacity/partners/email/partner_access_given"
ANSWERED_KIND = "support_request_answered"
ANSWERED_TEMPLATE = "capacity/partners/email/support_request_answered"


class PartnerAccessRefused(Exception):
    """Partner access cannot be given; the message says why, in plain English, and `field` which
    answer it is about ("email", "full_name"), for a form to show it beside."""

    def __init__(self, message: str, *, field: str = "email"):
        super().__init__(message)
        self.field = field


class SupportRequestRefused(Exception):
    """A support request cannot be made or answered; the message says why."""


def _roles_other_than_partner(user: User) -> list[str]:
    return list(
        user.groups.exclude(name=Role.PARTNER.label)
        .filter(name__in=[r.label for r in Role])
        .values_list("name", flat=True)
    )


def access_given_key(access: PartnerAccess, *, reopened: bool) -> str:
    """The message key for telling someone they have access: once per access, and once more each
    time an ended access is opened again (its new start time tells the openings apart)."""
    if reopened:
        return f"partner-access:{access.pk}:{int(access.given_at.timestamp())}"
    return f"partner-access:{access.pk}"


@transaction.atomic
def partner_access_give(
    *,
    actor: User | None,
    email: str,
    full_name: str,
    organisation: PartnerOrganisation | None = None,
    job_title: str = "",
) -> PartnerAccess:
    """Give someone at a system partner or service team a login to the partner section.

    Makes an account with the partner role and no password (they sign in with a code by email),
    or reuses their partner account; opens their access, or opens it again if it had ended; and
    tells them once how to sign in. An address that belongs to any other account is refused
    (`PartnerAccessRefused`), as is an address that is not one. Giving access to someone who
    has it already only updates their organisation and job title. The access returned says
    whether they were told (`told`).
    """
    email = (email or "").strip().lower()
    full_name = (full_name or "").strip()
    job_title = (job_title or "").strip()
    if not email:
        raise PartnerAccessRefused("Enter the person's email address.")
    try:
        validate_email(email)
    except ValidationError as error:
        raise PartnerAccessRefused(
            f"{email} is not an email address. Enter it like name@example.org."
        ) from error
    if not full_name:
        raise PartnerAccessRefused("Enter the person's full name.", field="full_name")
    user = User.objects.select_for_update().filter(email__iexact=email).first()
    if user is None:
        if EmailAddress.objects.filter(email__iexact=email).exists():
            raise PartnerAccessRefused(
                f"The email address {email} already belongs to another account, so it cannot be "
                "used for a partner login."
            )
        user = user_create_with_role(
            email=email, role=Role.PARTNER, full_name=full_name, verified=False
        )
        access = None
    else:
        access = PartnerAccess.objects.select_for_update().filter(user=user).first()
        if (
            _roles_other_than_partner(user)
            or (access is None and Role.PARTNER.label not in _group_names(user))
            or user.has_left
            or not user.is_active
            or user.is_superuser
        ):
            raise PartnerAccessRefused(
                f"The email address {email} already belongs to another account, so it cannot be "
                "used for a partner login."
            )
        user_grant_role(user=user, role=Role.PARTNER)
        if not user.full_name:
            user.full_name = full_name
            user.save(update_fields=["full_name"])
    reopened = False
    if access is None:
        access = PartnerAccess.objects.create(
            user=user, organisation=organisation, job_title=job_title, given_by=actor
        )
        tell = True
    elif access.ended_at is not None:
        access.ended_at = None
        access.given_at = timezone.now()
        access.given_by = actor
        access.organisation = organisation
        access.job_title = job_title
        access.save(update_fields=["ended_at", "given_at", "given_by", "organisation", "job_title"])
        reopened = tell = True
    else:
        access.organisation = organisation
        access.job_title = job_title
        access.save(update_fields=["organisation", "job_title"])
        tell = False
    access.told = tell
    if tell:
        account_notify(
            user_id=user.pk,
            kind=ACCESS_GIVEN_KIND,
            key=access_given_key(access, reopened=reopened),
            template=ACCESS_GIVEN_TEMPLATE,
            context={
                "login_url": absolute_url(reverse("account_request_login_code")),
                "organisation": organisation.name if organisation else "",
            },
        )
    return access


def _group_names(user: User) -> set[str]:
    return set(user.groups.values_list("name", flat=True))


@transaction.atomic
def partner_access_end(*, actor: User | None, access: PartnerAccess) -> PartnerAccess:
    """End a partner's access: it is marked ended and their account loses the partner role, so
    the partner section refuses them from their next page. Ending an ended access does nothing."""
    access = PartnerAccess.objects.select_for_update().select_related("user").get(pk=access.pk)
    if access.ended_at is not None:
        return access
    access.ended_at = timezone.now()
    access.save(update_fields=["ended_at"])
    group = Group.objects.filter(name=Role.PARTNER.label).first()
    if group is not None:
        access.user.groups.remove(group)
    access.user.__dict__.pop("_cocreation_roles", None)
    return access


@transaction.atomic
def support_request_make(*, user: User, kind: str, what_is_needed: str) -> SupportRequest:
    """A partner asks the trust for support. It waits on the staff dashboard as new; staff are
    not emailed. Their organisation is the one their access names (none for a partner login made
    without one, such as the demo's). Refused once their access has ended."""
    if kind not in SupportRequestKind.values:
        raise SupportRequestRefused("Choose what kind of support you need.")
    what_is_needed = (what_is_needed or "").strip()
    if not what_is_needed:
        raise SupportRequestRefused("Say what you need.")
    access = PartnerAccess.objects.filter(user=user).first()
    if access is not None and access.ended_at is not None:
        raise SupportRequestRefused(
            "Your partner access has ended, so you cannot ask for support here."
        )
    return SupportRequest.objects.create(
        requested_by=user,
        organisation=access.organisation if access else None,
        kind=kind,
        what_is_needed=what_is_needed,
    )


@transaction.atomic
def support_request_answer(
    *, actor: User, request: SupportRequest, status: str, reply: str
) -> SupportRequest:
    """Staff set a request's status and their reply. A new or changed reply is sent to the partner
    once (key `support-answered:<request>:<n>`, n counting the replies sent so far, so a second
    answer is sent too, and a retry of the same one is not). The request returned says whether a
    message was recorded (`told`)."""
    if status not in SupportRequestStatus.values:
        raise SupportRequestRefused("Choose the request's status.")
    reply = (reply or "").strip()
    request = SupportRequest.objects.select_for_update().get(pk=request.pk)
    new_reply = bool(reply) and reply != request.staff_reply.strip()
    if reply != request.staff_reply:
        request.staff_reply = reply
    request.status = status
    request.handled_by = actor
    request.save()
    request.told = new_reply and request.requested_by_id is not None
    if request.told:
        prefix = f"support-answered:{request.pk}:"
        sent = Message.objects.filter(key__startswith=prefix).count()
        account_notify(
            user_id=request.requested_by_id,
            kind=ANSWERED_KIND,
            key=f"{prefix}{sent + 1}",
            template=ANSWERED_TEMPLATE,
            context={
                "request_url": absolute_url(
                    reverse("capacity:partners-request", args=[request.pk])
                ),
                "kind": request.get_kind_display(),
                "status": request.get_status_display(),
            },
        )
    return request
