"""Staff pages: projects, activities, their sign-ups, notes after the session, and attendance.

Every view is for involvement staff only, and reaches a project or activity through the
gatekeepers in `activities.permissions`; a person's record through `get_cocreator_for_user`.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from cocreation.lib.forms import add_service_errors
from cocreation.lib.pagination import paginate
from community.models import CoCreatorStatus
from community.permissions import get_cocreator_for_user, staff_required
from community.selectors import cocreator_search

from .. import services
from ..changes.forms import ActivityChangeForm
from ..changes.services import activity_snapshot, activity_update_told, change_told_text
from ..forms.staff.activity import ActivityFilterForm, ActivityForm, ActivityNotesForm
from ..forms.staff.attendance import AttendanceFormSet, WalkInNewPersonForm, WalkInSearchForm
from ..forms.staff.projects import ProjectFilterForm, ProjectForm
from ..models import (
    LEVEL_MEANINGS,
    ActivityStatus,
    ActivityWhen,
    AttendanceStatus,
    SignUp,
    SignUpStatus,
)
from ..permissions import get_activity_for_user, get_project_for_user
from ..selectors import staff as selectors

NO_PAGE = {"page_obj": None, "page_range": None}


# --- Projects ----------------------------------------------------------------------------------


@staff_required
def project_list(request):
    form = ProjectFilterForm(request.GET or None)
    if not form.is_bound:
        pages = paginate(request, selectors.project_list())
    elif form.is_valid():
        data = form.cleaned_data
        pages = paginate(
            request,
            selectors.project_list(
                stage=data["stage"], status=data["status"], objective=data["objective"]
            ),
        )
    else:
        pages = NO_PAGE
    return render(
        request,
        "activities/project_list.html",
        {
            "form": form,
            "filtered": form.is_bound and any(form.data.get(name) for name in form.fields),
            **pages,
        },
    )


@staff_required
def project_detail(request, pk):
    project = get_project_for_user(request.user, pk)
    activities = list(project.activities.select_related("locality").order_by("-starts_at", "-pk"))
    return render(
        request,
        "activities/project_detail.html",
        {
            "project": project,
            "objectives": list(project.objectives.order_by("objective")),
            "partners": list(project.partners.order_by("name")),
            "activities": activities,
            "level_mix": selectors.project_level_mix(project),
        },
    )


def _project_form_page(request, *, project=None):
    form = ProjectForm(request.POST if request.method == "POST" else None, instance=project)
    title = project.title if project else None
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.project_save(
                project=form.save(commit=False),
                objectives=form.cleaned_data["objectives"],
                partners=form.cleaned_data["partners"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"{saved.title} has been {'saved' if project else 'added'}.",
            )
            return redirect("activities:project-detail", pk=saved.pk)
    return render(
        request,
        "activities/project_form.html",
        {"form": form, "project": project, "original_title": title},
    )


@staff_required
@require_http_methods(["GET", "POST"])
def project_add(request):
    return _project_form_page(request)


@staff_required
@require_http_methods(["GET", "POST"])
def project_edit(request, pk):
    return _project_form_page(request, project=get_project_for_user(request.user, pk))


# --- Activities --------------------------------------------------------------------------------


@staff_required
def activity_list(request):
    data = request.GET.copy()
    bound = bool(data)
    if bound and not data.get("when"):
        data["when"] = ActivityWhen.UPCOMING
    form = ActivityFilterForm(data if bound else None)
    if not bound:
        pages = paginate(request, selectors.activity_list())
    elif form.is_valid():
        pages = paginate(request, selectors.activity_list(**form.search_kwargs()))
    else:
        pages = NO_PAGE
    filters = [name for name in form.fields if name != "when"]
    return render(
        request,
        "activities/activity_list.html",
        {
            "form": form,
            "filtered": bound and any(data.get(name) for name in filters),
            "when": form.cleaned_data.get("when")
            if bound and form.is_valid()
            else ActivityWhen.UPCOMING,
            "ActivityWhen": ActivityWhen,
            **pages,
        },
    )


@staff_required
def activity_detail(request, pk):
    activity = get_activity_for_user(request.user, pk)
    booked, waiting = selectors.activity_signups(activity)
    return render(
        request,
        "activities/activity_detail.html",
        {
            "activity": activity,
            "level_meaning": LEVEL_MEANINGS[activity.level],
            "partners": list(activity.partners.order_by("name")),
            "booked": booked,
            "waiting": waiting,
            "can_withdraw": activity.starts_at > timezone.now()
            and activity.status != ActivityStatus.CANCELLED,
            "summary": selectors.attendance_summary(activity),
        },
    )


def _activity_form_page(request, *, activity=None):
    initial = {}
    project = request.GET.get("project", "")
    if activity is None and project.isascii() and project.isdigit() and len(project) <= 18:
        # "Add an activity to this project" starts with the project chosen.
        initial["project"] = int(project)
    # Editing asks for a reason when a change of time, place or link must be told (changes/).
    form_class = ActivityChangeForm if activity else ActivityForm
    form = form_class(
        request.POST if request.method == "POST" else None, instance=activity, initial=initial
    )
    title = activity.title if activity else None
    if request.method == "POST" and form.is_valid():
        try:
            moved, change = activity_update_told(
                activity=form.save(commit=False),
                partners=form.cleaned_data["partners"],
                before=form.before if activity else activity_snapshot(form.instance),
                reason=form.cleaned_data.get("change_reason", ""),
                actor=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            saved = form.instance
            messages.success(request, f"{saved.title} has been {'saved' if activity else 'added'}.")
            if change is not None:
                messages.info(request, change_told_text(change))
            if moved:
                messages.info(
                    request,
                    f"{len(moved)} {'person' if len(moved) == 1 else 'people'} on the waiting "
                    "list now have a place, and we have emailed them.",
                )
            booked = saved.signups.filter(status=SignUpStatus.BOOKED).count()
            if saved.capacity is not None and booked > saved.capacity:
                messages.warning(
                    request,
                    f"{booked} people are booked but there are only {saved.capacity} places. "
                    "Nobody has been taken off the list: withdraw sign-ups yourself if you need to.",
                )
            return redirect("activities:activity-detail", pk=saved.pk)
    return render(
        request,
        "activities/activity_form.html",
        {"form": form, "activity": activity, "original_title": title},
    )


@staff_required
@require_http_methods(["GET", "POST"])
def activity_add(request):
    return _activity_form_page(request)


@staff_required
@require_http_methods(["GET", "POST"])
def activity_edit(request, pk):
    return _activity_form_page(request, activity=get_activity_for_user(request.user, pk))


@staff_required
@require_POST
def signup_withdraw_staff(request, pk, signup_pk):
    activity = get_activity_for_user(request.user, pk)
    signup = get_object_or_404(
        SignUp.objects.select_related("cocreator"), pk=signup_pk, activity=activity
    )
    name = signup.cocreator.full_name
    if signup.status == SignUpStatus.WITHDRAWN:
        messages.info(request, f"{name}'s sign-up had already been withdrawn.")
        return redirect("activities:activity-detail", pk=activity.pk)
    try:
        moved = services.signup_withdraw_by_staff(signup=signup, actor=request.user)
    except services.SignUpRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"{name}'s sign-up has been withdrawn.")
        if moved is not None:
            messages.info(
                request,
                f"The place went to {moved.cocreator.full_name}, the next person on the "
                "waiting list, and we have emailed them.",
            )
    return redirect("activities:activity-detail", pk=activity.pk)


# --- After the session -------------------------------------------------------------------------


@staff_required
@require_http_methods(["GET", "POST"])
def activity_notes(request, pk):
    activity = get_activity_for_user(request.user, pk)
    form = ActivityNotesForm(request.POST if request.method == "POST" else None, instance=activity)
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_save(activity=form.save(commit=False))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The notes from the session have been saved.")
            return redirect("activities:activity-detail", pk=activity.pk)
    return render(request, "activities/activity_notes.html", {"form": form, "activity": activity})


# --- Attendance --------------------------------------------------------------------------------


def _draft_key(activity) -> str:
    # What staff entered on the register but did not save, while they add a walk-in.
    return f"attendance-draft:{activity.pk}"


def _draft_forget_person(request, activity, cocreator_id: int) -> None:
    """The person just added as a walk-in shows as recorded, not as the unsaved answer said."""
    draft = request.session.get(_draft_key(activity))
    if isinstance(draft, dict) and str(cocreator_id) in draft:
        draft.pop(str(cocreator_id))
        request.session[_draft_key(activity)] = draft


@staff_required
@require_http_methods(["GET", "POST"])
def activity_attendance(request, pk):
    """The session's register. Adding a walk-in from it keeps what was entered, unsaved."""
    activity = get_activity_for_user(request.user, pk)
    register = selectors.attendance_register(activity)
    key = _draft_key(activity)
    if request.method == "POST" and "walk_in" in request.POST:
        posted = AttendanceFormSet(
            request.POST, register=register, session_hours=activity.duration_hours
        )
        request.session[key] = posted.unsaved_rows()
        return redirect("activities:activity-attendance-add", pk=activity.pk)
    if request.method == "POST" and "discard" in request.POST:
        request.session.pop(key, None)
        messages.info(request, "The answers you had not saved have been cleared.")
        return redirect("activities:activity-attendance", pk=activity.pk)
    draft = request.session.get(key) if request.method == "GET" else None
    formset = AttendanceFormSet(
        request.POST if request.method == "POST" else None,
        register=register,
        session_hours=activity.duration_hours,
        draft=draft if isinstance(draft, dict) else None,
    )
    if request.method == "POST" and formset.is_valid():
        lines = [services.AttendanceLine(**line) for line in formset.lines()]
        services.attendance_session_save(activity=activity, lines=lines, actor=request.user)
        request.session.pop(key, None)
        messages.success(
            request,
            f"Attendance for {len(lines)} {'person' if len(lines) == 1 else 'people'} "
            "has been saved.",
        )
        return redirect("activities:activity-detail", pk=activity.pk)
    return render(
        request,
        "activities/attendance_form.html",
        {
            "activity": activity,
            "formset": formset,
            "session_hours": activity.duration_hours,
            "has_started": activity.starts_at <= timezone.now(),
            "unsaved": bool(draft),
        },
    )


WALK_IN_RESULTS = 20


@staff_required
@require_http_methods(["GET", "POST"])
def activity_attendance_add(request, pk):
    """Add someone who came without booking: find them in the register, or register them now."""
    activity = get_activity_for_user(request.user, pk)
    new_form = WalkInNewPersonForm(
        request.POST if request.method == "POST" and "full_name" in request.POST else None
    )
    if request.method == "POST":
        if "cocreator" in request.POST:
            return _walk_in_existing(request, activity)
        if new_form.is_valid():
            try:
                person, _ = services.attendance_walk_in_register(
                    activity=activity, actor=request.user, **new_form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(new_form, error)
            else:
                _draft_forget_person(request, activity, person.pk)
                messages.success(
                    request,
                    f"{person.full_name} has been added to the register and recorded as attending.",
                )
                return redirect("activities:activity-attendance", pk=activity.pk)

    search_form = WalkInSearchForm(request.GET or None)
    results = None
    if search_form.is_bound and search_form.is_valid():
        results = _walk_in_matches(activity, search_form.cleaned_data["q"])
    return render(
        request,
        "activities/attendance_add.html",
        {
            "activity": activity,
            "search_form": search_form,
            "results": results,
            "new_form": new_form,
            "result_limit": WALK_IN_RESULTS,
        },
    )


def _walk_in_matches(activity, text):
    people = list(
        cocreator_search(text=text)
        .exclude(status=CoCreatorStatus.LEFT)
        .prefetch_related(None)[: WALK_IN_RESULTS + 1]
    )
    recorded = dict(
        activity.attendances.filter(cocreator__in=[p.pk for p in people]).values_list(
            "cocreator_id", "status"
        )
    )
    for person in people:
        person.already_attended = recorded.get(person.pk) == AttendanceStatus.ATTENDED
    return people


def _walk_in_existing(request, activity):
    try:
        cocreator_pk = int(request.POST["cocreator"])
    except (TypeError, ValueError):
        messages.error(request, "Choose a person from the search results.")
        return redirect("activities:activity-attendance-add", pk=activity.pk)
    person = get_cocreator_for_user(request.user, cocreator_pk, write=True)
    if person.status == CoCreatorStatus.LEFT:
        messages.error(
            request,
            f"{person.full_name} has left the community, so they cannot be recorded. "
            "Register them again as a new person if they want to take part.",
        )
        return redirect("activities:activity-attendance-add", pk=activity.pk)
    services.attendance_walk_in_add(activity=activity, cocreator=person, actor=request.user)
    _draft_forget_person(request, activity, person.pk)
    messages.success(request, f"{person.full_name} has been recorded as attending.")
    return redirect(reverse("activities:activity-attendance", args=[activity.pk]))
