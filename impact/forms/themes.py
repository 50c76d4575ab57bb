"""Forms for themes: adding and changing one, tagging insight, importing monthly source counts."""

import csv
import io
import re
from dataclasses import dataclass
from datetime import date

from django import forms

from cocreation.lib.forms import csv_file_field

from ..models import FeedbackSource, Theme
from ..services.themes import SourceCountRow

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 10_000
COLUMNS = ("source", "theme", "month", "count")
TEMPLATE_CSV = "source,theme,month,count\r\ncomplaints,Access to services,2026-04,12\r\n"


class ThemeForm(forms.ModelForm):
    class Meta:
        model = Theme
        fields = ["name", "description", "keywords"]
        labels = {
            "name": "Theme name",
            "description": "Description",
            "keywords": "Keywords",
        }
        help_texts = {
            "description": "A sentence saying what the theme covers.",
            "keywords": (
                "Words or phrases that suggest this theme in what co-creators write, separated "
                "by commas, for example: waiting list, delay, waited. Whole words only, capitals "
                "ignored. The insight inbox suggests the theme; staff decide."
            ),
        }
        error_messages = {
            "name": {"required": "Enter a theme name"},
            "keywords": {"max_length": "Keywords must be 500 characters or fewer"},
        }

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError("Enter a theme name", code="required")
        clash = Theme.objects.filter(name__iexact=name).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(
                f"There is already a theme called {clash.first().name}", code="unique"
            )
        return name

    def clean_keywords(self):
        """One spelling of the list: each keyword trimmed, repeats (ignoring capitals) dropped."""
        seen, keywords = set(), []
        for keyword in self.cleaned_data["keywords"].split(","):
            keyword = " ".join(keyword.split())
            if keyword and keyword.lower() not in seen:
                seen.add(keyword.lower())
                keywords.append(keyword)
        text = ", ".join(keywords)
        if len(text) > Theme._meta.get_field("keywords").max_length:
            raise forms.ValidationError(
                "Keywords must be 500 characters or fewer", code="max_length"
            )
        return text

    def validate_unique(self):
        # clean_name checks uniqueness, ignoring case, with a plainer message.
        pass


class InsightTagForm(forms.Form):
    themes = forms.ModelMultipleChoiceField(
        queryset=Theme.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Which themes does this insight raise?",
        help_text="Select all that apply. Select none to remove every tag.",
    )


@dataclass(frozen=True)
class Problem:
    row: int  # the spreadsheet row number: 1 is the header
    column: str
    message: str


_SOURCE_BY_NAME = {
    **{value.lower(): value for value in FeedbackSource.values},
    **{label.lower(): value for value, label in FeedbackSource.choices},
    "friends and family": FeedbackSource.FFT.value,
}
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


def check_source_counts(text: str, themes: dict[str, int]) -> tuple[list, list[Problem]]:
    """Every row checked: (rows, problems). `themes` maps lower-case theme names to ids."""
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        return [], [Problem(1, "", "The file is empty")]
    header = [h.strip().lower().replace(" ", "_") for h in header]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        return [], [Problem(1, c, f"The column {c} is missing from row 1") for c in missing]
    index = {c: header.index(c) for c in COLUMNS}
    rows, problems, seen = [], [], {}
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if number - 1 > MAX_ROWS:
            problems.append(Problem(number, "", f"The file has more than {MAX_ROWS:,} rows"))
            break
        value = {c: (cells[i].strip() if i < len(cells) else "") for c, i in index.items()}
        before = len(problems)
        source = _SOURCE_BY_NAME.get(value["source"].lower())
        if source is None:
            problems.append(
                Problem(
                    number,
                    "source",
                    f"{value['source'] or 'A blank'} is not a source: use complaints, pals, "
                    "incidents or fft",
                )
            )
        theme_id = themes.get(" ".join(value["theme"].split()).lower())
        if theme_id is None:
            problems.append(
                Problem(
                    number,
                    "theme",
                    f"There is no theme called {value['theme']}"
                    if value["theme"]
                    else "Enter a theme",
                )
            )
        month = None
        match = _MONTH.match(value["month"])
        if match and 1 <= int(match[2]) <= 12 and int(match[1]) >= 2000:
            month = date(int(match[1]), int(match[2]), 1)
        else:
            problems.append(
                Problem(number, "month", "Enter the month as year-month, for example 2026-04")
            )
        count = None
        if value["count"].isdigit():
            count = int(value["count"])
        else:
            problems.append(
                Problem(number, "count", "Enter the count as a whole number, 0 or more")
            )
        if len(problems) == before:
            key = (source, theme_id, month)
            if key in seen:
                problems.append(
                    Problem(
                        number,
                        "",
                        f"This row repeats the source, theme and month of row {seen[key]}",
                    )
                )
            else:
                seen[key] = number
                rows.append(SourceCountRow(source, theme_id, month, count))
    if not rows and not problems:
        problems.append(Problem(2, "", "The file has no rows of counts under the column names"))
    return rows, problems


class SourceCountImportForm(forms.Form):
    """A CSV file of monthly counts. Valid only if every row is right; then `rows` holds them."""

    file = csv_file_field(
        "Save your spreadsheet as 'CSV UTF-8 (comma delimited)'. Smaller than 2 MB."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows: list[SourceCountRow] = []
        self.problems: list[Problem] = []

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError("The selected file must be smaller than 2 MB")
        upload.seek(0)
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(
                "The selected file must be a CSV saved as UTF-8", code="unreadable"
            ) from None
        themes = {name.lower(): pk for pk, name in Theme.objects.values_list("pk", "name")}
        try:
            self.rows, self.problems = check_source_counts(text, themes)
        except csv.Error:
            raise forms.ValidationError("The selected file is not a readable CSV") from None
        if self.problems:
            count = len(self.problems)
            raise forms.ValidationError(
                f"The file has {count} problem{'s' if count != 1 else ''}. Nothing has been "
                "imported: fix the rows listed below and upload the file again",
                code="problems",
            )
        return upload
