"""Forms for staff booking for a person: who (or which activity), and a note of how they asked."""

from django import forms
from django.utils import timezone

from cocreation.lib.pickers import PickerFormMixin, PickOneField

from ..models import Activity, ActivityStatus

NOTE_HELP = "For example, how the person asked: “Rang the office on Monday”. Only staff see it."


def bookable_activities():
    """Activities people can book onto: open, and not yet started."""
    return Activity.objects.filter(
        status=ActivityStatus.OPEN, starts_at__gt=timezone.now()
    ).order_by("starts_at", "pk")


class NoteField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Note (optional)")
        kwargs.setdefault("help_text", NOTE_HELP)
        super().__init__(
            max_length=300,
            required=False,
            error_messages={"max_length": "The note must be 300 characters or fewer"},
            **kwargs,
        )


class BookPersonForm(PickerFormMixin, forms.Form):
    """From an activity: choose the person to book."""

    cocreator = PickOneField(
        kind="people",
        label="Who to book",
        search_label="Search for a person by name, email or phone number",
        help_text="People without a login can be booked too. They are told by the way they chose.",
        error_messages={"required": "Choose the person to book"},
    )
    note = NoteField()


class BookActivityForm(PickerFormMixin, forms.Form):
    """From a person's record, or to move a place: choose the activity."""

    activity = PickOneField(
        kind="activities",
        label="Which activity",
        search_label="Search for an activity by its title",
        help_text="Only activities open for booking that have not started are shown.",
        error_messages={"required": "Choose an activity"},
    )
    note = NoteField()

    def __init__(self, *args, exclude_activity=None, **kwargs):
        super().__init__(*args, **kwargs)
        activities = bookable_activities()
        if exclude_activity is not None:
            activities = activities.exclude(pk=exclude_activity.pk)
        self.fields["activity"].queryset = activities
        self.fields["activity"].browse = "soonest"


class CancelForm(forms.Form):
    """Cancelling a place for a person, with an optional note."""

    note = NoteField(help_text="For example, why: “Unwell, rang to say”. Only staff see it.")
