"""The co-creator's filters on the opportunities list: what it is about, where, when, how they
take part and how involved they will be. A GET form, so a filtered list has its own address.
"""

from datetime import date, timedelta

from django import forms
from django.utils import timezone

from cocreation.lib.periods import day_bounds
from community.models import Interest, InterestKind, Locality

from ..models import ActivityFormat, EngagementLevel
from ..selectors.portal import OpportunityFilters


def _next_month(day: date) -> date:
    """The first day of the month after the one `day` is in."""
    return (day.replace(day=1) + timedelta(days=32)).replace(day=1)


def _window(when: str, today: date) -> tuple[date | None, date | None]:
    """The days [first, end) a "when" choice covers, counted from today; (None, None) for any."""
    monday = today - timedelta(days=today.weekday())
    if when == "this-week":
        return today, monday + timedelta(weeks=1)
    if when == "next-week":
        return monday + timedelta(weeks=1), monday + timedelta(weeks=2)
    if when == "this-month":
        return today, _next_month(today)
    if when == "next-month":
        return _next_month(today), _next_month(_next_month(today))
    return None, None


class OpportunityFilterForm(forms.Form):
    """Narrow the opportunities. Every field is optional; a value that is not offered is an error."""

    WHEN_CHOICES = [
        ("", "Any time"),
        ("this-week", "This week"),
        ("next-week", "Next week"),
        ("this-month", "This month"),
        ("next-month", "Next month"),
    ]
    FORMAT_CHOICES = [
        ("", "Online or in person"),
        (ActivityFormat.ONLINE, "Online"),
        (ActivityFormat.IN_PERSON, "In person"),
    ]

    interest = forms.ModelChoiceField(
        label="What it is about",
        queryset=Interest.objects.filter(kind=InterestKind.SERVICE_AREA).order_by("name"),
        required=False,
        empty_label="Anything",
        error_messages={"invalid_choice": "Choose what the activity is about from the list"},
    )
    locality = forms.ModelChoiceField(
        label="Area",
        queryset=Locality.objects.order_by("name"),
        required=False,
        empty_label="Anywhere",
        help_text="Online activities have no area, so choosing an area leaves them out.",
        error_messages={"invalid_choice": "Choose an area from the list"},
    )
    when = forms.ChoiceField(
        label="When",
        choices=WHEN_CHOICES,
        required=False,
        error_messages={"invalid_choice": "Choose when from the list"},
    )
    format = forms.ChoiceField(
        label="Online or in person",
        choices=FORMAT_CHOICES,
        required=False,
        help_text="Activities that are both in person and online are shown for either.",
        error_messages={"invalid_choice": "Choose online, in person or both"},
    )
    level = forms.TypedChoiceField(
        label="How involved you will be",
        choices=[("", "Any level"), *EngagementLevel.choices],
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": "Choose a level from the list"},
    )

    def filters(self, today: date | None = None) -> OpportunityFilters:
        """The filters chosen, leaving out any answer that is not valid."""
        if not self.is_bound:
            return OpportunityFilters()
        self.is_valid()
        data = self.cleaned_data
        first, end = _window(data.get("when") or "", today or timezone.localdate())
        starts_from, starts_before = day_bounds(first, end) if first else (None, None)
        interest, locality = data.get("interest"), data.get("locality")
        return OpportunityFilters(
            interest_id=interest.pk if interest else None,
            locality_id=locality.pk if locality else None,
            starts_from=starts_from,
            starts_before=starts_before,
            format=data.get("format") or None,
            level=data.get("level"),
        )

    def described(self) -> list[str]:
        """The filters chosen, in words: ["about Crisis care", "in Swale", "this week"]."""
        if not self.is_bound:
            return []
        self.is_valid()
        data, words = self.cleaned_data, []
        if data.get("interest"):
            words.append(f"about {data['interest'].name}")
        if data.get("locality"):
            words.append(f"in {data['locality'].name}")
        if data.get("when"):
            words.append(dict(self.WHEN_CHOICES)[data["when"]].lower())
        if data.get("format"):
            words.append(dict(self.FORMAT_CHOICES)[data["format"]].lower())
        if data.get("level") is not None:
            words.append(f"at the {EngagementLevel(data['level']).label} level")
        return words
