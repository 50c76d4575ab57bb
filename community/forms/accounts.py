"""The forms on the way in: joining, signing in by code or password, codes and passwords.

They are allauth's own forms (settings.ACCOUNT_FORMS) with our words: every label says what to
enter, hints replace placeholders, and every error names its field ("Enter your email address"),
so nobody meets "This field is required." Joining asks for no password: a person confirms their
address with an emailed code and signs in with a code after that; they can set a password later.
"""

from allauth.account import forms as allauth_forms
from allauth.core import context
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html

from ..adapters import closed_account_message, closed_account_on
from .register import AVAILABILITY, OwnNameAndPhoneMixin

EMAIL_LABEL = "Email address"
EMAIL_REQUIRED = "Enter your email address"
EMAIL_INVALID = "Enter an email address in the correct format, like name@example.com"
CODE_LABEL = "Code"
CODE_HINT = "It is in the email we sent you: 8 letters and numbers, like 4GKQ-7M2P."
CODE_REQUIRED = "Enter the code from the email we sent you"
# Error messages, not passwords (S105 looks only at the names).
PASSWORD_REQUIRED = "Enter your password"  # noqa: S105
NEW_PASSWORD_REQUIRED = "Enter a new password"  # noqa: S105
NEW_PASSWORD_AGAIN_REQUIRED = "Type your new password again"  # noqa: S105
PICK_FROM_LIST = "Choose from the options given"


def _words(field, *, label=None, hint=None, required=None, invalid=None, autocomplete=None):
    """Give one of allauth's fields our label, hint and errors, and no placeholder.

    NHS.UK forms use hints, which stay visible while typing, instead of placeholders.
    """
    if label is not None:
        field.label = label
    if hint is not None:
        field.help_text = hint
    messages = dict(field.error_messages)
    if required is not None:
        messages["required"] = required
    if invalid is not None:
        messages["invalid"] = invalid
    field.error_messages = messages
    field.widget.attrs.pop("placeholder", None)
    if autocomplete is not None:
        field.widget.attrs["autocomplete"] = autocomplete


def _email_words(field, *, hint=""):
    _words(
        field,
        label=EMAIL_LABEL,
        hint=hint,
        required=EMAIL_REQUIRED,
        invalid=EMAIL_INVALID,
        autocomplete="email",
    )
    field.widget.attrs["spellcheck"] = "false"


def _code_words(field):
    _words(field, label=CODE_LABEL, hint=CODE_HINT, required=CODE_REQUIRED)
    field.widget.attrs.update(
        {"autocomplete": "one-time-code", "spellcheck": "false", "autocapitalize": "characters"}
    )
    field.widget.attrs["class"] = "nhsuk-input--width-10"


def _new_password_words(form, first="password1", again="password2", *, label="New password"):
    _words(form.fields[first], label=label, required=NEW_PASSWORD_REQUIRED)
    if again in form.fields:
        _words(
            form.fields[again],
            label=f"Type your {label.lower()} again",
            hint="",
            required=NEW_PASSWORD_AGAIN_REQUIRED,
        )


def _forgotten_password_hint() -> str:
    return format_html(
        '<a href="{}">Forgotten your password?</a>', reverse("account_reset_password")
    )


def _closed_account_error(email: str) -> ValidationError | None:
    """The error for someone signing in with the address of an account closed when they left."""
    closed_on = closed_account_on(context.request, email)
    if closed_on is None:
        return None
    return ValidationError(closed_account_message(closed_on), code="closed_account")


# --- Joining -----------------------------------------------------------------------------------


class JoinForm(OwnNameAndPhoneMixin, allauth_forms.SignupForm):
    """Join the community: a name, an email address, and how the person would like to take part.

    The adapter makes the login and the co-creator record (`cocreator_details`), so the portal
    greets the person by the name they gave.
    """

    full_name = forms.CharField(
        label="Full name",
        max_length=200,
        error_messages={
            "required": "Enter your full name",
            "max_length": "Full name must be 200 characters or fewer",
        },
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
    )
    preferred_name = forms.CharField(
        label="Preferred name",
        required=False,
        max_length=100,
        help_text="What you like to be called, if it is different from your full name.",
        error_messages={"max_length": "Preferred name must be 100 characters or fewer"},
        widget=forms.TextInput(attrs={"autocomplete": "nickname", "spellcheck": "false"}),
    )
    phone = forms.CharField(
        label="Phone number",
        required=False,
        max_length=30,
        help_text="Only if you would like us to phone or text you. A UK number, like 07700 900 982.",
        error_messages={"max_length": "Phone number must be 30 characters or fewer"},
        widget=forms.TextInput(
            attrs={"type": "tel", "autocomplete": "tel", "class": "nhsuk-input--width-20"}
        ),
    )
    availability = forms.MultipleChoiceField(
        label="When and how would you like to take part?",
        help_text="Select all that apply. You can change this later.",
        choices=AVAILABILITY,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": PICK_FROM_LIST},
    )

    field_order = ["full_name", "preferred_name", "email", "phone", "availability"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _email_words(
            self.fields["email"],
            hint="We will email you a code to check it is yours. You will use this address to "
            "sign in.",
        )

    def cocreator_details(self) -> dict:
        """The person's record, for `services.cocreator_register` (the adapter adds the login)."""
        data = self.cleaned_data
        chosen = data.get("availability") or []
        return {
            "full_name": data["full_name"],
            "preferred_name": data["preferred_name"],
            "phone": data["phone"],
            **{f"available_{key}": key in chosen for key, _ in AVAILABILITY},
        }


# --- Signing in --------------------------------------------------------------------------------


class LoginForm(allauth_forms.LoginForm):
    """Sign in with a password, for those who set one. The sign-in page leads with a code
    instead, whose form posts to allauth's request-a-code page (`RequestLoginCodeForm`)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _email_words(self.fields["login"])
        _words(
            self.fields["password"],
            label="Password",
            hint=_forgotten_password_hint(),
            required=PASSWORD_REQUIRED,
        )
        if "remember" in self.fields:
            self.fields["remember"].label = "Keep me signed in on this device"

    def _setup_password_field(self) -> None:
        # Joining asks for no password, so allauth would drop this field; people who set one
        # (and staff) still sign in with it.
        pass

    @property
    def closed_account(self) -> bool:
        return self.has_error("login", "closed_account")

    def _clean_with_password(self, credentials: dict):
        try:
            return super()._clean_with_password(credentials)
        except ValidationError:
            error = _closed_account_error(credentials.get("email", ""))
            if error is None:
                raise
            self.add_error("login", error)
            return self.cleaned_data


class RequestLoginCodeForm(allauth_forms.RequestLoginCodeForm):
    """Sign in with a code: the email address to send it to. The sign-in page's first form."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _email_words(self.fields["email"])

    @property
    def closed_account(self) -> bool:
        return self.has_error("email", "closed_account")

    def clean_email(self):
        email = super().clean_email()
        if email and getattr(self, "_user", None) is None:
            error = _closed_account_error(email)
            if error is not None:
                raise error
        return email


class ConfirmLoginCodeForm(allauth_forms.ConfirmLoginCodeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _code_words(self.fields["code"])


class ConfirmEmailVerificationCodeForm(allauth_forms.ConfirmEmailVerificationCodeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _code_words(self.fields["code"])


# --- Passwords and addresses, for those who use them -------------------------------------------


class ResetPasswordForm(allauth_forms.ResetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _email_words(self.fields["email"])


class ResetPasswordKeyForm(allauth_forms.ResetPasswordKeyForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _new_password_words(self)


class ChangePasswordForm(allauth_forms.ChangePasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _words(
            self.fields["oldpassword"],
            label="Current password",
            hint=_forgotten_password_hint(),
            required="Enter your current password",
        )
        _new_password_words(self)


class SetPasswordForm(allauth_forms.SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _new_password_words(self, label="Password")


class AddEmailForm(allauth_forms.AddEmailForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _email_words(self.fields["email"], hint="We will email you a code to check it is yours.")


class ReauthenticateForm(allauth_forms.ReauthenticateForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _words(
            self.fields["password"],
            label="Password",
            hint=_forgotten_password_hint(),
            required=PASSWORD_REQUIRED,
        )
