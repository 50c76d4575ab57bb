"""Forms for the idea board and the discussion: an idea, a post or reply, the name people show,
a report, hiding (with a reason) and a crisis word. Forms check what they can see; the services
check the rest and the views show those errors on the form."""

from django import forms


class IdeaForm(forms.Form):
    title = forms.CharField(
        label="Your idea in a few words",
        max_length=150,
        error_messages={
            "required": "Enter a short title for your idea",
            "max_length": "The title must be 150 characters or fewer",
        },
    )
    body = forms.CharField(
        label="Tell us more",
        help_text="What would you change, and how would it help? Do not name staff or patients.",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        error_messages={
            "required": "Describe your idea",
            "max_length": "Keep it to 5,000 characters or fewer",
        },
    )


class PostForm(forms.Form):
    body = forms.CharField(
        label="Your post",
        help_text="Do not name staff or patients, or share anyone's personal details.",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        error_messages={
            "required": "Write your post",
            "max_length": "Keep it to 5,000 characters or fewer",
        },
    )

    def __init__(self, *args, reply=False, **kwargs):
        super().__init__(*args, **kwargs)
        if reply:
            self.fields["body"].label = "Your reply"
            self.fields["body"].error_messages["required"] = "Write your reply"


class DisplayNameForm(forms.Form):
    display_name = forms.CharField(
        label="The name others will see",
        help_text=(
            "For example, your first name and the first letter of your last name. You do not "
            "have to use your real name."
        ),
        max_length=60,
        error_messages={
            "required": "Enter the name you would like others to see",
            "max_length": "The name must be 60 characters or fewer",
        },
    )


class ReportForm(forms.Form):
    reason = forms.CharField(
        label="What is wrong with it?",
        help_text="For example: it names someone, it is unkind, or it shares personal details.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
        error_messages={
            "required": "Tell us what is wrong with it",
            "max_length": "Keep it to 500 characters or fewer",
        },
    )


class HideForm(forms.Form):
    reason = forms.CharField(
        label="Why are you hiding it?",
        help_text="The writer sees this reason. Others see only “Hidden by the team”.",
        max_length=300,
        error_messages={
            "required": "Say why it is hidden",
            "max_length": "Keep the reason to 300 characters or fewer",
        },
    )


class CrisisWordForm(forms.Form):
    phrase = forms.CharField(
        label="Word or phrase to add",
        help_text="Whole words only, and capital letters do not matter: “kill” does not match “skill”.",
        max_length=100,
        error_messages={
            "required": "Enter a word or phrase",
            "max_length": "The word or phrase must be 100 characters or fewer",
        },
    )
