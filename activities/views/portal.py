"""The co-creator's opportunities: activities that suit them, signing up and withdrawing, and
what they have booked and taken part in.

Every page is about the signed-in person, found from their login. An activity is reached only if
it is open to them (`activities_open_to`); a sign-up only through `get_signup_for_user`.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cocreation.lib.pagination import paginate
from community.permissions import cocreator_required
from community.services import cocreator_for_user_ensure, message_reason_not_to_email

from ..forms.opportunities import OpportunityFilterForm
from ..forms.portal import SignUpForm
from ..models import LEVEL_MEANINGS, ActivityStatus, EngagementLevel, SignUpStatus
from ..opportunity_facts import opportunity_facts
from ..opportunity_sections import opportunity_sections_for
from ..permissions import get_signup_for_user
from ..selectors.portal import (
    Matcher,
    activities_open_to,
    my_past_sessions,
    my_upcoming_signups,
    opportunities_by_id,
    opportunities_for,
    opportunities_visible_to,
    opportunity_card,
    person_involvement,
    signup_queue_position,
    with_match,
)
from ..selectors.words import hours_in_words, when_in_words
from ..series.services import series_open_sessions
from ..services import SignUpRefused, signup_create, signup_withdraw

MY_ACTIVITIES = "activities:my-activities"
# Short pages: a phone shows a few opportunities at a time, with the filters to narrow them,
# and a few of the sessions a person came to (each one a short list of its own there).
OPPORTUNITIES_PER_PAGE = 10
PAST_PER_PAGE = 10


def _own_record(request):
    return cocreator_for_user_ensure(user=request.user)


@cocreator_required
@require_GET
def opportunity_list(request):
    cocreator = _own_record(request)
    # Bound only when the address has filters in it, so "?page=2" alone shows no errors.
    chosen = any(request.GET.get(name) for name in OpportunityFilterForm.base_fields)
    form = OpportunityFilterForm(request.GET if chosen else None)
    matcher = Matcher(cocreator)
    ranked = opportunities_for(matcher=matcher, filters=form.filters())
    page = paginate(request, ranked, per_page=OPPORTUNITIES_PER_PAGE)
    shown = opportunities_by_id(
        cocreator=cocreator, matcher=matcher, ids=page["page_obj"].object_list
    )
    cards = [opportunity_card(activity) for activity in shown]
    knows_preferences = bool(
        cocreator.locality_id
        or cocreator.available_weekdays
        or cocreator.available_evenings
        or cocreator.available_weekends
        or cocreator.available_online
        or cocreator.available_in_person
        or matcher.interest_ids
    )
    return render(
        request,
        "activities/portal_opportunity_list.html",
        {
            "cards": cards,
            "knows_preferences": knows_preferences,
            "form": form,
            "chosen": form.described(),
            "has_errors": bool(form.errors),
            "sections": opportunity_sections_for(cocreator),
            **page,
        },
    )


def _detail(request, cocreator, pk, form):
    activity = get_object_or_404(opportunities_visible_to(cocreator=cocreator), pk=pk)
    card = opportunity_card(with_match(activity, Matcher(cocreator)))
    return render(
        request,
        "activities/portal_opportunity_detail.html",
        {
            "card": card,
            "activity": activity,
            # Rows other apps add, such as whether it is paid and at what rate (payments).
            "facts": opportunity_facts(activity),
            "form": form,
            "can_sign_up": activity.status == ActivityStatus.OPEN and card.my_signup is None,
            # "Book all N sessions" of a series (activities/series).
            "series_sessions": (
                series_open_sessions(
                    series=activity.series, cocreator=cocreator, public_only=True
                ).count()
                if activity.series_id
                else 0
            ),
        },
    )


@cocreator_required
@require_GET
def opportunity_detail(request, pk: int):
    return _detail(request, _own_record(request), pk, SignUpForm())


@cocreator_required
@require_POST
def opportunity_signup(request, pk: int):
    cocreator = _own_record(request)
    activity = get_object_or_404(activities_open_to(cocreator=cocreator), pk=pk)
    form = SignUpForm(request.POST)
    try:
        signup = signup_create(activity_id=activity.pk, cocreator=cocreator)
    except SignUpRefused as refused:
        form.refuse(str(refused))
        return _detail(request, cocreator, pk, form)
    if signup.status == SignUpStatus.BOOKED:
        messages.success(
            request,
            f"You have a place at {activity.title} on "
            f"{when_in_words(activity.starts_at, activity.ends_at)}.",
        )
    else:
        if message_reason_not_to_email(cocreator, kind="waiting_list_place"):
            then = "If a place comes up, it will be yours and it will show in your activities."
        else:
            then = "We will email you if a place comes up."
        messages.success(
            request,
            f"{activity.title} is full. You are number {signup_queue_position(signup)} "
            f"on the waiting list. {then}",
        )
    return redirect("activities:opportunity-detail", pk=activity.pk)


def _cannot_withdraw(signup) -> str:
    activity = signup.activity
    if signup.status == SignUpStatus.WITHDRAWN:
        return f"You have already withdrawn from {activity.title}."
    if activity.status == ActivityStatus.CANCELLED:
        return f"{activity.title} has been cancelled, so there is nothing to withdraw from."
    if activity.starts_at <= timezone.now():
        return (
            f"{activity.title} has already started or taken place, so you cannot withdraw "
            "from it now."
        )
    return ""


@cocreator_required
@require_http_methods(["GET", "POST"])
def opportunity_withdraw(request, pk: int):
    """A confirmation page, then give up a place (or a place on the waiting list)."""
    signup = get_signup_for_user(request.user, pk)
    activity = signup.activity
    reason = _cannot_withdraw(signup)
    if reason:
        messages.info(request, reason)
        return redirect(MY_ACTIVITIES)
    was_waiting = signup.status == SignUpStatus.WAITING
    if request.method == "POST":
        signup_withdraw(signup=signup)
        if was_waiting:
            messages.success(request, f"You have left the waiting list for {activity.title}.")
        else:
            messages.success(
                request,
                f"You have given up your place at {activity.title}. Thank you for letting us know.",
            )
        return redirect(MY_ACTIVITIES)
    return render(
        request,
        "activities/portal_withdraw.html",
        {
            "signup": signup,
            "activity": activity,
            "was_waiting": was_waiting,
            "position": signup_queue_position(signup) if was_waiting else None,
            "when": when_in_words(activity.starts_at, activity.ends_at),
        },
    )


@cocreator_required
@require_GET
def my_activities(request):
    cocreator = _own_record(request)
    upcoming = [
        {
            "signup": signup,
            "activity": signup.activity,
            "when": when_in_words(signup.activity.starts_at, signup.activity.ends_at),
            "cancelled": signup.activity.status == ActivityStatus.CANCELLED,
        }
        for signup in my_upcoming_signups(cocreator=cocreator)
    ]
    page = paginate(request, my_past_sessions(cocreator=cocreator), per_page=PAST_PER_PAGE)
    past = [
        {
            "attendance": attendance,
            "activity": attendance.activity,
            "hours": hours_in_words(attendance.hours),
        }
        for attendance in page["page_obj"]
    ]
    totals = person_involvement(cocreator.pk)
    return render(
        request,
        "activities/portal_my_activities.html",
        {
            "upcoming": upcoming,
            "past": past,
            "sessions": totals["sessions"],
            "hours": hours_in_words(totals["hours"]),
            "levels": [
                {"label": level.label, "meaning": LEVEL_MEANINGS[level]}
                for level in EngagementLevel
            ],
            **page,
        },
    )
