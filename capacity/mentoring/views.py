"""Peer support and mentoring pages. Staff pair people and set up peer groups (`/staff/mentoring/`);
co-creators agree or decline, log meetings, end a pairing and leave a group in the portal
(`/portal/mentoring/`). Staff pages are refused by role to anyone else (403); every pair and group
is reached through the gatekeepers in `permissions.py` (404 for what the person may not see);
portal pages find the person from their login and pass `own=True`."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cocreation.lib.forms import add_service_errors, posted
from community.permissions import cocreator_required, staff_required
from community.services import cocreator_for_user_ensure

from .forms import AnswerForm, EndForm, InviteForm, MeetingForm, PairForm, PeerGroupForm
from .permissions import get_membership_for_user, get_mentoring_for_user, get_peer_group_for_user
from .selectors import (
    ACTIVE,
    WAITING,
    MyPair,
    is_active,
    is_closed,
    portal_group_page,
    portal_overview,
    portal_pair_page,
    staff_group_page,
    staff_overview,
    staff_pair_page,
)
from .services import (
    meeting_log_for_group,
    meeting_log_for_pair,
    mentoring_answer,
    mentoring_end,
    mentoring_pair,
    peer_group_answer,
    peer_group_end,
    peer_group_invite,
    peer_group_leave,
    peer_group_save,
)

OVERVIEW = "capacity:mentoring-list"
PORTAL = "capacity:portal-mentoring"


# --- Staff: pairs --------------------------------------------------------------------------------


@staff_required
@require_GET
def overview(request):
    return render(request, "capacity/mentoring/overview.html", staff_overview())


@staff_required
@require_http_methods(["GET", "POST"])
def pair_add(request):
    form = PairForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            pair = mentoring_pair(
                mentor=form.cleaned_data["mentor"],
                mentee=form.cleaned_data["mentee"],
                purpose=form.cleaned_data["purpose"],
                actor=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"{pair.mentor.full_name} and {pair.mentee.full_name} have been paired. Each has "
                "been asked to agree.",
            )
            return redirect("capacity:mentoring-pair", pk=pair.pk)
    return render(request, "capacity/mentoring/pair_form.html", {"form": form})


@staff_required
@require_GET
def pair_detail(request, pk):
    pair = get_mentoring_for_user(request.user, pk)
    return render(request, "capacity/mentoring/pair_detail.html", staff_pair_page(pair))


@staff_required
@require_POST
def pair_agree_for(request, pk):
    """Staff record the answer of the mentor or mentee who does not sign in (asked in person or
    by phone)."""
    pair = get_mentoring_for_user(request.user, pk)
    who = request.POST.get("who")
    if who not in ("mentor", "mentee"):
        raise Http404
    person = pair.mentor if who == "mentor" else pair.mentee
    try:
        mentoring_answer(pair=pair, cocreator=person, agree=True, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{person.full_name}'s agreement has been recorded.")
    return redirect("capacity:mentoring-pair", pk=pair.pk)


@staff_required
@require_http_methods(["GET", "POST"])
def pair_end(request, pk):
    pair = get_mentoring_for_user(request.user, pk)
    form = EndForm(
        posted(request), hint="Both people are told it has ended; they see the reason too."
    )
    if request.method == "POST" and not is_closed(pair) and form.is_valid():
        try:
            mentoring_end(pair=pair, reason=form.cleaned_data["reason"], actor=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"The mentoring of {pair.mentee.full_name} by {pair.mentor.full_name} has ended.",
            )
            return redirect("capacity:mentoring-pair", pk=pair.pk)
    return render(
        request,
        "capacity/mentoring/pair_end.html",
        {"pair": pair, "form": form, "closed": is_closed(pair)},
    )


# --- Staff: peer groups --------------------------------------------------------------------------


def _group_form_page(request, group=None):
    form = PeerGroupForm(posted(request), instance=group)
    if request.method == "POST" and form.is_valid():
        try:
            saved = peer_group_save(group=form.save(commit=False), actor=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if group is None:
                messages.success(request, f"{saved.name} has been set up. Now invite its members.")
            else:
                messages.success(request, f"Your changes to {saved.name} have been saved.")
            return redirect("capacity:mentoring-group", pk=saved.pk)
    return render(request, "capacity/mentoring/group_form.html", {"form": form, "group": group})


@staff_required
@require_http_methods(["GET", "POST"])
def group_add(request):
    return _group_form_page(request)


@staff_required
@require_http_methods(["GET", "POST"])
def group_edit(request, pk):
    group = get_peer_group_for_user(request.user, pk)
    if group.ended_at is not None:
        raise Http404
    return _group_form_page(request, group)


@staff_required
@require_GET
def group_detail(request, pk):
    group = get_peer_group_for_user(request.user, pk)
    return render(request, "capacity/mentoring/group_detail.html", staff_group_page(group))


@staff_required
@require_http_methods(["GET", "POST"])
def group_invite(request, pk):
    group = get_peer_group_for_user(request.user, pk)
    form = InviteForm(posted(request))
    if request.method == "POST" and group.ended_at is None and form.is_valid():
        try:
            invited = peer_group_invite(
                group=group, people=list(form.cleaned_data["people"]), actor=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            count = len(invited)
            messages.success(
                request,
                f"{count} {'person has' if count == 1 else 'people have'} been invited to "
                f"{group.name}.",
            )
            return redirect("capacity:mentoring-group", pk=group.pk)
    return render(request, "capacity/mentoring/group_invite.html", {"form": form, "group": group})


@staff_required
@require_POST
def group_agree_for(request, pk):
    """Staff record that an invited person who does not sign in agreed to join."""
    group = get_peer_group_for_user(request.user, pk)
    member_pk = request.POST.get("member", "")
    if not member_pk.isdigit() or len(member_pk) > 18:
        raise Http404
    member = get_object_or_404(group.members.select_related("cocreator"), pk=int(member_pk))
    try:
        peer_group_answer(member=member, agree=True, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{member.cocreator.full_name} has joined {group.name}.")
    return redirect("capacity:mentoring-group", pk=group.pk)


@staff_required
@require_http_methods(["GET", "POST"])
def group_end(request, pk):
    group = get_peer_group_for_user(request.user, pk)
    if request.method == "POST" and group.ended_at is None:
        try:
            peer_group_end(group=group, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"{group.name} has ended.")
        return redirect("capacity:mentoring-group", pk=group.pk)
    return render(request, "capacity/mentoring/group_end.html", {"group": group})


# --- Portal --------------------------------------------------------------------------------------


def _me(request):
    return cocreator_for_user_ensure(user=request.user)


@cocreator_required
@require_GET
def portal_home(request):
    return render(request, "capacity/mentoring/portal_overview.html", portal_overview(_me(request)))


@cocreator_required
@require_GET
def portal_pair(request, pk):
    pair = get_mentoring_for_user(request.user, pk, own=True)
    return render(
        request, "capacity/mentoring/portal_pair.html", portal_pair_page(pair, _me(request))
    )


@cocreator_required
@require_http_methods(["GET", "POST"])
def portal_pair_answer(request, pk):
    pair = get_mentoring_for_user(request.user, pk, own=True)
    me = _me(request)
    mine = MyPair(pair=pair, me=me)
    question = (
        f"Do you agree to be {mine.other.display_name}'s mentor?"
        if mine.role == "mentor"
        else f"Do you agree to {mine.other.display_name} being your mentor?"
    )
    form = AnswerForm(posted(request), question=question)
    can_answer = mine.status == WAITING and not mine.i_agreed
    if request.method == "POST" and can_answer and form.is_valid():
        try:
            pair = mentoring_answer(pair=pair, cocreator=me, agree=form.agreed, actor=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            mine = MyPair(pair=pair, me=me)
            if not form.agreed:
                messages.success(request, "Thank you. The pairing will not go ahead.")
                return redirect(PORTAL)
            if mine.status == ACTIVE:
                messages.success(
                    request,
                    f"Thank you. You have both agreed, so you can now contact "
                    f"{mine.other.display_name}.",
                )
            else:
                messages.success(
                    request,
                    f"Thank you. We will let you know when {mine.other.display_name} agrees too.",
                )
            return redirect("capacity:portal-mentoring-pair", pk=pair.pk)
    return render(
        request,
        "capacity/mentoring/portal_pair_answer.html",
        {"mine": mine, "form": form, "can_answer": can_answer},
    )


@cocreator_required
@require_http_methods(["GET", "POST"])
def portal_pair_meeting(request, pk):
    pair = get_mentoring_for_user(request.user, pk, own=True)
    me = _me(request)
    mine = MyPair(pair=pair, me=me)
    form = MeetingForm(
        posted(request), shared_with=f"You, {mine.other.display_name} and the involvement team"
    )
    if request.method == "POST" and is_active(pair) and form.is_valid():
        try:
            meeting_log_for_pair(
                pair=pair,
                met_on=form.cleaned_data["met_on"],
                how_it_went=form.cleaned_data["how_it_went"],
                note=form.cleaned_data["note"],
                cocreator=me,
                actor=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Your meeting has been logged.")
            return redirect("capacity:portal-mentoring-pair", pk=pair.pk)
    return render(
        request,
        "capacity/mentoring/portal_meeting_form.html",
        {
            "form": form,
            "can_log": is_active(pair),
            "caption": f"Mentoring with {mine.other.display_name}",
            "back_url_name": "capacity:portal-mentoring-pair",
            "back_text": "Back to the mentoring",
            "pk": pair.pk,
            "cannot_log": "You can log a meeting once you have both agreed, and until the "
            "mentoring ends.",
        },
    )


@cocreator_required
@require_http_methods(["GET", "POST"])
def portal_pair_end(request, pk):
    pair = get_mentoring_for_user(request.user, pk, own=True)
    me = _me(request)
    mine = MyPair(pair=pair, me=me)
    form = EndForm(
        posted(request),
        hint=f"{mine.other.display_name} will be told it has ended, and will see what you write.",
    )
    closed = is_closed(pair)
    if request.method == "POST" and not closed and form.is_valid():
        try:
            mentoring_end(pair=pair, reason=form.cleaned_data["reason"], actor=request.user, by=me)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, f"Your mentoring with {mine.other.display_name} has ended. Thank you."
            )
            return redirect(PORTAL)
    return render(
        request,
        "capacity/mentoring/portal_pair_end.html",
        {"mine": mine, "form": form, "closed": closed},
    )


@cocreator_required
@require_GET
def portal_group(request, pk):
    group = get_peer_group_for_user(request.user, pk, own=True)
    member = get_membership_for_user(request.user, group)
    return render(request, "capacity/mentoring/portal_group.html", portal_group_page(group, member))


@cocreator_required
@require_http_methods(["GET", "POST"])
def portal_group_answer(request, pk):
    group = get_peer_group_for_user(request.user, pk, own=True)
    member = get_membership_for_user(request.user, group)
    form = AnswerForm(
        posted(request), question=f"Do you want to join {group.name}?", yes="Yes, I want to join"
    )
    can_answer = member.agreed_at is None and group.ended_at is None
    if request.method == "POST" and can_answer and form.is_valid():
        try:
            peer_group_answer(member=member, agree=form.agreed, actor=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if form.agreed:
                messages.success(request, f"Welcome to {group.name}.")
                return redirect("capacity:portal-mentoring-group", pk=group.pk)
            messages.success(request, "Thank you. You have declined the invitation.")
            return redirect(PORTAL)
    return render(
        request,
        "capacity/mentoring/portal_group_answer.html",
        {"group": group, "form": form, "can_answer": can_answer, "member": member},
    )


@cocreator_required
@require_http_methods(["GET", "POST"])
def portal_group_meeting(request, pk):
    group = get_peer_group_for_user(request.user, pk, own=True)
    member = get_membership_for_user(request.user, group)
    can_log = group.ended_at is None and member.agreed_at is not None
    form = MeetingForm(posted(request), shared_with="The group's members and the involvement team")
    if request.method == "POST" and can_log and form.is_valid():
        try:
            meeting_log_for_group(
                member=member,
                met_on=form.cleaned_data["met_on"],
                how_it_went=form.cleaned_data["how_it_went"],
                note=form.cleaned_data["note"],
                actor=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The meeting has been logged.")
            return redirect("capacity:portal-mentoring-group", pk=group.pk)
    return render(
        request,
        "capacity/mentoring/portal_meeting_form.html",
        {
            "form": form,
            "can_log": can_log,
            "caption": group.name,
            "back_url_name": "capacity:portal-mentoring-group",
            "back_text": f"Back to {group.name}",
            "pk": group.pk,
            "cannot_log": "Meetings can be logged by members who have agreed to join, until the "
            "group ends.",
        },
    )


@cocreator_required
@require_http_methods(["GET", "POST"])
def portal_group_leave(request, pk):
    group = get_peer_group_for_user(request.user, pk, own=True)
    member = get_membership_for_user(request.user, group)
    if request.method == "POST":
        try:
            peer_group_leave(member=member, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"You have left {group.name}.")
        return redirect(PORTAL)
    return render(request, "capacity/mentoring/portal_group_leave.html", {"group": group})
