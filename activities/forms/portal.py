"""Forms on the co-creator's opportunity pages.

Signing up asks no questions: pressing the button is the answer. The form is there so that a
refusal from the sign-up service shows in the NHS error summary, like any other error.
"""

from django import forms


class SignUpForm(forms.Form):
    """Sign up for an activity. A refusal (full, closed, already signed up) is a non-field error."""

    def refuse(self, reason: str) -> None:
        self.add_error(None, reason)
