"""The staff's "to contact" list for a day (`?day=YYYY-MM-DD`, today by default): letters to post
and calls to make for people who asked for them, and a "Done" button for each."""

import datetime

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_POST

from cocreation.lib.dates import date_text

from ..forms.to_contact import DayForm, DoneForm
from ..models import HandContactMethod, ToContact
from ..permissions import staff_required
from ..to_contact import to_contact_done, to_contact_for_day


def _day_url(day: datetime.date) -> str:
    return f"{reverse('community:to-contact')}?{urlencode({'day': day.isoformat()})}"


@staff_required
@require_GET
def to_contact_list(request):
    today = timezone.localdate()
    form = DayForm(request.GET) if "day" in request.GET else None
    day = form.cleaned_data["day"] if form is not None and form.is_valid() else today
    one = datetime.timedelta(days=1)
    return render(
        request,
        "community/to_contact_list.html",
        {
            "form": form,
            "day": day,
            "is_today": day == today,
            "today_url": reverse("community:to-contact"),
            "previous_url": _day_url(day - one),
            "next_url": _day_url(day + one),
            "previous_text": date_text(day - one),
            "next_text": date_text(day + one),
            **to_contact_for_day(day),
        },
    )


@staff_required
@require_POST
def to_contact_mark_done(request, pk):
    row = get_object_or_404(ToContact.objects.select_related("cocreator"), pk=pk)
    form = DoneForm(request.POST)
    back = request.POST.get("day", "")
    back_form = DayForm({"day": back})
    url = _day_url(back_form.cleaned_data["day"]) if back_form.is_valid() else None
    if not form.is_valid():
        messages.error(request, form.errors["outcome"][0])
    elif row.done_at is not None:
        messages.info(request, f"{row.cocreator.full_name} had already been marked as done.")
    else:
        to_contact_done(row=row, actor=request.user, outcome=form.cleaned_data["outcome"])
        how = "letter" if row.method == HandContactMethod.POST else "call"
        messages.success(request, f"The {how} to {row.cocreator.full_name} is marked as done.")
    return redirect(url or "community:to-contact")
