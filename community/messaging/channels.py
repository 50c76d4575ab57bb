"""Who may be sent what, and by which channel; the unsubscribe link and what it does.

`reason_not_to_send` and `channel_for` are asked when a send starts and again just before each
message goes (`reason_not_to_send_account` for a message to an account that is not a
co-creator); `people_to_send_by_hand` lists those who asked for post, large print or easy read.
"""

from django.conf import settings
from django.core import signing
from django.db import models, transaction
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone

from cocreation.lib.links import absolute_url

from ..audit import audit_record
from ..models import (
    ERASED_EMAIL_DOMAIN,
    AccessNeed,
    AuditAction,
    CoCreator,
    CoCreatorStatus,
    DigestFrequency,
    MessageChannel,
    NewsletterChoice,
)

UNSUBSCRIBE_SALT = "unsubscribe"


BY_HAND_NEEDS = (AccessNeed.LARGE_PRINT, AccessNeed.EASY_READ)


# --- Rules -------------------------------------------------------------------------------------


def is_newsletter(kind: str) -> bool:
    return kind == "newsletter"


def is_digest(kind: str) -> bool:
    return kind.startswith("digest")


def sms_configured() -> bool:
    """Whether text messages can be sent at all (GOV.UK Notify set up, or the test outbox)."""
    return settings.SMS_BACKEND != "none"


def _kind_reason(cocreator: CoCreator, kind: str) -> str:
    if is_newsletter(kind) and cocreator.newsletter != NewsletterChoice.YES:
        return "The person has not asked for the newsletter."
    if is_digest(kind) and cocreator.digest_frequency == DigestFrequency.NONE:
        return "The person has not asked for a digest."
    return ""


def reason_not_to_send(cocreator: CoCreator | None, *, kind: str, channel: str) -> str:
    """Why this person must not get this kind of message by this channel, or '' when they may."""
    if cocreator is None:
        return "The person's record no longer exists."
    if cocreator.status == CoCreatorStatus.LEFT:
        return "The person has left the community."
    if cocreator.email_unsubscribed_at is not None:
        # An unsubscribe link stops everything, not only email: someone who also chose text
        # messages must not start getting texts instead. Choosing a channel again undoes it.
        return "The person unsubscribed: nothing is sent until they choose a way to hear from us."
    if channel == MessageChannel.EMAIL:
        if not cocreator.email:
            return "No email address."
        if not cocreator.prefers_email:
            return "The person has not chosen email as a way to hear from us."
    else:
        if not cocreator.phone:
            return "No phone number."
        if not cocreator.prefers_sms:
            return "The person has not chosen text messages as a way to hear from us."
        if not sms_configured():
            return "Text messages are not set up."
    return _kind_reason(cocreator, kind)


def reason_not_to_send_account(user, *, channel: str) -> str:
    """Why this account (not a co-creator: a partner, a service team's contact) must not get a
    message by this channel, or '' when it may. Accounts hear from us by email only, about their
    own access, so there are no choices to respect: only whether the login is open and has a real
    address."""
    if user is None:
        return "The account no longer exists."
    if channel != MessageChannel.EMAIL:
        return "Accounts are sent email only."
    if not user.is_active:
        return "The account is closed."
    if not user.email:
        return "No email address."
    if user.email.lower().endswith(f"@{ERASED_EMAIL_DOMAIN}"):
        return "The account's email address was erased."
    return ""


def _by_hand_reason(cocreator: CoCreator, need_kinds: set[str]) -> str:
    asked = []
    if cocreator.prefers_post:
        asked.append("post")
    asked += [str(AccessNeed(k).label).lower() for k in BY_HAND_NEEDS if k in need_kinds]
    if not asked:
        return ""
    return f"Asked for {' and '.join(asked)}: send by hand."


def has_sms_version(template: str) -> bool:
    try:
        get_template(f"{template}_sms.txt")
    except TemplateDoesNotExist:
        return False
    return True


def channel_for(
    cocreator: CoCreator | None,
    *,
    kind: str,
    has_sms_version: bool,
    need_kinds: set[str] | None = None,
) -> tuple[str, str]:
    """The channel to use for this person, and '' or the reason nothing can be sent to them.

    Email when they chose it and have an address (and have not unsubscribed); otherwise a text
    message when they chose it, have a number, text messages are set up and the message has a
    text version; otherwise nothing, with the reason in plain English (for people who asked for
    post, large print or easy read: send by hand).
    """
    email_reason = reason_not_to_send(cocreator, kind=kind, channel=MessageChannel.EMAIL)
    if not email_reason:
        return MessageChannel.EMAIL, ""
    if (
        cocreator is None
        or cocreator.status == CoCreatorStatus.LEFT
        or cocreator.email_unsubscribed_at is not None
    ):
        return MessageChannel.EMAIL, email_reason
    kind_reason = _kind_reason(cocreator, kind)
    if kind_reason:
        return MessageChannel.EMAIL, kind_reason
    sms_reason = ""
    if cocreator.prefers_sms:
        sms_reason = reason_not_to_send(cocreator, kind=kind, channel=MessageChannel.SMS)
        if not sms_reason and not has_sms_version:
            sms_reason = "No text-message version."
        if not sms_reason:
            return MessageChannel.SMS, ""
    if need_kinds is None:
        need_kinds = set(cocreator.access_needs.values_list("kind", flat=True))
    by_hand = _by_hand_reason(cocreator, need_kinds)
    if by_hand:
        return MessageChannel.EMAIL, by_hand
    if sms_reason and not cocreator.prefers_email:
        return MessageChannel.SMS, sms_reason
    return MessageChannel.EMAIL, email_reason


def people_to_send_by_hand(kind: str) -> models.QuerySet:
    """Current co-creators who asked for post, large print or easy read (for staff to post).

    People who used the unsubscribe link are left out: they asked for nothing to be sent.
    """
    people = CoCreator.objects.current().filter(
        models.Q(prefers_post=True) | models.Q(access_needs__kind__in=BY_HAND_NEEDS),
        email_unsubscribed_at__isnull=True,
    )
    if is_newsletter(kind):
        people = people.filter(newsletter=NewsletterChoice.YES)
    elif is_digest(kind):
        people = people.exclude(digest_frequency=DigestFrequency.NONE)
    return people.distinct().order_by("full_name", "pk")


# --- Links in every email ----------------------------------------------------------------------


def unsubscribe_token(cocreator_id: int) -> str:
    """A signed token naming the person, for the unsubscribe link. It does not expire."""
    return signing.dumps(cocreator_id, salt=UNSUBSCRIBE_SALT)


def unsubscribe_token_read(token: str) -> int | None:
    """The co-creator id in an unsubscribe token, or None when it is not one of ours."""
    try:
        value = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None


def unsubscribe_url(cocreator_id: int) -> str:
    token = unsubscribe_token(cocreator_id)
    return absolute_url(reverse("community:unsubscribe", args=[token]))


def preferences_url() -> str:
    return absolute_url(reverse("community:portal-preferences"))


# --- Unsubscribing -----------------------------------------------------------------------------


@transaction.atomic
def email_unsubscribe(*, cocreator: CoCreator) -> bool:
    """Stop all email to a person (from an unsubscribe link). False when it was already stopped."""
    updated = CoCreator.objects.filter(pk=cocreator.pk, email_unsubscribed_at=None).update(
        email_unsubscribed_at=timezone.now()
    )
    if updated:
        audit_record(
            actor=None,
            action=AuditAction.CHANGE,
            cocreator_id=cocreator.pk,
            fields=["email_unsubscribed_at"],
        )
    return bool(updated)
