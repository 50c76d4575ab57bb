"""The contact log form: staff's dated note of a call or conversation with a person."""

from django import forms
from django.db.models import Q
from django.utils import timezone

from cocreation.lib.forms import NHSDateField

from ..models import ContactMethod, Role, User


def staff_choices(*, also_pk: int | None = None):
    """The involvement team's logins, by name: who made the contact (plus whoever made it)."""
    return (
        User.objects.filter(Q(groups__name=Role.STAFF.label, is_active=True) | Q(pk=also_pk))
        .distinct()
        .order_by("full_name", "email")
    )


class StaffMemberField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name()


class ContactLogEntryForm(forms.Form):
    """Add or change a note in a person's contact log."""

    contacted_on = NHSDateField(
        label="Date of the contact",
        help_text="For example, 15 3 2026",
        error_messages={"required": "Enter the date of the contact"},
    )
    method = forms.ChoiceField(
        label="How you were in touch",
        choices=ContactMethod.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose how you were in touch",
            "invalid_choice": "Choose how you were in touch from the options given",
        },
    )
    staff_member = StaffMemberField(
        label="Who made the contact",
        queryset=User.objects.none(),
        empty_label=None,
        error_messages={
            "required": "Choose who made the contact",
            "invalid_choice": "Choose a member of the involvement team from the list",
        },
    )
    summary = forms.CharField(
        label="What was said",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="A short note for the team. The person does not see it, but it is part of "
        "the information they can ask for.",
        error_messages={
            "required": "Enter what was said",
            "max_length": "What was said must be 5,000 characters or fewer",
        },
    )
    follow_up_on = NHSDateField(
        label="Follow-up date (optional)",
        required=False,
        help_text="If someone needs to get back to them, the date to do it by. It shows on the "
        "staff dashboard from that day.",
    )

    def __init__(self, *args, actor=None, current_staff_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        # A note by someone no longer on the team can still be changed without choosing anew.
        team = staff_choices(also_pk=current_staff_id)
        self.fields["staff_member"].queryset = team
        # Read the team once: the form's template walks the choices more than once.
        self.fields["staff_member"].choices = [(user.pk, user.get_full_name()) for user in team]
        if not self.is_bound:
            self.initial.setdefault("contacted_on", timezone.localdate())
            if actor is not None:
                self.initial.setdefault("staff_member", actor.pk)

    def clean_summary(self):
        summary = self.cleaned_data["summary"].strip()
        if not summary:
            raise forms.ValidationError("Enter what was said")
        return summary

    def clean_contacted_on(self):
        contacted_on = self.cleaned_data["contacted_on"]
        if contacted_on and contacted_on > timezone.localdate():
            raise forms.ValidationError("Date of the contact must be today or in the past")
        return contacted_on

    def service_kwargs(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields}
