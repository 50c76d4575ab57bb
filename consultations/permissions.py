"""Who may reach a consultation and what is in it: the one check per object type. Every
consultation view reaches its rows through the checks here.

- A consultation (`get_consultation_for_user`): staff reach any, drafts included (unless `own`,
  for pages that act as a participant). Anyone else reaches one that is not a draft and whose
  audience includes them: a public one, anyone; a co-creators one, a current co-creator; a group
  one, a current co-creator the group's criteria choose now. Everything else answers 404, so a
  draft or another group's consultation cannot be found by guessing. A visitor who is not signed
  in and asks for one that is not public is asked to sign in (`SignInNeeded`), since it may be
  theirs.
- Taking part (`may_take_part`): reaching it, and it is live.
- An idea or post (`get_contribution_for_user`): through its consultation; staff see every one,
  others only those shown, and their own whatever their state.
- A personal link (`link_invitation_for_token`): the token is the key; a leaver's link, or one
  whose consultation is a draft, answers 404.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import BooleanField, Case, Q, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404

from community.models import CoCreator, Role
from community.permissions import has_role
from reporting.groups.criteria import criteria_q

from .models import (
    Audience,
    Consultation,
    ConsultationStatus,
    Contribution,
    CrisisWord,
    LinkInvitation,
    Moderation,
)


class SignInNeeded(Exception):
    """The visitor is not signed in and the consultation is not public: ask them to sign in."""


def cocreator_of(user) -> CoCreator | None:
    """The signed-in person's current co-creator record, or None."""
    if not getattr(user, "is_authenticated", False) or not has_role(user, Role.COCREATOR):
        return None
    return CoCreator.objects.current().filter(user=user).first()


def in_audience(consultation: Consultation, cocreator: CoCreator | None) -> bool:
    """Whether the person (None: a visitor without a record) is in the consultation's audience."""
    person_id = cocreator.pk if cocreator is not None else None
    members: dict[int, set[int]] = {}
    if person_id is not None and consultation.audience == Audience.GROUP and consultation.group:
        members = group_members([consultation.group], [person_id])
    return audience_admits(consultation, person_id, members)


def group_members(groups: Iterable, person_ids: Iterable[int]) -> dict[int, set[int]]:
    """For each saved group, which of these people its criteria choose now (one query)."""
    groups = {group.pk: group for group in groups}
    person_ids = list(person_ids)
    if not groups or not person_ids:
        return {}
    columns = {
        # `pk__isnull=False` keeps the condition whole when a group has no criteria (everyone).
        f"in_group_{pk}": Case(
            When(Q(pk__isnull=False) & criteria_q(group.criteria), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
        for pk, group in groups.items()
    }
    members: dict[int, set[int]] = {pk: set() for pk in groups}
    for row in (
        CoCreator.objects.filter(pk__in=person_ids).annotate(**columns).values("pk", *columns)
    ):
        for pk in groups:
            if row[f"in_group_{pk}"]:
                members[pk].add(row["pk"])
    return members


def audience_admits(consultation, person_id: int | None, members: dict[int, set[int]]) -> bool:
    """`in_audience` for a person by id (None: a visitor without a record), with the members of
    the consultations' groups worked out once beforehand by `group_members`, for a list or a
    batch of people."""
    if consultation.audience == Audience.PUBLIC:
        return True
    if person_id is None:
        return False
    if consultation.audience == Audience.COCREATORS:
        return True
    return person_id in members.get(consultation.group_id, set())


def get_consultation_for_user(user, pk: int, *, own: bool = False) -> Consultation:
    consultations = Consultation.objects.select_related(
        "activity", "project", "service_area", "group"
    )
    if has_role(user, Role.STAFF) and not own:
        return get_object_or_404(consultations, pk=pk)
    consultation = get_object_or_404(consultations.visible(), pk=pk)
    if consultation.audience == Audience.PUBLIC:
        return consultation
    if not getattr(user, "is_authenticated", False):
        raise SignInNeeded
    if not in_audience(consultation, cocreator_of(user)):
        raise Http404
    return consultation


def may_take_part(consultation: Consultation, cocreator: CoCreator | None) -> bool:
    """Whether someone may answer, add or support now: it is live and they are in its audience."""
    return consultation.is_live() and in_audience(consultation, cocreator)


def get_contribution_for_user(user, consultation: Consultation, pk: int) -> Contribution:
    """An idea or post in a consultation the user has already reached."""
    rows = Contribution.objects.filter(consultation=consultation).select_related(
        "author", "reply_to"
    )
    if has_role(user, Role.STAFF):
        return get_object_or_404(rows, pk=pk)
    contribution = get_object_or_404(rows, pk=pk)
    if contribution.moderation == Moderation.SHOWN:
        return contribution
    cocreator = cocreator_of(user)
    if cocreator is not None and contribution.author_id == cocreator.pk:
        return contribution
    raise Http404


def link_invitation_for_token(token: str) -> LinkInvitation:
    """The personal link a token names, for a current person and a consultation not in draft."""
    return get_object_or_404(
        LinkInvitation.objects.select_related("consultation__activity", "cocreator")
        .filter(cocreator__in=CoCreator.objects.current())
        .exclude(consultation__status=ConsultationStatus.DRAFT),
        token=token,
    )


def get_crisis_word_for_user(user, pk: int) -> CrisisWord:
    """A crisis word: staff only (the list is not shown to anyone else)."""
    if has_role(user, Role.STAFF):
        return get_object_or_404(CrisisWord, pk=pk)
    raise Http404


def assist_refusal(consultation: Consultation, person: CoCreator) -> str:
    """Why staff may not enter this person's answers, in plain words, or ""."""
    if not CoCreator.objects.current().filter(pk=person.pk).exists():
        return (
            f"{person.display_name} has left the community, so answers cannot be entered for them."
        )
    if not in_audience(consultation, person):
        return (
            f"{person.display_name} is not in this consultation's audience "
            f"({consultation.get_audience_display().lower()}), so answers cannot be entered "
            "for them."
        )
    return ""
