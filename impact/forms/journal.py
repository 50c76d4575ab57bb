"""Forms for the reflective journal: an entry, and themes contributed anonymously."""

from django import forms

from ..models import JournalEntry, JournalSharing, Theme

SOMETHING_ELSE = "Something else"
# The curiosity prompts from the co-creation plan, offered to start an entry.
PROMPTS = (
    "What's missing?",
    "What haven't we thought of?",
    "Whose voices are still unheard?",
    SOMETHING_ELSE,
)

SHARING_CHOICES = [
    (JournalSharing.PRIVATE, "Private: only you can read it. The involvement team cannot see it."),
    (
        JournalSharing.SHARED,
        "Shared: you and the involvement team (the staff who run the co-creation community) "
        "can read it. Only you can change or delete it.",
    ),
]


class JournalEntryForm(forms.ModelForm):
    prompt = forms.ChoiceField(
        label="What are you reflecting on?",
        help_text="Choose the question that best fits, or something else.",
        choices=[(p, p) for p in PROMPTS],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what you are reflecting on, or choose something else"},
    )
    sharing = forms.ChoiceField(
        label="Who can read this entry?",
        choices=SHARING_CHOICES,
        initial=JournalSharing.PRIVATE,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who can read this entry"},
    )

    class Meta:
        model = JournalEntry
        fields = ["prompt", "body", "sharing"]
        labels = {"body": "Your reflection"}
        help_texts = {"body": "Write as much or as little as you like."}
        error_messages = {"body": {"required": "Write your reflection"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.prompt not in PROMPTS:
            self.initial["prompt"] = SOMETHING_ELSE

    def clean_prompt(self):
        # "Something else" answers no particular prompt, so none is kept.
        prompt = self.cleaned_data["prompt"]
        return "" if prompt == SOMETHING_ELSE else prompt


class JournalThemesForm(forms.Form):
    themes = forms.ModelMultipleChoiceField(
        label="Which themes does this entry touch on?",
        help_text=(
            "Select all that apply. We count each theme once for this month. We do not keep "
            "which entry it came from or who you are, and your entry stays as it is."
        ),
        queryset=Theme.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one theme to contribute"},
    )
