"""The equality monitoring forms, shared by the register and the portal.

`ConsentForm` and `DemographicsForm` are used both by staff recording answers for a person without
a login and by co-creators answering for themselves in the portal.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from .. import services
from ..models import Demographics, EthnicGroup


class ConsentForm(forms.Form):
    """One tick: the person agrees to the equality monitoring questions.

    The wording they agree to is `ConsentForm.wording` (show it above the tick box). The label and
    the error can be changed for the person answering (portal) or for staff answering for them.
    """

    wording = services.EQUALITY_CONSENT_WORDING

    agree = forms.BooleanField(
        label="I agree to this",
        error_messages={"required": "Tick the box to say you agree, or go back"},
    )

    def __init__(self, *args, agree_label: str | None = None, error: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if agree_label:
            self.fields["agree"].label = agree_label
        if error:
            self.fields["agree"].error_messages["required"] = error


def without_blank(choices):
    return [(value, label) for value, label in choices if value != ""]


def _ethnic_group_choices():
    """Census ethnic groups under their broad group, for a select with option groups."""
    groups: dict[str, list] = {}
    prefer_not = []
    for row in EthnicGroup.objects.order_by("position"):
        if not row.broad_group:
            prefer_not.append((row.pk, row.label))
            continue
        heading, _, short = row.label.partition(": ")
        groups.setdefault(heading, []).append((row.pk, short or row.label))
    return [("", "Not answered"), *groups.items(), *prefer_not]


class DemographicsForm(forms.ModelForm):
    """Every equality monitoring question, each optional and each offering "Prefer not to say".

    Give a year of birth or choose an age band; a year of birth decides the band.
    Pass the cleaned data to `services.demographics_save`.
    """

    year_of_birth = forms.IntegerField(
        label="Year of birth",
        required=False,
        help_text="For example, 1984. Leave this empty if you prefer not to say.",
        error_messages={"invalid": "Year of birth must be a number, like 1984"},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "nhsuk-input--width-4"}),
    )
    ethnic_group = forms.ModelChoiceField(
        label="Ethnic group",
        queryset=EthnicGroup.objects.all(),
        required=False,
        error_messages={"invalid_choice": "Choose an ethnic group from the list"},
    )

    class Meta:
        model = Demographics
        fields = [
            "year_of_birth",
            "age_band",
            "sex",
            "gender_same_as_birth",
            "sexual_orientation",
            "ethnic_group",
            "religion",
            "disability",
            "carer",
            "marital_status",
            "pregnancy_maternity",
            "first_language",
            "first_language_other",
        ]
        labels = {
            "age_band": "Age",
            "sex": "Sex",
            "gender_same_as_birth": "Is the gender you identify with the same as your sex registered at birth?",
            "sexual_orientation": "Sexual orientation",
            "religion": "Religion or belief",
            "disability": (
                "Do you have any physical or mental health conditions or illnesses lasting or "
                "expected to last 12 months or more, that reduce your ability to carry out "
                "day-to-day activities?"
            ),
            "carer": (
                "Do you look after, or give any help or support to, anyone because they have "
                "long-term physical or mental health conditions or illnesses, or problems related "
                "to old age?"
            ),
            "marital_status": "Marriage or civil partnership",
            "pregnancy_maternity": "Are you pregnant, or have you had a baby in the last 26 weeks?",
            "first_language": "First language",
            "first_language_other": "If another language, which one?",
        }
        help_texts = {
            "age_band": "Only needed if you did not give a year of birth.",
            "first_language_other": "",
        }

    # Every question with set answers is asked with radios; these three are typed or a select.
    RADIO_FIELDS = tuple(
        name
        for name in Meta.fields
        if name not in ("year_of_birth", "ethnic_group", "first_language_other")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.RADIO_FIELDS:
            field = self.fields[name]
            field.choices = without_blank(field.choices)
            field.widget = forms.RadioSelect(choices=field.choices)
            field.error_messages["invalid_choice"] = "Choose one of the answers given"
        self.fields["ethnic_group"].choices = _ethnic_group_choices()
        self.fields[
            "ethnic_group"
        ].help_text = "Choose the group that best describes your ethnic group or background."

    def clean_year_of_birth(self):
        year = self.cleaned_data.get("year_of_birth")
        this_year = timezone.localdate().year
        if year is not None and not (this_year - 120 <= year <= this_year):
            raise ValidationError(
                f"Year of birth must be between {this_year - 120} and {this_year}"
            )
        return year

    def clean(self):
        cleaned = super().clean()
        year = cleaned.get("year_of_birth")
        if year is not None:
            # A year of birth decides the age band; the person cannot be in two bands.
            cleaned["age_band"] = services.age_band_for_year(year)
        if cleaned.get("first_language") != "other":
            cleaned["first_language_other"] = ""
        return cleaned

    def _post_clean(self):
        # The service writes the row; the form only validates the answers.
        pass

    def answers(self) -> dict:
        """The answers as keyword arguments for `services.demographics_save`."""
        answers = {name: self.cleaned_data.get(name) or "" for name in self.Meta.fields}
        answers["year_of_birth"] = self.cleaned_data.get("year_of_birth")
        answers["ethnic_group"] = self.cleaned_data.get("ethnic_group")
        return answers
