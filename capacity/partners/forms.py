"""Forms for the partner section: asking for support (a partner), giving access, answering a
request, and the filters above the staff lists. Forms validate; views call services."""

from django import forms

from community.models import PartnerOrganisation

from ..models import SupportRequestKind, SupportRequestStatus

TEXT_LIMIT = 3000


def _text(value: str, required_message: str) -> str:
    text = (value or "").strip()
    if not text:
        raise forms.ValidationError(required_message)
    return text


class SupportRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label="What kind of support do you need?",
        choices=SupportRequestKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose what kind of support you need",
            "invalid_choice": "Choose what kind of support you need",
        },
    )
    what_is_needed = forms.CharField(
        label="What do you need?",
        help_text=(
            "For example, which course and which dates suit you, what your project is and when "
            "it starts, or who would like a mentor. Please do not include anyone's health details."
        ),
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": "Say what you need",
            "max_length": "What you need must be 3,000 characters or fewer",
        },
    )

    def clean_what_is_needed(self):
        return _text(self.cleaned_data["what_is_needed"], "Say what you need")


class PartnerPersonForm(forms.Form):
    """A partner-section login's person: their name and the address they sign in with. The give
    access form here and accreditation's "add a contact to a service" form both build on it."""

    full_name = forms.CharField(
        label="Full name",
        max_length=150,
        error_messages={
            "required": "Enter the person's full name",
            "max_length": "The name must be 150 characters or fewer",
        },
    )
    email = forms.EmailField(
        label="Email address",
        help_text="They sign in with a code sent to this address. We email them to say how.",
        max_length=254,
        error_messages={
            "required": "Enter the person's email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
            "max_length": "The email address must be 254 characters or fewer",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].widget.attrs["autocomplete"] = "off"
        self.fields["email"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})

    def clean_full_name(self):
        return _text(self.cleaned_data["full_name"], "Enter the person's full name")


class GiveAccessForm(PartnerPersonForm):
    organisation = forms.ModelChoiceField(
        label="Organisation",
        queryset=PartnerOrganisation.objects.order_by("name"),
        required=False,
        empty_label="Not one of our partner organisations",
        help_text="A system partner, such as a university or a council, or leave it for a "
        "service team of the trust.",
        error_messages={"invalid_choice": "Choose an organisation from the list"},
    )
    job_title = forms.CharField(
        label="Job title (optional)",
        max_length=150,
        required=False,
        error_messages={"max_length": "The job title must be 150 characters or fewer"},
    )


class EndAccessForm(forms.Form):
    """Ending access asks for nothing but the button: the form carries the CSRF check."""


class AnswerForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        choices=SupportRequestStatus.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the request's status",
            "invalid_choice": "Choose the request's status",
        },
    )
    reply = forms.CharField(
        label="Your reply to them",
        help_text="They see it on their request's page, and we email them to say it is there.",
        max_length=TEXT_LIMIT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"max_length": "The reply must be 3,000 characters or fewer"},
    )

    def clean_reply(self):
        return (self.cleaned_data.get("reply") or "").strip()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == SupportRequestStatus.DECLINED and not cleaned.get("reply"):
            self.add_error("reply", "Say why we are not able to help, so they know")
        return cleaned


ACCESS_STATES = [("", "Open and ended"), ("open", "Open"), ("ended", "Ended")]


class AccessFilterForm(forms.Form):
    """The filters above the list of partner logins. Every field may be left empty."""

    organisation = forms.ModelChoiceField(
        label="Organisation",
        queryset=PartnerOrganisation.objects.order_by("name"),
        required=False,
        empty_label="Any organisation",
        error_messages={"invalid_choice": "Choose an organisation from the list"},
    )
    state = forms.ChoiceField(label="Access", choices=ACCESS_STATES, required=False)


class RequestFilterForm(forms.Form):
    """The filters above the list of support requests. Every field may be left empty."""

    status = forms.ChoiceField(
        label="Status",
        choices=[("", "Any status")] + list(SupportRequestStatus.choices),
        required=False,
        error_messages={"invalid_choice": "Choose a status from the list"},
    )
    organisation = forms.ModelChoiceField(
        label="Organisation",
        queryset=PartnerOrganisation.objects.order_by("name"),
        required=False,
        empty_label="Any organisation",
        error_messages={"invalid_choice": "Choose an organisation from the list"},
    )
