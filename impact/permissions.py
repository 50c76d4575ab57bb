"""Impact app permissions: each area keeps its own block below."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from community.models import Role
from community.permissions import has_role

from .models import CaseStudy, ImpactRecord, JournalEntry, JournalSharing, SurveyInvitation
from .selectors import survey_invitation_by_token

# --- journal and case studies ---


def get_journal_entry_for_user(user, pk: int, *, write: bool = False):
    """A journal entry: its author only; staff may also read (never change) one shared with them.

    Everyone else, staff included for private entries, gets 404.
    """
    if not user.is_authenticated:
        raise Http404
    entry = JournalEntry.objects.select_related("author").filter(pk=pk).first()
    if entry is None:
        raise Http404
    if entry.author_id == user.pk:
        return entry
    if not write and entry.sharing == JournalSharing.SHARED and has_role(user, Role.STAFF):
        return entry
    raise Http404


def get_case_study_for_user(user, pk: int):
    """A case study: involvement staff only; anyone else 404."""
    if has_role(user, Role.STAFF):
        return get_object_or_404(CaseStudy.objects.select_related("cocreator"), pk=pk)
    raise Http404


# --- Impact records ---


def get_impact_record_for_user(user, pk):
    """An impact record: staff reach any (to read or change); everyone else 404."""
    if not user.is_authenticated or not has_role(user, Role.STAFF):
        raise Http404("No such impact record.")
    return get_object_or_404(ImpactRecord, pk=pk)


# --- surveys ---


def get_survey_invitation_by_token(token: str):
    """The invitation a no-login survey link names; the token is the key, anything else 404."""
    invitation = survey_invitation_by_token(token)
    if invitation is None:
        raise Http404
    return invitation


def get_survey_invitation_for_staff(user, pk: int):
    """An invitation for staff entering answers on a person's behalf: staff only, else 404."""
    if not has_role(user, Role.STAFF):
        raise Http404
    invitation = (
        SurveyInvitation.objects.select_related("activity", "cocreator").filter(pk=pk).first()
    )
    if invitation is None:
        raise Http404
    return invitation
