"""Staff booking for a person: from an activity (choose the person) or from a person's record
(choose the activity); moving a place to another activity; cancelling a place or taking someone
off a waiting list. Staff only; no JavaScript needed (the pickers search by a button too).
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from cocreation.lib.forms import posted
from community.models import CoCreatorStatus
from community.permissions import get_cocreator_for_user, staff_required

from ..models import SignUp, SignUpStatus
from ..permissions import get_activity_for_user
from ..services import SignUpRefused
from .forms import BookActivityForm, BookPersonForm, CancelForm
from .selectors import told_in_words
from .services import booking_cancel, booking_make, booking_move


def _refused(form, refusal: SignUpRefused) -> None:
    form.add_error(None, str(refusal))


def _booked_message(request, booked) -> None:
    signup = booked.signup
    name, title = signup.cocreator.full_name, signup.activity.title
    if booked.waiting:
        messages.warning(
            request,
            f"{title} is full, so {name} is on its waiting list. {told_in_words(signup)}",
        )
    else:
        messages.success(request, f"{name} has a place at {title}. {told_in_words(signup)}")


def _back(request, signup: SignUp) -> str:
    """Back to the person's record when the page was opened from it, else to the activity."""
    if request.GET.get("from") == "person":
        return reverse("community:cocreator-detail", args=[signup.cocreator_id])
    return reverse("activities:activity-detail", args=[signup.activity_id])


@staff_required
@require_http_methods(["GET", "POST"])
def activity_book(request, pk):
    activity = get_activity_for_user(request.user, pk)
    form = BookPersonForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            booked = booking_make(
                activity=activity,
                cocreator=form.cleaned_data["cocreator"],
                actor=request.user,
                note=form.cleaned_data["note"],
            )
        except SignUpRefused as refusal:
            _refused(form, refusal)
        else:
            _booked_message(request, booked)
            return redirect("activities:activity-detail", pk=activity.pk)
    return render(
        request, "activities/bookings/book_person.html", {"form": form, "activity": activity}
    )


@staff_required
@require_http_methods(["GET", "POST"])
def person_book(request, cocreator_pk):
    cocreator = get_cocreator_for_user(request.user, cocreator_pk, write=True)
    form = BookActivityForm(posted(request))
    if cocreator.status == CoCreatorStatus.LEFT:
        form = None
    elif request.method == "POST" and form.is_valid():
        try:
            booked = booking_make(
                activity=form.cleaned_data["activity"],
                cocreator=cocreator,
                actor=request.user,
                note=form.cleaned_data["note"],
            )
        except SignUpRefused as refusal:
            _refused(form, refusal)
        else:
            _booked_message(request, booked)
            return redirect("community:cocreator-detail", pk=cocreator.pk)
    return render(
        request,
        "activities/bookings/book_activity.html",
        {"form": form, "cocreator": cocreator, "signup": None},
    )


def _signup_for(request, pk, signup_pk) -> SignUp:
    activity = get_activity_for_user(request.user, pk)
    return get_object_or_404(
        SignUp.objects.select_related("cocreator", "activity").exclude(
            status=SignUpStatus.WITHDRAWN
        ),
        pk=signup_pk,
        activity=activity,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def signup_move(request, pk, signup_pk):
    signup = _signup_for(request, pk, signup_pk)
    form = BookActivityForm(posted(request), exclude_activity=signup.activity)
    if request.method == "POST" and form.is_valid():
        try:
            booked = booking_move(
                signup=signup,
                to=form.cleaned_data["activity"],
                actor=request.user,
                note=form.cleaned_data["note"],
            )
        except SignUpRefused as refusal:
            _refused(form, refusal)
        else:
            name, title = signup.cocreator.full_name, booked.signup.activity.title
            if booked.waiting:
                messages.warning(
                    request,
                    f"{name} has been moved to {title}, which is full: they are on its waiting "
                    f"list. {told_in_words(booked.signup)}",
                )
            else:
                messages.success(
                    request, f"{name} has been moved to {title}. {told_in_words(booked.signup)}"
                )
            if booked.offered is not None:
                messages.info(
                    request,
                    f"Their place here went to {booked.offered.cocreator.full_name}, the next "
                    "person on the waiting list, who has been told.",
                )
            return redirect(_back(request, signup))
    return render(
        request,
        "activities/bookings/book_activity.html",
        {
            "form": form,
            "cocreator": signup.cocreator,
            "signup": signup,
            "back": _back(request, signup),
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def signup_cancel(request, pk, signup_pk):
    signup = _signup_for(request, pk, signup_pk)
    form = CancelForm(posted(request))
    waiting = signup.status == SignUpStatus.WAITING
    if request.method == "POST" and form.is_valid():
        name = signup.cocreator.full_name
        try:
            offered = booking_cancel(
                signup=signup, actor=request.user, note=form.cleaned_data["note"]
            )
        except SignUpRefused as refusal:
            _refused(form, refusal)
        else:
            done = "taken off the waiting list" if waiting else "had their place cancelled"
            messages.success(request, f"{name} has been {done}. {told_in_words(signup)}")
            if offered is not None:
                messages.info(
                    request,
                    f"The place went to {offered.cocreator.full_name}, the next person on the "
                    "waiting list, who has been told.",
                )
            return redirect(_back(request, signup))
    return render(
        request,
        "activities/bookings/cancel.html",
        {"form": form, "signup": signup, "waiting": waiting, "back": _back(request, signup)},
    )
