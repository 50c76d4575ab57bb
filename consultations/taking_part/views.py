"""Taking part in "Have your say": the list, a consultation's page, answering its questions
(signed in, by a personal link, or as a public visitor), the thank-you pages, and staff entering
someone's answers for them (marked assisted).

Every consultation is reached through `consultations.permissions`: `get_consultation_for_user`
(404 for a draft or one whose audience leaves the person out; a visitor who is not signed in is
asked to sign in for one that is not public) and `link_invitation_for_token` for personal links.
Answers are saved by `services.response_save`, which refuses anything when it is not live.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from cocreation.lib.forms import add_service_errors, posted
from community.models import Role
from community.permissions import get_cocreator_for_user, has_role, staff_required
from community.services import cocreator_for_user_ensure

from ..discussion.selectors import board_context
from ..discussion.services import crisis_words_in
from ..models import Audience, Consultation, ConsultationStatus, QuestionKind, ResponseChannel
from ..outcomes.selectors import outcome_context
from ..permissions import (
    SignInNeeded,
    assist_refusal,
    cocreator_of,
    get_consultation_for_user,
    in_audience,
    link_invitation_for_token,
    may_take_part,
)
from .forms import AnswerForm, AssistForm
from .selectors import (
    answers_initial,
    close_words,
    ended_words,
    level_words,
    list_page,
    questions_of,
    reach_figures,
    response_of,
)
from .services import response_save

# The consultations a public visitor has answered from this browser (their session): once each.
SESSION_KEY = "have_your_say_answered"
# The consultation whose written answers, just sent from this browser, have crisis words: its
# thank-you page shows crisis support first (once).
CRISIS_KEY = "have_your_say_crisis"


def _ensure_record(user) -> None:
    """A signed-in co-creator's record, made on first need."""
    if has_role(user, Role.COCREATOR):
        cocreator_for_user_ensure(user=user)


def _reach(request, pk: int) -> Consultation:
    """The consultation, through the access check; SignInNeeded goes up to the view."""
    _ensure_record(request.user)
    return get_consultation_for_user(request.user, pk)


def _is_staff(user) -> bool:
    return has_role(user, Role.STAFF)


def _outcome_published(consultation: Consultation) -> bool:
    outcome = getattr(consultation, "outcome", None)
    return bool(outcome and outcome.is_published)


# --- The list and a consultation's page ----------------------------------------------------------


@require_GET
def consultation_list(request):
    _ensure_record(request.user)
    return render(request, "consultations/taking_part/list.html", {"page": list_page(request.user)})


@require_GET
def consultation_detail(request, pk: int):
    try:
        consultation = _reach(request, pk)
    except SignInNeeded:
        return redirect_to_login(request.get_full_path())
    staff = _is_staff(request.user)
    cocreator = cocreator_of(request.user)
    live = consultation.is_live()
    can_answer = (
        live
        and consultation.questions.exists()
        and (
            may_take_part(consultation, cocreator)
            or (consultation.audience == Audience.PUBLIC and not staff)
        )
    )
    context = {
        "consultation": consultation,
        "level_words": level_words(consultation),
        "close_words": close_words(consultation) if live else "",
        "live": live,
        "not_open_yet": consultation.status == ConsultationStatus.PUBLISHED
        and not live
        and not consultation.has_ended(),
        "ended": consultation.has_ended(),
        "ended_words": ended_words(consultation),
        "is_draft": consultation.status == ConsultationStatus.DRAFT,
        "staff": staff,
        "can_answer": can_answer,
        "answered": response_of(consultation, cocreator) is not None,
        "answered_from_browser": cocreator is None
        and consultation.pk in request.session.get(SESSION_KEY, []),
        "documents": list(consultation.documents.all()),
        "reach": reach_figures(consultation, exact=staff),
        "board": board_context(consultation, request.user),
        "outcome_section": outcome_context(consultation, request.user),
    }
    return render(request, "consultations/taking_part/detail.html", context)


# --- Answering ----------------------------------------------------------------------------------


def _closed_page(request, consultation, *, link=None, status=200):
    return render(
        request,
        "consultations/taking_part/closed.html",
        {
            "consultation": consultation,
            "not_open_yet": not consultation.has_ended(),
            "ended_words": ended_words(consultation),
            "outcome_published": _outcome_published(consultation),
            "link": link,
        },
        status=status,
    )


def _note_crisis(request, form, consultation) -> None:
    """Remember for the thank-you page that written answers just sent have crisis words."""
    written = form.answers()
    texts = [written.get(q.pk) or "" for q in form.questions if q.kind == QuestionKind.TEXT]
    if texts and crisis_words_in("\n".join(texts)):
        request.session[CRISIS_KEY] = consultation.pk


def _crisis_shown(request, consultation) -> bool:
    return request.session.pop(CRISIS_KEY, None) == consultation.pk


def _answering(request, consultation, person, *, channel, actor, ask_area=False):
    """The answer form for `person` (None: a public visitor, who may say their area), filled
    with their answers so far, and on a valid POST their answers saved: (form, previous, saved),
    `saved` the response or None (a service error goes on the form)."""
    questions = questions_of(consultation)
    previous = response_of(consultation, person)
    form = AnswerForm(
        posted(request),
        questions=questions,
        ask_area=ask_area,
        initial=answers_initial(previous),
    )
    if request.method != "POST" or not form.is_valid():
        return form, previous, None
    try:
        saved = response_save(
            consultation=consultation,
            questions=questions,
            answers=form.answers(),
            channel=channel,
            cocreator=person,
            actor=actor,
            locality=form.cleaned_data.get("locality") if ask_area else None,
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return form, previous, None
    return form, previous, saved


def _answer_page(request, consultation, form, *, changing: bool, action: str, **extra):
    """The answer page; `extra` says whose answers they are (public, by link, assisting)."""
    return render(
        request,
        "consultations/taking_part/answer.html",
        {
            "consultation": consultation,
            "form": form,
            "public": False,
            "changing": changing,
            "close_words": close_words(consultation),
            "action": action,
            **extra,
        },
    )


@require_http_methods(["GET", "POST"])
def answer(request, pk: int):
    try:
        consultation = _reach(request, pk)
    except SignInNeeded:
        return redirect_to_login(request.get_full_path())
    cocreator = cocreator_of(request.user)
    if cocreator is None and _is_staff(request.user):
        return render(
            request, "consultations/taking_part/staff_note.html", {"consultation": consultation}
        )
    if cocreator is None and consultation.audience != Audience.PUBLIC:
        raise Http404  # a draft or another audience is found by staff only, who are above
    if not consultation.is_live():
        return _closed_page(request, consultation)
    public = cocreator is None
    if public and consultation.pk in request.session.get(SESSION_KEY, []):
        return render(
            request,
            "consultations/taking_part/already_answered.html",
            {"consultation": consultation},
        )
    form, previous, saved = _answering(
        request,
        consultation,
        cocreator,
        channel=ResponseChannel.PUBLIC if public else ResponseChannel.PORTAL,
        actor=request.user if request.user.is_authenticated else None,
        ask_area=public,
    )
    if saved is not None:
        _note_crisis(request, form, consultation)
        if public:
            request.session[SESSION_KEY] = [*request.session.get(SESSION_KEY, []), consultation.pk]
        return redirect("consultations:answer-thanks", pk=consultation.pk)
    return _answer_page(
        request,
        consultation,
        form,
        changing=previous is not None,
        action=reverse("consultations:answer", args=[consultation.pk]),
        public=public,
    )


@require_GET
def answer_thanks(request, pk: int):
    try:
        consultation = _reach(request, pk)
    except SignInNeeded:
        return redirect_to_login(request.get_full_path())
    cocreator = cocreator_of(request.user)
    return render(
        request,
        "consultations/taking_part/thanks.html",
        {
            "consultation": consultation,
            "signed_in": cocreator is not None,
            "told": cocreator is not None,
            "can_change": cocreator is not None and consultation.is_live(),
            "page_url": consultation.get_absolute_url(),
            "crisis": _crisis_shown(request, consultation),
        },
    )


# --- A personal link ---------------------------------------------------------------------------


def _link(token: str):
    invitation = link_invitation_for_token(token)
    if not in_audience(invitation.consultation, invitation.cocreator):
        raise Http404
    return invitation


@require_http_methods(["GET", "POST"])
def answer_by_link(request, token: str):
    invitation = _link(token)
    consultation, person = invitation.consultation, invitation.cocreator
    if not consultation.is_live():
        return _closed_page(request, consultation, link=invitation)
    form, previous, saved = _answering(
        request, consultation, person, channel=ResponseChannel.LINK, actor=None
    )
    if saved is not None:
        _note_crisis(request, form, consultation)
        return redirect("consultations:answer-by-link-thanks", token=token)
    return _answer_page(
        request,
        consultation,
        form,
        changing=previous is not None,
        action=reverse("consultations:answer-by-link", args=[token]),
        by_link=True,
        greeting_name=person.preferred_name,
    )


@require_GET
def answer_by_link_thanks(request, token: str):
    invitation = _link(token)
    consultation = invitation.consultation
    return render(
        request,
        "consultations/taking_part/thanks.html",
        {
            "consultation": consultation,
            "signed_in": False,
            "told": True,
            "can_change": consultation.is_live(),
            "change_url": reverse("consultations:answer-by-link", args=[token]),
            "crisis": _crisis_shown(request, consultation),
            "page_url": consultation.get_absolute_url()
            if consultation.audience == Audience.PUBLIC
            else "",
        },
    )


# --- Staff entering someone's answers for them ----------------------------------------------------


@staff_required
@require_http_methods(["GET", "POST"])
def staff_assist(request, pk: int):
    consultation = get_consultation_for_user(request.user, pk)
    if not consultation.is_live():
        return _closed_page(request, consultation)
    form = AssistForm(posted(request))
    if request.method == "POST" and form.is_valid():
        person = form.cleaned_data["person"]
        refusal = assist_refusal(consultation, person)
        if refusal:
            form.add_error("person", refusal)
        else:
            return redirect(
                "consultations:staff-assist-person", pk=consultation.pk, person_pk=person.pk
            )
    return render(
        request,
        "consultations/taking_part/assist_choose.html",
        {"consultation": consultation, "form": form},
    )


@staff_required
@require_http_methods(["GET", "POST"])
def staff_assist_person(request, pk: int, person_pk: int):
    consultation = get_consultation_for_user(request.user, pk)
    if not consultation.is_live():
        return _closed_page(request, consultation)
    person = get_cocreator_for_user(request.user, person_pk)
    refusal = assist_refusal(consultation, person)
    if refusal:
        return render(
            request,
            "consultations/taking_part/assist_refused.html",
            {"consultation": consultation, "refusal": refusal},
            status=403,
        )
    form, previous, saved = _answering(
        request, consultation, person, channel=ResponseChannel.ASSISTED, actor=request.user
    )
    if saved is not None:
        messages.success(
            request, f"{person.display_name}'s answers have been saved, marked as entered by you."
        )
        return redirect("consultations:detail", pk=consultation.pk)
    return _answer_page(
        request,
        consultation,
        form,
        changing=previous is not None,
        action=reverse("consultations:staff-assist-person", args=[consultation.pk, person.pk]),
        assisting=person,
        previous=previous,
    )
