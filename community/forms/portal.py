"""Forms a co-creator fills in about themselves, in the portal. Short questions, plain words.

The equality monitoring forms are shared with staff: `ConsentForm` and `DemographicsForm` in
`register.py`. The phone number check and the lists of availability and contact channels are the
same as staff use, so a number staff accept is one the person can enter too.
"""

from django import forms
from django.urls import reverse
from django.utils.html import format_html

from ..models import (
    AccessNeed,
    CoCreator,
    DigestFrequency,
    Interest,
    InterestKind,
    Locality,
    NewsletterChoice,
    Relationship,
)
from ..validators import normalise_uk_postcode
from .register import AVAILABILITY, CHANNELS, OwnNameAndPhoneMixin

# Which contact detail each way of contact needs, and what to tell the person when it is missing.
CHANNEL_NEEDS = {
    "email": ("email", "To get emails, we need your email address"),
    "sms": ("phone", "To get text messages, add a phone number to your details first"),
    "phone": ("phone", "To get phone calls, add a phone number to your details first"),
    "post": ("address", "To get letters, add your postal address to your details first"),
}
CHANNEL_WORDS = dict(CHANNELS)
PICK_FROM_LIST = "Choose from the options given"


def _text(label, *, max_length, required=False, help_text="", widget=None, required_error=""):
    """A text question with plain-English errors."""
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        help_text=help_text,
        widget=widget or forms.TextInput,
        error_messages={
            "required": required_error or f"Enter your {label.lower()}",
            "max_length": f"{label} must be {max_length} characters or fewer",
        },
    )


def _choose_many(label, *, choices, help_text):
    return forms.MultipleChoiceField(
        label=label,
        help_text=help_text,
        choices=choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": PICK_FROM_LIST},
    )


def _interests(label, kind):
    return forms.ModelMultipleChoiceField(
        label=label,
        help_text="Select all that apply.",
        queryset=Interest.objects.filter(kind=kind),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": PICK_FROM_LIST, "invalid_pk_value": PICK_FROM_LIST},
    )


class ProfileForm(OwnNameAndPhoneMixin, forms.Form):
    """A person's own details. Not their email (allauth's page), status, join date or staff note."""

    full_name = _text(
        "Full name",
        max_length=200,
        required=True,
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
    )
    preferred_name = _text(
        "Preferred name",
        max_length=100,
        help_text="What you like to be called, if it is different from your full name.",
        widget=forms.TextInput(attrs={"autocomplete": "nickname", "spellcheck": "false"}),
    )
    pronouns = _text(
        "Pronouns",
        max_length=50,
        help_text="For example, she/her, he/him or they/them. "
        "Leave this empty if you prefer not to say.",
        widget=forms.TextInput(attrs={"class": "nhsuk-input--width-10"}),
    )
    phone = _text(
        "Phone number",
        max_length=30,
        help_text="A UK number, like 01632 960 001 or 07700 900 982.",
        widget=forms.TextInput(
            attrs={"type": "tel", "autocomplete": "tel", "class": "nhsuk-input--width-20"}
        ),
    )
    address = _text(
        "Postal address",
        max_length=500,
        help_text="Only if you would like letters from us.",
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "street-address"}),
    )
    postcode = _text(
        "Postcode",
        max_length=10,
        widget=forms.TextInput(
            attrs={"autocomplete": "postal-code", "class": "nhsuk-input--width-10"}
        ),
    )
    locality = forms.ModelChoiceField(
        label="Which area do you live in?",
        queryset=Locality.objects.all(),
        required=False,
        empty_label="Prefer not to say",
        error_messages={"invalid_choice": "Choose an area from the list"},
    )
    relationships = _choose_many(
        "How are you connected to our services?",
        choices=Relationship.choices,
        help_text="Select all that apply. Leave these empty if you prefer not to say.",
    )
    service_areas = _interests(
        "Which services would you like to help with?", InterestKind.SERVICE_AREA
    )
    topics = _interests("Which topics interest you?", InterestKind.TOPIC)
    availability = _choose_many(
        "When and how can you take part?",
        choices=AVAILABILITY,
        help_text="Select all that apply.",
    )
    access_needs = _choose_many(
        "Do you need anything to help you take part?",
        choices=AccessNeed.choices,
        help_text="For example, information in large print, or an interpreter. Select all that apply.",
    )
    interpreter_language = _text(
        "Language for an interpreter",
        max_length=100,
        help_text="Only needed if you selected Interpreter.",
    )
    access_needs_other = _text(
        "Other help you need",
        max_length=500,
        help_text="Only needed if you selected Other.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, cocreator: CoCreator, **kwargs):
        self.cocreator = cocreator
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial = self.initial_for(cocreator)

    @staticmethod
    def initial_for(person: CoCreator) -> dict:
        interests = list(person.interests.all())
        return {
            "full_name": person.full_name,
            "preferred_name": person.preferred_name,
            "pronouns": person.pronouns,
            "phone": person.phone,
            "address": person.address,
            "postcode": person.postcode,
            "locality": person.locality_id,
            "relationships": [r.kind for r in person.relationships.all()],
            "service_areas": [i.pk for i in interests if i.kind == InterestKind.SERVICE_AREA],
            "topics": [i.pk for i in interests if i.kind == InterestKind.TOPIC],
            "availability": [k for k, _ in AVAILABILITY if getattr(person, f"available_{k}")],
            "access_needs": [a.kind for a in person.access_needs.all()],
            "interpreter_language": person.interpreter_language,
            "access_needs_other": person.access_needs_other,
        }

    def clean_address(self):
        return self.cleaned_data["address"].strip()

    def clean_postcode(self):
        postcode = self.cleaned_data["postcode"]
        return normalise_uk_postcode(postcode) if postcode.strip() else ""

    def clean(self):
        cleaned = super().clean()
        needs = cleaned.get("access_needs") or []
        if AccessNeed.INTERPRETER in needs and not cleaned.get("interpreter_language", "").strip():
            self.add_error("interpreter_language", "Enter the language you need an interpreter for")
        if AccessNeed.OTHER in needs and not cleaned.get("access_needs_other", "").strip():
            self.add_error("access_needs_other", "Tell us about the other help you need")
        # Taking away a detail that a chosen way of contact needs would leave us unable to reach them.
        for needed in ("phone", "address"):
            chosen = [
                CHANNEL_WORDS[channel].split(" (")[0].lower()
                for channel, (detail, _) in CHANNEL_NEEDS.items()
                if detail == needed and getattr(self.cocreator, f"prefers_{channel}")
            ]
            if chosen and needed not in self.errors and not cleaned.get(needed):
                self.add_error(
                    needed,
                    f"You asked us to contact you by {' and '.join(chosen)}, so we need this. "
                    "To remove it, first change how we contact you",
                )
        return cleaned

    def service_kwargs(self) -> dict:
        """Everything for `cocreator_update`, except the email address (the view adds it)."""
        data = self.cleaned_data
        fields = {
            name: data[name]
            for name in (
                "full_name",
                "preferred_name",
                "pronouns",
                "phone",
                "address",
                "postcode",
                "locality",
                "interpreter_language",
                "access_needs_other",
            )
        }
        needs = data.get("access_needs") or []
        if AccessNeed.INTERPRETER not in needs:
            fields["interpreter_language"] = ""
        if AccessNeed.OTHER not in needs:
            fields["access_needs_other"] = ""
        for key, _ in AVAILABILITY:
            fields[f"available_{key}"] = key in (data.get("availability") or [])
        return {
            **fields,
            "relationships": list(data.get("relationships") or []),
            "access_needs": list(needs),
            "interests": [*(data.get("service_areas") or []), *(data.get("topics") or [])],
        }


class PreferencesForm(forms.Form):
    """How the person would like us to contact them, the newsletter and how often a digest."""

    channels = forms.MultipleChoiceField(
        label="How would you like us to contact you?",
        choices=CHANNELS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": PICK_FROM_LIST},
    )
    morning_reminder = forms.BooleanField(
        label="Remind me on the morning of a session too",
        help_text="We always remind you the day before. Tick this for a second reminder on the day.",
        required=False,
    )
    newsletter = forms.ChoiceField(
        label="Would you like our newsletter?",
        help_text="We send it by email, about once a month.",
        choices=NewsletterChoice.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose whether you would like our newsletter",
            "invalid_choice": PICK_FROM_LIST,
        },
    )
    digest_frequency = forms.ChoiceField(
        label="How often would you like a digest of new opportunities and updates?",
        choices=DigestFrequency.choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": PICK_FROM_LIST},
    )

    def __init__(self, *args, cocreator: CoCreator, **kwargs):
        self.cocreator = cocreator
        super().__init__(*args, **kwargs)
        self.fields["channels"].help_text = format_html(
            "Select all that apply. To add or change your phone number or address, "
            '<a href="{}">change your details</a>.',
            reverse("community:portal-profile"),
        )
        if not self.is_bound:
            chosen = [k for k, _ in CHANNELS if getattr(cocreator, f"prefers_{k}")]
            if cocreator.email_unsubscribed_at is not None:
                # They used an unsubscribe link: email and texts stay off until ticked again.
                chosen = [k for k in chosen if k not in ("email", "sms")]
            self.initial = {
                "channels": chosen,
                "newsletter": cocreator.newsletter,
                "digest_frequency": cocreator.digest_frequency,
                "morning_reminder": cocreator.morning_reminder,
            }

    def clean(self):
        cleaned = super().clean()
        channels = cleaned.get("channels") or []
        for channel in channels:
            needed, message = CHANNEL_NEEDS[channel]
            if not getattr(self.cocreator, needed):
                self.add_error("channels", message)
        if cleaned.get("newsletter") == NewsletterChoice.YES and "email" not in channels:
            self.add_error(
                "newsletter",
                "We send the newsletter by email. To get it, also select email as a way to "
                "contact you",
            )
        digest = cleaned.get("digest_frequency") or DigestFrequency.NONE
        if digest != DigestFrequency.NONE and not {"email", "sms"} & set(channels):
            self.add_error(
                "digest_frequency",
                "We send the digest by email or text message. To get it, also select email or "
                "text message as a way to contact you",
            )
        return cleaned

    def service_kwargs(self) -> dict:
        """The choices as fields for `cocreator_update`."""
        channels = self.cleaned_data.get("channels") or []
        fields = {
            **{f"prefers_{key}": key in channels for key, _ in CHANNELS},
            "newsletter": self.cleaned_data["newsletter"],
            "morning_reminder": self.cleaned_data["morning_reminder"],
        }
        if self.cleaned_data.get("digest_frequency"):
            fields["digest_frequency"] = self.cleaned_data["digest_frequency"]
        if {"email", "sms"} & set(channels):
            # Ticking email or text messages again undoes an unsubscribe link.
            fields["email_unsubscribed_at"] = None
        return fields


class LeaveForm(forms.Form):
    """A tick to show the person understands that leaving cannot be undone."""

    understand = forms.BooleanField(
        label="I understand that my details will be deleted and this cannot be undone",
        error_messages={
            "required": "Tick the box to show you understand that leaving cannot be undone",
        },
    )
