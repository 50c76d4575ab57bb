"""NHS.UK form markup that every form draws many times over, written in Python.

A list of 30 checkboxes drawn through template includes cost about a millisecond a box on the
pages co-creators open most (the profile form, the filters on their opportunities), so the
parts drawn once per option or per attribute are made here; the templates in templates/nhsuk/
keep the rest. The markup is the same as the templates made.
"""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()

# Attributes the templates write themselves, or that the design system does not use (hints
# stay visible while typing; placeholders vanish).
_WRITTEN_ELSEWHERE = frozenset({"class", "placeholder", "checked"})


def _attrs(attrs: dict, leave_out: frozenset = frozenset()) -> str:
    """Attributes as ` name="value"` each (` name` alone when True, nothing when False)."""
    return format_html_join(
        "",
        " {}{}",
        (
            (name, "" if value is True else format_html('="{}"', value))
            for name, value in attrs.items()
            if value is not False and name not in leave_out
        ),
    )


@register.filter
def nhsuk_attrs(attrs: dict) -> str:
    """A widget's attributes other than those the templates write themselves."""
    return _attrs(attrs, _WRITTEN_ELSEWHERE)


_ITEM = (
    '<div class="nhsuk-{group}__item">'
    '<input class="nhsuk-{group}__input" type="{kind}" name="{{}}" value="{{}}"{{}}{{}}>'
    '<label class="nhsuk-label nhsuk-{group}__label" for="{{}}">{{}}</label>'
    "</div>"
)
# The design system names each group in the plural: "nhsuk-radios", "nhsuk-checkboxes".
_ITEMS = {
    kind: _ITEM.format(kind=kind, group=group)
    for kind, group in (("radio", "radios"), ("checkbox", "checkboxes"))
}


@register.simple_tag
def nhsuk_choice_items(field, kind: str) -> str:
    """The items of a radios (`kind` "radio") or checkboxes ("checkbox") question."""
    return format_html_join(
        "\n",
        _ITEMS[kind],
        (
            (
                choice.data["name"],
                str(choice.data["value"]),
                " checked" if choice.data["selected"] else "",
                nhsuk_attrs(choice.data["attrs"]),
                choice.id_for_label,
                choice.choice_label,
            )
            for choice in field.subwidgets
        ),
    )


@register.filter
def nhsuk_plain_select(field) -> bool:
    """Whether the field is drawn with Django's own select templates (not a custom widget's)."""
    widget = field.field.widget
    return (
        widget.template_name == "django/forms/widgets/select.html"
        and widget.option_template_name == "django/forms/widgets/select_option.html"
    )


@register.simple_tag
def nhsuk_select(field, has_error) -> str:
    """A plain select with the NHS.UK classes, as Django's templates would draw it: the same
    attributes (id, aria-describedby, aria-invalid, required) and options, without a template
    include for each option."""
    widget = field.field.widget
    classes = [widget.attrs.get("class", ""), "nhsuk-select"]
    if has_error:
        classes.append("nhsuk-select--error")
    attrs = field.build_widget_attrs({"class": " ".join(c for c in classes if c)}, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    context = widget.get_context(field.html_name, field.value(), attrs)["widget"]
    groups = []
    for group_name, options, _index in context["optgroups"]:
        items = format_html_join(
            "\n",
            '<option value="{}"{}>{}</option>',
            ((str(o["value"]), _attrs(o["attrs"]), o["label"]) for o in options),
        )
        groups.append(
            format_html('<optgroup label="{}">\n{}\n</optgroup>', group_name, items)
            if group_name
            else items
        )
    return format_html(
        '<select name="{}"{}>\n{}\n</select>',
        context["name"],
        _attrs(context["attrs"]),
        format_html_join("\n", "{}", ((g,) for g in groups)),
    )


@register.simple_tag(takes_context=True)
def nhsuk_hint(context, field, hint_class: str = "") -> str:
    """A question's hint, with the id its input's aria-describedby names ("" without help text).
    `hint_class` defaults to the `hint_class` the page's form helper set, if any."""
    if not field.help_text:
        return ""
    hint_class = hint_class or context.get("hint_class") or ""
    return format_html(
        '<div class="nhsuk-hint{}"{}>{}</div>',
        f" {hint_class}" if hint_class else "",
        format_html(' id="{}_helptext"', field.auto_id) if field.auto_id else "",
        mark_safe(field.help_text),  # noqa: S308 (forms' own help text, written in the code)
    )


@register.simple_tag(takes_context=True)
def nhsuk_error(context, field) -> str:
    """A question's error message, with the id its input's aria-describedby names ("" without
    errors, or where the form helper hides them)."""
    if not field.errors or context.get("form_show_errors") is False:
        return ""
    return format_html(
        '<span class="nhsuk-error-message"{}><span class="nhsuk-u-visually-hidden">Error: </span>'
        "{}</span>",
        format_html(' id="{}_error"', field.auto_id) if field.auto_id else "",
        format_html_join(mark_safe("<br>"), "{}", ((error,) for error in field.errors)),
    )
