"""Forms for "We asked, you said, we did": the words, and the kind of change when publishing."""

from django import forms

from impact.models import ChangeKind

from ..models import Outcome


class OutcomeForm(forms.ModelForm):
    class Meta:
        model = Outcome
        fields = ["we_asked", "you_said", "we_did", "we_could_not"]
        labels = {
            "we_asked": "We asked",
            "you_said": "You said",
            "we_did": "We did",
            "we_could_not": "We couldn't, because",
        }
        help_texts = {
            "we_asked": "What the consultation asked, in plain English.",
            "you_said": (
                "A summary of what people said, with counts. The draft is made from the results "
                "and hides or rounds small numbers, because this will be public. Never name anyone."
            ),
            "we_did": "What changed, or what will change, because of what people said.",
            "we_could_not": "Anything people asked for that we could not do, and why.",
        }
        widgets = {name: forms.Textarea(attrs={"rows": 6}) for name in fields}
        error_messages = {
            "we_asked": {"required": "Enter what we asked"},
            "you_said": {"required": "Enter what people said"},
            "we_did": {"required": "Enter what we did"},
        }


class PublishForm(forms.Form):
    kind = forms.ChoiceField(
        label="What kind of change is it?",
        help_text="This is how the change is counted in the impact records.",
        choices=ChangeKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what kind of change it is"},
    )
