"""Staff: messages that could not be sent, those being tried again, and people to post to."""

from django import forms
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cocreation.lib.pagination import paginate

from ..messaging.channels import BY_HAND_NEEDS, people_to_send_by_hand
from ..messaging.selectors import messages_failed, messages_retrying
from ..permissions import staff_required

RETRYING_SHOWN = 50


class ByHandForm(forms.Form):
    kind = forms.ChoiceField(
        label="What are you sending?",
        choices=[
            ("newsletter", "The newsletter"),
            ("digest", "A digest of new opportunities and updates"),
            ("other", "Something else"),
        ],
        initial="newsletter",
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose from the options given"},
    )


@staff_required
@require_GET
def message_list(request):
    form = ByHandForm(request.GET if "kind" in request.GET else None)
    kind = form.cleaned_data["kind"] if form.is_bound and form.is_valid() else "newsletter"
    retrying = messages_retrying()
    people = list(people_to_send_by_hand(kind).prefetch_related("access_needs"))
    for person in people:
        needs = {need.kind for need in person.access_needs.all()}
        person.by_hand_needs = [
            label
            for wanted, label in (
                (person.prefers_post, "Post"),
                *((need in needs, need.label) for need in BY_HAND_NEEDS),
            )
            if wanted
        ]
    return render(
        request,
        "community/message_list.html",
        {
            **paginate(request, messages_failed()),
            "retrying": list(retrying[:RETRYING_SHOWN]),
            "retrying_count": retrying.count(),
            "form": form,
            "kind": kind,
            "people": people,
        },
    )
