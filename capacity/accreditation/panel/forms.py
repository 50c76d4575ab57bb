"""Forms for the panel: adding a member of staff or a co-creator, a reviewer's conflict of
interest and score, and the decision. Forms validate; views call services."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from cocreation.lib.forms import NHSDateField
from cocreation.lib.pickers import PickerFormMixin, PickOneField
from community.models import CoCreator, Role, User

from ...models import AccreditationLevel, PanelMember
from .selectors import SCORES
from .services import ACTIONS, AWARD


def _on_panel(application) -> set[int]:
    return set(
        PanelMember.objects.filter(application=application).values_list("user_id", flat=True)
    )


class AddStaffForm(forms.Form):
    user = forms.ModelChoiceField(
        label="Member of staff",
        queryset=User.objects.none(),
        empty_label="Choose a member of staff",
        error_messages={
            "required": "Choose a member of staff",
            "invalid_choice": "Choose a member of staff from the list",
        },
    )

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            User.objects.filter(groups__name=Role.STAFF.label, is_active=True)
            .exclude(pk__in=_on_panel(application))
            .order_by("full_name", "email")
        )
        self.fields["user"].label_from_instance = lambda u: (
            f"{u.full_name} ({u.email})" if u.full_name else u.email
        )


class AddCocreatorForm(PickerFormMixin, forms.Form):
    cocreator = PickOneField(
        kind="people",
        label="Which co-creator",
        search_label="Search for a co-creator by name, email or phone number",
        help_text=(
            "They review in the portal, so they need a portal login. Someone who has left "
            "cannot be chosen."
        ),
        error_messages={"required": "Choose a co-creator"},
    )

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        self.application = application
        self.fields["cocreator"].queryset = CoCreator.objects.current().order_by("full_name", "pk")

    def clean_cocreator(self):
        person = self.cleaned_data["cocreator"]
        user = person.user
        if user is None or not user.is_active:
            raise forms.ValidationError(
                f"{person.full_name} has no portal login. Invite them to the portal first, "
                "then add them to the panel."
            )
        if not user.groups.filter(name=Role.COCREATOR.label).exists():
            raise forms.ValidationError(
                f"{person.full_name}'s login is not a co-creator's, so they cannot review in "
                "the portal."
            )
        if user.pk in _on_panel(self.application):
            raise forms.ValidationError(f"{person.full_name} is already on this panel")
        return person


class ConflictForm(forms.Form):
    has_conflict = forms.TypedChoiceField(
        label="Do you have a conflict of interest with this service?",
        help_text=(
            "For example, you work in the service, you or someone close to you uses it, or you "
            "helped write its application. Saying so is fine: it keeps the review fair."
        ),
        choices=[("no", "No"), ("yes", "Yes")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether you have a conflict of interest"},
    )
    conflict_details = forms.CharField(
        label="If yes, what is it?",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": "Your answer must be 2,000 characters or fewer"},
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("has_conflict") and not (cleaned.get("conflict_details") or "").strip():
            self.add_error("conflict_details", "Say what your conflict of interest is")
        return cleaned


class ScoreForm(forms.Form):
    score = forms.TypedChoiceField(
        label="Your score",
        help_text="How well does the service meet this criterion, from what it has shown?",
        choices=[(str(value), label) for value, label in SCORES],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose a score",
            "invalid_choice": "Choose a score from the list",
        },
    )
    comment = forms.CharField(
        label="Your comment",
        help_text="Why you gave this score. The panel reads it when it decides.",
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"max_length": "Your comment must be 3,000 characters or fewer"},
    )


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label="The panel's decision",
        choices=[
            (AWARD, "Award accreditation"),
            (ACTIONS, "Actions needed before accreditation"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the panel's decision"},
    )
    level = forms.ChoiceField(
        label="Level awarded",
        help_text="Only if you award accreditation.",
        choices=AccreditationLevel.choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose a level from the list"},
    )
    awarded_on = NHSDateField(
        label="Award date",
        help_text="Only if you award accreditation. For example, 14 3 2026",
        required=False,
    )
    renew_by = NHSDateField(
        label="Renewal date",
        help_text=(
            "Only if you award accreditation. Leave empty for {months} months after the award date."
        ),
        required=False,
    )
    actions_needed = forms.CharField(
        label="Actions needed",
        help_text="Only if actions are needed: what the service must do before it applies again.",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"max_length": "The actions needed must be 5,000 characters or fewer"},
    )
    decision_summary = forms.CharField(
        label="What the panel found",
        help_text="A summary for the service. If accredited, it is shown on the public list.",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": "Say what the panel found",
            "max_length": "The summary must be 5,000 characters or fewer",
        },
    )

    def __init__(self, *args, months: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["renew_by"].help_text = self.fields["renew_by"].help_text.format(months=months)

    def clean_decision_summary(self):
        text = self.cleaned_data["decision_summary"].strip()
        if not text:
            raise forms.ValidationError("Say what the panel found")
        return text

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("outcome") == AWARD:
            if not cleaned.get("level"):
                self.add_error("level", "Choose the level awarded")
            awarded_on = cleaned.get("awarded_on")
            if awarded_on is None and "awarded_on" not in self.errors:
                self.add_error("awarded_on", "Enter the award date")
            elif awarded_on is not None and awarded_on > timezone.localdate():
                self.add_error("awarded_on", "The award date must be today or in the past")
            renew_by = cleaned.get("renew_by")
            if awarded_on and renew_by and renew_by <= awarded_on:
                self.add_error("renew_by", "The renewal date must be after the award date")
        elif cleaned.get("outcome") == ACTIONS:
            if not (cleaned.get("actions_needed") or "").strip():
                self.add_error("actions_needed", "Say what the service needs to do")
        return cleaned
