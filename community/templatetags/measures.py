"""Measured values and their changes in words: "40%", "3 days", "+30 percentage points".

A change between two percentages is a difference in percentage points, not a percentage: "40%"
to "70%" is "+30 percentage points", never "+30 %" (which would read as 30% more than before).
"""

from decimal import Decimal, InvalidOperation

from django import template

register = template.Library()

PERCENT_UNITS = {"%", "percent", "per cent", "percentage"}


def _number(value) -> str:
    """A number without trailing zeros: 40.00 -> "40", 2.50 -> "2.5"."""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    text = f"{number.normalize():f}"
    return "0" if text in ("-0", "0") else text


def _is_percent(unit: str) -> bool:
    return (unit or "").strip().lower() in PERCENT_UNITS


@register.filter
def measure_value(value, unit="") -> str:
    """A measured value with its unit: "40%", "3 days", "12"."""
    if value is None or value == "":
        return ""
    number = _number(value)
    unit = (unit or "").strip()
    if _is_percent(unit):
        return f"{number}%"
    return f"{number} {unit}" if unit else number


@register.filter
def measure_change(change, unit="") -> str:
    """A signed change with its unit: "+30 percentage points", "-2 days", "No change"."""
    if change is None or change == "":
        return ""
    number = _number(change)
    if number == "0":
        return "No change"
    signed = number if number.startswith("-") else f"+{number}"
    unit = (unit or "").strip()
    if _is_percent(unit):
        return f"{signed} percentage point{'' if number.lstrip('-') == '1' else 's'}"
    return f"{signed} {unit}" if unit else signed
