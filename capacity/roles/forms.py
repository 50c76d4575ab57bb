"""Forms for role profiles and the roles people hold. Forms validate; the views pass what they
cleaned to the services."""

from django import forms
from django.db.models import Q

from cocreation.lib.forms import NHSDateField

from ..models import Course, RoleProfile


class RoleProfileForm(forms.Form):
    """Everything about one role profile: its expectations, training and pathway."""

    name = forms.CharField(
        label="Name",
        max_length=100,
        help_text="For example: Lived-experience facilitator.",
        error_messages={
            "required": "Enter a name for the role",
            "max_length": "Name must be 100 characters or fewer",
        },
    )
    what_it_involves = forms.CharField(
        label="What the role involves",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        error_messages={
            "required": "Enter what the role involves",
            "max_length": "What the role involves must be 5,000 characters or fewer",
        },
    )
    support_offered = forms.CharField(
        label="Support offered",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        help_text="For example: a named member of staff, supervision, paid expenses.",
        error_messages={
            "required": "Enter the support offered to people in the role",
            "max_length": "Support offered must be 5,000 characters or fewer",
        },
    )
    time_needed = forms.CharField(
        label="Time it usually takes (optional)",
        max_length=200,
        required=False,
        help_text="For example: 2 hours a month.",
        error_messages={"max_length": "Time it usually takes must be 200 characters or fewer"},
    )
    is_ambassador = forms.BooleanField(
        label="This is a system co-creation ambassador role",
        required=False,
        help_text="People in it represent the trust in system forums, which are recorded.",
    )
    required_courses = forms.ModelMultipleChoiceField(
        label="Training needed (optional)",
        queryset=Course.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The courses someone completes before taking on the role.",
        error_messages={"invalid_choice": "Choose courses from the list"},
    )
    next_roles = forms.ModelMultipleChoiceField(
        label="Next roles (optional)",
        queryset=RoleProfile.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The roles this one can lead on to, for the person's pathway.",
        error_messages={
            "invalid_choice": "Choose next roles from the list. A role cannot lead on to itself"
        },
    )

    def __init__(self, *args, role: RoleProfile | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # Active courses, and any inactive one the role already needs, so saving loses nothing.
        courses = Q(is_active=True)
        roles = RoleProfile.objects.all()
        if role is not None:
            courses |= Q(needed_for_roles=role)
            roles = roles.exclude(pk=role.pk)
        self.fields["required_courses"].queryset = Course.objects.filter(courses).distinct()
        self.fields["next_roles"].queryset = roles

    def values(self) -> dict:
        """What `role_profile_save` takes, from the cleaned data."""
        return {name: self.cleaned_data[name] for name in self.fields}


def role_profile_initial(role: RoleProfile) -> dict:
    """A role profile's values as the form shows them."""
    return {
        "name": role.name,
        "what_it_involves": role.what_it_involves,
        "support_offered": role.support_offered,
        "time_needed": role.time_needed,
        "is_ambassador": role.is_ambassador,
        "required_courses": list(role.required_courses.values_list("pk", flat=True)),
        "next_roles": list(role.next_roles.values_list("pk", flat=True)),
    }


class PersonRoleForm(forms.Form):
    """A role for a person, from a day; the forums when it is an ambassador role."""

    role = forms.ModelChoiceField(
        label="Role",
        queryset=RoleProfile.objects.all(),
        empty_label="Choose a role",
        error_messages={
            "required": "Choose a role",
            "invalid_choice": "Choose a role from the list",
        },
    )
    started_on = NHSDateField(
        label="Started on",
        help_text="The day they took on the role. For example, 1 4 2026",
        error_messages={"required": "Enter the day they started the role"},
    )
    forums = forms.CharField(
        label="Forums they represent the trust in (for ambassador roles)",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=2000,
        help_text="Needed for a system co-creation ambassador role. One forum a line.",
        error_messages={"max_length": "Forums must be 2,000 characters or fewer"},
    )

    def clean(self):
        cleaned = super().clean()
        role = cleaned.get("role")
        if role is not None and role.is_ambassador and not cleaned.get("forums", "").strip():
            self.add_error("forums", "Enter the forums they represent the trust in, one a line")
        return cleaned


class PersonRoleEndForm(forms.Form):
    ended_on = NHSDateField(
        label="Ended on",
        help_text="The last day they held the role. For example, 31 3 2027",
        error_messages={"required": "Enter the day the role ended"},
    )
