"""Forms for the community register: one person's record, finding people, the audit trail.

The equality monitoring forms the portal shares are in `equality.py`; the import's form for each
spreadsheet row is `community.imports.forms.CoCreatorImportForm`.
"""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from cocreation.lib.forms import NHSDateField, NHSDateWidget

from ..models import AccessNeed, CoCreator, CoCreatorStatus, Interest, Locality, Relationship
from ..selectors import cocreator_possible_duplicates
from ..validators import normalise_uk_postcode
from .equality import without_blank

# --- The register: one person's record ---------------------------------------------------------

AVAILABILITY = [
    ("weekdays", "Weekdays"),
    ("evenings", "Evenings"),
    ("weekends", "Weekends"),
    ("online", "Online"),
    ("in_person", "In person"),
]
CHANNELS = [
    ("email", "Email"),
    ("sms", "Text message (SMS)"),
    ("phone", "Phone call"),
    ("post", "Post"),
]
# Which contact detail each preferred way of contact needs, and what to say when it is missing.
CHANNEL_NEEDS = {
    "email": ("email", "Enter an email address, because email is chosen as a way to contact them"),
    "sms": (
        "phone",
        "Enter a phone number, because text message is chosen as a way to contact them",
    ),
    "phone": (
        "phone",
        "Enter a phone number, because phone call is chosen as a way to contact them",
    ),
    "post": ("address", "Enter a postal address, because post is chosen as a way to contact them"),
}
PHONE_ALLOWED = re.compile(r"^\+?[\d\s()-]+$")


def normalise_uk_phone(text: str) -> str:
    """A UK phone number as digits starting with 0, or raise ValidationError in plain English."""
    text = text.strip()
    if not PHONE_ALLOWED.match(text):
        raise ValidationError(
            "Enter a UK phone number using numbers only, like 01632 960 001 or 07700 900 982",
            code="phone_characters",
        )
    digits = re.sub(r"[\s()-]", "", text)
    if digits.startswith("+"):
        if not digits.startswith("+44"):
            raise ValidationError(
                "Enter a UK phone number. International numbers must start with +44",
                code="phone_country",
            )
        digits = "0" + digits[3:].removeprefix("0")
    if not digits.startswith("0") or not 10 <= len(digits) <= 11:
        raise ValidationError(
            "Enter a UK phone number with 10 or 11 digits, like 01632 960 001 or 07700 900 982",
            code="phone_length",
        )
    return digits


class OwnNameAndPhoneMixin:
    """Tidies a person's own name and phone as they type them (the join and profile forms)."""

    def clean_full_name(self):
        name = " ".join(self.cleaned_data["full_name"].split())
        if not name:
            raise ValidationError("Enter your full name", code="required")
        return name

    def clean_preferred_name(self):
        return " ".join(self.cleaned_data["preferred_name"].split())

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        return normalise_uk_phone(phone) if phone else ""


class CoCreatorForm(forms.ModelForm):
    """Everything staff record about a person. The view passes the result to the services."""

    date_of_birth = NHSDateField(
        label="Date of birth",
        required=False,
        help_text="For example, 15 3 1984",
        widget=NHSDateWidget(autocomplete="bday"),
    )
    date_joined = NHSDateField(label="Date joined", help_text="For example, 1 4 2025")
    relationships = forms.MultipleChoiceField(
        label="How they relate to our services",
        help_text="Select all that apply.",
        choices=Relationship.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    interests = forms.ModelMultipleChoiceField(
        label="Interests",
        help_text="Services and topics they would like to help with. Select all that apply.",
        queryset=Interest.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    availability = forms.MultipleChoiceField(
        label="When and how they can take part",
        help_text="Select all that apply.",
        choices=AVAILABILITY,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    access_needs = forms.MultipleChoiceField(
        label="Access and communication needs",
        help_text="Select all that apply.",
        choices=AccessNeed.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    channels = forms.MultipleChoiceField(
        label="How they would like us to contact them",
        help_text="Select all that apply.",
        choices=CHANNELS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = CoCreator
        fields = [
            "full_name",
            "preferred_name",
            "pronouns",
            "date_of_birth",
            "email",
            "phone",
            "address",
            "postcode",
            "locality",
            "relationships",
            "interests",
            "availability",
            "access_needs",
            "interpreter_language",
            "access_needs_other",
            "channels",
            "morning_reminder",
            "newsletter",
            "heard_from",
            "status",
            "date_joined",
            "staff_note",
        ]
        labels = {
            "full_name": "Full name",
            "preferred_name": "Preferred name",
            "pronouns": "Pronouns",
            "email": "Email address",
            "phone": "Phone number",
            "address": "Postal address",
            "postcode": "Postcode",
            "locality": "Area they live in",
            "interpreter_language": "Language for an interpreter",
            "access_needs_other": "Describe any other access needs",
            "morning_reminder": "Send a second reminder on the morning of each session",
            "newsletter": "Newsletter",
            "heard_from": "How they heard about us",
            "status": "Status",
            "staff_note": "Staff note",
        }
        help_texts = {
            "preferred_name": "What they like to be called, if different.",
            "pronouns": "For example, she/her, he/him or they/them.",
            "phone": "A UK number, like 01632 960 001 or 07700 900 982.",
            "interpreter_language": "Needed if you selected Interpreter.",
            "access_needs_other": "Needed if you selected Other.",
            "staff_note": "Seen only by the involvement team. Do not record clinical information.",
        }
        widgets = {
            "address": forms.Textarea(attrs={"rows": 3, "autocomplete": "street-address"}),
            "staff_note": forms.Textarea(attrs={"rows": 4}),
            "status": forms.RadioSelect,
            "newsletter": forms.RadioSelect,
            "full_name": forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
            "email": forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
            "phone": forms.TextInput(attrs={"autocomplete": "off", "type": "tel"}),
            "postcode": forms.TextInput(
                attrs={"autocomplete": "off", "class": "nhsuk-input--width-10"}
            ),
        }
        error_messages = {
            "full_name": {"required": "Enter the person's full name"},
            "email": {
                "invalid": "Enter an email address in the correct format, like name@example.com"
            },
            "status": {"required": "Choose a status"},
        }

    # Left out of the model's own checks: the login is never edited here.
    model_check_exclude = ("user",)

    def __init__(self, *args, today: datetime.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # "Today" for the rules on dates; an import checks every row against the same day.
        self.today = today or timezone.localdate()
        locality = self.fields["locality"]
        locality.queryset = Locality.objects.all()
        locality.empty_label = "Not known"
        locality.error_messages["invalid_choice"] = "Choose an area from the list"
        self.fields["status"].choices = CoCreatorStatus.choices
        self.fields["newsletter"].choices = without_blank(self.fields["newsletter"].choices)
        self.fields["heard_from"].choices = [
            ("", "Not known"),
            *without_blank(self.fields["heard_from"].choices),
        ]
        for name in ("relationships", "availability", "access_needs", "channels"):
            self.fields[name].error_messages["invalid_choice"] = "Choose from the options given"
        self.fields["interests"].error_messages["invalid_choice"] = "Choose from the options given"
        if self.instance.pk and not self.is_bound:
            person = self.instance
            self.initial["relationships"] = [r.kind for r in person.relationships.all()]
            self.initial["access_needs"] = [a.kind for a in person.access_needs.all()]
            self.initial["interests"] = [i.pk for i in person.interests.all()]
            self.initial["availability"] = [
                key for key, _ in AVAILABILITY if getattr(person, f"available_{key}")
            ]
            self.initial["channels"] = [
                key for key, _ in CHANNELS if getattr(person, f"prefers_{key}")
            ]

    def clean_full_name(self):
        name = " ".join(self.cleaned_data["full_name"].split())
        if not name:
            raise ValidationError("Enter the person's full name", code="required")
        return name

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        return normalise_uk_phone(phone) if phone else ""

    def clean_postcode(self):
        postcode = self.cleaned_data["postcode"]
        return normalise_uk_postcode(postcode) if postcode.strip() else ""

    def clean_date_of_birth(self):
        born = self.cleaned_data.get("date_of_birth")
        if born and born > self.today:
            raise ValidationError("Date of birth must be in the past", code="future")
        return born

    def clean_date_joined(self):
        joined = self.cleaned_data.get("date_joined")
        if joined and joined > self.today:
            raise ValidationError("Date joined must be today or in the past", code="future")
        return joined

    def clean(self):
        cleaned = super().clean()
        needs = cleaned.get("access_needs") or []
        if AccessNeed.INTERPRETER in needs and not cleaned.get("interpreter_language", "").strip():
            self.add_error(
                "interpreter_language",
                ValidationError(
                    "Enter the language the person needs an interpreter for",
                    code="needed_for_interpreter",
                ),
            )
        if AccessNeed.OTHER in needs and not cleaned.get("access_needs_other", "").strip():
            self.add_error(
                "access_needs_other",
                ValidationError("Describe the other access need", code="needed_for_other"),
            )
        for channel in cleaned.get("channels") or []:
            needed, message = CHANNEL_NEEDS[channel]
            # Only when the detail itself passed its own checks is its absence the problem.
            if needed not in self.errors and not cleaned.get(needed):
                self.add_error(needed, ValidationError(message, code="needed_for_channel"))
        return cleaned

    def _post_clean(self):
        # Validate against the model without touching the instance: the services make the change
        # and compare old values with new ones to audit what changed.
        instance = CoCreator(**self.record_fields()) if not self.errors else None
        if instance is not None:
            try:
                instance.full_clean(exclude=self.model_check_exclude, validate_unique=False)
            except ValidationError as error:
                self._update_errors(error)

    def record_fields(self) -> dict:
        """The plain fields of the record, as keyword arguments for the services."""
        data = self.cleaned_data
        fields = {
            name: data.get(name)
            for name in self.Meta.fields
            if name
            not in ("relationships", "interests", "availability", "access_needs", "channels")
        }
        fields["date_joined"] = fields["date_joined"] or self.today
        for key, _ in AVAILABILITY:
            fields[f"available_{key}"] = key in (data.get("availability") or [])
        for key, _ in CHANNELS:
            fields[f"prefers_{key}"] = key in (data.get("channels") or [])
        return fields

    def service_kwargs(self) -> dict:
        """Everything for `cocreator_register` or `cocreator_update`."""
        return {
            **self.record_fields(),
            "relationships": list(self.cleaned_data.get("relationships") or []),
            "access_needs": list(self.cleaned_data.get("access_needs") or []),
            "interests": list(self.cleaned_data.get("interests") or []),
        }


class CoCreatorAddForm(CoCreatorForm):
    """Adding a person: also warns when they look like someone already in the register."""

    different_person = forms.BooleanField(
        label="This is a different person",
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.duplicates = []
        self.fields["status"].initial = CoCreatorStatus.ACTIVE
        self.fields["date_joined"].initial = timezone.localdate()

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        self.duplicates = cocreator_possible_duplicates(
            email=cleaned.get("email", ""),
            phone=cleaned.get("phone", ""),
            full_name=cleaned.get("full_name", ""),
            date_of_birth=cleaned.get("date_of_birth"),
        )
        if self.duplicates:
            field = self.fields["different_person"]
            field.widget = forms.CheckboxInput()
            field.help_text = format_html(
                'Possible matches already in the register:<ul class="nhsuk-list nhsuk-list--bullet">{}</ul>',
                format_html_join(
                    "",
                    '<li><a href="{}">{}</a> (same {})</li>',
                    (
                        (match.get_absolute_url(), match.full_name, match.matched_on)
                        for match in self.duplicates
                    ),
                ),
            )
            # The bound field copied the (empty) hint when it was made, before this check ran.
            self["different_person"].help_text = field.help_text
            if not cleaned.get("different_person"):
                self.add_error(
                    "different_person",
                    "This may be someone already in the register. Check the possible matches, "
                    "or tick 'This is a different person' to add them anyway",
                )
        return cleaned


# --- Finding people ----------------------------------------------------------------------------


class CoCreatorFilterForm(forms.Form):
    """The search box and filters of the register list. Every filter is optional; they combine."""

    q = forms.CharField(
        label="Search by name, email address or phone number",
        required=False,
        max_length=200,
        error_messages={"max_length": "Search must be 200 characters or fewer"},
    )
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any status"), *CoCreatorStatus.choices]
    )
    locality = forms.ModelChoiceField(
        label="Area",
        required=False,
        queryset=Locality.objects.all(),
        empty_label="Any area",
        error_messages={"invalid_choice": "Choose an area from the list"},
    )
    relationship = forms.ChoiceField(
        label="Relationship",
        required=False,
        choices=[("", "Any relationship"), *Relationship.choices],
    )
    interest = forms.ModelChoiceField(
        label="Interest",
        required=False,
        queryset=Interest.objects.all(),
        empty_label="Any interest",
        error_messages={"invalid_choice": "Choose an interest from the list"},
    )
    availability = forms.ChoiceField(
        label="Availability", required=False, choices=[("", "Any time or place"), *AVAILABILITY]
    )
    access_need = forms.ChoiceField(
        label="Access need", required=False, choices=[("", "Any or none"), *AccessNeed.choices]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("status", "relationship", "availability", "access_need"):
            self.fields[name].error_messages["invalid_choice"] = (
                f"Choose a {self.fields[name].label.lower()} from the list"
            )

    def search_kwargs(self) -> dict:
        """The filters as keyword arguments for `selectors.cocreator_search`."""
        data = self.cleaned_data
        return {
            "text": data.get("q") or "",
            "status": data.get("status") or "",
            "locality_id": data["locality"].pk if data.get("locality") else None,
            "relationship": data.get("relationship") or "",
            "interest_id": data["interest"].pk if data.get("interest") else None,
            "availability": data.get("availability") or "",
            "access_need": data.get("access_need") or "",
        }


class AuditFilterForm(forms.Form):
    """Narrow the audit log to one person's record."""

    record = forms.IntegerField(
        label="Record number",
        required=False,
        min_value=1,
        help_text="The number at the end of a person's record address, for example 42.",
        error_messages={
            "invalid": "Record number must be a whole number, like 42",
            "min_value": "Record number must be 1 or more",
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "nhsuk-input--width-10"}),
    )
