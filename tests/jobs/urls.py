"""A test-only view that asks for background work inside a web request."""

from django.http import HttpResponse
from django.urls import path

from cocreation.jobs.services import outbox_enqueue


def ask_for_work(request):
    message = outbox_enqueue(task_name="jobs.heartbeat")
    return HttpResponse(str(message.pk))


urlpatterns = [path("ask-for-work/", ask_for_work)]
