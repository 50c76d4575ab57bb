"""Everything held about one person, found from the models themselves, for "Download your data".

Nothing here names a model except the two it starts from (the co-creator and their account): the
rows are found by following relations, so a model added later in any app with a foreign key to
`CoCreator` is included without a change here.

Which rows are the person's:
- every row with a foreign key, one-to-one or many-to-many link to their co-creator record;
- the child rows of rows that are *part of* their record, i.e. deleted with it (on_delete CASCADE),
  and their children in turn. Rows that only point at the person (SET_NULL, PROTECT) are
  included, but their own children are not: an activity led by someone belongs to the team, and
  its other sign-ups belong to other people;
- their account (email, name, dates; never the password hash) and the rows that belong to it
  (email addresses, two-factor devices without their secrets);
- audit events about their record: the action and the time, never who did it.

A row that also points at *another* co-creator is labelled "Another person" there, never named.
Child rows further down that belong to another co-creator are left out.
"""

from __future__ import annotations

import datetime
import decimal
import json
import re
import uuid
from collections import defaultdict

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import connection, models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst

from cocreation.lib.batches import chunks
from cocreation.lib.dates import date_text, moment_text
from cocreation.lib.spreadsheets import csv_lines

from .models import AuditEvent, CoCreator, Role, User

# Models that are not about the person whose account they mention.
SKIPPED_MODELS = {
    # The admin site's own history of edits: about the records edited, not the editor.
    "admin.LogEntry",
}
# Fields never written out, by model: secrets, which would let whoever holds the file act as the
# person. What staff wrote about the person (the staff note, the contact log, booking notes) is
# their personal data and is in the download, as a subject access request would give it.
WITHHELD_FIELDS = {
    "community.CoCreator": {"user"},
    "mfa.Authenticator": {"data"},
    "account.EmailConfirmation": {"key"},
}
SECRET_WORDS = ("password", "secret", "token")
ACCOUNT_FIELDS = ("email", "full_name", "date_joined", "last_login")

USER_LABEL = "community.User"
AUDIT_LABEL = "community.AuditEvent"

SECTION_TITLES = {
    "community.CoCreator": "Your details",
    USER_LABEL: "Your account",
    "community.CoCreatorRelationship": "How you are connected to our services",
    "community.CoCreatorAccessNeed": "Your access and communication needs",
    "community.Demographics": "Your equality monitoring answers",
    "community.Consent": "Agreements you have given",
    "community.Champion": "Community Co-creation Champion roles",
    "community.Message": "Messages we have sent you, or chose not to send",
    AUDIT_LABEL: "When your record was created, changed or downloaded",
    "account.EmailAddress": "Your email addresses for signing in",
    "mfa.Authenticator": "Your two-factor authentication",
}
# Field labels that would be unclear on their own in a spreadsheet.
FIELD_LABELS = {
    ("community.CoCreator", "prefers_email"): "Contact by email",
    ("community.CoCreator", "prefers_sms"): "Contact by text message",
    ("community.CoCreator", "prefers_post"): "Contact by post",
    ("community.CoCreator", "prefers_phone"): "Contact by phone call",
    ("community.CoCreator", "available_weekdays"): "Available on weekdays",
    ("community.CoCreator", "available_evenings"): "Available in the evenings",
    ("community.CoCreator", "available_weekends"): "Available at weekends",
    ("community.CoCreator", "available_online"): "Available online",
    ("community.CoCreator", "available_in_person"): "Available in person",
    ("community.CoCreator", "locality"): "Area you live in",
    ("community.CoCreator", "heard_from"): "How you heard about us",
    ("community.CoCreatorRelationship", "kind"): "How you are connected",
    ("community.CoCreatorAccessNeed", "kind"): "Need",
    (USER_LABEL, "roles"): "Roles",
    (AUDIT_LABEL, "action"): "What happened",
    (AUDIT_LABEL, "at"): "When",
}

YOU = "You"
ANOTHER_PERSON = "Another person"
THE_TEAM = "A member of the involvement team"


class _Labeller:
    """Turns a linked row into words, without ever naming anyone but the person."""

    def __init__(self, cocreator: CoCreator):
        self.cocreator = cocreator
        self.user_id = cocreator.user_id
        self._cache: dict[tuple[str, object], str] = {}

    def link(self, model: type[models.Model], pk, obj=None) -> str:
        """Words for the row `pk` of `model` (pass `obj` when it is already loaded)."""
        if pk is None:
            return ""
        if issubclass(model, CoCreator):
            return YOU if pk == self.cocreator.pk else ANOTHER_PERSON
        if issubclass(model, User):
            if pk == self.user_id:
                return YOU
            return self._cached(model, pk, self._other_user)
        if obj is not None:
            return self._cached(model, pk, lambda m, k: str(obj))
        return self._cached(model, pk, lambda m, k: str(m._default_manager.get(pk=k)))

    def prime(self, objects: list[models.Model], skip=()) -> None:
        """Find the words for every link of `objects` at once: one query per model linked to.

        Without it each linked row (each session the person went to) would be a query of its own.
        """
        wanted: dict[type[models.Model], set] = defaultdict(set)
        for obj in objects:
            label = obj._meta.label
            for field in obj._meta.concrete_fields:
                if not field.is_relation or field.name in skip or _withheld(label, field):
                    continue
                pk = getattr(obj, field.attname)
                related = field.related_model
                if pk is None or issubclass(related, CoCreator):
                    continue
                if issubclass(related, User) and pk == self.user_id:
                    continue
                if (related._meta.label, pk) not in self._cache:
                    wanted[related].add(pk)
        for related, pks in wanted.items():
            label = related._meta.label
            for chunk in chunks(sorted(pks), _chunk_size()):
                rows = related._default_manager.filter(pk__in=chunk)
                if issubclass(related, User):
                    staff = set(
                        rows.filter(groups__name=Role.STAFF.label).values_list("pk", flat=True)
                    )
                    words = {pk: THE_TEAM if pk in staff else ANOTHER_PERSON for pk in chunk}
                else:
                    words = {row.pk: str(row) for row in rows}
                for pk in chunk:
                    self._cache[(label, pk)] = words.get(pk, "")

    def _cached(self, model, pk, make) -> str:
        key = (model._meta.label, pk)
        if key not in self._cache:
            try:
                self._cache[key] = make(model, pk)
            except model.DoesNotExist:
                self._cache[key] = ""
        return self._cache[key]

    @staticmethod
    def _other_user(model, pk) -> str:
        is_staff = model._default_manager.filter(pk=pk, groups__name=Role.STAFF.label).exists()
        return THE_TEAM if is_staff else ANOTHER_PERSON


def _plain(value):
    """A value as a JSON-safe string or number."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, int | float):
        return value
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.isoformat(timespec="seconds")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, dict | list | tuple):
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, bytes | memoryview):
        return ""
    return str(value)


def _withheld(label: str, field) -> bool:
    if field.name in WITHHELD_FIELDS.get(label, ()):
        return True
    return any(word in field.name.lower() for word in SECRET_WORDS)


def _row(obj: models.Model, labeller: _Labeller, skip=()) -> dict:
    """One row as {field name: value}; links become words, choices their labels.

    `skip` names the links to the person that led here (they would say "You" on every line).
    """
    label = obj._meta.label
    row = {"id": _plain(obj.pk)}
    for field in obj._meta.concrete_fields:
        if field.primary_key or field.name in skip or _withheld(label, field):
            continue
        if field.is_relation:
            row[field.name] = labeller.link(field.related_model, getattr(obj, field.attname))
        elif field.choices:
            value = getattr(obj, field.attname)
            row[field.name] = str(dict(field.flatchoices).get(value, _plain(value)))
        else:
            row[field.name] = _plain(getattr(obj, field.attname))
    for field in obj._meta.many_to_many:
        if _withheld(label, field):
            continue
        related = field.related_model
        words = []
        for linked in getattr(obj, field.name).all():  # prefetched by the caller
            word = labeller.link(related, linked.pk, linked)
            if word not in words:
                words.append(word)
        row[field.name] = "; ".join(words)
    return row


# Ids per IN (...) list: well inside SQLite's 999 parameters. A database without such a limit
# (PostgreSQL) takes a person's rows of one kind in one query, however many there are.
CHUNK = 500
CHUNK_UNLIMITED = 20_000


def _chunk_size() -> int:
    return CHUNK if connection.features.max_query_params else CHUNK_UNLIMITED


def _rows(model: type[models.Model], pks, labeller: _Labeller, skip) -> list[dict]:
    """The rows of one model, in order, with their links' words and many-to-many links read in
    one go: a few queries per model, whatever the number of rows.
    """
    label = model._meta.label
    m2m = [f.name for f in model._meta.many_to_many if not _withheld(label, f)]
    objects = []
    for chunk in chunks(sorted(pks), _chunk_size()):
        objects += model._default_manager.filter(pk__in=chunk).order_by("pk").prefetch_related(*m2m)
    labeller.prime(objects, skip)
    return [_row(obj, labeller, skip=skip) for obj in objects]


def _account_row(user: User) -> dict:
    row = {"id": user.pk}
    for name in ACCOUNT_FIELDS:
        row[name] = _plain(getattr(user, name))
    # Each role is a group named by the role's label.
    row["roles"] = "; ".join(
        sorted(user.groups.filter(name__in=Role.labels).values_list("name", flat=True))
    )
    return row


def _reverse_relations(model: type[models.Model], *, hidden: bool = False):
    """Relations from other models to this one: reverse foreign keys, one-to-ones and M2Ms.

    `hidden` adds the links declared with related_name="+" (who recorded or created a row),
    which the download leaves out and erasing does not; the tables behind many-to-many fields
    are never yielded (their field is).
    """
    if hidden:
        relations = [
            f
            for f in model._meta.get_fields(include_hidden=True)
            if f.is_relation and f.auto_created and not f.concrete
        ]
    else:
        relations = model._meta.related_objects
    for rel in relations:
        related = rel.related_model
        if related._meta.label in SKIPPED_MODELS or issubclass(related, CoCreator):
            continue
        if related._meta.auto_created:
            continue
        yield rel


def _other_cocreator_links(model: type[models.Model], walked_field) -> list:
    return [
        f
        for f in model._meta.concrete_fields
        if f.is_relation and f is not walked_field and issubclass(f.related_model, CoCreator)
    ]


def _found(
    cocreator: CoCreator,
) -> tuple[dict[str, type[models.Model]], dict[str, set], dict[str, set]]:
    """Every model that can hold the person's rows (found from the relations), and their rows.

    Rows of models reached by a CASCADE link are the person's own, and their children are looked
    for too, until nothing new turns up. Everything else is included but not followed.
    Also returns, per model, the names of its links to the person or their account.
    """
    models_by_label, found, link_fields, _ = _walk(cocreator)
    return models_by_label, found, link_fields


def person_rows_by_link(
    cocreator: CoCreator, *, hidden: bool = False
) -> dict[tuple[str, str], set]:
    """The person's rows as the download finds them, per link: (model label, field name) -> pks.

    Every link the walk meets is a key, with an empty set when no row uses it, so erasing (see
    community/erasure.py) sees the same models and the same rows as the download.
    """
    return _walk(cocreator, hidden=hidden)[3]


def person_links(*, hidden: bool = False) -> set[tuple[str, str]]:
    """Every (model label, field name) by which any row can point at a person or their login.

    The same walk as `_found`, over the models rather than the rows: reverse relations from
    `CoCreator` and `User`, and from every model reached by a CASCADE link, in turn.
    """
    links: set[tuple[str, str]] = set()
    queue: list[type[models.Model]] = [CoCreator, User]
    followed: set[str] = set()
    while queue:
        parent = queue.pop()
        for rel in _reverse_relations(parent, hidden=hidden):
            child = rel.related_model
            label = child._meta.label
            links.add((label, rel.field.name))
            owned = not rel.many_to_many and rel.on_delete is models.CASCADE
            if owned and label not in followed:
                followed.add(label)
                queue.append(child)
    return links


def _walk(cocreator: CoCreator, *, hidden: bool = False):
    models_by_label: dict[str, type[models.Model]] = {}
    link_fields: dict[str, set] = defaultdict(set)
    found: dict[str, set] = defaultdict(set)
    by_link: dict[tuple[str, str], set] = defaultdict(set)
    followed: set[str] = set()
    expanded: dict[str, set] = defaultdict(set)
    # A person without a login still gets every section, empty.
    account = {cocreator.user_id} if cocreator.user_id is not None else set()
    queue = [(CoCreator, {cocreator.pk}, True), (User, account, True)]
    while queue:
        parent, pks, from_root = queue.pop()
        for rel in _reverse_relations(parent, hidden=hidden):
            child = rel.related_model
            label = child._meta.label
            models_by_label[label] = child
            if from_root and not rel.many_to_many:
                link_fields[label].add(rel.field.name)
            owned = not rel.many_to_many and rel.on_delete is models.CASCADE
            not_theirs = Q()
            if not rel.many_to_many and not from_root:
                # Deeper down, a row that belongs to another co-creator is theirs, not ours.
                for other in _other_cocreator_links(child, rel.field):
                    not_theirs &= Q(**{f"{other.name}__isnull": True}) | Q(
                        **{other.name: cocreator.pk}
                    )
            new = set()
            for chunk in chunks(sorted(pks), _chunk_size()):
                query = Q(**{f"{rel.field.name}__in": chunk}) & not_theirs
                rows = child._default_manager.filter(query)
                new |= set(rows.values_list("pk", flat=True).distinct())
            by_link[(label, rel.field.name)] |= new
            found[label] |= new
            if owned:
                # Rows first met through a link that does not own them (who submitted or
                # recorded it) are still looked under when an owning link reaches them.
                new -= expanded[label]
                if new or label not in followed:
                    followed.add(label)
                    expanded[label] |= new
                    queue.append((child, new, False))
    return models_by_label, found, link_fields, by_link


def person_data(cocreator: CoCreator) -> dict[str, list[dict]]:
    """Every row held about the person, by model label ("app.Model"), as JSON-safe values.

    Every model that links to the person appears, with an empty list when it holds nothing.
    """
    labeller = _Labeller(cocreator)
    data: dict[str, list[dict]] = {"community.CoCreator": [_row(cocreator, labeller)]}
    if cocreator.user_id is not None:
        data[USER_LABEL] = [_account_row(cocreator.user)]
    else:
        data[USER_LABEL] = []
    models_by_label, found, link_fields = _found(cocreator)
    # The person's own sections first, then other apps', each in a stable order.
    for label in sorted(models_by_label, key=lambda x: (not x.startswith("community."), x)):
        data[label] = _rows(
            models_by_label[label], found.get(label, ()), labeller, skip=link_fields[label]
        )
    data[AUDIT_LABEL] = [
        {"action": event.get_action_display(), "at": _plain(event.at)}
        for event in AuditEvent.objects.filter(cocreator_id=cocreator.pk).order_by("at", "pk")
    ]
    return data


def row_count(data: dict[str, list[dict]]) -> int:
    """How many rows a download holds."""
    return sum(len(rows) for rows in data.values())


def section_title(label: str) -> str:
    """A plain-English heading for one model's rows."""
    if label in SECTION_TITLES:
        return SECTION_TITLES[label]
    try:
        model = apps.get_model(label)
    except LookupError:
        return label
    return capfirst(str(model._meta.verbose_name_plural))


def field_title(label: str, name: str) -> str:
    """A plain-English name for one field of one model's rows."""
    if (label, name) in FIELD_LABELS:
        return FIELD_LABELS[(label, name)]
    if name == "id":
        return "Record number"
    try:
        field = apps.get_model(label)._meta.get_field(name)
    except (LookupError, FieldDoesNotExist):
        return name.replace("_", " ").capitalize()
    return capfirst(str(getattr(field, "verbose_name", name)))


CSV_HEADER = ("Section", "Record number", "Detail", "What we hold")
# The JSON file keeps dates and times as ISO 8601 for other computer systems; the spreadsheet says
# them in words, in UK time, as every page does.
ISO_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?([+-]\d{2}:\d{2}|Z)?$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _in_words(value):
    """A value for the spreadsheet: ISO dates and times in words, everything else as it is."""
    if isinstance(value, str):
        try:
            if ISO_MOMENT.match(value):
                return moment_text(datetime.datetime.fromisoformat(value))
            if ISO_DATE.match(value):
                return date_text(datetime.date.fromisoformat(value))
        except ValueError:
            return value
    return value


def person_data_rows(data: dict[str, list[dict]]):
    """The download as one long table: one row per (section, record, detail, what we hold).

    One table with the same four columns all the way down opens cleanly in any spreadsheet, and
    can be sorted and filtered by section; separate blocks with different headers cannot. Every
    heading and detail is in words: never the names of the app's tables or fields.
    """
    yield CSV_HEADER
    for label, rows in data.items():
        title = section_title(label)
        for number, row in enumerate(rows, start=1):
            record = row.get("id", number)
            for name, value in row.items():
                if name == "id":
                    continue
                yield (title, record, field_title(label, name), _in_words(value))


def person_data_csv(data: dict[str, list[dict]]) -> str:
    """The download's table (`person_data_rows`) as CSV text, with the byte-order mark that
    makes Excel read it as UTF-8.
    """
    return "\ufeff" + "".join(csv_lines(person_data_rows(data)))
