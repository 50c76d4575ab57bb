"""Forms for recording attendance: the register's rows, and finding or adding a walk-in.

Forms validate; the views pass what they cleaned to `activities.services`.
"""

from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html

from community.forms.register import normalise_uk_phone

from ...models import AttendanceRole, AttendanceStatus


class AttendanceRowForm(forms.Form):
    """One person's line on a session's register. The labels carry their name."""

    cocreator = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(choices=AttendanceStatus.choices, widget=forms.RadioSelect)
    hours = forms.CharField(
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "nhsuk-input--width-4"}),
    )
    role = forms.ChoiceField(choices=AttendanceRole.choices)

    def __init__(self, *args, person=None, hint="", **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
        name = person.full_name if person is not None else "This person"
        self.person_name = name
        status = self.fields["status"]
        status.label = name
        status.help_text = hint
        status.error_messages = {
            "required": f"Choose whether {name} attended, did not attend or sent apologies",
            "invalid_choice": f"Choose whether {name} attended, did not attend or sent apologies",
        }
        self.fields["hours"].label = format_html(
            'Hours<span class="nhsuk-u-visually-hidden"> for {}</span>', name
        )
        role = self.fields["role"]
        role.label = format_html('Role<span class="nhsuk-u-visually-hidden"> of {}</span>', name)
        role.error_messages = {
            "required": f"Choose {name}'s role",
            "invalid_choice": f"Choose {name}'s role from the list",
        }

    def clean_hours(self):
        text = self.cleaned_data["hours"].strip()
        if not text:
            return None
        name = self.person_name
        try:
            hours = Decimal(text)
        except InvalidOperation:
            raise ValidationError(
                f"Hours for {name} must be a number, like 1.5", code="invalid"
            ) from None
        if not hours.is_finite():
            raise ValidationError(f"Hours for {name} must be a number, like 1.5", code="invalid")
        if not Decimal(0) <= hours <= Decimal(24):
            raise ValidationError(f"Hours for {name} must be between 0 and 24", code="range")
        if hours != hours.quantize(Decimal("0.01")):
            raise ValidationError(
                f"Hours for {name} can have up to 2 decimal places, like 1.25", code="places"
            )
        return hours.quantize(Decimal("0.01"))

    def clean(self):
        cleaned = super().clean()
        if self.person is None and "cocreator" not in self.errors:
            raise ValidationError(
                "Someone on this register is no longer booked on the session. "
                "Open the register again to see who is booked now.",
                code="unknown_person",
            )
        return cleaned


class BaseAttendanceFormSet(forms.BaseFormSet):
    """The whole register: one row per person booked or already recorded.

    Each posted row names its person; a row for anyone not on the register is refused.
    """

    def __init__(self, data=None, *, register, session_hours, draft=None, **kwargs):
        self.register = register
        self.by_id = {row.cocreator_id: row for row in register}
        self.session_hours = session_hours
        # Answers entered but not saved yet (kept while staff added a walk-in), by person id.
        self.draft = draft or {}
        initial = None if data is not None else [self._initial(row) for row in register]
        super().__init__(data, initial=initial, **kwargs)
        # Never build more rows than there are people, whatever the posted form count says.
        self.max_num = self.absolute_max = max(len(register), 1)

    def _initial(self, row) -> dict:
        attendance = row.attendance
        hours = self.session_hours
        if attendance is not None and attendance.status == AttendanceStatus.ATTENDED:
            hours = attendance.hours
        initial = {
            "cocreator": row.cocreator_id,
            "status": attendance.status if attendance is not None else None,
            "hours": f"{hours:.2f}".removesuffix(".00"),
            "role": attendance.role if attendance is not None else AttendanceRole.PARTICIPANT,
        }
        unsaved = self.draft.get(str(row.cocreator_id)) or {}
        initial.update({name: value for name, value in unsaved.items() if value is not None})
        return initial

    def unsaved_rows(self) -> dict[str, dict]:
        """What a posted register says, row by row, before any check: kept in the session while
        staff add someone who came without booking, and filled in again when they come back.

        Only people on the register, choices the form offers and short hours are kept; the
        rows are checked as usual when the attendance is saved.
        """
        statuses, roles = set(AttendanceStatus.values), set(AttendanceRole.values)
        try:
            total = int(self.data.get(self.add_prefix("TOTAL_FORMS"), 0))
        except (TypeError, ValueError):
            total = 0
        rows = {}
        for index in range(min(max(total, 0), len(self.register))):
            prefix = self.add_prefix(index)
            person = self._person_at(index)
            if person is None:
                continue
            status = self.data.get(f"{prefix}-status")
            role = self.data.get(f"{prefix}-role")
            rows[str(person.cocreator_id)] = {
                "status": status if status in statuses else None,
                "hours": str(self.data.get(f"{prefix}-hours", ""))[:10],
                "role": role if role in roles else None,
            }
        return rows

    def _person_at(self, index: int):
        if not self.is_bound:
            return self.register[index] if index < len(self.register) else None
        raw = self.data.get(self.add_prefix(index) + "-cocreator", "")
        try:
            return self.by_id.get(int(raw))
        except (TypeError, ValueError):
            return None

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        if index is None:
            return kwargs
        person = self._person_at(index)
        if person is None:
            hint = ""
        elif person.booked_at is not None:
            hint = "Booked a place."
        elif person.walked_in:
            hint = "Came without booking."
        else:
            hint = "Recorded without a booked place."
        return {**kwargs, "person": person, "hint": hint}

    def clean(self):
        seen = set()
        for form in self.forms:
            person_id = (
                form.cleaned_data.get("cocreator") if hasattr(form, "cleaned_data") else None
            )
            if person_id is None:
                continue
            if person_id in seen:
                raise ValidationError(
                    f"{form.person_name} is on the register twice. Open the register again.",
                    code="duplicate",
                )
            seen.add(person_id)

    def lines(self) -> list[dict]:
        """The cleaned rows, ready to become `AttendanceLine`s."""
        return [
            {
                "cocreator_id": form.cleaned_data["cocreator"],
                "status": form.cleaned_data["status"],
                "hours": form.cleaned_data["hours"],
                "role": form.cleaned_data["role"],
            }
            for form in self.forms
        ]


AttendanceFormSet = forms.formset_factory(
    AttendanceRowForm, formset=BaseAttendanceFormSet, extra=0, can_order=False, can_delete=False
)


class WalkInSearchForm(forms.Form):
    q = forms.CharField(
        label="Name, email address or phone number",
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={
            "required": "Enter a name, email address or phone number to search for",
            "max_length": "Search must be 200 characters or fewer",
        },
    )

    def clean_q(self):
        text = " ".join(self.cleaned_data["q"].split())
        if len(text) < 2:
            raise ValidationError("Enter at least 2 characters to search for", code="short")
        return text


class WalkInNewPersonForm(forms.Form):
    """Someone new who came on the day. Only their name is needed; they do not get a login."""

    full_name = forms.CharField(
        label="Full name",
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={
            "required": "Enter the person's full name",
            "max_length": "Full name must be 200 characters or fewer",
        },
    )
    phone = forms.CharField(
        label="Phone number",
        required=False,
        max_length=30,
        help_text="A UK number, like 01632 960 001 or 07700 900 982.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "type": "tel"}),
    )
    email = forms.EmailField(
        label="Email address",
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com"
        },
    )

    def clean_full_name(self):
        name = " ".join(self.cleaned_data["full_name"].split())
        if not name:
            raise ValidationError("Enter the person's full name", code="required")
        return name

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        return normalise_uk_phone(phone) if phone else ""

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()
