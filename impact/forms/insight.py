"""Forms for the insight inbox: the filters (a GET form) and one change to one item's themes."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError

from activities.models import Activity
from cocreation.lib.periods import Period, parse_slug, period_containing, recent_period_choices
from cocreation.lib.pickers import PickOneField

from ..models import InsightSource, Theme
from ..selectors_insight import inbox_sources, insight_activity_choices, insight_item

CHOOSE_FROM_LIST = "Choose from the list"
ITEM_MISSING = (
    "The item of insight could not be found: it may have been deleted or made private. "
    "Nothing was changed"
)


class InsightFilterForm(forms.Form):
    """The period (the current quarter unless chosen) and what to narrow the inbox to.

    Bound to the query string, even an empty one.
    """

    period = forms.ChoiceField(label="Period", error_messages={"required": "Choose a period"})
    activity = PickOneField(
        kind="insight-activities",
        label="Activity",
        search_label="Search for an activity by its title",
        queryset=Activity.objects.none(),
        empty_label="Any activity",
        required=False,
        help_text="Held in the period, or answered about in it.",
    )
    project = PickOneField(
        kind="projects",
        label="Project",
        search_label="Search for a project by its title",
        empty_label="Any project",
        required=False,
    )
    theme = forms.ModelChoiceField(
        label="Tagged with",
        queryset=Theme.objects.only("pk", "name").order_by("name"),
        empty_label="Any theme",
        required=False,
    )
    untagged = forms.BooleanField(label="Only items not yet tagged", required=False)

    def __init__(self, data, *, today: date, **kwargs):
        # Always bound: with no period asked for, the current quarter is.
        default = period_containing(today, "quarter")
        data = data.copy()
        if not data.get("period"):
            data["period"] = default.slug
        super().__init__(data, **kwargs)
        period = self._asked_period() or default
        self.fields["period"].choices = recent_period_choices(today, including=period)
        self.fields["period"].initial = default.slug
        self.fields["activity"].queryset = insight_activity_choices(period)
        self.fields["activity"].search_params = {"period": period.slug}
        # Read the themes once: the template walks them twice (label and select). iter() spares
        # the count that list() would ask the database for first.
        self.fields["theme"].choices = list(iter(self.fields["theme"].choices))
        for field in self.fields.values():
            field.error_messages["invalid_choice"] = CHOOSE_FROM_LIST

    def _asked_period(self) -> Period | None:
        try:
            return parse_slug(self.data["period"])
        except ValueError:
            return None

    def clean_period(self) -> Period:
        return parse_slug(self.cleaned_data["period"])

    def clean(self):
        data = super().clean()
        if data.get("theme") and data.get("untagged"):
            self.add_error(
                "untagged", "Choose a theme or items not yet tagged, not both: nothing is in both"
            )
        return data

    def filters(self) -> dict:
        """The period and filters chosen, by the names `insight_refs` takes (valid forms only)."""
        data = self.cleaned_data
        return {
            "period": data["period"],
            "activity": data.get("activity"),
            "project": data.get("project"),
            "theme": data.get("theme"),
            "untagged": bool(data.get("untagged")),
        }


class InsightChange(forms.Form):
    """One change to one item's themes: add (or accept a suggestion), remove, or reject one."""

    ADD, ACCEPT, REMOVE, REJECT = "add", "accept", "remove", "reject"

    action = forms.ChoiceField(
        choices=[(ADD, "Add"), (ACCEPT, "Accept"), (REMOVE, "Remove"), (REJECT, "Reject")],
        error_messages={
            "required": "Choose whether to add, remove, accept or reject the theme",
            "invalid_choice": "Choose whether to add, remove, accept or reject the theme",
        },
    )
    source = forms.ChoiceField(
        # Filled in when the form is made: higher apps register their sources at start-up.
        choices=[],
        error_messages={"required": ITEM_MISSING, "invalid_choice": ITEM_MISSING},
    )
    source_id = forms.CharField(
        max_length=40, error_messages={"required": ITEM_MISSING, "max_length": ITEM_MISSING}
    )
    theme = forms.ModelChoiceField(
        queryset=Theme.objects.all(),
        error_messages={
            "required": "Choose a theme",
            "invalid_choice": "The theme chosen could not be found: choose one from the list",
        },
    )
    # The inbox page's query string, to go back to the same filters and page.
    back = forms.CharField(required=False, max_length=2000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [(s, InsightSource(s).label) for s in inbox_sources()]
        self.item = None

    def clean(self):
        data = super().clean()
        if "source" in self.errors or "source_id" in self.errors:
            return data
        self.item = insight_item(data["source"], data["source_id"])
        if self.item is None:
            self.add_error("source_id", ValidationError(ITEM_MISSING, code="missing"))
        return data
