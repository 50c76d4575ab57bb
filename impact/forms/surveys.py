"""Survey forms: the involvement experience survey and SWEMWBS."""

from django import forms

from .. import swemwbs
from ..models import Agreement

AGREEMENT_HINT = "Choose one answer."

EXPERIENCE_QUESTIONS = [
    ("confidence", "Taking part has helped me feel more confident"),
    ("connection", "Taking part has helped me feel more connected to other people"),
    ("purpose", "Taking part gave me a sense of purpose"),
    ("input_led_to_change", "I can see that my input led to change"),
]
STAFF_QUESTION = (
    "understanding_needs",
    "Taking part has given me a better understanding of the needs of patients, carers and families",
)


def _agreement_field(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=[(value, text) for value, text in Agreement.choices],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": f"Choose how much you agree with “{label}”"},
    )


class ExperienceForm(forms.Form):
    """The involvement experience survey. Staff who took part get one extra question."""

    # The form pack adds "(optional)" to an optional field's label: once, so not written here.
    free_text = forms.CharField(
        label="Is there anything else you would like to tell us about taking part?",
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    anonymous = forms.BooleanField(
        label="Send my answers anonymously",
        required=False,
        help_text=(
            "Your answers will be counted, but not linked to you. We will not keep your name, "
            "the activity or the date with them, only the month. Nobody, including the "
            "involvement team, will be able to tell which answers are yours."
        ),
    )

    def __init__(self, *args, staff_respondent: bool = False, allow_anonymous: bool = True, **kw):
        super().__init__(*args, **kw)
        questions = list(EXPERIENCE_QUESTIONS) + ([STAFF_QUESTION] if staff_respondent else [])
        fields = {name: _agreement_field(label) for name, label in questions}
        fields["free_text"] = self.fields["free_text"]
        if allow_anonymous:
            fields["anonymous"] = self.fields["anonymous"]
        self.fields = fields

    def answers(self) -> dict:
        data = self.cleaned_data
        return {name: value for name, value in data.items() if name != "anonymous"}


class WellbeingForm(forms.Form):
    """The seven SWEMWBS statements, each answered from "None of the time" to "All of the time"."""

    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        for number, wording in swemwbs.items():
            self.fields[f"item_{number}"] = forms.TypedChoiceField(
                label=wording,
                choices=swemwbs.ANSWER_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": f"Choose an answer for: {wording}"},
            )

    def answers(self) -> list[int]:
        return [self.cleaned_data[f"item_{number}"] for number, _ in swemwbs.items()]
