"""Forms for the representation gap page and the population benchmarks staff edit."""

from django import forms
from django.urls import reverse
from django.utils import timezone

from cocreation.lib.forms import NHSDateField

from ..gap import AREA_WIDE, benchmark_groups, group_label
from ..models import Characteristic, Locality, PopulationBenchmark

AREA_CHOICE_ERRORS = {"invalid_choice": "Choose an area from the list"}


def _area_field(label: str, **kwargs) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=label,
        queryset=Locality.objects.all(),
        required=False,
        empty_label="All of Kent and Medway",
        error_messages=AREA_CHOICE_ERRORS,
        **kwargs,
    )


class GapFilterForm(forms.Form):
    """Which co-creators to count: an area and a window of dates joined. Sent with GET."""

    locality = _area_field("Area")
    joined_from = NHSDateField(
        label="Joined on or after", required=False, help_text="For example, 1 4 2025"
    )
    joined_to = NHSDateField(
        label="Joined on or before", required=False, help_text="For example, 31 3 2026"
    )

    def clean(self):
        cleaned = super().clean()
        joined_from, joined_to = cleaned.get("joined_from"), cleaned.get("joined_to")
        if joined_from and joined_to and joined_to < joined_from:
            self.add_error(
                "joined_to",
                "Joined on or before must be the same as or after the ‘joined on or after’ date",
            )
        return cleaned


class BenchmarkAreaForm(forms.Form):
    """The area whose benchmarks the list shows. Sent with GET."""

    locality = _area_field("Area")


def _group_choices():
    choices: list = [("", "Choose a group")]
    for value, label in Characteristic.choices:
        choices.append((str(label), list(benchmark_groups(value))))
    return choices


def _choose_a_group(characteristic: str) -> str:
    """The error for a group the characteristic lacks, naming the groups it has."""
    label = Characteristic(characteristic).label
    names = [name for _, name in benchmark_groups(characteristic)]
    listed = ", ".join(names[:-1]) + f" or {names[-1]}" if len(names) > 1 else names[0]
    return f"Choose a group for {label}: {listed}"


class BenchmarkForm(forms.Form):
    """One population figure: the share of an area's population in one group."""

    characteristic = forms.ChoiceField(
        label="Characteristic",
        choices=[("", "Choose a characteristic"), *Characteristic.choices],
        error_messages={
            "required": "Choose a characteristic",
            "invalid_choice": "Choose a characteristic from the list",
        },
    )
    group = forms.ChoiceField(
        label="Group",
        choices=_group_choices,
        help_text="Choose a group listed under the characteristic you chose",
        error_messages={
            "required": "Choose a group",
            "invalid_choice": "Choose a group from the list",
        },
    )
    locality = _area_field(
        "Area", help_text="Choose all of Kent and Medway for a figure that covers every area"
    )
    percentage = forms.DecimalField(
        label="Percentage of the population",
        help_text="A number from 0 to 100, with up to 2 decimal places, for example 51.25",
        max_digits=5,
        decimal_places=2,
        min_value=0,
        max_value=100,
        widget=forms.TextInput(
            attrs={"inputmode": "decimal", "spellcheck": "false", "class": "nhsuk-input--width-5"}
        ),
        error_messages={
            "required": "Enter the percentage of the population",
            "invalid": "Percentage must be a number, like 51.25",
            "min_value": "Percentage must be 0 or more",
            "max_value": "Percentage must be 100 or less",
            "max_digits": "Percentage must be 100 or less",
            "max_decimal_places": "Percentage can have no more than 2 decimal places",
            "max_whole_digits": "Percentage must be 100 or less",
        },
    )
    source = forms.CharField(
        label="Source",
        max_length=300,
        help_text="Where the figure comes from, for example ONS Census 2021",
        error_messages={
            "required": "Enter where the figure comes from",
            "max_length": "Source must be 300 characters or fewer",
        },
    )
    source_date = NHSDateField(
        label="Date of the source",
        help_text="The date the figure describes or was published, for example 21 3 2021",
        error_messages={"required": "Enter the date of the source"},
    )
    notes = forms.CharField(
        label="Notes",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, what the percentage is a share of",
    )

    def __init__(self, *args, instance: PopulationBenchmark | None = None, **kwargs):
        self.instance = instance
        # The existing figure a new one would repeat, so the page can link to it.
        self.duplicate: PopulationBenchmark | None = None
        if instance is not None:
            kwargs.setdefault(
                "initial",
                {
                    "characteristic": instance.characteristic,
                    "group": instance.group,
                    "locality": instance.locality_id,
                    "percentage": instance.percentage,
                    "source": instance.source,
                    "source_date": instance.source_date,
                    "notes": instance.notes,
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["source_date"].max_date = timezone.localdate()

    def clean(self):
        cleaned = super().clean()
        characteristic, group = cleaned.get("characteristic"), cleaned.get("group")
        if not characteristic or not group:
            return cleaned
        if group not in dict(benchmark_groups(characteristic)):
            self.add_error("group", _choose_a_group(characteristic))
            return cleaned
        if "locality" not in cleaned:
            return cleaned
        locality = cleaned["locality"]
        existing = PopulationBenchmark.objects.filter(
            characteristic=characteristic, group=group, locality=locality
        )
        if self.instance is not None:
            existing = existing.exclude(pk=self.instance.pk)
        self.duplicate = existing.first()
        if self.duplicate is not None:
            area = locality.name if locality else AREA_WIDE
            self.add_error(
                "group",
                f"There is already a figure for {group_label(characteristic, group)} in {area}: "
                "edit that one instead",
            )
        return cleaned

    def duplicate_url(self) -> str:
        return reverse("community:benchmark-edit", args=[self.duplicate.pk])


class PriorityGroupForm(forms.Form):
    """Mark a group as one the trust is trying to reach, or take the mark away. Sent with POST."""

    MARK = "mark"
    REMOVE = "remove"

    characteristic = forms.ChoiceField(
        choices=Characteristic.choices,
        error_messages={
            "required": "Choose a characteristic",
            "invalid_choice": "Choose a characteristic from the list",
        },
    )
    group = forms.CharField(
        max_length=40,
        error_messages={
            "required": "Choose a group",
            "max_length": "Choose a group from the list",
        },
    )
    action = forms.ChoiceField(
        choices=[(MARK, "Mark as a priority"), (REMOVE, "Remove priority")],
        error_messages={
            "required": "Choose whether to mark the group as a priority or remove the priority",
            "invalid_choice": "Choose whether to mark the group as a priority or remove the priority",
        },
    )
    # The gap page's filters (its query string), so the page comes back as it was.
    filters = forms.CharField(
        required=False,
        max_length=500,
        error_messages={"max_length": "The page’s filters were too long: choose them again"},
    )

    def clean(self):
        cleaned = super().clean()
        characteristic, group = cleaned.get("characteristic"), cleaned.get("group")
        if characteristic and group and group not in dict(benchmark_groups(characteristic)):
            self.add_error("group", _choose_a_group(characteristic))
        return cleaned

    def first_error(self) -> str:
        """The first problem, in plain English, for a message at the top of the gap page."""
        for problems in self.errors.values():
            return problems[0]
        return ""
