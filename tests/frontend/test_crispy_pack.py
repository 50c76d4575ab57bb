"""The "nhsuk" crispy-forms template pack renders NHS.UK markup that people and screen readers can use.

A sample form with every kind of question is bound with wrong answers, rendered, and read back
as HTML: the error summary, error messages, hints, labels and fieldsets must all point at the
right inputs.
"""

import datetime
import re
from collections import Counter
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.template import Context, Template
from django.test import RequestFactory

from cocreation.lib.forms import NHSDateField, NHSDateWidget

from .htmltree import parse

VENDOR = Path(settings.BASE_DIR) / "static" / "vendor" / "nhsuk-frontend"

AREAS = [("", "Choose an area"), ("kent", "Kent"), ("medway", "Medway")]
CONTACT = [("email", "Email"), ("phone", "Phone"), ("post", "Post")]
INTERESTS = [("events", "Events"), ("surveys", "Surveys"), ("projects", "Projects")]


class SampleForm(forms.Form):
    name = forms.CharField(label="Full name", help_text="The name you would like us to use")
    email = forms.EmailField(label="Email address")
    about = forms.CharField(label="Tell us about yourself", widget=forms.Textarea)
    area = forms.ChoiceField(label="Where do you live?", choices=AREAS)
    contact = forms.ChoiceField(
        label="How should we contact you?",
        choices=CONTACT,
        widget=forms.RadioSelect,
        help_text="Choose one",
    )
    interests = forms.MultipleChoiceField(
        label="What would you like to hear about?",
        choices=INTERESTS,
        widget=forms.CheckboxSelectMultiple,
    )
    agree = forms.BooleanField(label="I have read the privacy notice")
    dob = NHSDateField(
        label="Date of birth",
        widget=NHSDateWidget(autocomplete="bday"),
        help_text="For example, 15 3 1984",
    )


INVALID = {
    "name": "",
    "email": "not an email",
    "about": "",
    "area": "",
    "dob_day": "31",
    "dob_month": "2",
    "dob_year": "2025",
}
VALID = {
    "name": "Casey Cocreator",
    "email": "casey@example.org",
    "about": "I care for my brother.",
    "area": "kent",
    "contact": "email",
    "interests": ["events", "projects"],
    "agree": "on",
    "dob_day": "15",
    "dob_month": "3",
    "dob_year": "1984",
}
FIELD_NAMES = list(SampleForm.base_fields)


def render_tag(form) -> str:
    request = RequestFactory().get("/")
    return Template("{% load crispy_forms_tags %}{% crispy form %}").render(
        Context({"form": form, "request": request})
    )


def render_filter(form) -> str:
    return Template("{% load crispy_forms_tags %}{{ form|crispy }}").render(Context({"form": form}))


@pytest.fixture(params=[render_tag, render_filter], ids=["crispy-tag", "crispy-filter"])
def invalid_page(request):
    form = SampleForm(data=INVALID)
    assert not form.is_valid()
    return form, parse(request.param(form))


def control_for(doc, name):
    """The element a person focuses to answer the question `name`: its input, or its first box."""
    control = doc.find(id=f"id_{name}")
    if control is not None and control.tag in {"input", "select", "textarea"}:
        return control
    return doc.find(id=f"id_{name}_0")


def test_every_failing_field_is_linked_from_the_error_summary(invalid_page):
    form, doc = invalid_page
    summary = doc.find(cls="nhsuk-error-summary")
    assert summary is not None
    assert summary.find(role="alert") is not None
    assert summary.attrs.get("tabindex") == "-1"
    assert "There is a problem" in summary.find("h2").text
    hrefs = [a.attrs["href"] for a in summary.find_all("a")]
    assert set(form.errors) == set(FIELD_NAMES)
    for name in form.errors:
        target = control_for(doc, name)
        assert target is not None, f"no input to focus for {name}"
        assert f"#{target.attrs['id']}" in hrefs, f"summary does not link to {name}"
        assert target.attrs["id"] in (f"id_{name}", f"id_{name}_0")
    for href in hrefs:
        assert doc.find(id=href[1:]) is not None, f"summary links to missing {href}"


def test_error_summary_lists_errors_that_belong_to_no_field():
    class WholeForm(SampleForm):
        def clean(self):
            raise forms.ValidationError("Tell us how to contact you, by email or phone")

    doc = parse(render_tag(WholeForm(data=VALID)))
    summary = doc.find(cls="nhsuk-error-summary")
    assert "Tell us how to contact you, by email or phone" in summary.text


def test_a_valid_form_has_no_error_summary_or_messages():
    form = SampleForm(data=VALID)
    assert form.is_valid(), form.errors
    doc = parse(render_tag(form))
    assert doc.find(cls="nhsuk-error-summary") is None
    assert doc.find(cls="nhsuk-error-message") is None
    assert doc.find(cls="nhsuk-form-group--error") is None


def test_each_error_message_is_announced_with_its_input(invalid_page):
    form, doc = invalid_page
    messages = doc.find_all(cls="nhsuk-error-message")
    assert len(messages) == len(form.errors)
    for message in messages:
        assert message.find(cls="nhsuk-u-visually-hidden").text == "Error:"
        error_id = message.attrs["id"]
        described = [
            el for el in doc.iter() if error_id in (el.attrs.get("aria-describedby") or "").split()
        ]
        assert described, f"nothing is described by {error_id}"
        group = message.parent if message.parent.tag == "fieldset" else message
        assert any("nhsuk-form-group--error" in a.classes for a in [group, *group.ancestors()]), (
            f"{error_id} is not inside an error form group"
        )


def test_inputs_with_errors_are_styled_as_errors(invalid_page):
    _, doc = invalid_page
    assert "nhsuk-input--error" in doc.find(id="id_name").classes
    assert "nhsuk-input--error" in doc.find(id="id_email").classes
    assert "nhsuk-textarea--error" in doc.find(id="id_about").classes
    assert "nhsuk-select--error" in doc.find(id="id_area").classes
    for part in range(3):
        assert "nhsuk-input--error" in doc.find(id=f"id_dob_{part}").classes


def test_hints_are_linked_to_their_inputs(invalid_page):
    _, doc = invalid_page
    hint = doc.find(id="id_name_helptext")
    assert "nhsuk-hint" in hint.classes
    assert "id_name_helptext" in doc.find(id="id_name").attrs["aria-describedby"].split()
    for name in ("contact", "dob"):
        fieldset = doc.find(id=f"id_{name}_helptext").closest("fieldset")
        assert f"id_{name}_helptext" in fieldset.attrs["aria-describedby"].split()


@pytest.mark.parametrize(
    ("name", "kind", "options"),
    [("contact", "radios", CONTACT), ("interests", "checkboxes", INTERESTS)],
)
def test_radios_and_checkboxes_sit_in_a_fieldset_with_a_legend(invalid_page, name, kind, options):
    form, doc = invalid_page
    inputs = doc.find_all("input", name=name)
    assert len(inputs) == len(options)
    fieldsets = {id(i.closest("fieldset")) for i in inputs}
    assert len(fieldsets) == 1
    fieldset = inputs[0].closest("fieldset")
    assert "nhsuk-fieldset" in fieldset.classes
    legend = fieldset.find("legend")
    assert legend is not None and str(form[name].label) in legend.text
    assert fieldset.find(cls=f"nhsuk-{kind}") is not None
    for el in inputs:
        assert f"nhsuk-{kind}__input" in el.classes


def test_a_single_checkbox_is_a_one_item_checkboxes_list(invalid_page):
    _, doc = invalid_page
    box = doc.find(id="id_agree")
    assert box.attrs["type"] == "checkbox"
    assert "nhsuk-checkboxes__input" in box.classes
    assert box.parent.classes == {"nhsuk-checkboxes__item"}
    assert len(box.parent.parent.find_all(cls="nhsuk-checkboxes__item")) == 1


def test_the_date_input_is_a_group_of_three_labelled_boxes(invalid_page):
    _, doc = invalid_page
    container = doc.find(cls="nhsuk-date-input")
    fieldset = container.closest("fieldset")
    assert fieldset.attrs.get("role") == "group"
    assert "Date of birth" in fieldset.find("legend").text
    boxes = container.find_all("input")
    assert [b.attrs["name"] for b in boxes] == ["dob_day", "dob_month", "dob_year"]
    assert [b.attrs["autocomplete"] for b in boxes] == ["bday-day", "bday-month", "bday-year"]
    assert all(b.attrs["inputmode"] == "numeric" for b in boxes)
    assert "nhsuk-input--width-4" in boxes[2].classes


def test_every_label_points_at_an_input_and_every_input_has_a_label(invalid_page):
    _, doc = invalid_page
    ids = Counter(el.attrs["id"] for el in doc.iter() if "id" in el.attrs)
    duplicates = [i for i, n in ids.items() if n > 1]
    assert not duplicates, f"duplicate ids: {duplicates}"
    for label in doc.find_all("label"):
        target = doc.find(id=label.attrs.get("for"))
        assert target is not None and target.tag in {"input", "select", "textarea"}
    for control in doc.iter():
        if control.tag in {"input", "select", "textarea"} and control.attrs.get("type") != "hidden":
            assert doc.find("label", **{"for": control.attrs["id"]}), control.attrs


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("31", "2", "2025", "Date of birth must be a real date"),
        ("30", "13", "2025", "Date of birth must be a real date"),
        ("x", "2", "2025", "Date of birth must be a real date"),
        ("1", "2", "25", "Enter a year with 4 numbers"),
        ("", "2", "2025", "Date of birth must include a day"),
        ("", "", "2025", "Date of birth must include a day and month"),
        ("", "", "", "Enter date of birth"),
    ],
)
def test_the_date_field_explains_what_is_wrong_in_plain_english(day, month, year, message):
    form = SampleForm(data={**VALID, "dob_day": day, "dob_month": month, "dob_year": year})
    assert not form.is_valid()
    assert form.errors["dob"] == [message]


@pytest.mark.parametrize(
    ("day", "month", "year"),
    [("15", "3", "1984"), (" 15 ", "03", "1984"), ("15", "March", "1984"), ("15", "mar", "1984")],
)
def test_the_date_field_accepts_a_real_date(day, month, year):
    form = SampleForm(data={**VALID, "dob_day": day, "dob_month": month, "dob_year": year})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["dob"] == datetime.date(1984, 3, 15)


def test_only_the_wrong_part_of_a_date_is_highlighted():
    form = SampleForm(data={**VALID, "dob_day": "", "dob_month": "3", "dob_year": "1984"})
    doc = parse(render_tag(form))
    assert "nhsuk-input--error" in doc.find(id="id_dob_0").classes
    assert "nhsuk-input--error" not in doc.find(id="id_dob_1").classes
    assert "nhsuk-input--error" not in doc.find(id="id_dob_2").classes


def test_an_unbound_form_shows_a_saved_date_in_the_boxes():
    form = SampleForm(initial={"dob": datetime.date(1990, 12, 1)})
    doc = parse(render_filter(form))
    values = [doc.find(id=f"id_dob_{i}").attrs["value"] for i in range(3)]
    assert values == ["1", "12", "1990"]


def test_the_crispy_tag_wraps_the_form_without_browser_validation():
    doc = parse(render_tag(SampleForm()))
    form = doc.find("form")
    assert form.attrs["method"] == "post"
    assert "novalidate" in form.attrs


def test_helper_buttons_are_nhsuk_buttons():
    from crispy_forms.helper import FormHelper
    from crispy_forms.layout import Button, Submit

    form = SampleForm()
    form.helper = FormHelper()
    form.helper.add_input(Submit("save", "Save and continue"))
    form.helper.add_input(Button("cancel", "Cancel"))
    doc = parse(render_tag(form))
    save = doc.find("button", name="save")
    assert save.classes == {"nhsuk-button"}
    assert save.attrs["type"] == "submit"
    assert save.text == "Save and continue"
    assert doc.find("button", name="cancel").classes == {"nhsuk-button", "nhsuk-button--secondary"}


def test_optional_questions_say_so():
    class OptionalForm(forms.Form):
        phone = forms.CharField(label="Phone number", required=False)

    doc = parse(render_filter(OptionalForm()))
    assert doc.find("label").text == "Phone number (optional)"


def test_the_vendored_nhsuk_frontend_is_version_10():
    assert (VENDOR / "VERSION").read_text().strip().startswith("10.")
    assert (VENDOR / "LICENSE").read_text().startswith("MIT License")
    assert (VENDOR / "nhsuk-frontend.min.js").is_file()


def test_every_url_in_the_vendored_css_points_at_a_vendored_file():
    css = (VENDOR / "nhsuk-frontend.min.css").read_text()
    urls = set(re.findall(r"url\(\s*['\"]?([^)'\"]+)['\"]?\s*\)", css))
    assert urls, "expected the CSS to refer to its icons"
    for url in urls:
        assert not url.startswith(("/", "http:", "https:", "//")), f"{url} is not a vendored file"
        if url.startswith(("data:", "#")):
            continue
        assert (VENDOR / url.split("?")[0].split("#")[0]).is_file(), f"{url} is not vendored"
    assert "sourceMappingURL" not in css


def test_the_app_script_loads_the_vendored_module():
    app_js = (Path(settings.BASE_DIR) / "static" / "js" / "app.js").read_text()
    match = re.search(r'from "([^"]+)"', app_js)
    assert (
        match and (Path(settings.BASE_DIR) / "static" / "js" / match.group(1)).resolve().is_file()
    )
    assert "initAll" in app_js


def test_inputs_keep_their_own_classes_but_lose_placeholders():
    class CodeForm(forms.Form):
        code = forms.CharField(
            label="Code",
            widget=forms.TextInput(
                attrs={"class": "nhsuk-input--width-10", "placeholder": "123456"}
            ),
        )

    box = parse(render_filter(CodeForm())).find(id="id_code")
    assert box.classes == {"nhsuk-input", "nhsuk-input--width-10"}
    assert "placeholder" not in box.attrs


def test_layout_objects_render_nhsuk_markup():
    from crispy_forms.bootstrap import InlineRadios, PrependedText
    from crispy_forms.helper import FormHelper
    from crispy_forms.layout import Fieldset, Layout

    class CostForm(forms.Form):
        cost = forms.DecimalField(label="Travel cost")
        paid = forms.ChoiceField(
            label="Have we paid you?", choices=[("y", "Yes"), ("n", "No")], widget=forms.RadioSelect
        )

    form = CostForm()
    form.helper = FormHelper()
    form.helper.layout = Layout(
        Fieldset("Expenses", PrependedText("cost", "£"), InlineRadios("paid"))
    )
    doc = parse(render_tag(form))
    assert doc.find("legend", cls="nhsuk-fieldset__legend--m").text == "Expenses"
    assert doc.find(cls="nhsuk-input-wrapper__prefix").text == "£"
    assert doc.find(cls="nhsuk-radios--inline") is not None


def test_a_chosen_radio_says_checked_once():
    from django import forms
    from django.template import Context, Template

    class Choose(forms.Form):
        colour = forms.ChoiceField(
            choices=[("red", "Red"), ("blue", "Blue")], widget=forms.RadioSelect
        )

    html = Template("{% load crispy_forms_tags %}{{ form|crispy }}").render(
        Context({"form": Choose(initial={"colour": "blue"})})
    )
    assert html.count("checked") == 1
