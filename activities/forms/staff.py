"""Forms for the staff pages: projects, activities, session notes and attendance.

Forms validate; the views pass what they cleaned to `activities.services`.
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms.renderers import TemplatesSetting
from django.utils import timezone
from django.utils.html import format_html

from cocreation.lib.forms import NHSDateField
from community.forms.register import normalise_uk_phone
from community.models import Interest, InterestKind, Locality, PartnerOrganisation, Role, User

from ..models import (
    LEVEL_MEANINGS,
    Activity,
    ActivityFormat,
    ActivitySetting,
    ActivityStatus,
    AttendanceRole,
    AttendanceStatus,
    EngagementLevel,
    Objective,
    Project,
    ProjectStage,
    ProjectStatus,
)

# --- Shared pieces -----------------------------------------------------------------------------


def _any(label: str, choices) -> list:
    return [("", label), *choices]


def _user_name(user) -> str:
    return user.full_name or user.email


class StaffUserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _user_name(obj)


def staff_users(*, also_pk: int | None = None):
    """Involvement staff who can lead a project or activity (plus whoever leads it now)."""
    return (
        User.objects.filter(Q(groups__name=Role.STAFF.label, is_active=True) | Q(pk=also_pk))
        .distinct()
        .order_by("full_name", "email")
    )


class RadiosWithHints(forms.widgets.ChoiceWidget):
    """NHS.UK radios where each option has a hint under its label (for example, what a level means).

    Not a RadioSelect subclass on purpose: the crispy pack would render its plain radios instead.
    With `use_fieldset` the pack still wraps these in a fieldset with the legend, hint and error.
    """

    input_type = "radio"
    template_name = "activities/activity_widget_radios.html"
    use_fieldset = True

    def __init__(self, attrs=None, choices=(), hints=None):
        super().__init__(attrs, choices)
        self.hints = dict(hints or {})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        for _group, options, _index in context["widget"]["optgroups"]:
            for option in options:
                option["hint"] = self.hints.get(option["value"]) or self.hints.get(
                    str(option["value"])
                )
                option["attrs"].pop("aria-invalid", None)
                option["attrs"].pop("aria-describedby", None)
        return context

    def id_for_label(self, id_, index=None):
        # The error summary links to the first radio, as it does for the pack's own radios.
        return "" if index is None else super().id_for_label(id_, index)

    def _render(self, template_name, context, renderer=None):
        return super()._render(template_name, context, TemplatesSetting())


TIME_PATTERN = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?(am|pm)?$")


class NHSTimeField(forms.Field):
    """A time of day typed as hours and minutes, like 09:30 or 14:00 (2pm and 2:30pm work too)."""

    widget = forms.TextInput
    default_error_messages = {
        "required": "Enter the {label_lower}",
        "invalid": "{label} must be a time, like 09:30 or 14:00",
        "not_real": "{label} must be a real time, between 00:00 and 23:59",
    }

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.update(
            {"class": "nhsuk-input--width-5", "autocomplete": "off", "spellcheck": "false"}
        )
        return attrs

    def _error(self, code):
        label = str(self.label or "Time")
        message = self.error_messages[code].format(
            label=label, label_lower=label[:1].lower() + label[1:]
        )
        return ValidationError(message, code=code)

    def prepare_value(self, value):
        if isinstance(value, datetime.time):
            return value.strftime("%H:%M")
        return value

    def to_python(self, value):
        if isinstance(value, datetime.time):
            return value
        text = "".join(str(value or "").split()).lower()
        if not text:
            return None
        match = TIME_PATTERN.match(text)
        if not match or (match.group(2) is None and match.group(3) is None):
            raise self._error("invalid")
        hour, minute, meridiem = int(match.group(1)), int(match.group(2) or 0), match.group(3)
        if meridiem:
            if not 1 <= hour <= 12:
                raise self._error("not_real")
            hour = hour % 12 + (12 if meridiem == "pm" else 0)
        if hour > 23 or minute > 59:
            raise self._error("not_real")
        return datetime.time(hour, minute)

    def validate(self, value):
        if value is None and self.required:
            raise self._error("required")


def _local(date: datetime.date, time: datetime.time) -> datetime.datetime:
    """The moment a date and clock time mean in the site's time zone (Europe/London)."""
    return timezone.make_aware(datetime.datetime.combine(date, time))


# --- Projects ----------------------------------------------------------------------------------


class ProjectFilterForm(forms.Form):
    stage = forms.ChoiceField(
        label="Stage", choices=_any("Any stage", ProjectStage.choices), required=False
    )
    status = forms.ChoiceField(
        label="Status", choices=_any("Any status", ProjectStatus.choices), required=False
    )
    objective = forms.ChoiceField(
        label="Objective in the plan",
        choices=_any("Any objective", Objective.choices),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages["invalid_choice"] = "Choose from the list"


class ProjectForm(forms.ModelForm):
    """A project's details. The view passes the objectives and partners to `project_save`."""

    started_on = NHSDateField(label="Started on", required=False, help_text="For example, 1 4 2025")
    objectives = forms.MultipleChoiceField(
        label="Objectives in the plan",
        help_text="Which of the strategic plan's objectives this project serves. Select all that apply.",
        choices=Objective.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choose at least one objective the project serves",
            "invalid_choice": "Choose from the objectives given",
        },
    )

    class Meta:
        model = Project
        fields = [
            "title",
            "summary",
            "stage",
            "service_area",
            "lead",
            "partners",
            "objectives",
            "status",
            "started_on",
        ]
        labels = {
            "title": "Title",
            "summary": "Summary",
            "stage": "Stage",
            "service_area": "Service area",
            "lead": "Lead",
            "partners": "Partner organisations",
            "status": "Status",
        }
        help_texts = {
            "summary": "What the project is for and what it hopes to change, in plain English.",
            "lead": "The member of the involvement team who leads it.",
            "partners": "Select all that apply.",
        }
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "stage": forms.RadioSelect,
            "status": forms.RadioSelect,
            "partners": forms.CheckboxSelectMultiple,
        }
        error_messages = {
            "title": {
                "required": "Enter a title for the project",
                "max_length": "Title must be 200 characters or fewer",
            },
            "stage": {"required": "Choose the project's stage"},
            "status": {"required": "Choose the project's status"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        service_area = self.fields["service_area"]
        service_area.queryset = Interest.objects.filter(kind=InterestKind.SERVICE_AREA)
        service_area.empty_label = "Not set"
        lead = StaffUserChoiceField(
            label="Lead",
            queryset=staff_users(also_pk=self.instance.lead_id),
            required=False,
            empty_label="Not set",
            help_text=self.fields["lead"].help_text,
        )
        self.fields["lead"] = lead
        self.fields["partners"].queryset = PartnerOrganisation.objects.order_by("name")
        self.fields["stage"].choices = ProjectStage.choices
        self.fields["status"].choices = ProjectStatus.choices
        for name in ("service_area", "lead", "partners", "stage", "status"):
            self.fields[name].error_messages["invalid_choice"] = "Choose from the options given"
        self.fields["partners"].error_messages["invalid_pk_value"] = "Choose from the options given"
        self.order_fields(self.Meta.fields)
        if self.instance.pk and not self.is_bound:
            self.initial["objectives"] = [o.objective for o in self.instance.objectives.all()]

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise ValidationError("Enter a title for the project", code="required")
        return title


# --- Activities --------------------------------------------------------------------------------

EVENING_OR_WEEKEND = [
    ("evening", "Evening sessions"),
    ("weekend", "Weekend sessions"),
    ("either", "Evening or weekend sessions"),
]


class ActivityFilterForm(forms.Form):
    when = forms.ChoiceField(
        label="When",
        choices=[("upcoming", "Coming up"), ("past", "Past"), ("all", "All")],
        required=False,
        widget=forms.RadioSelect,
    )
    level = forms.TypedChoiceField(
        label="Engagement level",
        choices=_any("Any level", EngagementLevel.choices),
        coerce=int,
        empty_value=None,
        required=False,
    )
    status = forms.ChoiceField(
        label="Status", choices=_any("Any status", ActivityStatus.choices), required=False
    )
    project = forms.ModelChoiceField(
        label="Project",
        queryset=Project.objects.only("pk", "title").order_by("title", "pk"),
        empty_label="Any project",
        required=False,
    )
    locality = forms.ModelChoiceField(
        label="Area",
        queryset=Locality.objects.all(),
        empty_label="Any area",
        required=False,
    )
    setting = forms.ChoiceField(
        label="Setting", choices=_any("Any setting", ActivitySetting.choices), required=False
    )
    time = forms.ChoiceField(
        label="Evenings and weekends",
        choices=_any("Any time", EVENING_OR_WEEKEND),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["when"].initial = "upcoming"
        for name in ("project", "locality"):
            # Read the options once: the template walks them twice (label and select).
            self.fields[name].choices = list(self.fields[name].choices)
        for field in self.fields.values():
            field.error_messages["invalid_choice"] = "Choose from the list"

    def search_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "when": data.get("when") or "upcoming",
            "level": data.get("level"),
            "status": data.get("status", ""),
            "project_id": data["project"].pk if data.get("project") else None,
            "locality_id": data["locality"].pk if data.get("locality") else None,
            "setting": data.get("setting", ""),
            "time": data.get("time", ""),
        }


class ActivityForm(forms.ModelForm):
    """Everything about one activity. Start and end are typed as dates and times (UK time)."""

    level = forms.TypedChoiceField(
        label="Engagement level",
        help_text="How deeply people take part, from the plan's five levels.",
        choices=EngagementLevel.choices,
        coerce=int,
        widget=RadiosWithHints(hints={int(k): v for k, v in LEVEL_MEANINGS.items()}),
        error_messages={
            "required": "Choose an engagement level",
            "invalid_choice": "Choose one of the five engagement levels",
        },
    )
    start_date = NHSDateField(label="Start date", help_text="For example, 14 6 2025")
    start_time = NHSTimeField(
        label="Start time", help_text="Use the 24-hour clock, for example 09:30 or 14:00."
    )
    end_time = NHSTimeField(label="End time", help_text="For example, 11:30 or 16:00.")
    end_date = NHSDateField(
        label="End date",
        required=False,
        help_text="Leave this empty if it ends on the day it starts.",
    )
    capacity = forms.IntegerField(
        label="Places",
        required=False,
        min_value=1,
        max_value=10000,
        help_text="How many people can book. Leave this empty for no limit.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "nhsuk-input--width-4"}),
        error_messages={
            "invalid": "Places must be a whole number, like 20",
            "min_value": "Places must be 1 or more, or leave it empty for no limit",
            "max_value": "Places must be 10,000 or fewer",
        },
    )

    class Meta:
        model = Activity
        fields = [
            "title",
            "summary",
            "level",
            "project",
            "format",
            "setting",
            "venue",
            "locality",
            "capacity",
            "audience",
            "access_provisions",
            "recognition",
            "lead",
            "partners",
            "status",
            "is_public",
        ]
        labels = {
            "title": "Title",
            "summary": "Summary",
            "project": "Project",
            "format": "Format",
            "setting": "Setting",
            "venue": "Venue",
            "locality": "Area",
            "audience": "Who it is for",
            "access_provisions": "Access provisions",
            "recognition": "Recognition offered",
            "lead": "Lead",
            "partners": "Partner organisations",
            "status": "Status",
            "is_public": "Show on the public calendar",
        }
        help_texts = {
            "summary": (
                "Write in plain English: what will happen and why it matters. "
                "Co-creators and the public may read this."
            ),
            "venue": "The place and address, or how to join online.",
            "audience": "For example, carers of young people, or anyone with experience of our services.",
            "access_provisions": (
                "For example, step-free access, a hearing loop, British Sign Language, "
                "quiet room, travel expenses."
            ),
            "recognition": "For example, a voucher, payment for time, or a certificate.",
            "partners": "Select all that apply.",
            "is_public": "Public activities appear on the events calendar anyone can see.",
        }
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "access_provisions": forms.Textarea(attrs={"rows": 3}),
            "format": forms.RadioSelect,
            "status": forms.RadioSelect,
            "partners": forms.CheckboxSelectMultiple,
        }
        error_messages = {
            "title": {
                "required": "Enter a title for the activity",
                "max_length": "Title must be 200 characters or fewer",
            },
            "summary": {"required": "Enter a plain-English summary of the activity"},
            "format": {"required": "Choose whether it is in person, online or both"},
            "setting": {"required": "Choose the setting"},
            "status": {"required": "Choose the activity's status"},
        }

    FIELD_ORDER = (
        "title",
        "summary",
        "level",
        "project",
        "format",
        "setting",
        "venue",
        "locality",
        "start_date",
        "start_time",
        "end_time",
        "end_date",
        "capacity",
        "audience",
        "access_provisions",
        "recognition",
        "lead",
        "partners",
        "status",
        "is_public",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        project = self.fields["project"]
        project.queryset = Project.objects.only("pk", "title").order_by("title", "pk")
        project.empty_label = "Not part of a project"
        locality = self.fields["locality"]
        locality.queryset = Locality.objects.all()
        locality.empty_label = "Not set"
        self.fields["setting"].choices = _any("Choose a setting", ActivitySetting.choices)
        self.fields["format"].choices = ActivityFormat.choices
        self.fields["status"].choices = ActivityStatus.choices
        self.fields["lead"] = StaffUserChoiceField(
            label="Lead",
            queryset=staff_users(also_pk=self.instance.lead_id),
            required=False,
            empty_label="Not set",
            help_text="The member of the involvement team who leads it.",
        )
        self.fields["partners"].queryset = PartnerOrganisation.objects.order_by("name")
        for name in ("project", "locality", "setting", "format", "status", "lead", "partners"):
            self.fields[name].error_messages["invalid_choice"] = "Choose from the options given"
        self.fields["partners"].error_messages["invalid_pk_value"] = "Choose from the options given"
        self.order_fields(self.FIELD_ORDER)
        if self.instance.pk and not self.is_bound:
            starts = timezone.localtime(self.instance.starts_at)
            ends = timezone.localtime(self.instance.ends_at)
            self.initial.update(
                {
                    "start_date": starts.date(),
                    "start_time": starts.time().replace(second=0, microsecond=0),
                    "end_time": ends.time().replace(second=0, microsecond=0),
                    "end_date": ends.date() if ends.date() != starts.date() else None,
                }
            )

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise ValidationError("Enter a title for the activity", code="required")
        return title

    def clean_summary(self):
        summary = self.cleaned_data["summary"].strip()
        if not summary:
            raise ValidationError("Enter a plain-English summary of the activity", code="required")
        return summary

    def clean(self):
        cleaned = super().clean()
        start_date, start_time = cleaned.get("start_date"), cleaned.get("start_time")
        end_time = cleaned.get("end_time")
        if start_date is None or start_time is None or end_time is None:
            return cleaned
        if "end_date" in self.errors:
            return cleaned
        end_date = cleaned.get("end_date") or start_date
        starts_at, ends_at = _local(start_date, start_time), _local(end_date, end_time)
        if ends_at <= starts_at:
            if end_date < start_date:
                self.add_error("end_date", "End date must be the same as or after the start date")
            elif end_date == start_date:
                self.add_error("end_time", "End time must be after the start time")
            else:
                self.add_error("end_time", "The end must be after the start")
            return cleaned
        cleaned["starts_at"], cleaned["ends_at"] = starts_at, ends_at
        return cleaned

    def _post_clean(self):
        if "starts_at" in self.cleaned_data:
            self.instance.starts_at = self.cleaned_data["starts_at"]
            self.instance.ends_at = self.cleaned_data["ends_at"]
        super()._post_clean()


class ActivityNotesForm(forms.ModelForm):
    """After the session: the plan's curiosity prompts, and anything else worth keeping."""

    class Meta:
        model = Activity
        fields = ["notes_missing", "notes_not_thought_of", "notes_unheard_voices", "notes"]
        labels = {
            "notes_missing": "What's missing?",
            "notes_not_thought_of": "What haven't we thought of?",
            "notes_unheard_voices": "Whose voices are still unheard?",
            "notes": "Other notes from the session",
        }
        help_texts = {
            "notes_unheard_voices": "Which communities or groups were not in the room, and how we might reach them.",
            "notes": "Do not record clinical information or anything that identifies a person.",
        }
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in fields}


# --- Attendance --------------------------------------------------------------------------------


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

    def __init__(self, data=None, *, register, session_hours, **kwargs):
        self.register = register
        self.by_id = {row.cocreator_id: row for row in register}
        self.session_hours = session_hours
        initial = None if data is not None else [self._initial(row) for row in register]
        super().__init__(data, initial=initial, **kwargs)
        # Never build more rows than there are people, whatever the posted form count says.
        self.max_num = self.absolute_max = max(len(register), 1)

    def _initial(self, row) -> dict:
        attendance = row.attendance
        hours = self.session_hours
        if attendance is not None and attendance.status == AttendanceStatus.ATTENDED:
            hours = attendance.hours
        return {
            "cocreator": row.cocreator_id,
            "status": attendance.status if attendance is not None else None,
            "hours": f"{hours:.2f}".removesuffix(".00"),
            "role": attendance.role if attendance is not None else AttendanceRole.PARTICIPANT,
        }

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
