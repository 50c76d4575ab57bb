"""Forms for partner organisations, their contacts and Community Co-creation Champions."""

import re

from django import forms
from django.utils import timezone

from cocreation.lib.forms import NHSDateField
from cocreation.lib.pickers import PickerFormMixin, PickOneField

from ..models import (
    Champion,
    Locality,
    PartnerContact,
    PartnerKind,
    PartnerOrganisation,
    PartnershipStatus,
)
from ..selectors import champion_person_choices

PHONE = re.compile(r"^\+?[0-9 ()-]{7,30}$")
WEBSITE_ERROR = "Enter a website address in the correct format, like https://www.example.org"


def _localities_field(help_text: str) -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label="Areas they work in",
        queryset=Locality.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=help_text,
        error_messages={
            "invalid_choice": "Select areas from the list",
            "invalid_pk_value": "Select areas from the list",
        },
    )


class PartnerFilterForm(forms.Form):
    """The filters above the partner list. Every field may be left empty."""

    q = forms.CharField(label="Search by name", required=False, max_length=200)
    kind = forms.ChoiceField(
        label="Kind of organisation",
        choices=[("", "Any kind")] + list(PartnerKind.choices),
        required=False,
    )
    status = forms.ChoiceField(
        label="Partnership status",
        choices=[("", "Any status")] + list(PartnershipStatus.choices),
        required=False,
    )


class ValidateOnlyModelForm(forms.ModelForm):
    """A model form that only validates: the view hands `cleaned_data` to a service to save.

    Django's own model validation would copy the answers onto the instance (so a service could not
    tell what changed) and word its messages for developers; our `clean` methods say it plainly.
    """

    def _post_clean(self):
        pass


class ChampionFilterForm(forms.Form):
    """Which champion roles the list shows."""

    SHOW_CHOICES = [("current", "Current champions"), ("ended", "Ended roles"), ("all", "All")]

    show = forms.ChoiceField(
        label="Which champion roles to show", choices=SHOW_CHOICES, required=False
    )

    def state(self) -> str:
        """'current' (the default), 'ended' or '' for all."""
        value = self.cleaned_data.get("show") if self.is_valid() else ""
        value = value or "current"
        return "" if value == "all" else value


class PartnerForm(ValidateOnlyModelForm):
    """Add or change a partner organisation."""

    website = forms.URLField(
        label="Website",
        required=False,
        assume_scheme="https",
        max_length=200,
        error_messages={"invalid": WEBSITE_ERROR},
        help_text="For example, https://www.example.org",
    )
    localities = _localities_field("Select all that apply.")

    class Meta:
        model = PartnerOrganisation
        fields = [
            "name",
            "kind",
            "status",
            "communities_reached",
            "localities",
            "website",
            "notes",
        ]
        labels = {
            "name": "Organisation name",
            "kind": "What kind of organisation is it?",
            "status": "Partnership status",
            "communities_reached": "Communities they reach",
            "notes": "Notes",
        }
        help_texts = {
            "communities_reached": "For example, Nepali families in Folkestone, or young carers.",
            "notes": "Seen only by the involvement team.",
        }
        widgets = {
            "kind": forms.RadioSelect,
            "status": forms.RadioSelect,
            "communities_reached": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }
        error_messages = {
            "name": {
                "required": "Enter the organisation's name",
                "max_length": "Organisation name must be 200 characters or fewer",
            },
            "kind": {"required": "Select what kind of organisation it is"},
            "status": {"required": "Select the partnership status"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Radios have no empty choice: one must be picked.
        self.fields["kind"].choices = PartnerKind.choices
        self.fields["kind"].error_messages["invalid_choice"] = (
            "Select what kind of organisation it is"
        )
        self.fields["status"].choices = PartnershipStatus.choices
        self.fields["status"].error_messages["invalid_choice"] = "Select the partnership status"

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        clash = PartnerOrganisation.objects.filter(name__iexact=name)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(
                f"There is already a partner organisation called {name}. "
                "Use a different name, or change the existing one."
            )
        return name


class PartnerContactForm(ValidateOnlyModelForm):
    """Add or change a contact person at a partner organisation."""

    class Meta:
        model = PartnerContact
        fields = ["name", "role", "email", "phone"]
        labels = {
            "name": "Full name",
            "role": "Job title or role",
            "email": "Email address",
            "phone": "Phone number",
        }
        help_texts = {
            "email": "Give an email address, a phone number, or both.",
            "phone": "For example, 01632 960 001 or 07700 900 982",
        }
        widgets = {
            "email": forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        }
        error_messages = {
            "name": {
                "required": "Enter the contact's full name",
                "max_length": "Full name must be 200 characters or fewer",
            },
            "role": {"max_length": "Job title or role must be 200 characters or fewer"},
            "email": {
                "invalid": "Enter an email address in the correct format, like name@example.com"
            },
        }

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if phone and not PHONE.match(phone):
            raise forms.ValidationError("Enter a phone number, like 01632 960 001 or 07700 900 982")
        return phone

    def clean(self):
        cleaned = super().clean()
        if (
            not cleaned.get("email")
            and not cleaned.get("phone")
            and "email" not in self.errors
            and "phone" not in self.errors
        ):
            self.add_error("email", "Enter an email address or a phone number for the contact")
        return cleaned


class ChampionForm(PickerFormMixin, ValidateOnlyModelForm):
    """Appoint or change a Community Co-creation Champion: one co-creator OR one partner contact."""

    cocreator = PickOneField(
        kind="people",
        label="Co-creator",
        search_label="Search for a co-creator by name or email",
        required=False,
        empty_label="Not a co-creator",
        help_text="Leave this as 'Not a co-creator' if the champion is a partner contact.",
        error_messages={"invalid_choice": "Choose a co-creator from the matches shown"},
    )
    partner_contact = PickOneField(
        kind="partner-contacts",
        label="Partner contact",
        search_label="Search for a partner contact by their name or organisation",
        required=False,
        empty_label="Not a partner contact",
        help_text=(
            "Leave this as 'Not a partner contact' if you chose a co-creator. Someone you cannot "
            "find needs adding to their organisation first."
        ),
        error_messages={"invalid_choice": "Choose a partner contact from the matches shown"},
    )
    localities = _localities_field("Select all that apply.")
    since = NHSDateField(
        label="Date they started",
        help_text="For example, 15 3 2026",
        error_messages={"required": "Enter the date they started"},
    )
    until = NHSDateField(
        label="Date the role ended",
        required=False,
        help_text="Leave empty while they are still a champion.",
    )

    class Meta:
        model = Champion
        fields = ["cocreator", "partner_contact", "communities", "localities", "since", "until"]
        labels = {"communities": "Communities they reach"}
        help_texts = {
            "communities": "For example, the Polish community in Medway, or young men in Thanet.",
        }
        widgets = {"communities": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "communities": {"required": "Enter the communities they reach"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cocreators, contacts = champion_person_choices(
            also_cocreator_id=self.instance.cocreator_id if self.instance.pk else None
        )
        self.fields["cocreator"].queryset = cocreators
        self.fields["partner_contact"].queryset = contacts
        if not self.instance.pk and not self.is_bound:
            self.initial.setdefault("since", timezone.localdate())

    def clean(self):
        cleaned = super().clean()
        cocreator, contact = cleaned.get("cocreator"), cleaned.get("partner_contact")
        if "cocreator" not in self.errors and "partner_contact" not in self.errors:
            if cocreator and contact:
                self.add_error(
                    "cocreator",
                    "Choose either a co-creator or a partner contact, not both",
                )
            elif not cocreator and not contact:
                self.add_error("cocreator", "Choose a co-creator or a partner contact")
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and until < since:
            self.add_error(
                "until", "The date the role ended must be the same as or after the date it started"
            )
        return cleaned


class ChampionEndForm(forms.Form):
    """The date a champion role ended."""

    until = NHSDateField(
        label="Date the role ended",
        help_text="For example, 15 3 2026",
        error_messages={"required": "Enter the date the role ended"},
    )

    def __init__(self, *args, champion, **kwargs):
        super().__init__(*args, **kwargs)
        self.champion = champion
        if not self.is_bound:
            self.initial.setdefault("until", max(timezone.localdate(), champion.since))

    def clean_until(self):
        until = self.cleaned_data["until"]
        if until < self.champion.since:
            raise forms.ValidationError(
                "The date the role ended must be the same as or after the date it started "
                f"({self.champion.since.day} {self.champion.since:%B %Y})"
            )
        return until
