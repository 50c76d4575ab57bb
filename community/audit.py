"""The audit trail: who did what to whose record. Every app notes changes to a person here.

A module of its own, below `services` and `messaging`, so both (and every other app) can note an
event without importing each other.
"""

from collections.abc import Iterable

from django.core.exceptions import FieldDoesNotExist
from django.utils.text import capfirst

from .models import AuditAction, AuditEvent, CoCreator, Demographics, User


def audit_record(
    *,
    actor: User | None,
    action: AuditAction,
    cocreator_id: int | None = None,
    fields: Iterable[str] = (),
    count: int | None = None,
) -> AuditEvent:
    """Note who did what to whose record. Field names only: never the values."""
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        cocreator_id=cocreator_id,
        fields=sorted(fields),
        count=count,
    )


# Audit events hold names, not words: a field of the person's record ("full_name"), an equality
# monitoring answer ("demographics.pregnancy_maternity") or a part of the record kept elsewhere
# ("attendance"). Staff read words. Where a field's own label would be unclear on its own
# ("email" for a way of contact), or names the question rather than what it is about, it is
# said here.
FIELD_WORDS = {
    "user": "Portal login",
    "demographics": "Equality monitoring answers",
    "relationships": "How they relate to our services",
    "access_needs": "Access and communication needs",
    "interests": "Interests",
    "locality": "Area they live in",
    "prefers_email": "Contact by email",
    "prefers_sms": "Contact by text message",
    "prefers_post": "Contact by post",
    "prefers_phone": "Contact by phone call",
    "available_weekdays": "Available on weekdays",
    "available_evenings": "Available in the evenings",
    "available_weekends": "Available at weekends",
    "available_online": "Available online",
    "available_in_person": "Available in person",
    "newsletter": "Newsletter",
    "email_unsubscribed_at": "Unsubscribed from all email",
    "champion": "Community Co-creation Champion role",
    "signups": "Places booked on activities",
    "attendance": "Attendance",
    "calendar_feed": "Calendar feed",
    "survey answers": "Survey answers",
    "case_study": "Case study",
    "case_study_publish_consent": "Consent to publish a case study",
    "contact_log": "Contact log",
}
DEMOGRAPHICS_WORDS = {
    "year_of_birth": "Year of birth",
    "age_band": "Age",
    "gender_same_as_birth": "Gender identity",
    "religion": "Religion or belief",
    "carer": "Carer",
    "marital_status": "Marriage and civil partnership",
    "pregnancy_maternity": "Pregnancy and maternity",
    "first_language_other": "First language (other)",
}


def _model_label(model, name: str) -> str | None:
    try:
        return capfirst(str(model._meta.get_field(name).verbose_name))
    except FieldDoesNotExist:
        return None


def audit_field_label(name: str) -> str:
    """The words for one name an audit event holds: "Pregnancy and maternity", "Full name"."""
    if name in FIELD_WORDS:
        return FIELD_WORDS[name]
    section, _, field = name.partition(".")
    if section == "demographics" and field:
        words = DEMOGRAPHICS_WORDS.get(field) or _model_label(Demographics, field)
        return words or capfirst(field.replace("_", " "))
    return _model_label(CoCreator, name) or capfirst(name.replace("_", " "))


def audit_field_labels(names: Iterable[str]) -> list[str]:
    """The words for an event's field names, in the order given."""
    return [audit_field_label(name) for name in names]
