"""Choosing people, activities, projects or records from lists that grow with the data, without
listing them.

A picker shows only what is chosen (ticked NHS.UK checkboxes, or radios when one is chosen), a box
to search and a "Search" button. Without JavaScript the button sends the form back
(`<field>__search`, the words in `<field>__q`): `PickerFormMixin` then shows the form again as it
was, saving nothing and with no error messages, with at most `PAGE_SIZE` matches to tick. With
JavaScript, static/js/app.js puts GOV.UK's accessible-autocomplete in the box, which asks the
staff-only search endpoint (`community.views.search`) for matches as the person types and adds
the one chosen as a ticked box. Either way a chosen id is checked against the field's queryset
when the form is sent, as any model choice field checks it.

What can be searched for is a "kind" (people, activities, ...) that the app owning the rows
registers from its AppConfig.ready(): the rows the endpoint may offer, which fields the words
typed are matched against, and the label (and hint) each is shown with. This module imports no
app; the endpoint's URL name is registered the same way (`picker_endpoint_register`).
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.forms.renderers import TemplatesSetting
from django.forms.utils import ErrorDict
from django.http import QueryDict
from django.urls import reverse
from django.utils.http import urlencode

PAGE_SIZE = 20  # the most matches a page or the endpoint ever shows
MAX_QUERY_LENGTH = 100
MAX_WORDS = 6
MAX_CHOSEN = 500  # more ids than this in one field is not a person ticking boxes


def _no_hint(obj) -> str:
    return ""


@dataclass(frozen=True)
class PickerKind:
    key: str
    queryset: Callable[[Mapping], QuerySet]  # what the endpoint may offer, given its query string
    fields: tuple[str, ...]  # each word typed must be in one of these
    label: Callable[[Any], str]
    hint: Callable[[Any], str] = _no_hint
    word: Callable[[str], Q | None] | None = None  # another meaning of a word, such as a year
    typed: str = "name"  # what people type: "Type more of the name"


_KINDS: dict[str, PickerKind] = {}
_ENDPOINT: dict[str, str] = {}


def picker_kind_register(
    *,
    key: str,
    queryset: Callable[[Mapping], QuerySet],
    fields: tuple[str, ...],
    label: Callable[[Any], str],
    hint: Callable[[Any], str] = _no_hint,
    word: Callable[[str], Q | None] | None = None,
    typed: str = "name",
) -> None:
    """Add (or replace, by key) a kind of thing pickers search for."""
    _KINDS[key] = PickerKind(
        key=key, queryset=queryset, fields=fields, label=label, hint=hint, word=word, typed=typed
    )


def picker_kind(key: str) -> PickerKind:
    """The registered kind; LookupError if there is none by that key."""
    try:
        return _KINDS[key]
    except KeyError:
        raise LookupError(f"No picker kind {key!r} is registered") from None


def picker_endpoint_register(*, url_name: str) -> None:
    """Name the search endpoint's URL (taking the kind as its one argument)."""
    _ENDPOINT["url_name"] = url_name


def picker_search_url(key: str, params: Mapping | None = None) -> str:
    """The endpoint's address for a kind, with any extra query (such as the period)."""
    url = reverse(_ENDPOINT["url_name"], args=[key]) if _ENDPOINT else ""
    return f"{url}?{urlencode(params)}" if url and params else url


def _words(text: str) -> list[str]:
    return str(text or "")[:MAX_QUERY_LENGTH].split()[:MAX_WORDS]


def picker_matches(kind: PickerKind, queryset: QuerySet, text: str) -> tuple[list, int]:
    """At most PAGE_SIZE rows of `queryset` with every word typed in one of the kind's fields,
    those whose first field starts with the first word (or has a word starting with it) first,
    and how many match in all. Two queries at most, whatever the rows: the page, and a count
    only when there are more than a page."""
    words = _words(text)
    if not words:
        return [], 0
    for word in words:
        condition = Q()
        for name in kind.fields:
            condition |= Q(**{f"{name}__icontains": word})
        extra = kind.word(word) if kind.word else None
        if extra is not None:
            condition |= extra
        queryset = queryset.filter(condition)
    first, word = kind.fields[0], words[0]
    ordering = list(queryset.query.order_by or queryset.model._meta.ordering or ["pk"])
    ranked = queryset.annotate(
        _picker_rank=Case(
            When(Q(**{f"{first}__istartswith": word}), then=Value(0)),
            When(Q(**{f"{first}__icontains": f" {word}"}), then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
    ).order_by("_picker_rank", *ordering)
    return _page_and_total(ranked, queryset)


def _page_and_total(rows: QuerySet, counted: QuerySet | None = None) -> tuple[list, int]:
    """At most PAGE_SIZE of `rows`, and how many there are (`counted`, if given, counts them more
    cheaply): a count query only when there are more than a page."""
    page = list(rows[: PAGE_SIZE + 1])
    if len(page) <= PAGE_SIZE:
        return page, len(page)
    return page[:PAGE_SIZE], (rows if counted is None else counted).count()


def picker_option(kind: PickerKind, obj) -> dict:
    """One row as the endpoint sends it: its id, label and hint."""
    return {"value": str(obj.pk), "label": kind.label(obj), "hint": kind.hint(obj) or ""}


def matches_text(*, total: int, shown: int, text: str, typed: str = "name") -> str:
    """The line under the search box after a search, in plain English."""
    quoted = f"“{' '.join(_words(text))}”"
    if not total:
        return f"No matches for {quoted}. Check the spelling, or type less of the {typed}."
    if total > shown:
        return (
            f"Showing {shown} of {total:,} matches for {quoted}. "
            f"Type more of the {typed} to narrow it down."
        )
    return f"{total} match{'' if total == 1 else 'es'} for {quoted}."


# --- Form fields and their widget ----------------------------------------------------------------


class PickerWidget(forms.widgets.ChoiceWidget):
    """The chosen as ticked NHS.UK checkboxes (or radios), a search box and button, and after a
    search at most a page of matches (templates/nhsuk/widgets/picker.html). It never lists the
    field's whole queryset: it asks its field for the rows it shows."""

    template_name = "nhsuk/widgets/picker.html"
    use_fieldset = True  # nhsuk/field.html gives it a fieldset with the legend, hint and error
    option_inherits_attrs = False

    def __init__(self, attrs=None, *, multiple: bool = False):
        super().__init__(attrs)
        self.allow_multiple_selected = multiple
        self.input_type = "checkbox" if multiple else "radio"
        self.field = None  # set by the picker field that owns it
        self.search_text = ""
        self.search_pressed = False

    def value_from_datadict(self, data, files, name):
        self.search_text = str(data.get(f"{name}__q") or "")[:MAX_QUERY_LENGTH]
        self.search_pressed = f"{name}__search" in data
        if self.allow_multiple_selected:
            getter = getattr(data, "getlist", None)
            return getter(name) if getter else data.get(name)
        return data.get(name)

    def value_omitted_from_data(self, data, files, name):
        return False  # nothing ticked sends nothing, which means "none chosen"

    def use_required_attribute(self, initial):
        return False  # a required attribute on each box would ask for every one to be ticked

    def optgroups(self, name, value, attrs=None):
        return []  # never the whole list: get_context asks the field for the rows it shows

    def id_for_label(self, id_, index=None):
        # The error summary links to the search box: it is always there (app.js keeps its id).
        return f"{id_}__q" if id_ else ""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        base = widget["attrs"].get("id") or f"id_{name}"
        field = self.field
        values = [v for v in self.format_value(value) if v not in ("", None)]
        chosen = field.picker_chosen(values)
        matches, total, status = [], 0, ""
        if self.search_text.strip():
            matches, total = field.picker_search(self.search_text, exclude=[o.pk for o in chosen])
            status = matches_text(
                total=total, shown=len(matches), text=self.search_text, typed=field.kind().typed
            )
        elif field.browse and not self.search_pressed:
            matches, total = field.picker_browse(exclude=[o.pk for o in chosen])
            if total > len(matches):
                status = (
                    f"Showing the {len(matches)} {field.browse} of {total:,}. "
                    "Search to find others."
                )
        elif self.search_pressed:
            # Also what Enter in another box of the form does without JavaScript: this is the
            # form's first button.
            status = (
                "Nothing has been saved yet. To search, type part of the "
                f"{field.kind().typed}, then press Search."
            )
        options = [self._option(field, obj, True) for obj in chosen]
        options += [self._option(field, obj, False) for obj in matches]
        empty = None
        if not self.allow_multiple_selected and not field.required:
            empty = {"value": "", "label": field.empty_label or "None", "selected": not chosen}
        for index, option in enumerate([*options, *([empty] if empty else [])]):
            option["id"] = f"{base}_{index}"
        widget.update(
            {
                "base": base,
                "chosen": options[: len(chosen)],
                "matches": options[len(chosen) :],
                "empty": empty,
                "search_label": field.search_label,
                "search_text": self.search_text,
                "status": status,
                "search_url": picker_search_url(field.kind_key, field.search_params),
                "multiple": self.allow_multiple_selected,
                "none_text": field.none_text,
            }
        )
        return context

    @staticmethod
    def _option(field, obj, selected: bool) -> dict:
        return {
            "value": str(obj.pk),
            "label": field.label_from_instance(obj),
            "hint": field.kind().hint(obj),
            "selected": selected,
        }

    def _render(self, template_name, context, renderer=None):
        # The template is in templates/nhsuk/ with the form pack (see NHSDateWidget._render).
        return super()._render(template_name, context, TemplatesSetting())


class _PickerFieldMixin:
    """What the one and several picker fields share. `queryset` defaults to the kind's own."""

    def __init__(
        self,
        *,
        kind: str,
        search_label: str,
        queryset=None,
        search_params: Mapping | None = None,
        browse: str = "",
        none_text: str = "None chosen yet.",
        multiple: bool,
        **kwargs,
    ):
        self.kind_key = kind
        self.search_label = search_label
        self.search_params = dict(search_params or {})
        self.browse = browse  # e.g. "newest": with nothing typed, show the first page
        self.none_text = none_text
        kwargs.setdefault("widget", PickerWidget(multiple=multiple))
        super().__init__(queryset=queryset, **kwargs)
        self.widget.field = self

    def __deepcopy__(self, memo):
        result = super().__deepcopy__(memo)
        result.widget.field = result
        result.search_params = dict(self.search_params)
        return result

    def _get_queryset(self):
        if self._queryset is None:
            # The kind's own rows, worked out when a form is made (apps are ready by then).
            self.queryset = self.kind().queryset(QueryDict())
        return self._queryset

    queryset = property(_get_queryset, forms.ModelChoiceField._set_queryset)

    def kind(self) -> PickerKind:
        return picker_kind(self.kind_key)

    def label_from_instance(self, obj):
        return self.kind().label(obj)

    def picker_pk(self, value):
        """The id as the table's key, or None if it cannot be one (not a number, too big)."""
        try:
            pk = self.queryset.model._meta.pk.to_python(value)
        except (ValidationError, TypeError, ValueError):
            return None
        if isinstance(pk, int) and not -(2**63) <= pk < 2**63:
            return None  # the database would fail on it rather than find nothing
        return pk

    def picker_chosen(self, values) -> list:
        """The rows for the ids given that the field allows, in the queryset's order."""
        pks = [pk for pk in map(self.picker_pk, values[:MAX_CHOSEN]) if pk is not None]
        return list(self.queryset.filter(pk__in=pks)) if pks else []

    def picker_search(self, text: str, *, exclude=()) -> tuple[list, int]:
        return picker_matches(self.kind(), self.queryset.exclude(pk__in=exclude), text)

    def picker_browse(self, *, exclude=()) -> tuple[list, int]:
        return _page_and_total(self.queryset.exclude(pk__in=exclude))


class PickOneField(_PickerFieldMixin, forms.ModelChoiceField):
    """Choose one row of a kind by searching (radios: the chosen, the matches, and "none")."""

    def __init__(self, *, kind: str, search_label: str, **kwargs):
        messages = {"invalid_choice": "Choose from the matches shown, or search again"}
        kwargs["error_messages"] = {**messages, **kwargs.get("error_messages", {})}
        super().__init__(kind=kind, search_label=search_label, multiple=False, **kwargs)

    def to_python(self, value):
        if value not in self.empty_values and self.picker_pk(value) is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class PickManyField(_PickerFieldMixin, forms.ModelMultipleChoiceField):
    """Choose several rows of a kind by searching (ticked checkboxes, untick to remove)."""

    def __init__(self, *, kind: str, search_label: str, **kwargs):
        messages = {
            "invalid_choice": "Choose from the matches shown, or search again",
            "invalid_pk_value": "Choose from the matches shown, or search again",
        }
        kwargs["error_messages"] = {**messages, **kwargs.get("error_messages", {})}
        super().__init__(kind=kind, search_label=search_label, multiple=True, **kwargs)

    def _check_values(self, value):
        if any(self.picker_pk(pk) is None for pk in value):
            raise ValidationError(self.error_messages["invalid_pk_value"], code="invalid_pk_value")
        return super()._check_values(value)


class PickerFormMixin:
    """For a form that saves: pressing a picker's Search button shows the form again as it was,
    with the matches, and neither saves nor shows error messages (`is_valid()` is False and
    `errors` is empty). Put it first among the form's bases."""

    def picker_fields(self) -> list[str]:
        return [name for name, field in self.fields.items() if isinstance(field, _PickerFieldMixin)]

    @property
    def picker_searching(self) -> bool:
        """Whether the form was sent by a picker's Search button."""
        return self.is_bound and any(
            f"{self.add_prefix(name)}__search" in self.data for name in self.picker_fields()
        )

    def full_clean(self):
        if self.picker_searching:
            self._errors = ErrorDict()
            self.cleaned_data = {}
            return
        super().full_clean()

    def is_valid(self):
        return not self.picker_searching and super().is_valid()
