"""Repeating sessions: staff make a series (two steps, no JavaScript needed), see its sessions and
change this and the following ones; a co-creator books every session still open in one go."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from cocreation.lib.forms import add_service_errors
from community.permissions import cocreator_required, staff_required
from community.services import cocreator_for_user_ensure

from ..bookings.forms import BookPersonForm
from ..models import SignUpStatus
from ..permissions import get_activity_for_user
from ..selectors.portal import activities_open_to
from ..selectors.words import when_in_words
from .forms import SeriesDatesForm, SeriesFollowingForm, SeriesForm
from .permissions import get_series_for_user
from .services import (
    FOLLOWING_FIELDS,
    SeriesBooking,
    series_book,
    series_book_for_person,
    series_create,
    series_update_following,
    session_times,
)

# What step two carries back from step one, untouched: everything but its own fields.
NOT_CARRIED = {"csrfmiddlewaretoken", "dates", "confirm"}


@staff_required
@require_http_methods(["GET", "POST"])
def series_add(request):
    if request.method == "GET":
        return render(request, "activities/series/series_form.html", {"form": SeriesForm()})
    form = SeriesForm(request.POST)
    if not form.is_valid():
        return render(request, "activities/series/series_form.html", {"form": form})
    # Step two: the dates, worked out again from what step one sent, every time.
    days = form.cleaned_data["dates"]
    labels = {day: when_in_words(*session_times(form.instance, day)) for day in days}
    dates_form = SeriesDatesForm(
        request.POST if "confirm" in request.POST else None, days=days, labels=labels
    )
    if "confirm" in request.POST and dates_form.is_valid():
        try:
            series = series_create(
                first=form.save(commit=False),
                frequency=form.cleaned_data["frequency"],
                days=dates_form.chosen(),
                actor=request.user,
                partners=form.cleaned_data["partners"],
            )
        except ValidationError as error:
            add_service_errors(dates_form, error)
        else:
            count = series.sessions.count()
            messages.success(request, f"{series.title}: {count} sessions have been added.")
            return redirect("activities:series-detail", pk=series.pk)
    carried = [
        (name, value)
        for name in request.POST
        if name not in NOT_CARRIED
        for value in request.POST.getlist(name)
    ]
    return render(
        request,
        "activities/series/series_dates.html",
        {"form": dates_form, "first": form, "carried": carried, "title": form.instance.title},
    )


@staff_required
def series_detail(request, pk):
    series = get_series_for_user(request.user, pk)
    sessions = series.sessions.annotate(
        booked=Count("signups", filter=Q(signups__status=SignUpStatus.BOOKED)),
        waiting=Count("signups", filter=Q(signups__status=SignUpStatus.WAITING)),
    ).order_by("starts_at", "pk")
    return render(
        request,
        "activities/series/series_detail.html",
        {"series": series, "sessions": list(sessions)},
    )


@staff_required
@require_http_methods(["GET", "POST"])
def series_edit_following(request, pk, activity_pk):
    series = get_series_for_user(request.user, pk)
    session = get_activity_for_user(request.user, activity_pk)
    if session.series_id != series.pk:
        return redirect("activities:series-detail", pk=series.pk)
    form = SeriesFollowingForm(request.POST if request.method == "POST" else None, instance=session)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            changed = series_update_following(
                session=session,
                values={name: data[name] for name in FOLLOWING_FIELDS if name in data},
                start_time=data["start_time"],
                end_time=data["end_time"],
                reason=data.get("change_reason", ""),
                actor=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{len(changed)} sessions have been changed.")
            return redirect("activities:series-detail", pk=series.pk)
    return render(
        request,
        "activities/series/series_edit_following.html",
        {"series": series, "session": session, "form": form},
    )


@cocreator_required
@require_POST
def series_book_portal(request, pk):
    cocreator = cocreator_for_user_ensure(user=request.user)
    activity = get_object_or_404(
        activities_open_to(cocreator=cocreator).select_related("series"),
        pk=pk,
        series__isnull=False,
    )
    result = series_book(series=activity.series, cocreator=cocreator, public_only=True)
    if result.booked:
        n = len(result.booked)
        messages.success(
            request, f"You have a place at {n} session{'s' if n != 1 else ''} of {activity.title}."
        )
    if result.waiting:
        days = ", ".join(when_in_words(s.activity.starts_at) for s in result.waiting)
        messages.info(
            request,
            f"{len(result.waiting)} {'is' if len(result.waiting) == 1 else 'are'} full, so you "
            f"are on the waiting list for: {days}. If a place comes up, it will be yours.",
        )
    if not result.booked and not result.waiting:
        messages.info(request, "There are no more sessions of this series to book.")
    return redirect("activities:opportunity-detail", pk=activity.pk)


def _booking_text(result: SeriesBooking, who: str) -> list[str]:
    lines = []
    if result.booked:
        n = len(result.booked)
        lines.append(f"{who} now has a place at {n} session{'s' if n != 1 else ''}.")
    if result.waiting:
        days = ", ".join(when_in_words(s.activity.starts_at) for s in result.waiting)
        lines.append(f"Full, so on the waiting list: {days}.")
    return lines


@staff_required
@require_http_methods(["GET", "POST"])
def series_book_staff(request, pk):
    series = get_series_for_user(request.user, pk)
    form = BookPersonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        person = form.cleaned_data["cocreator"]
        result = series_book_for_person(
            series=series, cocreator=person, actor=request.user, note=form.cleaned_data["note"]
        )
        lines = _booking_text(result, person.full_name)
        if lines:
            messages.success(request, " ".join(lines))
        else:
            messages.info(request, f"{person.full_name} is already on every open session.")
        return redirect("activities:series-detail", pk=series.pk)
    return render(
        request, "activities/series/series_book_staff.html", {"series": series, "form": form}
    )
