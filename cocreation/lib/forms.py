"""Form pieces shared by every app: the NHS.UK date input (day, month and year boxes) and the CSV
upload field. Choosing from lists that grow with the data is in `pickers.py`."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting

PARTS = ("day", "month", "year")

_MONTH_NAMES = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}


def _long_date(value):
    return f"{value.day} {value:%B %Y}"


class NHSDateWidget(forms.MultiWidget):
    """Three text boxes for day, month and year, as the NHS.UK design system asks for dates.

    Pass ``autocomplete="bday"`` for a date of birth, so browsers can fill it in.
    """

    template_name = "nhsuk/widgets/date_input.html"

    def __init__(self, attrs=None, autocomplete=None):
        self.autocomplete = autocomplete
        # Which parts the last validation found wrong, so only those boxes are highlighted.
        self.error_parts = ()
        super().__init__({part: forms.TextInput() for part in PARTS}, attrs)

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        return [None, None, None]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        has_error = context["widget"]["attrs"].get("aria-invalid") == "true"
        for part, subwidget in zip(PARTS, context["widget"]["subwidgets"], strict=True):
            subwidget["part"] = part
            subwidget["label"] = part.capitalize()
            subwidget["width"] = 4 if part == "year" else 2
            subwidget["has_error"] = has_error and (
                not self.error_parts or part in self.error_parts
            )
            sub_attrs = subwidget["attrs"]
            # The fieldset carries aria-invalid and aria-describedby for the whole date.
            sub_attrs.pop("aria-invalid", None)
            sub_attrs.pop("aria-describedby", None)
            sub_attrs.pop("class", None)
            sub_attrs["inputmode"] = "numeric"
            if self.autocomplete:
                sub_attrs["autocomplete"] = f"{self.autocomplete}-{part}"
        return context

    def _render(self, template_name, context, renderer=None):
        # Use the project's template engine, whatever FORM_RENDERER says, because the
        # template lives in templates/nhsuk/ beside the rest of the crispy-forms pack.
        return super()._render(template_name, context, TemplatesSetting())


class NHSDateField(forms.Field):
    """A date typed as day, month and year, with the NHS.UK design system's plain-English errors.

    Accepts month names ("Feb", "February") as well as numbers, and spaces around numbers.
    Every message starts with the field's label, e.g. "Date of birth must be a real date".
    """

    widget = NHSDateWidget
    default_error_messages = {
        "required": "Enter {label_lower}",
        "missing": "{label} must include a {parts_text}",
        "not_real": "{label} must be a real date",
        "year_length": "Enter a year with 4 numbers",
    }

    def __init__(self, *, min_date=None, max_date=None, **kwargs):
        self.min_date = min_date
        self.max_date = max_date
        super().__init__(**kwargs)

    def _label(self):
        return str(self.label) if self.label else "Date"

    def _error(self, code, parts=PARTS, **params):
        self.widget.error_parts = tuple(parts)
        label = self._label()
        message = self.error_messages[code].format(
            label=label, label_lower=label[:1].lower() + label[1:], **params
        )
        return ValidationError(message, code=code)

    def to_python(self, value):
        self.widget.error_parts = ()
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        if not value:
            return None
        day, month, year = (str(part).strip() if part is not None else "" for part in value)
        if not (day or month or year):
            return None
        missing = [part for part, text in zip(PARTS, (day, month, year), strict=True) if not text]
        if missing:
            raise self._error("missing", parts=missing, parts_text=" and ".join(missing))
        month_number = _MONTH_NAMES.get(month.lower(), month)
        try:
            day_number, month_number = int(day), int(month_number)
        except ValueError:
            wrong = [
                part
                for part, text in (("day", day), ("month", str(month_number)))
                if not text.isdigit()
            ]
            raise self._error("not_real", parts=wrong) from None
        if not (year.isdigit() and len(year) == 4):
            raise self._error("year_length", parts=("year",))
        try:
            return datetime.date(int(year), month_number, day_number)
        except ValueError:
            raise self._error("not_real") from None

    def validate(self, value):
        if value is None and self.required:
            raise self._error("required")
        if value is not None and self.min_date and value < self.min_date:
            raise ValidationError(
                f"{self._label()} must be the same as or after {_long_date(self.min_date)}",
                code="min_date",
            )
        if value is not None and self.max_date and value > self.max_date:
            raise ValidationError(
                f"{self._label()} must be the same as or before {_long_date(self.max_date)}",
                code="max_date",
            )

    def has_changed(self, initial, data):
        if self.disabled:
            return False
        try:
            return self.to_python(data) != (
                initial.date() if isinstance(initial, datetime.datetime) else initial
            )
        except ValidationError:
            return True


def add_service_errors(form, error) -> None:
    """Show on the form a rule a service or the model enforced when saving (a ValidationError).

    Errors for fields the form has go beside those fields; the rest go to the top of the form.
    """
    if hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error)


def csv_file_field(help_text: str) -> forms.FileField:
    """The upload field of an import page: one CSV file, with the same error messages everywhere."""
    return forms.FileField(
        label="Upload a CSV file",
        help_text=help_text,
        error_messages={
            "required": "Select a CSV file",
            "empty": "The selected file is empty",
            "invalid": "Select a CSV file",
            "missing": "Select a CSV file",
        },
        widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}),
    )


def posted(request):
    """The submitted data, or None for a GET (an empty POST is still a submission to check)."""
    return request.POST if request.method == "POST" else None
