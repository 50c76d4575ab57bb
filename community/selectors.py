"""Reads about people for pages."""

import re

from django.contrib.auth.models import Group
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Value, prefetch_related_objects
from django.db.models.functions import Lower, Replace
from django.utils import timezone
from django.utils.text import capfirst

from cocreation.lib.aggregates import joined_per_row, split_joined

from .models import (
    AccessNeed,
    AuditAction,
    AuditEvent,
    Champion,
    CoCreator,
    CoCreatorAccessNeed,
    CoCreatorRelationship,
    CoCreatorStatus,
    ConsentPurpose,
    Demographics,
    HeardFrom,
    Interest,
    Locality,
    NewsletterChoice,
    PartnerContact,
    PartnerOrganisation,
    Relationship,
    Role,
)


def role_counts() -> list[dict]:
    """Active accounts per role, in the order of the Role choices, in one query."""
    counts = dict(
        Group.objects.filter(name__in=Role.labels)
        .annotate(n=Count("user", filter=Q(user__is_active=True)))
        .values_list("name", "n")
    )
    return [{"role": role, "count": counts.get(role.label, 0)} for role in Role]


# --- Partners and champions --------------------------------------------------------------------


def partner_list(*, kind: str = "", status: str = "", search: str = ""):
    """Partner organisations for the staff list: filtered, with contact counts and localities."""
    partners = PartnerOrganisation.objects.annotate(contact_count=Count("contacts", distinct=True))
    if kind:
        partners = partners.filter(kind=kind)
    if status:
        partners = partners.filter(status=status)
    if search.strip():
        partners = partners.filter(name__icontains=search.strip())
    return partners.prefetch_related(
        Prefetch("localities", queryset=Locality.objects.only("pk", "name"))
    ).order_by("name", "pk")


def partner_contacts_with_champions(partner) -> list:
    """A partner's contacts, each with their champion roles loaded (newest first)."""
    return list(
        partner.contacts.prefetch_related(
            Prefetch(
                "champion_roles",
                queryset=Champion.objects.prefetch_related("localities").order_by("-since", "-pk"),
            )
        ).order_by("name", "pk")
    )


def champion_list(*, state: str = ""):
    """Champion roles with the person behind each and the localities they reach.

    `state` is "current" (no end date, or one still to come), "ended", or empty for all.
    """
    champions = Champion.objects.select_related("cocreator", "partner_contact__organisation")
    today = timezone.localdate()
    if state == "current":
        champions = champions.filter(Q(until__isnull=True) | Q(until__gte=today))
    elif state == "ended":
        champions = champions.filter(until__lt=today)
    return champions.prefetch_related(
        Prefetch("localities", queryset=Locality.objects.only("pk", "name"))
    ).order_by("-since", "-pk")


def champion_person_choices(*, also_cocreator_id: int | None = None):
    """Who can be a champion: current co-creators (plus one already chosen) and partner contacts."""
    cocreators = CoCreator.objects.filter(
        ~Q(status=CoCreatorStatus.LEFT) | Q(pk=also_cocreator_id)
    ).only("pk", "full_name", "preferred_name", "email", "phone")
    return (
        cocreators.order_by("full_name", "pk"),
        PartnerContact.objects.select_related("organisation").order_by(
            "organisation__name", "name"
        ),
    )


# --- Community register ------------------------------------------------------------------------

AVAILABILITY_FIELDS = {
    "weekdays": "available_weekdays",
    "evenings": "available_evenings",
    "weekends": "available_weekends",
    "online": "available_online",
    "in_person": "available_in_person",
}


def cocreator_search(
    *,
    text: str = "",
    status: str = "",
    locality_id: int | None = None,
    relationship: str = "",
    interest_id: int | None = None,
    availability: str = "",
    access_need: str = "",
):
    """The register filtered by a search and any filters (all must match), ready for a table."""
    people = CoCreator.objects.all()
    text = text.strip()
    digits = re.sub(r"[\s()-]", "", text)
    if text and re.fullmatch(r"\+?\d{3,}", digits):
        # Phone numbers are kept as digits: "07700 900" also finds "07700900123".
        if digits.startswith("+44"):
            digits = "0" + digits[3:].removeprefix("0")
        people = people.filter(
            Q(pk__in=CoCreator.objects.search(text).values("pk")) | Q(phone__contains=digits)
        )
    elif text:
        people = people.search(text)
    if status:
        people = people.filter(status=status)
    if locality_id:
        people = people.filter(locality_id=locality_id)
    if relationship:
        people = people.filter(
            Exists(
                CoCreatorRelationship.objects.filter(cocreator=OuterRef("pk"), kind=relationship)
            )
        )
    if interest_id:
        people = people.filter(
            Exists(
                CoCreator.interests.through.objects.filter(
                    cocreator_id=OuterRef("pk"), interest_id=interest_id
                )
            )
        )
    if availability:
        people = people.filter(**{AVAILABILITY_FIELDS[availability]: True})
    if access_need:
        people = people.filter(
            Exists(CoCreatorAccessNeed.objects.filter(cocreator=OuterRef("pk"), kind=access_need))
        )
    return (
        people.select_related("locality")
        .prefetch_related(
            Prefetch("relationships", queryset=CoCreatorRelationship.objects.order_by("kind"))
        )
        .order_by("full_name", "pk")
    )


EXPORT_HEADER = [
    "Record number",
    "Full name",
    "Preferred name",
    "Pronouns",
    "Date of birth",
    "Email address",
    "Phone number",
    "Postal address",
    "Postcode",
    "Area",
    "Relationships",
    "Interests",
    "Availability",
    "Access needs",
    "Language for an interpreter",
    "Other access needs",
    "Preferred contact",
    "Newsletter",
    "How they heard about us",
    "Status",
    "Date joined",
    "Portal login",
]
EXPORT_AVAILABILITY = (
    ("weekdays", "Weekdays"),
    ("evenings", "Evenings"),
    ("weekends", "Weekends"),
    ("online", "Online"),
    ("in_person", "In person"),
)
EXPORT_CHANNELS = (
    ("prefers_email", "Email"),
    ("prefers_sms", "Text message"),
    ("prefers_phone", "Phone call"),
    ("prefers_post", "Post"),
)
EXPORT_CHUNK = 2000


def cocreator_export_rows(people):
    """A header, then one row of plain values per person: no equality data, no staff note.

    The header is yielded before the database is read, so it can be sent at once. Then one
    query, read EXPORT_CHUNK rows at a time (a server-side cursor on PostgreSQL), with each
    person's relationships, access needs and interests gathered by subqueries in that same
    query: two queries in all (the other is the interests' names), whatever the number of
    people, and never more than a chunk of them in memory.
    """
    yield EXPORT_HEADER
    # In the interests' own order (kind, then name), as the register shows them.
    interests = list(Interest.objects.values_list("pk", "name"))
    interest_rank = {str(pk): rank for rank, (pk, _) in enumerate(interests)}
    interest_names = [name for _, name in interests]
    people = (
        people.prefetch_related(None)
        .select_related(None)
        .annotate(
            export_relationships=joined_per_row(
                CoCreatorRelationship.objects.all(), "cocreator_id", "kind"
            ),
            export_access_needs=joined_per_row(
                CoCreatorAccessNeed.objects.all(), "cocreator_id", "kind"
            ),
            export_interests=joined_per_row(
                CoCreator.interests.through.objects.all(), "cocreator_id", "interest_id"
            ),
        )
    )
    relationships = dict(Relationship.choices)
    access_needs = dict(AccessNeed.choices)
    newsletter = dict(NewsletterChoice.choices)
    heard_from = dict(HeardFrom.choices)
    status = dict(CoCreatorStatus.choices)
    availability = [AVAILABILITY_FIELDS[key] for key, _ in EXPORT_AVAILABILITY]
    channels = [field for field, _ in EXPORT_CHANNELS]
    columns = (
        "pk",
        "full_name",
        "preferred_name",
        "pronouns",
        "date_of_birth",
        "email",
        "phone",
        "address",
        "postcode",
        "locality__name",
        "export_relationships",
        "export_interests",
        *availability,
        "export_access_needs",
        "interpreter_language",
        "access_needs_other",
        *channels,
        "newsletter",
        "heard_from",
        "status",
        "date_joined",
        "user_id",
    )
    # Plain values, not model instances: a third of the time at 50,000 people.
    for values in people.values_list(*columns).iterator(chunk_size=EXPORT_CHUNK):
        person = dict(zip(columns, values, strict=True))
        interest_ranks = sorted(
            interest_rank[i] for i in split_joined(person["export_interests"]) if i in interest_rank
        )
        born = person["date_of_birth"]
        yield [
            person["pk"],
            person["full_name"],
            person["preferred_name"],
            person["pronouns"],
            born.isoformat() if born else "",
            person["email"],
            person["phone"],
            person["address"],
            person["postcode"],
            person["locality__name"] or "",
            "; ".join(
                relationships.get(k, k) for k in split_joined(person["export_relationships"])
            ),
            "; ".join(interest_names[rank] for rank in interest_ranks),
            "; ".join(
                label
                for field, (_, label) in zip(availability, EXPORT_AVAILABILITY, strict=True)
                if person[field]
            ),
            "; ".join(access_needs.get(k, k) for k in split_joined(person["export_access_needs"])),
            person["interpreter_language"],
            person["access_needs_other"],
            "; ".join(label for field, label in EXPORT_CHANNELS if person[field]),
            newsletter.get(person["newsletter"], person["newsletter"]),
            heard_from.get(person["heard_from"], person["heard_from"]),
            status.get(person["status"], person["status"]),
            person["date_joined"].isoformat(),
            "Yes" if person["user_id"] else "No",
        ]


def cocreator_possible_duplicates(
    *, email: str = "", phone: str = "", full_name: str = "", date_of_birth=None
) -> list:
    """People already in the register with the same email, phone, or name and date of birth.

    Each carries `matched_on`, a plain-English note of what matched.
    """
    conditions = Q(pk__in=[])
    if email:
        conditions |= Q(email__iexact=email)
    if phone:
        conditions |= Q(phone_digits=phone)
    if full_name and date_of_birth:
        conditions |= Q(full_name__iexact=full_name, date_of_birth=date_of_birth)
    people = (
        CoCreator.objects.annotate(
            phone_digits=Replace(Replace("phone", Value(" "), Value("")), Value("-"), Value("")),
            email_lower=Lower("email"),
        )
        .filter(conditions)
        .order_by("full_name", "pk")[:10]
    )
    found = []
    for person in people:
        reasons = []
        if email and person.email_lower == email.lower():
            reasons.append("email address")
        if phone and person.phone_digits == phone:
            reasons.append("phone number")
        if (
            full_name
            and date_of_birth
            and person.full_name.lower() == full_name.lower()
            and person.date_of_birth == date_of_birth
        ):
            reasons.append("name and date of birth")
        person.matched_on = " and ".join(reasons)
        found.append(person)
    return found


def cocreator_profile(cocreator) -> dict:
    """What the staff profile page shows beside the record: child rows, champion roles, activity."""
    prefetch_related_objects(
        [cocreator],
        Prefetch("relationships", queryset=CoCreatorRelationship.objects.order_by("kind")),
        Prefetch("access_needs", queryset=CoCreatorAccessNeed.objects.order_by("kind")),
        "interests",
        Prefetch(
            "champion_roles",
            queryset=Champion.objects.prefetch_related("localities").order_by("-since", "-pk"),
        ),
    )
    demographics = (
        Demographics.objects.select_related("ethnic_group").filter(cocreator=cocreator).first()
    )
    return {
        "demographics": demographics,
        "recent_activity": audit_events(cocreator_id=cocreator.pk)[:10],
    }


def audit_events(*, cocreator_id: int | None = None):
    """The audit trail, newest first, with who did each thing."""
    events = AuditEvent.objects.select_related("actor").order_by("-at", "-pk")
    if cocreator_id is not None:
        events = events.filter(cocreator_id=cocreator_id)
    return events


def cocreator_left_at(cocreator):
    """When the person left (the time their personal data was erased), or None."""
    if cocreator.status != CoCreatorStatus.LEFT:
        return None
    event = (
        AuditEvent.objects.filter(cocreator_id=cocreator.pk, action=AuditAction.ERASE)
        .order_by("-at", "-pk")
        .first()
    )
    return event.at if event else None


def cocreator_names(ids) -> dict:
    """Names of the records with these ids, in one query, for labelling links."""
    return dict(
        CoCreator.objects.filter(pk__in={i for i in ids if i is not None}).values_list(
            "pk", "full_name"
        )
    )


# --- Co-creator portal -------------------------------------------------------------------------


def portal_overview(*, cocreator) -> dict:
    """What the portal home shows a person about their own record, in words."""

    def words(prefix, keys):
        return [
            capfirst(CoCreator._meta.get_field(f"{prefix}_{key}").verbose_name)
            for key in keys
            if getattr(person, f"{prefix}_{key}")
        ]

    person = cocreator
    consent = person.consents.active().filter(purpose=ConsentPurpose.EQUALITY_MONITORING).first()
    answers = Demographics.objects.filter(cocreator=person).first()
    answered = answers is not None and any(
        getattr(answers, f.attname) not in ("", None)
        for f in Demographics._meta.concrete_fields
        if f.name not in ("id", "cocreator", "updated_at")
    )
    return {
        "relationships": [r.get_kind_display() for r in person.relationships.all()],
        "interests": [i.name for i in person.interests.all()],
        "access_needs": [a.get_kind_display() for a in person.access_needs.order_by("kind")],
        "availability": words(
            "available", ("weekdays", "evenings", "weekends", "online", "in_person")
        ),
        "channels": words("prefers", ("email", "sms", "phone", "post")),
        "equality_consent": consent,
        "equality_answered": answered,
    }
