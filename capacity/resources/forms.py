"""Forms for the resource pack: a resource (with its files, checked by content) and a jargon
buster term. Forms validate; the views pass what they cleaned to services."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import slugify

from impact.documents import DocumentRefused, check_upload

from ..models import ResourceAudience, ResourceKind

# PDF, Word and images: what people open to read a guide (not spreadsheets).
RESOURCE_FILE_KINDS = frozenset({"pdf", "docx", "doc", "png", "jpeg", "gif", "webp"})
FILE_HELP = "A PDF, Word or image file (PNG, JPEG, GIF or WebP), up to 10 MB."


def _file_field(label: str, help_text: str) -> forms.FileField:
    return forms.FileField(
        label=label,
        required=False,
        help_text=help_text,
        error_messages={"empty": "The file is empty. Choose the file again and try again."},
    )


class ResourceForm(forms.Form):
    title = forms.CharField(
        label="Title",
        max_length=200,
        error_messages={
            "required": "Enter a title",
            "max_length": "Title must be 200 characters or fewer",
        },
    )
    slug = forms.SlugField(
        label="Web address",
        max_length=200,
        required=False,
        help_text="The last part of its address, like curiosity-toolkit. Leave this empty to make "
        "it from the title.",
        error_messages={
            "invalid": "Web address must only use letters, numbers and hyphens",
            "max_length": "Web address must be 200 characters or fewer",
        },
    )
    kind = forms.ChoiceField(
        label="What kind of resource is it?",
        choices=ResourceKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what kind of resource it is"},
    )
    summary = forms.CharField(
        label="What it is for, in plain English",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One or two sentences. This shows in the library.",
        error_messages={"required": "Enter what it is for"},
    )
    body = forms.CharField(
        label="The guide itself",
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="Plain text. Leave a blank line between paragraphs.",
    )
    audience = forms.ChoiceField(
        label="Who can see it?",
        choices=ResourceAudience.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who can see it"},
    )
    file = _file_field("The resource as a file", FILE_HELP)
    easy_read = _file_field("Easy-read version", FILE_HELP)
    large_print = _file_field("Large-print version", FILE_HELP)
    is_published = forms.BooleanField(
        label="Publish it",
        required=False,
        help_text="Published resources show in the library. Untick to keep it as a draft.",
    )
    what_changed = forms.CharField(
        label="What changed",
        max_length=300,
        required=False,
        help_text="Needed when you change a published resource: its version goes up by one and "
        "people see this in its history.",
        error_messages={"max_length": "What changed must be 300 characters or fewer"},
    )

    def __init__(self, *args, resource=None, **kwargs):
        if resource is not None:
            kwargs.setdefault(
                "initial",
                {
                    field: getattr(resource, field)
                    for field in ("title", "slug", "kind", "summary", "body", "audience")
                }
                | {"is_published": resource.is_published},
            )
        super().__init__(*args, **kwargs)
        self.resource = resource
        self.checked: dict[str, str] = {}

    def _clean_upload(self, field: str):
        uploaded = self.cleaned_data.get(field)
        if not uploaded:
            return None
        try:
            checked = check_upload(uploaded)
        except DocumentRefused as refusal:
            raise ValidationError(str(refusal)) from None
        if checked.kind not in RESOURCE_FILE_KINDS:
            raise ValidationError(
                "This is a spreadsheet. Upload the resource as a PDF, Word or image file."
            )
        self.checked[field] = checked.extension
        return uploaded

    def clean_file(self):
        return self._clean_upload("file")

    def clean_easy_read(self):
        return self._clean_upload("easy_read")

    def clean_large_print(self):
        return self._clean_upload("large_print")

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("slug") and cleaned.get("title"):
            slug = slugify(cleaned["title"])[:200]
            if not slug:
                self.add_error("slug", "Enter a web address: the title has no letters to make one")
            cleaned["slug"] = slug
        return cleaned

    def values(self) -> dict:
        """What the services take: the fields, and the checked uploads with their extensions."""
        data = self.cleaned_data
        return {
            "title": data["title"],
            "slug": data["slug"],
            "kind": data["kind"],
            "summary": data["summary"],
            "body": data["body"],
            "audience": data["audience"],
            "is_published": data["is_published"],
            "what_changed": data["what_changed"],
            "uploads": {field: (data[field], ext) for field, ext in self.checked.items()},
        }


class KindFilterForm(forms.Form):
    """The library's filter: one kind, or every kind (a GET form, no JavaScript needed)."""

    kind = forms.ChoiceField(
        label="Show",
        choices=[("", "Every kind"), *ResourceKind.choices],
        required=False,
    )


class JargonSearchForm(forms.Form):
    q = forms.CharField(label="Search the jargon buster", max_length=100, required=False)


class JargonTermForm(forms.Form):
    term = forms.CharField(
        label="Term",
        max_length=100,
        error_messages={
            "required": "Enter the term",
            "max_length": "Term must be 100 characters or fewer",
        },
    )
    also_known_as = forms.CharField(
        label="Also known as",
        max_length=200,
        required=False,
        help_text="Other names or the words an abbreviation stands for, separated by commas.",
        error_messages={"max_length": "Also known as must be 200 characters or fewer"},
    )
    meaning = forms.CharField(
        label="What it means, in plain English",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter what it means"},
    )
