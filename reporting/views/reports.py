"""Steering-group report pages."""

from django.shortcuts import render

from community.permissions import steering_required

from reporting.selectors import community_size


@steering_required
def home(request):
    return render(request, "reporting/home.html", {"community": community_size()})
