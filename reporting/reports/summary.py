"""The one-screen summary for the steering group that leads every report page and pack.

`summary_for(report, period)` is worked out from the report dict alone (live from
`figures.report_for`, or frozen in a governance pack): it picks the plan's headline measures and
says in words how each moved on the previous period ("up from 72.0% to 78.0%"), and how the
centre of gravity moved. It never works out a figure again: every number in it is one the report
already shows, so it says nothing the report may not.

`attention_for(today, period)` is the part the report dict does not hold: the period's top three
"You said, we did" and the plan actions that need attention. It is JSON-safe, so a governance pack
freezes it beside the report when it is published (`reporting.packs.services.pack_publish`).
"""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.urls import reverse
from django.utils import timezone

from cocreation.lib.dates import date_text
from cocreation.lib.disclosure import SUPPRESSED
from cocreation.lib.periods import Period
from reporting.plan.selectors import actions_needing_attention

from .figures import figures_by_key
from .selectors import you_said_we_did_top

# The plan's headline measures, in the plan's order ("From co-creation to impact: how we'll
# measure what matters"): outcome 1's three percentages, then outcome 2's projects showing
# measurable change, participation from under-represented groups and staff understanding.
HEADLINE_KEYS = (
    "o1_confidence_connection_purpose",
    "o1_input_led_to_change",
    "o1_wellbeing_improved",
    "o2_projects_measurable_change",
    "o2_under_represented_participation",
    "o2_staff_understanding",
)
# How many co-creators took part: what the percentages rest on.
TAKING_PART = "act_active_cocreators"
CENTRE_OF_GRAVITY = "act_centre_of_gravity"

# What the top and bottom numbers of each headline measure count, for "15 of 20 co-creators who answered".
COUNTED = {
    "o1_confidence_connection_purpose": "co-creators who answered",
    "o1_input_led_to_change": "co-creators who answered",
    "o1_wellbeing_improved": "people with answers before and after",
    "o2_projects_measurable_change": "projects with a published impact record",
    "o2_under_represented_participation": "co-creators who took part",
    "o2_staff_understanding": "staff who answered",
    "act_active_cocreators": "co-creators",
}

NOT_SHOWN = "not shown: fewer than 8 people"
NO_FIGURE = "no figure yet"

# How a period kind names the period before it: "the same as last quarter (72.0%)", "no figure
# for the previous quarter".
PREVIOUS_NAMES = {
    "quarter": ("last quarter", "the previous quarter"),
    "half": ("the previous six months", "the previous six months"),
    "year": ("last year", "the previous year"),
}

# How many plan actions the summary lists; the rest are counted and on the plan tracker.
ATTENTION_SHOWN = 6


def _number(value: str) -> Decimal | None:
    """A shown value as a number ("72.0%", "1,234", "-1.5"), or None when it is not one."""
    if value in ("", SUPPRESSED) or value is None:
        return None
    try:
        return Decimal(str(value).rstrip("%").replace(",", "").strip())
    except InvalidOperation:
        return None


def shown(value: str, unit: str = "") -> str:
    """A value as the summary writes it: "78.0%", "120 hours"; words for "*" and ""."""
    if value == SUPPRESSED:
        return NOT_SHOWN
    if value in ("", None):
        return NO_FIGURE
    return f"{value} {unit}" if unit and not str(value).endswith("%") else str(value)


def change_words(
    current: str,
    previous: str,
    *,
    unit: str = "",
    kind: str = "quarter",
    names: tuple[str, str] | None = None,
) -> str:
    """How a figure moved on the period before, in words.

    "up from 72.0% to 78.0%", "down from 78.0% to 72.0%", "the same as last quarter (72.0%)";
    when the previous value is missing, "no figure for the previous quarter"; when it is
    suppressed, "the previous quarter is not shown: fewer than 8 people". When this period's
    value is itself missing or suppressed, the previous value alone ("72.0% in the previous
    quarter"), since there is nothing to compare it with. `names` ("last quarter", "the previous
    quarter") overrides the names the period's `kind` gives the period compared with.
    """
    last, the_previous = names or PREVIOUS_NAMES.get(kind, PREVIOUS_NAMES["quarter"])
    now, before = _number(current), _number(previous)
    if now is None:
        if before is not None:
            return f"{shown(previous, unit)} in {the_previous}"
        if previous == SUPPRESSED:
            return f"{the_previous} is also {NOT_SHOWN}"
        return f"no figure for {the_previous} either"
    if previous == SUPPRESSED:
        return f"{the_previous} is {NOT_SHOWN}"
    if before is None:
        return f"no figure for {the_previous}"
    if now > before:
        return f"up from {shown(previous, unit)} to {shown(current, unit)}"
    if now < before:
        return f"down from {shown(previous, unit)} to {shown(current, unit)}"
    return f"the same as {last} ({shown(current, unit)})"


def direction(current: str, previous: str) -> str:
    """ "up", "down" or "same" when both values are numbers, else ""."""
    now, before = _number(current), _number(previous)
    if now is None or before is None:
        return ""
    return "up" if now > before else "down" if now < before else "same"


def basis_words(block: dict, counted: str, period_label: str) -> str:
    """What a figure rests on, in words: "15 of 20 co-creators who answered in 2026/27 Q2".

    "Fewer than 8 …" where the report hides a small number, "No … in …" where there is nothing
    to count, and just "In 2026/27 Q2" for a count or an average (no bottom number).
    """
    numerator, denominator = block.get("numerator", ""), block.get("denominator", "")
    if not denominator or not counted:
        return f"In {period_label}"
    if denominator == SUPPRESSED:
        return f"Fewer than 8 {counted} in {period_label}"
    if _number(denominator) == 0:
        return f"No {counted} in {period_label}"
    if numerator == SUPPRESSED:
        return f"Fewer than 8 of {denominator} {counted} in {period_label}"
    return f"{numerator} of {denominator} {counted} in {period_label}"


def _headline(figure: dict, period_label: str, kind: str) -> dict:
    current = figure.get("current") or {}
    previous = figure.get("previous") or {}
    value, before, unit = (
        current.get("value", ""),
        previous.get("value", ""),
        figure.get("unit", ""),
    )
    key = figure.get("key", "")
    year_before = current.get("year_before") or {}
    year_before_label = (year_before.get("period") or {}).get("label", "")
    return {
        "key": key,
        "label": figure.get("label", key),
        "value": value,
        "state": "suppressed" if value == SUPPRESSED else "shown" if value else "none",
        "shown": shown(value, unit),
        "basis": basis_words(current, COUNTED.get(key, ""), period_label),
        "change": change_words(value, before, unit=unit, kind=kind),
        "direction": direction(value, before),
        # Participation is measured against the same period a year before (the plan asks for an
        # increase), so that comparison is given too where the report holds it.
        "year_before_label": year_before_label,
        "year_before": (
            change_words(
                value,
                year_before.get("value", ""),
                unit=unit,
                names=("a year before", year_before_label),
            )
            if year_before_label
            else ""
        ),
    }


def _level_words(value: str, names: dict[int, str]) -> str:
    """Where a centre of gravity sits among the levels: "between Engage (2) and Involve (3)"."""
    number = _number(value)
    if number is None or not names:
        return ""
    low, high = int(number), int(number) + (0 if number == int(number) else 1)
    if low == high or high not in names:
        return f"at {names.get(low, low)} ({low})" if low in names else ""
    if low not in names:
        return ""
    return f"between {names[low]} ({low}) and {names[high]} ({high})"


def _centre_of_gravity(report: dict, figure: dict | None, kind: str) -> dict | None:
    if figure is None:
        return None
    names = {}
    for row in report.get("levels") or []:
        try:
            names[int(row.get("level"))] = row.get("name", "")
        except (TypeError, ValueError):
            continue
    if not names:
        mix = (report.get("series") or {}).get("level_mix") or {}
        names = {i: name for i, name in enumerate(mix.get("levels") or [], start=1)}
    value = (figure.get("current") or {}).get("value", "")
    before = (figure.get("previous") or {}).get("value", "")
    moved = direction(value, before)
    meaning = {
        "up": "towards deeper co-creation",
        "down": "towards informing and engaging",
        "same": "no shift",
    }.get(moved, "")
    return {
        "label": figure.get("label", ""),
        "value": value,
        "state": "suppressed" if value == SUPPRESSED else "shown" if value else "none",
        "shown": shown(value),
        "where": _level_words(value, names),
        "change": change_words(value, before, kind=kind),
        "direction": moved,
        "meaning": meaning,
        "mix": _level_mix(report),
    }


def _level_mix(report: dict, quarters: int = 4) -> dict:
    """The last `quarters` quarters of the report's level mix (activities at each level), as
    shown, one row per level so that a shift to the deeper levels reads across a row."""
    mix = (report.get("series") or {}).get("level_mix") or {}
    periods, counts = mix.get("periods") or [], mix.get("activities") or []
    pairs = list(zip(periods, counts, strict=False))[-quarters:]
    return {
        "periods": [label for label, _ in pairs],
        "rows": [
            {"level": name, "activities": [row[i] if i < len(row) else "" for _, row in pairs]}
            for i, name in enumerate(mix.get("levels") or [])
        ],
    }


def summary_for(report: dict, period: Period | None = None) -> dict:
    """The summary of one report, from the report dict only: the plan's headline measures and how
    many took part, each with its change in words, and the centre of gravity with its change and
    the recent level mix. A figure the report does not hold is left out (or None)."""
    info = report.get("period") or {}
    kind = period.kind if period is not None else info.get("kind", "quarter")
    label = period.label if period is not None else info.get("label", "")
    # "2026/27 Q2" for the line under each number; the heading gives the months.
    short = label.split(" (", 1)[0]
    by_key = figures_by_key(report)
    return {
        # Staff may be shown the exact report; the summary then carries the same warning.
        "exact": report.get("disclosure") == "exact",
        "period_label": label,
        "previous_label": (report.get("previous_period") or {}).get("label", ""),
        "kind": kind,
        "headlines": [
            _headline(by_key[key], short, kind) for key in HEADLINE_KEYS if key in by_key
        ],
        "taking_part": (
            _headline(by_key[TAKING_PART], short, kind) if TAKING_PART in by_key else None
        ),
        "centre_of_gravity": _centre_of_gravity(report, by_key.get(CENTRE_OF_GRAVITY), kind),
    }


# --- What the report dict does not hold ------------------------------------------------------


def _day(value: date | None) -> str:
    return date_text(value) if value else ""


def _action_row(action) -> dict:
    return {
        "url": reverse("reporting:plan-action", args=[action.pk]),
        "objective": action.objective.number,
        "text": action.text,
        "timeframe": action.timeframe,
        "due_by": _day(action.ends_on),
        "status": action.get_status_display(),
        "status_colour": action.status_tag_colour,
        "overdue": bool(action.overdue),
    }


def _you_said_row(record) -> dict:
    return {
        "title": record.title,
        "you_said": record.you_said,
        "we_did": record.we_did,
        "published_on": _day(timezone.localdate(record.published_at)),
    }


def attention_for(today: date, period: Period) -> dict:
    """The period's top three "You said, we did" and the plan actions needing attention on `today`,
    JSON-safe (no names: only what the public and the steering group already see). Two queries."""
    actions = list(actions_needing_attention(today))
    return {
        "as_of": _day(today),
        "you_said_we_did": [_you_said_row(r) for r in you_said_we_did_top(period)],
        "actions": [_action_row(a) for a in actions[:ATTENTION_SHOWN]],
        "actions_total": len(actions),
        "overdue_total": sum(1 for a in actions if a.overdue),
    }


def summary_of_pack(content: dict) -> dict:
    """The summary of a governance pack, from its frozen content only: the report's summary and
    the "You said, we did" and plan actions frozen with it (none in packs published before)."""
    return {**summary_for(content.get("report") or {}), **(content.get("attention") or {})}
