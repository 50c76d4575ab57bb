"""`{{ event.fields|audit_fields }}`: an audit event's field names in words, joined by commas."""

from django import template

from ..audit import audit_field_labels

register = template.Library()


@register.filter
def audit_fields(names) -> str:
    """Like "Full name, Pregnancy and maternity"; "" for none."""
    return ", ".join(audit_field_labels(names or ()))
