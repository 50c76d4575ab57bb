"""The plan tracker: the steering group and staff read it, staff add dated updates."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from cocreation.lib.forms import add_service_errors
from community.models import Role
from community.permissions import has_role, staff_required, steering_required

from . import services
from .forms import KeyActionUpdateForm
from .models import KeyAction
from .selectors import (
    action_evidence,
    key_action_updates,
    key_actions_with_latest_update,
    plan_progress,
)


def _get_key_action(pk: int) -> KeyAction:
    # Every key action is open to everyone the role check lets in (steering members read, staff
    # also write), so the one lookup needs no further check.
    return get_object_or_404(key_actions_with_latest_update(), pk=pk)


@steering_required
@require_http_methods(["GET"])
def tracker(request):
    return render(
        request, "reporting/plan/tracker.html", {"objectives": plan_progress(user=request.user)}
    )


@steering_required
@require_http_methods(["GET"])
def action_detail(request, pk):
    action = _get_key_action(pk)
    return render(
        request,
        "reporting/plan/action_detail.html",
        {
            "action": action,
            "updates": key_action_updates(action),
            "evidence": action_evidence(action, request.user),
            "can_update": has_role(request.user, Role.STAFF),
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def action_update(request, pk):
    action = _get_key_action(pk)
    form = KeyActionUpdateForm(request.POST if request.method == "POST" else None, action=action)
    if request.method == "POST" and form.is_valid():
        try:
            services.key_action_update(
                action=action,
                status=form.cleaned_data["status"],
                owner=form.cleaned_data["owner"],
                written_on=form.cleaned_data["written_on"],
                text=form.cleaned_data["text"],
                author=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Your update has been added.")
            return redirect("reporting:plan-action", action.pk)
    return render(request, "reporting/plan/action_update.html", {"action": action, "form": form})
