"""Forms for importing the register from a spreadsheet: the upload, the confirmation, and the staff
form's rules for each row (`CoCreatorImportForm`)."""

import hashlib
from collections.abc import Mapping

from django import forms
from django.core.exceptions import ValidationError

from cocreation.lib.forms import csv_file_field

from ..forms.register import CoCreatorForm
from ..models import Interest, Locality
from .columns import MAX_BYTES, ImportFileError
from .parsing import decode_csv_bytes, parse_csv


def csv_fingerprint(text: str) -> str:
    """The SHA-256 of the file's text, so a confirmation names exactly the file it was shown."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class CoCreatorImportUploadForm(forms.Form):
    """A CSV file of people. The whole file is read and must be a readable CSV of the register.

    Once valid, `text` holds the file's text.
    """

    text = ""

    file = csv_file_field(
        "Save your spreadsheet as 'CSV UTF-8 (comma delimited)'. The file must be smaller "
        "than 2 MB and have no more than 5,000 people in it."
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            size = upload.size / (1024 * 1024)
            raise forms.ValidationError(
                f"The selected file must be smaller than 2 MB (it is {size:.1f} MB). Split it "
                "into smaller files",
                code="too_large",
            )
        upload.seek(0)
        try:
            text = decode_csv_bytes(upload.read())
            parse_csv(text)
        except ImportFileError as error:
            raise forms.ValidationError(str(error), code="unreadable") from None
        self.text = text
        return upload


class CoCreatorImportConfirmForm(forms.Form):
    """The fingerprint of the file the preview showed; the import goes ahead only if it matches."""

    sha256 = forms.RegexField(regex=r"^[0-9a-f]{64}$", widget=forms.HiddenInput)


class LoadedModelChoiceField(forms.ModelChoiceField):
    """A choice of one row, checked against `rows` (by primary key) loaded once, not one query."""

    rows: Mapping[str, object] = {}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        row = self.rows.get(str(value))
        if row is None:
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return row


class LoadedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A choice of several rows, checked against `rows` (by primary key) loaded once."""

    rows: Mapping[str, object] = {}

    def clean(self, value):
        if not value and not self.required:
            return []  # not an empty QuerySet, which a thousand rows would each compile
        return super().clean(value)

    def _check_values(self, value):
        found = []
        for pk in value:
            row = self.rows.get(str(pk))
            if row is None:
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
            found.append(row)
        return found


class CoCreatorImportForm(CoCreatorForm):
    """The staff form's rules for the rows of a spreadsheet import (`community.imports`).

    Only where the answers come from differs: localities and interests are checked against rows
    loaded once for the whole file (by primary key, as strings), so 5,000 rows make no query
    each, and a row may leave out the date joined (it is then today). Make one form for the
    file and `check` each row with it.
    """

    locality = LoadedModelChoiceField(queryset=Locality.objects.all(), required=False)
    interests = LoadedModelMultipleChoiceField(queryset=Interest.objects.all(), required=False)
    # The locality was checked against the loaded rows; the model would look it up again.
    model_check_exclude = ("user", "locality")

    def __init__(self, *args, localities: Mapping, interests: Mapping, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["locality"].rows = localities
        self.fields["interests"].rows = interests
        self.fields["date_joined"].required = False

    def check(self, data: Mapping) -> bool:
        """Check one more row with this form, as a new form bound to `data` would."""
        # Setting up a form's fields costs far more than checking a row: done once per file.
        self.data = data
        self._errors = None  # Django's form cleans again when its errors are asked for next
        return self.is_valid()
