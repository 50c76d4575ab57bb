"""Forms for the calendar: staff add and change awareness and community dates."""

from django import forms

from cocreation.lib.forms import NHSDateField

from ..models import AwarenessDate


def _long(day) -> str:
    return f"{day.day} {day:%B %Y}"


class AwarenessDateFilterForm(forms.Form):
    """Which awareness dates the staff list shows."""

    SHOW_CHOICES = [
        ("current", "Coming up and happening now"),
        ("past", "Already over"),
        ("all", "All"),
    ]

    show = forms.ChoiceField(label="Which dates to show", choices=SHOW_CHOICES, required=False)

    def state(self) -> str:
        """'current' (the default), 'past' or '' for all."""
        value = (self.cleaned_data.get("show") if self.is_valid() else "") or "current"
        return "" if value == "all" else value


class AwarenessDateForm(forms.ModelForm):
    """Add or change an awareness or community date. The view saves through the service."""

    starts_on = NHSDateField(
        label="First day",
        help_text="For example, 10 10 2026",
        error_messages={"required": "Enter the first day"},
    )
    ends_on = NHSDateField(
        label="Last day",
        required=False,
        help_text="Leave this empty if it is a single day. For example, 16 10 2026",
    )

    class Meta:
        model = AwarenessDate
        fields = ["name", "starts_on", "ends_on", "description"]
        labels = {"name": "Name", "description": "Description"}
        help_texts = {
            "name": "For example, World Mental Health Day or Diwali.",
            "description": (
                "Shown to the public. Say who leads it or what it marks. For a festival that "
                "follows the moon, say the date may vary by a day."
            ),
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        error_messages = {
            "name": {
                "required": "Enter the name of the awareness date",
                "max_length": "Name must be 200 characters or fewer",
            },
        }

    def _post_clean(self):
        # The service validates the row again before saving; our own messages are plainer than
        # the model's, so the model's checks are not run here.
        pass

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

    def clean(self):
        cleaned = super().clean()
        name, starts_on, ends_on = (
            cleaned.get("name"),
            cleaned.get("starts_on"),
            cleaned.get("ends_on"),
        )
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error(
                "ends_on",
                f"The last day must be the same as or after the first day ({_long(starts_on)})",
            )
        if name and starts_on:
            clash = AwarenessDate.objects.filter(name__iexact=name, starts_on=starts_on)
            if self.instance.pk:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error(
                    "name",
                    f"There is already an awareness date called {name} starting on "
                    f"{_long(starts_on)}. Change that one instead, or check the first day.",
                )
        return cleaned

    def apply_to(self, awareness_date: AwarenessDate) -> AwarenessDate:
        """Copy the cleaned answers onto a row for the service to save."""
        for field in self.Meta.fields:
            setattr(awareness_date, field, self.cleaned_data[field])
        if awareness_date.ends_on == awareness_date.starts_on:
            awareness_date.ends_on = None
        return awareness_date
