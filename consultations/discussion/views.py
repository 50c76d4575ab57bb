"""Idea board and discussion pages.

Co-creators (signed in, in the consultation's audience, while it is live) add ideas, support
others' ideas, post and reply, after choosing the name others see. Staff post and reply as "The
involvement team", and moderate on the staff pages: the moderation queue, hiding with a reason,
and the crisis words list. Anyone signed in who can see an idea or post may report it.

Every consultation is reached through `get_consultation_for_user` and every idea or post through
`get_contribution_for_user` (404 for what the person may not see). Writing needs a sign-in first
(an anonymous visitor is sent to sign in); someone signed in who is neither a co-creator nor staff
gets 403. Staff pages are refused by role (403).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cocreation.lib.forms import add_service_errors, posted
from community.models import Role
from community.permissions import cocreator_required, has_role, staff_required
from community.services import cocreator_for_user_ensure

from ..models import ContributionKind, CrisisWord, DiscussionName, Moderation
from ..permissions import (
    SignInNeeded,
    cocreator_of,
    get_consultation_for_user,
    get_contribution_for_user,
    get_crisis_word_for_user,
    may_take_part,
)
from .forms import CrisisWordForm, DisplayNameForm, HideForm, IdeaForm, PostForm, ReportForm
from .selectors import WAITING_NOTE, author_name, board_context, moderation_queue
from .services import (
    ACTIONS,
    HIDE,
    contribution_add,
    contribution_moderate,
    contribution_report,
    crisis_word_add,
    crisis_word_remove,
    crisis_words_in,
    discussion_name_save,
    suggested_name,
    support_toggle,
)

QUEUE = "consultations:staff-moderation"


def board_url(consultation, section: str) -> str:
    """The consultation's page at its idea board or discussion."""
    return f"{reverse('consultations:detail', args=[consultation.pk])}#{section}"


def _section(contribution) -> str:
    return "ideas" if contribution.kind == ContributionKind.IDEA else "discussion"


def _crisis_in_post(request) -> bool:
    """Whether words sent but not saved (an error, or it has just closed) have crisis words: the
    writer is shown crisis support on the form all the same."""
    if request.method != "POST":
        return False
    sent = f"{request.POST.get('title', '')}\n{request.POST.get('body', '')}"
    return bool(crisis_words_in(sent))


def _writer(request, consultation, *, staff_may: bool):
    """(co-creator, is_staff) for someone who may write here; 403 for anyone else."""
    if staff_may and has_role(request.user, Role.STAFF):
        return None, True
    cocreator = cocreator_of(request.user)
    if cocreator is None:
        raise PermissionDenied("Only co-creators can add ideas and posts.")
    return cocreator, False


def _needs_name(request, cocreator):
    if cocreator is not None and not DiscussionName.objects.filter(cocreator=cocreator).exists():
        query = urlencode({"next": request.get_full_path()})
        return redirect(f"{reverse('consultations:display-name')}?{query}")
    return None


def _after_adding(request, consultation, contribution, section: str, success: str):
    if contribution.crisis_words and not contribution.as_team:
        return redirect(
            "consultations:contribution-sent", pk=consultation.pk, contribution_pk=contribution.pk
        )
    if contribution.moderation == Moderation.WAITING:
        messages.success(request, f"Thank you. {WAITING_NOTE}")
    else:
        messages.success(request, success)
    return redirect(board_url(consultation, section))


# --- The page of both (until the consultation page shows them) ------------------------------------


@require_GET
def discussion(request, pk):
    try:
        consultation = get_consultation_for_user(request.user, pk)
    except SignInNeeded:
        return redirect_to_login(request.get_full_path())
    if not (consultation.ideas_on or consultation.discussion_on):
        raise Http404
    return render(
        request,
        "consultations/discussion/page.html",
        {"consultation": consultation, "board": board_context(consultation, request.user)},
    )


# --- Ideas ----------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def idea_add(request, pk):
    consultation = get_consultation_for_user(request.user, pk, own=True)
    if not consultation.ideas_on:
        raise Http404
    cocreator, _ = _writer(request, consultation, staff_may=False)
    open_now = may_take_part(consultation, cocreator)
    if open_now and (needs := _needs_name(request, cocreator)):
        return needs
    form = IdeaForm(posted(request))
    if request.method == "POST" and open_now and form.is_valid():
        try:
            idea = contribution_add(
                consultation=consultation,
                kind=ContributionKind.IDEA,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                author=cocreator,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _after_adding(
                request, consultation, idea, "ideas", "Thank you. Your idea is on the board."
            )
    return render(
        request,
        "consultations/discussion/idea_form.html",
        {
            "consultation": consultation,
            "form": form,
            "open_now": open_now,
            "crisis": _crisis_in_post(request),
            "back_url": board_url(consultation, "ideas"),
        },
    )


@login_required
@require_POST
def idea_support(request, pk, idea_pk):
    consultation = get_consultation_for_user(request.user, pk, own=True)
    if not consultation.ideas_on:
        raise Http404
    cocreator, _ = _writer(request, consultation, staff_may=False)
    idea = get_contribution_for_user(request.user, consultation, idea_pk)
    if idea.kind != ContributionKind.IDEA:
        raise Http404
    # The button says what it means ("yes" or "no"), so a double click does not switch it back.
    wanted = {"yes": True, "no": False}.get(request.POST.get("support", ""))
    try:
        supported = support_toggle(idea=idea, cocreator=cocreator, support=wanted)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            f"You support “{idea.title}”." if supported else "Your support has been taken back.",
        )
    return redirect(board_url(consultation, f"idea-{idea.pk}"))


# --- Posts ----------------------------------------------------------------------------------------


def _reply_to(request, consultation):
    value = request.POST.get("reply_to") or request.GET.get("reply_to")
    if not value:
        return None
    try:
        reply_pk = int(value)
    except ValueError as error:
        raise Http404 from error
    reply_to = get_contribution_for_user(request.user, consultation, reply_pk)
    if reply_to.kind != ContributionKind.POST:
        raise Http404
    return reply_to


@login_required
@require_http_methods(["GET", "POST"])
def post_add(request, pk):
    """A post, or a reply (`reply_to`); staff write as the team (from the consultation page, or
    from the moderation queue with `from=queue`, where they go back to)."""
    staff = has_role(request.user, Role.STAFF)
    consultation = get_consultation_for_user(request.user, pk, own=not staff)
    if not consultation.discussion_on:
        raise Http404
    cocreator, staff = _writer(request, consultation, staff_may=True)
    reply_to = _reply_to(request, consultation)
    open_now = consultation.is_live() if staff else may_take_part(consultation, cocreator)
    if open_now and (needs := _needs_name(request, cocreator)):
        return needs
    from_queue = staff and (request.POST.get("from") or request.GET.get("from")) == "queue"
    form = PostForm(posted(request), reply=reply_to is not None)
    if request.method == "POST" and open_now and form.is_valid():
        try:
            post = contribution_add(
                consultation=consultation,
                kind=ContributionKind.POST,
                body=form.cleaned_data["body"],
                author=cocreator,
                staff_user=request.user if staff else None,
                reply_to=reply_to,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if from_queue:
                messages.success(request, "Your reply as the involvement team is shown.")
                return redirect(QUEUE)
            return _after_adding(
                request, consultation, post, "discussion", "Thank you. Your post is shown."
            )
    return render(
        request,
        "consultations/discussion/post_form.html",
        {
            "consultation": consultation,
            "form": form,
            "open_now": open_now,
            "crisis": not staff and _crisis_in_post(request),
            "staff": staff,
            "reply_to": reply_to,
            "reply_to_name": author_name(reply_to) if reply_to else "",
            "from_queue": from_queue,
            "back_url": reverse(QUEUE) if from_queue else board_url(consultation, "discussion"),
        },
    )


@login_required
@require_GET
def contribution_sent(request, pk, contribution_pk):
    """What the writer sees after adding an idea or post with crisis words: crisis support first."""
    consultation = get_consultation_for_user(request.user, pk, own=True)
    contribution = get_contribution_for_user(request.user, consultation, contribution_pk)
    cocreator = cocreator_of(request.user)
    if cocreator is None or contribution.author_id != cocreator.pk:
        raise Http404
    section = _section(contribution)
    return render(
        request,
        "consultations/discussion/sent.html",
        {
            "consultation": consultation,
            "contribution": contribution,
            "crisis": bool(contribution.crisis_words),
            "waiting": contribution.moderation == Moderation.WAITING,
            "back_url": board_url(consultation, section),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def contribution_report_view(request, pk, contribution_pk):
    consultation = get_consultation_for_user(request.user, pk)
    contribution = get_contribution_for_user(request.user, consultation, contribution_pk)
    if contribution.moderation != Moderation.SHOWN or contribution.removed_at is not None:
        raise Http404
    section = _section(contribution)
    form = ReportForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            contribution_report(
                contribution=contribution, user=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, "Thank you for telling us. The team will check it and decide what to do."
            )
            return redirect(board_url(consultation, section))
    return render(
        request,
        "consultations/discussion/report_form.html",
        {
            "consultation": consultation,
            "contribution": contribution,
            "name": author_name(contribution),
            "form": form,
            "back_url": board_url(consultation, section),
        },
    )


# --- The name people show -------------------------------------------------------------------------


def _safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


@cocreator_required
@require_http_methods(["GET", "POST"])
def display_name(request):
    cocreator = cocreator_of(request.user) or cocreator_for_user_ensure(user=request.user)
    current = DiscussionName.objects.filter(cocreator=cocreator).first()
    initial = {"display_name": current.display_name if current else suggested_name(cocreator)}
    form = DisplayNameForm(posted(request), initial=initial)
    next_url = _safe_next(request)
    if request.method == "POST" and form.is_valid():
        try:
            saved = discussion_name_save(
                cocreator=cocreator, display_name=form.cleaned_data["display_name"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Others will see your ideas and posts as {saved}.")
            return redirect(next_url or "consultations:display-name")
    return render(
        request,
        "consultations/discussion/display_name.html",
        {"form": form, "current": current, "next_url": next_url},
    )


# --- House rules ----------------------------------------------------------------------------------


@require_GET
def house_rules(request):
    return render(request, "consultations/discussion/house_rules.html")


# --- Staff: moderation ----------------------------------------------------------------------------


@staff_required
@require_GET
def staff_moderation(request):
    return render(request, "consultations/discussion/staff_moderation.html", moderation_queue())


def _back_from_staff(request, consultation, contribution):
    if request.POST.get("back") == "board":
        return redirect(board_url(consultation, _section(contribution)))
    return redirect(QUEUE)


@staff_required
@require_POST
def staff_moderate(request, pk, contribution_pk):
    """Show, keep (closing reports) or mark a crisis flag followed up; hiding has its own page."""
    consultation = get_consultation_for_user(request.user, pk)
    contribution = get_contribution_for_user(request.user, consultation, contribution_pk)
    action = request.POST.get("action")
    if action not in ACTIONS or action == HIDE:
        messages.error(request, "Choose what to do with it.")
        return _back_from_staff(request, consultation, contribution)
    try:
        contribution_moderate(contribution=contribution, action=action, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            {
                "approve": "It is now shown to everyone who can see the consultation.",
                "show": "It is shown again.",
                "resolve": "Its reports are closed. It stays as it is.",
                "followed_up": "The crisis flag is marked as followed up.",
            }[action],
        )
    return _back_from_staff(request, consultation, contribution)


@staff_required
@require_http_methods(["GET", "POST"])
def staff_hide(request, pk, contribution_pk):
    consultation = get_consultation_for_user(request.user, pk)
    contribution = get_contribution_for_user(request.user, consultation, contribution_pk)
    form = HideForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            contribution_moderate(
                contribution=contribution,
                action=HIDE,
                actor=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "It is hidden. Others see “Hidden by the team”.")
            return _back_from_staff(request, consultation, contribution)
    return render(
        request,
        "consultations/discussion/staff_hide.html",
        {
            "consultation": consultation,
            "contribution": contribution,
            "name": author_name(contribution),
            "form": form,
            "back": "board" if request.GET.get("back") == "board" else "queue",
        },
    )


# --- Staff: crisis words --------------------------------------------------------------------------


@staff_required
@require_http_methods(["GET", "POST"])
def staff_crisis_words(request):
    form = CrisisWordForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            word = crisis_word_add(phrase=form.cleaned_data["phrase"], actor=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"“{word}” has been added to the list.")
            return redirect("consultations:staff-crisis-words")
    return render(
        request,
        "consultations/discussion/staff_crisis_words.html",
        {"form": form, "words": CrisisWord.objects.select_related("added_by")},
    )


@staff_required
@require_POST
def staff_crisis_word_remove(request, word_pk):
    word = get_crisis_word_for_user(request.user, word_pk)
    phrase = word.phrase
    crisis_word_remove(word=word, actor=request.user)
    messages.success(request, f"“{phrase}” has been taken off the list.")
    return redirect("consultations:staff-crisis-words")
