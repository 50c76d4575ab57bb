"""Pieces the staff forms share: choice lists with an "any" option, the staff picker, the
level radios with hints and the NHS.UK time field."""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms.renderers import TemplatesSetting

from community.models import Role, User


def choices_with_any(label: str, choices) -> list:
    return [("", label), *choices]


def any_choice_field(label: str, any_label: str, choices) -> forms.ChoiceField:
    """An optional filter whose empty option is `any_label`, such as "Any status"."""
    return forms.ChoiceField(
        label=label, choices=choices_with_any(any_label, choices), required=False
    )


def title_errors(thing: str) -> dict:
    return {
        "required": f"Enter a title for the {thing}",
        "max_length": "Title must be 200 characters or fewer",
    }


def _user_name(user) -> str:
    return user.full_name or user.email


class StaffUserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _user_name(obj)


def staff_users(*, also_pk: int | None = None):
    """Involvement staff who can lead a project or activity (plus whoever leads it now)."""
    return (
        User.objects.filter(Q(groups__name=Role.STAFF.label, is_active=True) | Q(pk=also_pk))
        .distinct()
        .order_by("full_name", "email")
    )


class RadiosWithHints(forms.widgets.ChoiceWidget):
    """NHS.UK radios where each option has a hint under its label (for example, what a level means).

    Not a RadioSelect subclass on purpose: the crispy pack would render its plain radios instead.
    With `use_fieldset` the pack still wraps these in a fieldset with the legend, hint and error.
    """

    input_type = "radio"
    template_name = "activities/activity_widget_radios.html"
    use_fieldset = True

    def __init__(self, attrs=None, choices=(), hints=None):
        super().__init__(attrs, choices)
        self.hints = dict(hints or {})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        for _group, options, _index in context["widget"]["optgroups"]:
            for option in options:
                option["hint"] = self.hints.get(option["value"]) or self.hints.get(
                    str(option["value"])
                )
                option["attrs"].pop("aria-invalid", None)
                option["attrs"].pop("aria-describedby", None)
        return context

    def id_for_label(self, id_, index=None):
        # The error summary links to the first radio, as it does for the pack's own radios.
        return "" if index is None else super().id_for_label(id_, index)

    def _render(self, template_name, context, renderer=None):
        return super()._render(template_name, context, TemplatesSetting())


TIME_PATTERN = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?(am|pm)?$")


class NHSTimeField(forms.Field):
    """A time of day typed as hours and minutes, like 09:30 or 14:00 (2pm and 2:30pm work too)."""

    widget = forms.TextInput
    default_error_messages = {
        "required": "Enter the {label_lower}",
        "invalid": "{label} must be a time, like 09:30 or 14:00",
        "not_real": "{label} must be a real time, between 00:00 and 23:59",
    }

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.update(
            {"class": "nhsuk-input--width-5", "autocomplete": "off", "spellcheck": "false"}
        )
        return attrs

    def _error(self, code):
        label = str(self.label or "Time")
        message = self.error_messages[code].format(
            label=label, label_lower=label[:1].lower() + label[1:]
        )
        return ValidationError(message, code=code)

    def prepare_value(self, value):
        if isinstance(value, datetime.time):
            return value.strftime("%H:%M")
        return value

    def to_python(self, value):
        if isinstance(value, datetime.time):
            return value
        text = "".join(str(value or "").split()).lower()
        if not text:
            return None
        match = TIME_PATTERN.match(text)
        if not match or (match.group(2) is None and match.group(3) is None):
            raise self._error("invalid")
        hour, minute, meridiem = int(match.group(1)), int(match.group(2) or 0), match.group(3)
        if meridiem:
            if not 1 <= hour <= 12:
                raise self._error("not_real")
            hour = hour % 12 + (12 if meridiem == "pm" else 0)
        if hour > 23 or minute > 59:
            raise self._error("not_real")
        return datetime.time(hour, minute)

    def validate(self, value):
        if value is None and self.required:
            raise self._error("required")
