"""Template filters for dates and times in UK time, one way everywhere (`cocreation.lib.dates`).

Loaded on every template (TEMPLATES "builtins"), so a template needs no {% load %}:
- `{{ day|uk_date }}` "17 November 2026"; `{{ day|uk_day }}` "Tue 17 Nov 2026";
- `{{ moment|uk_moment }}` "Tue 17 Nov 2026, 2:30pm"; `{{ moment|uk_time }}` "2:30pm";
- `{{ activity.starts_at|uk_session:activity.ends_at }}` "Tue 17 Nov 2026, 2pm to 4pm";
- `{{ day|uk_month }}` "November 2026".
An empty value gives "", so `|default:"Not given"` still works after them.
"""

from django import template

from cocreation.lib import dates

register = template.Library()


def _safe(format_value):
    def apply(value, *args):
        if value in (None, ""):
            return ""
        return format_value(value, *args)

    apply.__doc__ = format_value.__doc__
    return apply


register.filter("uk_date", _safe(dates.date_text))
register.filter("uk_day", _safe(dates.day_text))
register.filter("uk_moment", _safe(dates.moment_text))
register.filter("uk_time", _safe(dates.time_text))
register.filter("uk_month", _safe(dates.month_text))


@register.filter
def uk_session(starts_at, ends_at=None):
    """A session's time from its start and end: "Tue 17 Nov 2026, 2pm to 4pm"."""
    if not starts_at:
        return ""
    return dates.session_text(starts_at, ends_at or None)
