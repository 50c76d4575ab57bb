"""The answer form: one field for each of a consultation's questions (choose one: radios;
choose any: checkboxes; a scale: radios 1 to 5 with what 1 and 5 mean; in your own words: a
text box), an optional area for public visitors, and the staff form to choose whose answers are
being entered (the accessible person picker). An answer must be one of the options shown: anything
else is refused with a plain error, so nothing is written."""

from django import forms

from cocreation.lib.pickers import PickerFormMixin, PickOneField
from community.models import CoCreator, Locality

from ..models import QuestionKind

TEXT_MAX = 5000


def field_name(question) -> str:
    return f"q{question.pk}"


def _scale_choices(question) -> list[tuple[str, str]]:
    choices = []
    for value in range(1, 6):
        label = str(value)
        if value == 1 and question.scale_low:
            label = f"1 – {question.scale_low}"
        elif value == 5 and question.scale_high:
            label = f"5 – {question.scale_high}"
        choices.append((str(value), label))
    return choices


def question_field(question) -> forms.Field:
    # The form pack adds "(optional)" to a question that is not required (not to checkboxes:
    # that one is added below, as the page says optional questions are marked).
    common = {"label": question.text, "help_text": question.hint, "required": question.required}
    wrong = f"Choose from the answers shown for: {question.text}"
    if question.kind == QuestionKind.CHOICE:
        return forms.ChoiceField(
            choices=[(o, o) for o in question.option_list],
            widget=forms.RadioSelect,
            error_messages={
                "required": f"Choose an answer to: {question.text}",
                "invalid_choice": wrong,
            },
            **common,
        )
    if question.kind == QuestionKind.CHOICES:
        if not question.required:
            common["label"] = f"{question.text} (optional)"
        common["help_text"] = question.hint or "Choose all the answers that apply."
        return forms.MultipleChoiceField(
            choices=[(o, o) for o in question.option_list],
            widget=forms.CheckboxSelectMultiple,
            error_messages={
                "required": f"Choose at least one answer to: {question.text}",
                "invalid_choice": wrong,
                "invalid_list": wrong,
            },
            **common,
        )
    if question.kind == QuestionKind.SCALE:
        return forms.ChoiceField(
            choices=_scale_choices(question),
            widget=forms.RadioSelect,
            error_messages={
                "required": f"Choose a number from 1 to 5 for: {question.text}",
                "invalid_choice": f"Choose a number from 1 to 5 for: {question.text}",
            },
            **common,
        )
    return forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=TEXT_MAX,
        strip=True,
        error_messages={
            "required": f"Write an answer to: {question.text}",
            "max_length": f"Your answer must be {TEXT_MAX:,} characters or fewer",
        },
        **common,
    )


class AnswerForm(forms.Form):
    """Every question of a consultation, in order; `ask_area` adds the optional area a public
    visitor lives in."""

    def __init__(self, *args, questions, ask_area: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            self.fields[field_name(question)] = question_field(question)
        if ask_area:
            self.fields["locality"] = forms.ModelChoiceField(
                queryset=Locality.objects.order_by("name"),
                required=False,
                empty_label="Prefer not to say",
                label="Which area do you live in?",
                help_text=(
                    "This helps us see which areas we are hearing from. It is not used to find "
                    "out who you are."
                ),
                error_messages={"invalid_choice": "Choose an area from the list"},
            )

    def answers(self) -> dict:
        """Question id: the answer given (a string, a list of strings, or "" / [] for none)."""
        return {q.pk: self.cleaned_data.get(field_name(q)) for q in self.questions}


class AssistForm(PickerFormMixin, forms.Form):
    """Staff choose the person whose answers they are entering."""

    person = PickOneField(
        kind="people",
        label="Whose answers are these?",
        search_label="Search for the person by name, email or phone number",
        error_messages={"required": "Choose the person whose answers you are entering"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Everyone, so choosing someone who has left gets a plain error (the search offers only
        # people still in the community).
        self.fields["person"].queryset = CoCreator.objects.order_by("full_name", "pk")
