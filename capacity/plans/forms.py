"""Forms for development plans: the plan itself (staff), what the person wants to develop (the
portal), a step and a review. Forms check what was typed; the rules between fields (a next review
before the plan was agreed, a review in the future) are the services', shown beside the field."""

from __future__ import annotations

from django import forms
from django.db.models import Q

from cocreation.lib.forms import NHSDateField

from ..models import Course, DevelopmentPlan, PlanStepKind, RoleProfile
from .selectors import agreed_mentors_of

NOBODY = "nobody"
HOPES_ERRORS = {
    "required": "Enter what they want to develop",
    "max_length": "What they want to develop must be 3,000 characters or fewer",
}


def _hopes_field(label: str, hint: str, required_message: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=hint,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={**HOPES_ERRORS, "required": required_message},
    )


class PlanForm(forms.Form):
    """A plan as staff write it with the person: what they want to develop, who it was written
    with (the member of staff, by default the one signed in, or one of the person's mentors),
    the day it was agreed and the next review."""

    hopes = _hopes_field(
        "What they want to develop",
        "In their words. For example: confidence to speak in meetings, or to lead a session.",
        "Enter what they want to develop",
    )
    written_with = forms.ChoiceField(
        label="Who wrote it with them?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose who wrote the plan with them",
            "invalid_choice": "Choose who wrote the plan with them from the list",
        },
    )
    agreed_on = NHSDateField(
        label="Date the plan was agreed",
        help_text="For example, 14 3 2026",
        error_messages={"required": "Enter the date the plan was agreed"},
    )
    next_review_on = NHSDateField(
        label="Next review",
        required=False,
        help_text=(
            "When you will look at the plan together again. They are sent a reminder a week "
            "before. For example, 14 6 2026"
        ),
    )

    def __init__(self, *args, staff_user, cocreator, plan: DevelopmentPlan | None = None, **kw):
        super().__init__(*args, **kw)
        self.staff_user = staff_user
        self.mentors = {m.pk: m for m in agreed_mentors_of(cocreator)}
        choices = [(f"staff-{staff_user.pk}", f"You ({staff_user.full_name or staff_user.email})")]
        self.staff = {staff_user.pk: staff_user}
        if plan is not None and plan.written_with and plan.written_with_id != staff_user.pk:
            self.staff[plan.written_with_id] = plan.written_with
            writer = plan.written_with
            choices.append((f"staff-{writer.pk}", writer.full_name or writer.email))
        mentor_now = plan.written_with_mentor if plan is not None else None
        if mentor_now is not None and mentor_now.pk not in self.mentors:
            # A mentor the plan was written with but who no longer mentors them: kept as it is.
            self.mentors[mentor_now.pk] = mentor_now
        choices += [
            (f"mentor-{pk}", f"{m.full_name}, their mentor") for pk, m in self.mentors.items()
        ]
        choices.append((NOBODY, "Nobody: they wrote it themselves"))
        self.fields["written_with"].choices = choices
        if plan is None:
            self.fields["written_with"].initial = f"staff-{staff_user.pk}"
        else:
            self.fields["written_with"].initial = _writer_value(plan)
            self.fields["hopes"].initial = plan.hopes
            self.fields["agreed_on"].initial = plan.agreed_on
            self.fields["next_review_on"].initial = plan.next_review_on

    def writers(self) -> dict:
        """`written_with` and `written_with_mentor` for the services, from the choice made."""
        value = self.cleaned_data["written_with"]
        kind, _, pk = value.partition("-")
        if kind == "staff":
            return {"written_with": self.staff[int(pk)], "written_with_mentor": None}
        if kind == "mentor":
            return {"written_with": None, "written_with_mentor": self.mentors[int(pk)]}
        return {"written_with": None, "written_with_mentor": None}


def _writer_value(plan: DevelopmentPlan) -> str:
    if plan.written_with_id:
        return f"staff-{plan.written_with_id}"
    if plan.written_with_mentor_id:
        return f"mentor-{plan.written_with_mentor_id}"
    return NOBODY


class HopesForm(forms.Form):
    """What the person wants to develop, in the portal (their own words, or their mentor's)."""

    hopes = _hopes_field(
        "What would you like to develop?",
        "For example: feeling confident to speak in meetings, learning to help run a group, "
        "or trying a role on an interview panel.",
        "Enter what you would like to develop",
    )

    def __init__(self, *args, as_mentor: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if as_mentor:
            field = self.fields["hopes"]
            field.label = "What do they want to develop?"
            field.error_messages["required"] = "Enter what they want to develop"


class StepForm(forms.Form):
    """One step of a plan: what kind it is, the step in words, the course or role it names and
    the date agreed for it."""

    kind = forms.ChoiceField(
        label="What kind of step is it?",
        choices=PlanStepKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose what kind of step it is",
            "invalid_choice": "Choose what kind of step it is from the list",
        },
    )
    what = forms.CharField(
        label="The step",
        max_length=300,
        help_text="In a few words. For example: go to the facilitation course, or shadow a panel.",
        error_messages={
            "required": "Enter the step",
            "max_length": "The step must be 300 characters or fewer",
        },
    )
    course = forms.ModelChoiceField(
        label="Which course",
        queryset=Course.objects.none(),
        required=False,
        empty_label="Not a course",
        help_text="If the step is a course.",
        error_messages={"invalid_choice": "Choose a course from the list"},
    )
    role = forms.ModelChoiceField(
        label="Which role",
        queryset=RoleProfile.objects.none(),
        required=False,
        empty_label="Not a role",
        help_text="If the step is a role to try.",
        error_messages={"invalid_choice": "Choose a role from the list"},
    )
    by_when = NHSDateField(
        label="Agreed date",
        required=False,
        help_text="When it should be done by. For example, 30 9 2026",
    )

    def __init__(self, *args, step=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Courses offered now, and the one the step already names, so saving loses nothing.
        courses = Q(is_active=True)
        if step is not None and step.course_id:
            courses |= Q(pk=step.course_id)
        self.fields["course"].queryset = Course.objects.filter(courses).order_by("title", "pk")
        self.fields["role"].queryset = RoleProfile.objects.order_by("order", "name")
        if step is not None:
            for name in ("kind", "what", "course", "role", "by_when"):
                self.fields[name].initial = getattr(step, name)

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields}


class ReviewForm(forms.Form):
    """A review held on a day: how it is going, and the next review."""

    held_on = NHSDateField(
        label="Date of the review",
        help_text="For example, 14 3 2026",
        error_messages={"required": "Enter the date of the review"},
    )
    how_it_is_going = forms.CharField(
        label="How is it going?",
        help_text="What has gone well, what has been hard, and anything to change in the plan.",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": "Say how the plan is going",
            "max_length": "How it is going must be 5,000 characters or fewer",
        },
    )
    next_review_on = NHSDateField(
        label="Next review",
        required=False,
        help_text="Leave empty if there is no next review yet. For example, 14 9 2026",
    )

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields}


class PlanFilterForm(forms.Form):
    """The filters on the staff list of plans. Every field may be left empty."""

    q = forms.CharField(label="Search by name", required=False, max_length=200)
    status = forms.ChoiceField(
        label="Plans",
        choices=[("active", "Active plans"), ("closed", "Closed plans"), ("all", "All plans")],
        required=False,
    )
    due = forms.BooleanField(
        label="Only plans with a review due in the next 14 days or overdue", required=False
    )
