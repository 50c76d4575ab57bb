"""The training offer's pages: staff keep courses, runs and sessions, record completions and see
refreshers due; co-creators see the offer in the portal and say what should change in a run they
came to. Staff pages are staff only; portal pages find the person from their login."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from cocreation.lib.forms import posted
from community.permissions import cocreator_required, staff_required
from community.services import cocreator_for_user_ensure

from .forms import CompletionForm, CourseForm, FeedbackForm, RunForm, SessionForm
from .permissions import get_attended_run_for_cocreator, get_course_for_user, get_run_for_user
from .selectors import course_page, course_rows, portal_offer, refreshers_due
from .services import completion_record, course_save, feedback_add, run_add, session_add


@staff_required
def course_list(request):
    return render(request, "capacity/training/course_list.html", {"rows": course_rows()})


@staff_required
@require_http_methods(["GET", "POST"])
def course_add(request):
    form = CourseForm(posted(request))
    if request.method == "POST" and form.is_valid():
        course = course_save(course=form.save(commit=False))
        messages.success(request, f"{course.title} has been added.")
        return redirect("capacity:training-course", pk=course.pk)
    return render(request, "capacity/training/course_form.html", {"form": form, "course": None})


@staff_required
@require_http_methods(["GET", "POST"])
def course_edit(request, pk):
    course = get_course_for_user(request.user, pk)
    form = CourseForm(posted(request), instance=course)
    if request.method == "POST" and form.is_valid():
        course_save(course=form.save(commit=False))
        messages.success(request, f"{course.title} has been saved.")
        return redirect("capacity:training-course", pk=course.pk)
    return render(request, "capacity/training/course_form.html", {"form": form, "course": course})


@staff_required
def course_detail(request, pk):
    course = get_course_for_user(request.user, pk)
    return render(
        request,
        "capacity/training/course_detail.html",
        {"course": course, **course_page(course)},
    )


@staff_required
@require_http_methods(["GET", "POST"])
def run_add_view(request, pk):
    course = get_course_for_user(request.user, pk)
    form = RunForm(posted(request))
    if request.method == "POST" and form.is_valid():
        run = run_add(course=course, name=form.cleaned_data["name"])
        messages.success(request, f"The run {run.name} has been added. Now add its sessions.")
        return redirect(reverse("capacity:training-course", args=[course.pk]) + f"#run-{run.pk}")
    return render(request, "capacity/training/run_form.html", {"form": form, "course": course})


@staff_required
@require_http_methods(["GET", "POST"])
def session_add_view(request, pk):
    run = get_run_for_user(request.user, pk)
    form = SessionForm(posted(request))
    if request.method == "POST" and form.is_valid():
        session = session_add(
            run=run,
            activity=form.cleaned_data["activity"],
            required=form.cleaned_data["required"],
        )
        messages.success(
            request, f"{session.activity.title} is now a session of {run.course.title}, {run.name}."
        )
        return redirect(
            reverse("capacity:training-course", args=[run.course_id]) + f"#run-{run.pk}"
        )
    return render(request, "capacity/training/session_form.html", {"form": form, "run": run})


@staff_required
@require_http_methods(["GET", "POST"])
def completion_add(request, pk):
    course = get_course_for_user(request.user, pk)
    form = CompletionForm(posted(request), course=course)
    if request.method == "POST" and form.is_valid():
        person = form.cleaned_data["cocreator"]
        completion_record(
            course=course,
            cocreator=person,
            completed_on=form.cleaned_data["completed_on"],
            actor=request.user,
        )
        messages.success(request, f"{person.full_name}'s completion of {course.title} is recorded.")
        return redirect(reverse("capacity:training-course", args=[course.pk]) + "#completions")
    return render(
        request, "capacity/training/completion_form.html", {"form": form, "course": course}
    )


@staff_required
def refresher_list(request):
    return render(
        request, "capacity/training/refresher_list.html", {"completions": refreshers_due()}
    )


@cocreator_required
def portal_training(request):
    cocreator = cocreator_for_user_ensure(user=request.user)
    return render(request, "capacity/training/portal_offer.html", portal_offer(cocreator))


@cocreator_required
@require_http_methods(["GET", "POST"])
def portal_feedback(request, pk):
    cocreator = cocreator_for_user_ensure(user=request.user)
    run = get_attended_run_for_cocreator(request.user, cocreator, pk)
    form = FeedbackForm(posted(request))
    if request.method == "POST" and form.is_valid():
        feedback_add(run=run, cocreator=cocreator, text=form.cleaned_data["what_should_change"])
        messages.success(
            request, f"Thank you. The training team will read what you said about {run.course}."
        )
        return redirect("capacity:portal-training")
    return render(request, "capacity/training/feedback_form.html", {"form": form, "run": run})
