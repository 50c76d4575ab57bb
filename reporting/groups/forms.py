"""The forms for choosing a group, naming it, and writing a message to it.

Forms validate; the views pass what they cleaned to `services`. The equality fields are added
only for staff with the equality-data permission (the view refuses a form sent with them by
anyone else).
"""

import datetime as dt

from django import forms

from cocreation.lib.forms import NHSDateField
from cocreation.lib.pickers import PickerFormMixin, PickManyField
from community.models import EthnicGroup, Interest, Locality, Relationship

from .criteria import EQUALITY_FIELDS, TOOK_PART, criteria_clean
from .models import GroupChannel
from .pickers import PARTNERS, SERIES

EQUALITY_PREFIX = "eq_"


def equality_field_names() -> list[str]:
    return [f"{EQUALITY_PREFIX}{name}" for name in EQUALITY_FIELDS]


def sent_equality(data) -> bool:
    """Whether a form was sent with any equality criterion in it (even one the page never had)."""
    return any(key.startswith(EQUALITY_PREFIX) for key in data)


class GroupForm(PickerFormMixin, forms.Form):
    name = forms.CharField(
        label="Name of the group",
        max_length=200,
        required=False,
        help_text="For example, 'Everyone who came to the carers' sessions'.",
    )
    activities = PickManyField(
        kind="activities",
        label="Activities",
        search_label="Search for an activity by its title",
        required=False,
    )
    projects = PickManyField(
        kind="projects",
        label="Projects",
        search_label="Search for a project by its title",
        required=False,
        help_text="Anyone who took part in any of the project's activities.",
    )
    series = PickManyField(
        kind=SERIES,
        label="Series of sessions",
        search_label="Search for a series by its title",
        required=False,
        help_text="Anyone who took part in any session of the series.",
    )
    took_part = forms.ChoiceField(
        label="Took part means",
        choices=[(k, v.capitalize()) for k, v in TOOK_PART.items()],
        initial="either",
        widget=forms.RadioSelect,
        required=False,
    )
    interests = forms.ModelMultipleChoiceField(
        label="Interested in",
        queryset=Interest.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Anyone interested in any of these.",
    )
    localities = forms.ModelMultipleChoiceField(
        label="Lives in",
        queryset=Locality.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    relationships = forms.MultipleChoiceField(
        label="Relationship to our services",
        choices=Relationship.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    champions = forms.BooleanField(
        label="Only current Community Co-creation Champions", required=False
    )
    partners = PickManyField(
        kind=PARTNERS,
        label="Contacts of partner organisations",
        search_label="Search for a partner organisation by its name",
        required=False,
        help_text=(
            "People in the register whose email address is a contact's of any of these "
            "organisations. Contacts who are not in the register are not included."
        ),
    )
    last_involved_before = NHSDateField(
        label="Last came to something before",
        required=False,
        help_text=(
            "People who came to at least one activity, and to none on or after this date. "
            "For example, 1 3 2026"
        ),
    )

    def __init__(self, *args, equality: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.equality = equality
        if equality:
            for name, (label, choices) in EQUALITY_FIELDS.items():
                if choices is None:
                    options = [(str(g.pk), g.label) for g in EthnicGroup.objects.all()]
                else:
                    options = list(choices.choices)
                self.fields[f"{EQUALITY_PREFIX}{name}"] = forms.MultipleChoiceField(
                    label=label,
                    choices=options,
                    widget=forms.CheckboxSelectMultiple,
                    required=False,
                )

    def criteria(self) -> dict:
        data = self.cleaned_data
        raw = {
            "activities": [a.pk for a in data.get("activities") or []],
            "projects": [p.pk for p in data.get("projects") or []],
            "series": [s.pk for s in data.get("series") or []],
            "took_part": data.get("took_part") or "either",
            "interests": [i.pk for i in data.get("interests") or []],
            "localities": [loc.pk for loc in data.get("localities") or []],
            "relationships": data.get("relationships") or [],
            "champions": bool(data.get("champions")),
            "partners": [o.pk for o in data.get("partners") or []],
            "last_involved_before": (
                data["last_involved_before"].isoformat()
                if data.get("last_involved_before")
                else None
            ),
        }
        if self.equality:
            raw["equality"] = {
                name: data.get(f"{EQUALITY_PREFIX}{name}") or [] for name in EQUALITY_FIELDS
            }
        return criteria_clean(raw)


def group_initial(criteria: dict) -> dict:
    """The form's starting values for saved criteria."""
    initial = {key: criteria.get(key, []) for key in ("activities", "projects", "series")}
    initial.update(
        {
            "took_part": criteria.get("took_part", "either"),
            "interests": criteria.get("interests", []),
            "localities": criteria.get("localities", []),
            "relationships": criteria.get("relationships", []),
            "champions": criteria.get("champions", False),
            "partners": criteria.get("partners", []),
        }
    )
    if criteria.get("last_involved_before"):
        initial["last_involved_before"] = dt.date.fromisoformat(criteria["last_involved_before"])
    for name, values in (criteria.get("equality") or {}).items():
        initial[f"{EQUALITY_PREFIX}{name}"] = values
    return initial


class MessageForm(forms.Form):
    channel = forms.ChoiceField(
        label="How to send it",
        choices=GroupChannel.choices,
        initial=GroupChannel.BOTH,
        widget=forms.RadioSelect,
        help_text=(
            "Each person gets it the way they chose. Email and text message: an email to "
            "everyone who chose email, and a text to people who chose text messages and cannot "
            "be emailed. Text message only: only people who cannot be emailed (people who can "
            "are always emailed first)."
        ),
    )
    subject = forms.CharField(label="Email subject", max_length=200, required=False)
    body = forms.CharField(
        label="Email text",
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="Plain text. Leave a blank line between paragraphs.",
    )
    sms_body = forms.CharField(
        label="Text message",
        max_length=480,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Up to 480 characters. We add who it is from and a link to change choices.",
    )


class SendForm(forms.Form):
    confirm = forms.BooleanField(
        label="I have checked the preview and want to send this message now",
        error_messages={"required": "Confirm that you want to send this message now"},
    )
