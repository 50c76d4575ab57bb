"""Staff cancel an activity: a reason, then everyone booked or waiting is told (services.py)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from cocreation.lib.forms import add_service_errors
from community.permissions import staff_required

from ..models import ActivityStatus
from ..permissions import get_activity_for_user
from .forms import ActivityCancelForm
from .services import activity_cancel, change_told_text, people_to_tell


@staff_required
@require_http_methods(["GET", "POST"])
def activity_cancel_page(request, pk):
    activity = get_activity_for_user(request.user, pk)
    if activity.status == ActivityStatus.CANCELLED:
        messages.info(request, f"{activity.title} is already cancelled.")
        return redirect("activities:activity-detail", pk=activity.pk)
    if activity.ends_at <= timezone.now():
        messages.warning(
            request, f"{activity.title} has already happened, so it cannot be cancelled."
        )
        return redirect("activities:activity-detail", pk=activity.pk)
    form = ActivityCancelForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            change = activity_cancel(
                activity=activity, reason=form.cleaned_data["reason"], actor=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{activity.title} is cancelled.")
            messages.info(request, change_told_text(change))
            return redirect("activities:activity-detail", pk=activity.pk)
    return render(
        request,
        "activities/changes/activity_cancel.html",
        {"activity": activity, "form": form, "told": people_to_tell(activity).count()},
    )
