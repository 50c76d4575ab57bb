"""Forms for importing the register from a spreadsheet: the upload, and the confirmation."""

import hashlib

from django import forms

from ..importing import MAX_BYTES, ImportFileError, decode_csv_bytes, parse_csv


def csv_fingerprint(text: str) -> str:
    """The SHA-256 of the file's text, so a confirmation names exactly the file it was shown."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class CoCreatorImportUploadForm(forms.Form):
    """A CSV file of people. The whole file is read and must be a readable CSV of the register.

    Once valid, `text` holds the file's text.
    """

    text = ""

    file = forms.FileField(
        label="Upload a CSV file",
        help_text=(
            "Save your spreadsheet as 'CSV UTF-8 (comma delimited)'. The file must be smaller "
            "than 2 MB and have no more than 5,000 people in it."
        ),
        error_messages={
            "required": "Select a CSV file",
            "empty": "The selected file is empty",
            "invalid": "Select a CSV file",
            "missing": "Select a CSV file",
        },
        widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}),
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
