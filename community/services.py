"""Writes about people, accounts, consent and messages. Every change to a person is audited."""

import logging
from collections.abc import Iterable

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from cocreation.lib.changes import fields_apply, related_set

from .audit import audit_record
from .erasure import Leaver, person_rows_erase, sessions_end
from .gap import benchmark_groups
from .messaging.channels import reason_not_to_send
from .messaging.queueing import message_queue
from .models import (
    ERASED_EMAIL_DOMAIN,
    LEFT_NAME,
    AuditAction,
    AuditEvent,
    Characteristic,
    CoCreator,
    CoCreatorAccessNeed,
    CoCreatorRelationship,
    CoCreatorStatus,
    Consent,
    ConsentPurpose,
    Demographics,
    DigestFrequency,
    MessageChannel,
    NewsletterChoice,
    PopulationBenchmark,
    PriorityGroup,
    Role,
    User,
)

logger = logging.getLogger(__name__)

# What a person agrees to before any equality monitoring question is asked.
EQUALITY_CONSENT_WORDING = (
    "I agree that the involvement team may keep my answers to the equality monitoring questions "
    "(age, sex, gender identity, sexual orientation, ethnic group, religion or belief, disability, "
    "carer status, marriage or civil partnership, pregnancy and maternity, and first language). "
    "They are used only to check whether our community reflects the people we serve. I can answer "
    "'Prefer not to say' to any question, and I can withdraw this consent at any time, which "
    "deletes my answers."
)


# --- Accounts ----------------------------------------------------------------------------------


@transaction.atomic
def user_grant_role(*, user: User, role: Role) -> None:
    """Give a user a role (adds them to the role's group; the group is made if missing)."""
    group, _ = Group.objects.get_or_create(name=role.label)
    user.groups.add(group)
    user.__dict__.pop("_cocreation_roles", None)


@transaction.atomic
def user_create_with_role(
    *,
    email: str,
    role: Role,
    full_name: str = "",
    password: str | None = None,
    verified: bool = False,
) -> User:
    """Create an account holding one role, with its email address recorded for allauth."""
    user = User.objects.create_user(email=email, password=password, full_name=full_name)
    user_grant_role(user=user, role=role)
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=verified)
    return user


@transaction.atomic
def demo_user_ensure(*, email: str, full_name: str, role: Role, password: str) -> User:
    """Create or reset a demo account so that running the seed twice leaves one state."""
    user, _ = User.objects.update_or_create(
        email=email.lower(), defaults={"full_name": full_name, "is_active": True}
    )
    user.set_password(password)
    user.save(update_fields=["password"])
    user_grant_role(user=user, role=role)
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"primary": True, "verified": True}
    )
    return user


# --- Co-creators -------------------------------------------------------------------------------

MULTI_FIELDS = ("relationships", "access_needs", "interests")


def _replace_kinds(rows, model, cocreator: CoCreator, wanted: Iterable[str]) -> bool:
    """Make a person's child rows of one choice (relationships, access needs) exactly `wanted`."""
    wanted = set(wanted)
    current = set(rows.values_list("kind", flat=True))
    if wanted == current:
        return False
    rows.exclude(kind__in=wanted).delete()
    model.objects.bulk_create([model(cocreator=cocreator, kind=k) for k in wanted - current])
    return True


def _set_multi(
    cocreator: CoCreator, *, relationships=None, access_needs=None, interests=None
) -> set[str]:
    changed = set()
    if relationships is not None and _replace_kinds(
        cocreator.relationships, CoCreatorRelationship, cocreator, relationships
    ):
        changed.add("relationships")
    if access_needs is not None and _replace_kinds(
        cocreator.access_needs, CoCreatorAccessNeed, cocreator, access_needs
    ):
        changed.add("access_needs")
    if interests is not None and related_set(cocreator.interests, interests):
        changed.add("interests")
    return changed


@transaction.atomic
def cocreator_register(
    *,
    actor: User | None,
    relationships: Iterable[str] = (),
    access_needs: Iterable[str] = (),
    interests: Iterable = (),
    **fields,
) -> CoCreator:
    """Add a person to the community (with or without a login) and audit it."""
    cocreator = CoCreator(**fields)
    cocreator.full_clean()
    cocreator.save()
    _set_multi(
        cocreator, relationships=relationships, access_needs=access_needs, interests=interests
    )
    audit_record(actor=actor, action=AuditAction.CREATE, cocreator_id=cocreator.pk)
    return cocreator


@transaction.atomic
def cocreator_update(
    *,
    actor: User | None,
    cocreator: CoCreator,
    relationships: Iterable[str] | None = None,
    access_needs: Iterable[str] | None = None,
    interests: Iterable | None = None,
    **fields,
) -> set[str]:
    """Change a person's record; audit the names of the fields that changed. Returns them."""
    changed = fields_apply(cocreator, fields)
    changed |= _set_multi(
        cocreator, relationships=relationships, access_needs=access_needs, interests=interests
    )
    if changed:
        audit_record(
            actor=actor, action=AuditAction.CHANGE, cocreator_id=cocreator.pk, fields=changed
        )
    return changed


@transaction.atomic
def cocreator_for_user_ensure(*, user: User) -> CoCreator:
    """The co-creator record behind a portal login, made on first need."""
    existing = CoCreator.objects.filter(user=user).first()
    if existing:
        return existing
    return cocreator_register(
        actor=user,
        user=user,
        full_name=user.full_name or user.email.split("@")[0],
        email=user.email,
        prefers_email=True,
    )


# --- Consent and equality monitoring -----------------------------------------------------------


@transaction.atomic
def equality_consent_give(*, cocreator: CoCreator, actor: User | None) -> Consent:
    """Record consent to the equality questions, with the wording and privacy notice version."""
    existing = (
        cocreator.consents.active().filter(purpose=ConsentPurpose.EQUALITY_MONITORING).first()
    )
    if existing:
        return existing
    consent = Consent.objects.create(
        cocreator=cocreator,
        purpose=ConsentPurpose.EQUALITY_MONITORING,
        wording=EQUALITY_CONSENT_WORDING,
        privacy_notice_version=settings.PRIVACY_NOTICE_VERSION,
        recorded_by=actor if actor is not None and actor.is_authenticated else None,
    )
    audit_record(actor=actor, action=AuditAction.CONSENT, cocreator_id=cocreator.pk)
    return consent


@transaction.atomic
def equality_consent_withdraw(*, cocreator: CoCreator, actor: User | None) -> bool:
    """Withdraw consent to the equality questions and delete the answers. False if none was active."""
    updated = (
        cocreator.consents.active()
        .filter(purpose=ConsentPurpose.EQUALITY_MONITORING)
        .update(withdrawn_at=timezone.now())
    )
    Demographics.objects.filter(cocreator=cocreator).delete()
    if updated:
        audit_record(actor=actor, action=AuditAction.CONSENT_WITHDRAWN, cocreator_id=cocreator.pk)
    return bool(updated)


def has_equality_consent(cocreator: CoCreator) -> bool:
    return cocreator.consents.active().filter(purpose=ConsentPurpose.EQUALITY_MONITORING).exists()


class ConsentMissing(Exception):
    """Equality answers were offered without consent."""


@transaction.atomic
def demographics_save(*, cocreator: CoCreator, actor: User | None, **answers) -> Demographics:
    """Keep a person's equality answers; refused without active consent."""
    if not has_equality_consent(cocreator):
        raise ConsentMissing("Equality monitoring answers need the person's consent first.")
    demographics, _ = Demographics.objects.get_or_create(cocreator=cocreator)
    changed = {k for k, v in answers.items() if getattr(demographics, k) != v}
    for key in changed:
        setattr(demographics, key, answers[key])
    if demographics.year_of_birth and not demographics.age_band:
        demographics.age_band = age_band_for_year(demographics.year_of_birth)
    demographics.full_clean()
    demographics.save()
    if changed:
        audit_record(
            actor=actor,
            action=AuditAction.CHANGE,
            cocreator_id=cocreator.pk,
            fields={f"demographics.{k}" for k in changed},
        )
    return demographics


def age_band_for_year(year_of_birth: int, today=None) -> str:
    """The Census age band for someone born in that year (age reached this year)."""
    today = today or timezone.localdate()
    age = today.year - year_of_birth
    for upper, band in (
        (24, "15_24"),
        (34, "25_34"),
        (44, "35_44"),
        (54, "45_54"),
        (64, "55_64"),
        (74, "65_74"),
    ):
        if age <= upper:
            return band if age >= 15 else ""
    return "75_plus"


# --- Leaving -----------------------------------------------------------------------------------


@transaction.atomic
def cocreator_erase(*, cocreator: CoCreator, actor: User | None) -> None:
    """A person leaves: every row about them, in every app, is deleted or made anonymous.

    The anonymous co-creator row stays so counts still add up (attendance, survey scores); what
    happens to each other row is its app's policy (community/erasure.py). The login is closed,
    every session of it ended, and the audit trail about them keeps only actions and times.
    """
    leaver = Leaver.of(cocreator)
    user = leaver.user
    person_rows_erase(leaver=leaver)
    cocreator.full_name = LEFT_NAME
    for field in (
        "preferred_name",
        "pronouns",
        "email",
        "phone",
        "address",
        "postcode",
        "interpreter_language",
        "access_needs_other",
        "staff_note",
    ):
        setattr(cocreator, field, "")
    cocreator.date_of_birth = None
    cocreator.prefers_email = cocreator.prefers_sms = cocreator.prefers_post = (
        cocreator.prefers_phone
    ) = False
    cocreator.newsletter = NewsletterChoice.NO
    cocreator.digest_frequency = DigestFrequency.NONE
    cocreator.status = CoCreatorStatus.LEFT
    cocreator.user = None
    cocreator.save()
    if user is not None:
        user.email = f"erased-{user.pk}@{ERASED_EMAIL_DOMAIN}"
        user.full_name = ""
        user.is_active = False
        user.set_unusable_password()
        user.save()
        user.groups.clear()
        user.user_permissions.clear()
        sessions_end(leaver=leaver)
    AuditEvent.objects.filter(cocreator_id=cocreator.pk).update(actor=None, fields=[], count=None)
    # The person leaving themselves is not named as the one who did it.
    by_staff = actor is not None and (user is None or actor.pk != user.pk)
    audit_record(
        actor=actor if by_staff else None, action=AuditAction.ERASE, cocreator_id=cocreator.pk
    )


# --- Sending a message to a person -------------------------------------------------------------


def message_reason_not_to_email(cocreator: CoCreator | None, *, kind: str) -> str:
    """Why this person must not be emailed this kind of message, or '' when they may be."""
    return reason_not_to_send(cocreator, kind=kind, channel=MessageChannel.EMAIL)


# --- Community register ------------------------------------------------------------------------


class InviteRefused(Exception):
    """A portal invitation that cannot be sent; the message says why in plain English."""


@transaction.atomic
def cocreator_invite(*, actor: User | None, cocreator: CoCreator, login_url: str) -> User:
    """Give a person a portal login (no password) and email them how to sign in with a code.

    The email is queued under the key `invite:<pk>`, so it is sent once at most.
    """
    cocreator = CoCreator.objects.select_for_update().get(pk=cocreator.pk)
    name = cocreator.display_name
    if cocreator.user_id is not None:
        raise InviteRefused(f"{name} already has a portal login.")
    if cocreator.status == CoCreatorStatus.LEFT:
        raise InviteRefused(f"{name} has left the community, so cannot be invited.")
    if not cocreator.email:
        raise InviteRefused(
            f"{name} has no email address. Add one to their record before inviting them."
        )
    if not cocreator.prefers_email:
        raise InviteRefused(
            f"{name} has not chosen email as a way to hear from us. If they agree, add email to "
            "how they would like us to contact them, then invite them."
        )
    email = cocreator.email.lower()
    if (
        User.objects.filter(email__iexact=email).exists()
        or EmailAddress.objects.filter(email__iexact=email).exists()
    ):
        raise InviteRefused(
            f"The email address {email} already belongs to another account, so {name} cannot be "
            "invited with it."
        )
    user = user_create_with_role(
        email=email, role=Role.COCREATOR, full_name=cocreator.full_name, verified=False
    )
    cocreator.user = user
    cocreator.save(update_fields=["user", "updated_at"])
    audit_record(actor=actor, action=AuditAction.CHANGE, cocreator_id=cocreator.pk, fields=["user"])
    message_queue(
        cocreator_id=cocreator.pk,
        kind="invite",
        key=f"invite:{cocreator.pk}",
        template="community/email/invite",
        context={"login_url": login_url},
    )
    return user


# --- Importing the register from a spreadsheet -------------------------------------------------


def cocreator_import_people(rows: list) -> list[CoCreator]:
    """The people of checked import rows (community.imports.columns.ImportRow), not yet saved.

    The rows were checked field by field already; this is the model's own last word, and raises
    ValidationError. Foreign keys were looked up by the check, so they are not fetched one by one.
    """
    people = [CoCreator(**row.fields) for row in rows]
    for person in people:
        person.full_clean(exclude=["locality", "user"], validate_unique=False)
    return people


@transaction.atomic
def cocreator_import_add(*, rows: list, people: list[CoCreator] | None = None) -> int:
    """Add checked import rows to the register, with their relationships, needs and interests.

    Bulk inserts, never one query per person: on PostgreSQL a few queries for 5,000 people, on
    SQLite (999 parameters a query) about 35 per 1,000. No audit event: an import has one, for
    all its people (`cocreator_import_audit`). Returns the number of people added.
    """
    if people is None:
        people = cocreator_import_people(rows)
    CoCreator.objects.bulk_create(people)
    InterestLink = CoCreator.interests.through
    CoCreatorRelationship.objects.bulk_create(
        CoCreatorRelationship(cocreator_id=person.pk, kind=kind)
        for person, row in zip(people, rows, strict=True)
        for kind in row.relationships
    )
    CoCreatorAccessNeed.objects.bulk_create(
        CoCreatorAccessNeed(cocreator_id=person.pk, kind=kind)
        for person, row in zip(people, rows, strict=True)
        for kind in row.access_needs
    )
    InterestLink.objects.bulk_create(
        InterestLink(cocreator_id=person.pk, interest_id=interest_id)
        for person, row in zip(people, rows, strict=True)
        for interest_id in row.interest_ids
    )
    return len(people)


def cocreator_import_audit(*, actor: User | None, rows: list, count: int) -> None:
    """The one audit event for an import: which fields it filled in (never values) and how many."""
    columns = {name.removesuffix("_id") for row in rows for name, v in row.fields.items() if v}
    for name in ("relationships", "access_needs"):
        if any(getattr(row, name) for row in rows):
            columns.add(name)
    if any(row.interest_ids for row in rows):
        columns.add("interests")
    audit_record(actor=actor, action=AuditAction.IMPORT, fields=columns, count=count)


@transaction.atomic
def cocreator_import(*, actor: User | None, rows: list) -> int:
    """Add every checked row of an import (community.imports.columns.ImportRow) at once; all or nothing.

    One audit event for the whole import. Returns the number of people added. The staff pages
    import through the worker (`community.imports.services.cocreator_import_run`), a chunk at a
    time with progress; this is the same work in one go.
    """
    people = cocreator_import_people(rows)
    count = cocreator_import_add(rows=rows, people=people)
    cocreator_import_audit(actor=actor, rows=rows, count=count)
    return count


# --- Representation gap: population benchmarks ---------------------------------------------------


@transaction.atomic
def benchmark_save(
    *,
    actor: User | None,
    characteristic: str,
    group: str,
    locality,
    percentage,
    source: str,
    source_date,
    notes: str = "",
    benchmark=None,
):
    """Add a population benchmark, or change `benchmark`; refuses a group the characteristic lacks.

    Raises ValidationError (and writes nothing) for an unknown group, a percentage outside 0 to
    100, or a second figure for the same group and area.
    """
    if group not in dict(benchmark_groups(characteristic)):
        raise ValidationError({"group": "Choose a group that belongs to the characteristic."})
    benchmark = benchmark or PopulationBenchmark()
    benchmark.characteristic = characteristic
    benchmark.group = group
    benchmark.locality = locality
    benchmark.percentage = percentage
    benchmark.source = source
    benchmark.source_date = source_date
    benchmark.notes = notes
    benchmark.full_clean()
    try:
        with transaction.atomic():
            benchmark.save()
    except IntegrityError:  # the same figure was saved by someone else a moment ago
        raise ValidationError(
            {"group": "There is already a figure for this group and area: edit that one instead"}
        ) from None
    logger.info(
        "Population benchmark %s saved by user %s", benchmark.pk, getattr(actor, "pk", None)
    )
    return benchmark


# --- Representation gap: groups the trust is trying to reach ----------------------------------


def _priority_group_check(characteristic: str, group: str) -> None:
    if characteristic not in Characteristic.values:
        raise ValidationError({"characteristic": "Choose a characteristic from the list"})
    if group not in dict(benchmark_groups(characteristic)):
        raise ValidationError({"group": "Choose a group that belongs to the characteristic"})


def priority_group_mark(*, actor: User | None, characteristic: str, group: str) -> PriorityGroup:
    """Mark a group as one the trust is trying to reach, so the gap may flag it as a majority.

    A group already marked keeps its first mark. Raises ValidationError (and writes nothing) for
    an unknown characteristic or a group the characteristic lacks. Not audited: like a benchmark,
    it is about a group, not a person; the row says who marked it and when.
    """
    _priority_group_check(characteristic, group)
    # get_or_create fetches the row if someone else marked the group a moment ago.
    mark, _ = PriorityGroup.objects.get_or_create(
        characteristic=characteristic,
        group=group,
        defaults={"marked_by": actor if actor is not None and actor.is_authenticated else None},
    )
    logger.info(
        "Priority group %s/%s marked by user %s", characteristic, group, getattr(actor, "pk", None)
    )
    return mark


def priority_group_unmark(*, actor: User | None, characteristic: str, group: str) -> bool:
    """Take a group's priority mark away; returns whether it had one.

    Raises ValidationError (and writes nothing) for an unknown characteristic or group.
    """
    _priority_group_check(characteristic, group)
    removed, _ = PriorityGroup.objects.filter(characteristic=characteristic, group=group).delete()
    logger.info(
        "Priority group %s/%s unmarked by user %s",
        characteristic,
        group,
        getattr(actor, "pk", None),
    )
    return bool(removed)
