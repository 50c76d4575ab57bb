"""Form fields every payments package shares."""

from django import forms


class PoundsField(forms.DecimalField):
    """Pounds and pence as people type them: "40", "40.00", "£40.00" or "2,500.50"; always a
    Decimal (never a float)."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().removeprefix("£").replace(",", "").strip()
        return super().to_python(value)
