"""What leaving does to every row, in every app, that can point at the person or their login.

The rows are found the way the data download finds them (`data_export.person_rows_by_link`:
the relations from the person's co-creator record and their login, and the rows owned by those
rows), plus the links that say who recorded or created a row (related_name="+"), which the
download leaves out. Each link (model label, field name) has one policy, registered by the app
that owns the model: community reads no other app, so activities, impact and reporting register
theirs from their AppConfig.ready(), as they do their portal sections.

A link with no policy stops the erasure (the whole leaving rolls back) rather than leaving the
person behind, and tests/community/test_erasure.py fails until every link has one.

The policies:
- DELETE: the rows are the person's own and go (journal entries, consents, calendar feed).
- KEEP: the rows stay for the counts, linked only to the anonymous co-creator row; every free-text
  and JSON field is emptied except the ones named in `keep_text` (keys, tokens, scores), which
  must hold nothing about the person.
- UNLINK: the link is emptied (a many-to-many link is removed); the row is the team's.
- LEAVE: nothing changes; only for links a leaver cannot have (staff work), with the reason.
A policy may add a step of its own (`custom`, run on the rows before the policy), e.g. giving up
places at activities still to come.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils import timezone

from cocreation.lib.batches import chunks

from .data_export import CHUNK, person_rows_by_link
from .models import CoCreator, MessageStatus, User

DELETE = "delete"
KEEP = "keep"
UNLINK = "unlink"
LEAVE = "leave"
ACTIONS = (DELETE, KEEP, UNLINK, LEAVE)


@dataclass(frozen=True)
class Leaver:
    """The person leaving, as they were before anything was erased."""

    cocreator: CoCreator
    user: User | None
    emails: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def of(cls, cocreator: CoCreator) -> Leaver:
        user = cocreator.user
        emails = {cocreator.email, user.email if user else ""}
        return cls(
            cocreator=cocreator,
            user=user,
            emails=frozenset(e.lower() for e in emails if e),
        )


@dataclass(frozen=True)
class Erasure:
    """What leaving does to the rows of one model that link to the person through one field."""

    action: str
    why: str
    keep_text: tuple[str, ...] = ()
    custom: Callable | None = None  # (rows, leaver) -> None, run before the action


_POLICIES: dict[tuple[str, str], Erasure] = {}


def erasure_policy_register(*, label: str, links: dict[str, Erasure]) -> None:
    """Say what leaving does to a model's rows, per field that can link them to a person."""
    for name, erasure in links.items():
        if erasure.action not in ACTIONS:
            raise ImproperlyConfigured(f"{label}.{name}: unknown erasure {erasure.action!r}")
        if erasure.keep_text and erasure.action != KEEP:
            raise ImproperlyConfigured(f"{label}.{name}: keep_text only goes with KEEP")
        _POLICIES[(label, name)] = erasure


def erasure_policies() -> dict[tuple[str, str], Erasure]:
    """Every registered policy, by (model label, field name)."""
    return dict(_POLICIES)


def scrubbed_fields(model: type[models.Model], keep_text: tuple[str, ...]) -> list[models.Field]:
    """The fields KEEP empties: free text (no choices) and JSON, except those kept."""
    fields = []
    for f in model._meta.concrete_fields:
        if f.primary_key or f.is_relation or f.name in keep_text:
            continue
        if isinstance(f, models.JSONField) or (
            isinstance(f, models.CharField | models.TextField) and not f.choices
        ):
            fields.append(f)
    return fields


class ErasurePolicyMissing(ImproperlyConfigured):
    """A row links to the leaver through a field no app has said what to do with."""


def _apply(model: type[models.Model], name: str, pks: set, erasure: Erasure, leaver: Leaver):
    link = model._meta.get_field(name)
    for chunk in chunks(sorted(pks, key=str), CHUNK):
        rows = model._default_manager.filter(pk__in=chunk)
        if erasure.custom is not None:
            erasure.custom(rows, leaver)
        if erasure.action == DELETE:
            rows.delete()
        elif erasure.action == UNLINK and link.many_to_many:
            target = leaver.cocreator.pk if link.related_model is CoCreator else leaver.user.pk
            through = link.remote_field.through
            through._default_manager.filter(
                **{
                    f"{link.m2m_field_name()}__in": rows.values("pk"),
                    link.m2m_reverse_field_name(): target,
                }
            ).delete()
        elif erasure.action == UNLINK:
            rows.update(**{name: None})
        elif erasure.action == KEEP:
            values = {
                f.name: (f.get_default() if isinstance(f, models.JSONField) else "")
                for f in scrubbed_fields(model, erasure.keep_text)
            }
            if values:
                rows.update(**values)


def person_rows_erase(*, leaver: Leaver) -> dict[str, int]:
    """Apply every app's policy to every row that links to the person; returns rows per model.

    Deletions come last, so a step that needs a row (a tag pointing at a journal entry) finds it.
    """
    by_link = person_rows_by_link(leaver.cocreator, hidden=True)
    missing = sorted(f"{label}.{name}" for label, name in by_link if (label, name) not in _POLICIES)
    if missing:
        raise ErasurePolicyMissing(
            "No erasure policy for " + ", ".join(missing) + " (see community/erasure.py)."
        )
    touched: dict[str, int] = {}
    steps = sorted(by_link.items(), key=lambda item: _POLICIES[item[0]].action == DELETE)
    for (label, name), pks in steps:
        if not pks:
            continue
        erasure = _POLICIES[(label, name)]
        if erasure.action == LEAVE:
            continue
        _apply(apps.get_model(label), name, pks, erasure, leaver)
        touched[label] = touched.get(label, 0) + len(pks)
    _admin_history_scrub(leaver)
    return touched


def _admin_history_scrub(leaver: Leaver) -> None:
    """The admin site's history names the rows it edited: empty that for the person's rows."""
    for model, pk in ((CoCreator, leaver.cocreator.pk), (User, leaver.user and leaver.user.pk)):
        if pk is None:
            continue
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id=str(pk)
        ).update(object_repr="", change_message="")


# --- Sessions ----------------------------------------------------------------------------------


def _names_person(data, leaver: Leaver) -> bool:
    """Whether a decoded session belongs to, or mentions, the person (allauth keeps their email
    and user id in a sign-in that is half done, e.g. waiting for a code)."""
    user_id = str(leaver.user.pk) if leaver.user else None

    def walk(value, key="") -> bool:
        if isinstance(value, dict):
            return any(walk(v, str(k)) for k, v in value.items())
        if isinstance(value, list | tuple):
            return any(walk(v, key) for v in value)
        if user_id is not None and "user" in key.lower() and str(value) == user_id:
            return True
        return False

    if walk(data):
        return True
    text = json.dumps(data, default=str).lower()
    return any(email in text for email in leaver.emails)


def sessions_end(*, leaver: Leaver) -> int:
    """End every stored session that belongs to or mentions the person; returns how many.

    Database-backed session engines can be listed; with any other engine the sessions cannot
    be found, but they are signed out anyway at their next request, because the login's
    password hash (which each session checks) has changed. Expired sessions are deleted
    unread, so only live ones are decoded.
    """
    store = import_module(settings.SESSION_ENGINE).SessionStore
    if not hasattr(store, "get_model_class"):
        return 0
    store.clear_expired()
    decoder = store()
    ended = []
    rows = (
        store.get_model_class()
        ._default_manager.filter(expire_date__gt=timezone.now())
        .values_list("session_key", "session_data")
    )
    for key, data in rows.iterator(chunk_size=CHUNK):
        if _names_person(decoder.decode(data), leaver):
            ended.append(key)
    for key in ended:
        store(session_key=key).delete()
    return len(ended)


# --- Community's own policies, and the account apps' (community owns accounts) -------------

_GONE = "The person's own record of themselves; nothing in it is needed once they have gone."
_TEAM = "Who recorded or created a row: the row is the team's, the link to the leaver goes."


def _messages_stop(rows, leaver: Leaver) -> None:
    """Nothing still waiting is sent, and nothing failed is listed for staff to send by hand."""
    rows.filter(
        status__in=[MessageStatus.PENDING, MessageStatus.SENDING, MessageStatus.FAILED]
    ).update(status=MessageStatus.SKIPPED)


erasure_policy_register(
    label="community.CoCreatorAccessNeed", links={"cocreator": Erasure(DELETE, _GONE)}
)
erasure_policy_register(label="community.Demographics", links={"cocreator": Erasure(DELETE, _GONE)})
erasure_policy_register(label="community.Champion", links={"cocreator": Erasure(DELETE, _GONE)})
erasure_policy_register(
    label="community.Consent",
    links={
        "cocreator": Erasure(DELETE, "Their answers go with it, so the consent is not needed."),
        "recorded_by": Erasure(UNLINK, _TEAM),
    },
)
erasure_policy_register(
    label="community.CoCreatorRelationship",
    links={
        "cocreator": Erasure(
            KEEP, "How the anonymous row relates to services (carer, patient) counts; no text."
        )
    },
)
erasure_policy_register(
    label="community.Message",
    links={
        "cocreator": Erasure(
            KEEP,
            "Kept under its once-only key so a retried task never sends it again; the address, "
            "subject, context, reason and error go, and nothing unsent is sent.",
            keep_text=("key", "kind", "template"),
            custom=_messages_stop,
        ),
        "user": Erasure(
            KEEP,
            "Messages to their login as an account (a partner's access, a support answer): kept "
            "under the once-only key like their other messages, linked only to the closed login; "
            "the address, subject, context, reason and error go, and nothing unsent is sent.",
            keep_text=("key", "kind", "template"),
            custom=_messages_stop,
        ),
    },
)
erasure_policy_register(
    label="community.AuditEvent",
    links={"actor": Erasure(UNLINK, "Audit events keep only the action and the time.")},
)
erasure_policy_register(label="community.Broadcast", links={"created_by": Erasure(UNLINK, _TEAM)})
erasure_policy_register(
    label="community.ContactLogEntry",
    links={
        "cocreator": Erasure(DELETE, "Staff notes of calls and conversations with the person."),
        "staff_member": Erasure(UNLINK, _TEAM),
    },
)
erasure_policy_register(
    label="community.ToContact",
    links={
        "cocreator": Erasure(DELETE, "Letters and calls still to make to the person, and made."),
        "done_by": Erasure(UNLINK, _TEAM),
    },
)
erasure_policy_register(
    label="community.CoCreatorImportJob", links={"created_by": Erasure(UNLINK, _TEAM)}
)
erasure_policy_register(
    label="community.PriorityGroup", links={"marked_by": Erasure(UNLINK, _TEAM)}
)
erasure_policy_register(
    label="account.EmailAddress", links={"user": Erasure(DELETE, "Their sign-in address.")}
)
erasure_policy_register(
    label="account.EmailConfirmation",
    links={"email_address": Erasure(DELETE, "A confirmation of their sign-in address.")},
)
erasure_policy_register(
    label="mfa.Authenticator", links={"user": Erasure(DELETE, "Their two-factor secrets.")}
)
