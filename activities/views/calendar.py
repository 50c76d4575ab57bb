"""The events calendar: public month and list views, public activity pages, iCalendar feeds,
each co-creator's private feed, and the awareness dates staff keep.

The public pages show only public activities that are not cancelled, and nothing about any
person: no lead, no attendees, no counts of people.
"""

import datetime
import re
from itertools import groupby
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import DisallowedHost, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.request import split_domain_port
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date
from django.views.decorators.http import (
    condition,
    require_GET,
    require_http_methods,
    require_POST,
)

from cocreation.lib.cached import cached_figures, data_version
from cocreation.lib.forms import add_service_errors
from cocreation.lib.pagination import paginate
from community.models import Role
from community.permissions import cocreator_required, has_role, staff_required
from community.services import cocreator_for_user_ensure

from .. import feeds, ical, services
from ..forms.calendar import AwarenessDateFilterForm, AwarenessDateForm
from ..models import LEVEL_MEANINGS, ActivityStatus, AwarenessDate, EngagementLevel
from ..opportunity_facts import opportunity_facts
from ..selectors import calendar as selectors
from ..selectors.words import date_range_in_words, when_in_words, where_in_words

MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
ICS = "text/calendar; charset=utf-8"


def _month_asked_for(value: str | None, today: datetime.date) -> tuple[datetime.date, bool]:
    """The first day of the month in `?month=2026-11`, and whether the value was unusable."""
    this_month = today.replace(day=1)
    if not value:
        return this_month, False
    match = MONTH.match(value.strip())
    if match:
        year, month = int(match[1]), int(match[2])
        if 1 <= month <= 12 and (
            selectors.CALENDAR_FIRST_YEAR <= year <= selectors.CALENDAR_LAST_YEAR
        ):
            return datetime.date(year, month, 1), False
    return this_month, True


def _host(request) -> str:
    """The site's host name without a port, for iCalendar UIDs."""
    domain, _port = split_domain_port(request.get_host())
    return domain or "localhost"


def _public_activity_url(request):
    def url(activity):
        return request.build_absolute_uri(
            reverse("activities:calendar-activity", args=[activity.pk])
        )

    return url


# --- Public pages --------------------------------------------------------------------------------

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _shared(request) -> dict:
    """What the month and list views both show: the feed's address and the visitor's links."""
    return {
        "ics_address": request.build_absolute_uri(reverse("activities:calendar-ics")),
        "is_cocreator": has_role(request.user, Role.COCREATOR),
        "is_staff": has_role(request.user, Role.STAFF),
    }


@require_GET
def calendar_month(request):
    today = timezone.localdate()
    first, unusable = _month_asked_for(request.GET.get("month"), today)
    month = selectors.calendar_month(first, today=today)
    return render(
        request,
        "activities/calendar_month.html",
        {
            "month": month,
            "unusable_month": unusable,
            "this_month": today.replace(day=1),
            "day_names": DAY_NAMES,
            **_shared(request),
        },
    )


@require_GET
def calendar_list(request):
    """What is coming up, a page at a time. The list is the same for everyone on a given day, so
    its order and each page's table are kept in the cache under the calendar's data version
    (moved on by any change to activities, awareness dates or areas: activities/feeds.py) and
    the day; a page whose table is cached reads nothing but that version from the database."""
    today = timezone.localdate()
    version = data_version(feeds.CALENDAR)

    def cached(key, compute):
        return cached_figures(f"{key}:{today}", compute, name=feeds.CALENDAR, version=version)

    items = cached("calendar-list", lambda: selectors.calendar_upcoming(today=today))
    pages = paginate(request, items)
    page_obj = pages["page_obj"]

    def table() -> str:
        months = [
            (datetime.date(year, month, 1), list(rows))
            for (year, month), rows in groupby(
                page_obj.object_list, key=lambda item: (item.day.year, item.day.month)
            )
        ]
        return render_to_string("activities/calendar_list_months.html", {"months": months})

    return render(
        request,
        "activities/calendar_list.html",
        {
            "table": cached(f"calendar-list-page:{page_obj.number}", table),
            "today": today,
            **pages,
            **_shared(request),
        },
    )


@require_GET
def calendar_activity(request, pk):
    activity = selectors.public_activity_or_404(pk)
    level = EngagementLevel(activity.level)
    now = timezone.now()
    return render(
        request,
        "activities/calendar_activity.html",
        {
            "activity": activity,
            "level": level,
            "level_meaning": LEVEL_MEANINGS[level],
            "when": when_in_words(activity.starts_at, activity.ends_at),
            "where": where_in_words(activity),
            "is_past": activity.ends_at <= now,
            "is_open": activity.status == ActivityStatus.OPEN and activity.starts_at > now,
            "is_cocreator": has_role(request.user, Role.COCREATOR),
            # Rows other apps add, such as whether it is paid and at what rate (payments).
            "facts": opportunity_facts(activity),
        },
    )


def _public_feed_key(request) -> feeds.FeedKey:
    return feeds.feed_key(request, names=(feeds.CALENDAR,))


def _personal_feed(request, token):
    """The feed a secret address belongs to, looked up once per request; None if there is none."""
    if not hasattr(request, "_personal_feed"):
        # One lookup by the unique token: an unknown, replaced or left person's address all
        # answer the same plain 404, so the answer never says whether an address once worked.
        request._personal_feed = selectors.personal_feed_for_token(token)
    return request._personal_feed


def _personal_feed_key(request, token) -> feeds.FeedKey | None:
    feed = _personal_feed(request, token)
    if feed is None:
        return None  # no ETag: the view answers 404
    owner = f"person:{feed.cocreator_id}:{feed.token}"
    return feeds.feed_key(request, names=(feeds.CALENDAR, feeds.BOOKINGS), owner=owner)


def _etag(key: feeds.FeedKey | None) -> str | None:
    return None if key is None else key.etag


def _made_at(key: feeds.FeedKey | None):
    return None if key is None else feeds.feed_made_at(key)


def _ics_response(body: bytes, made_at, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=ICS)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Last-Modified"] = http_date(made_at.timestamp())
    return response


# The feeds answer conditional requests (If-None-Match, If-Modified-Since) with 304 and no body
# while nothing they show has changed, and are made once per change (activities/feeds.py).
@require_GET
@condition(
    etag_func=lambda request: _etag(_public_feed_key(request)),
    last_modified_func=lambda request: _made_at(_public_feed_key(request)),
)
def calendar_ics(request):
    body, made_at = feeds.feed_body(_public_feed_key(request), lambda: _public_feed_made(request))
    return _ics_response(body, made_at, "calendar.ics")


def _public_feed_made(request) -> bytes:
    today = timezone.localdate()
    return ical.public_calendar(
        activities=selectors.feed_activities(now=selectors.feed_as_of(today)),
        awareness_dates=selectors.feed_awareness_dates(today=today),
        host=_host(request),
        activity_url=_public_activity_url(request),
    )


class _SiteRequest(HttpRequest):
    """A GET of the public feed at the site's own address (SITE_URL), as the worker makes it."""

    def __init__(self, site_url: str):
        super().__init__()
        parts = urlsplit(site_url)
        self.method = "GET"
        self.path = self.path_info = reverse("activities:calendar-ics")
        self.META["HTTP_HOST"] = parts.netloc
        self._site_scheme = parts.scheme or "http"

    def _get_scheme(self):
        return self._site_scheme


def public_feed_warm(site_url: str | None = None) -> bool:
    """Make the public feed at the site's address if a change has left none made for it, so the
    calendar apps that fetch it next find it made; True if it was made now.

    Called by the worker every minute (activities.warm_public_feed): the feed at the whole
    system's size takes about half a second to make, and only the first fetch after a change
    would otherwise pay it.
    """
    request = _SiteRequest(site_url or settings.SITE_URL)
    try:
        key = _public_feed_key(request)
    except DisallowedHost:
        return False  # SITE_URL's host is not one this site answers to: nobody fetches it there
    if feeds.feed_made_at(key) is not None:
        return False
    feeds.feed_body(key, lambda: _public_feed_made(request))
    return True


@require_GET
@condition(
    etag_func=lambda request, token: _etag(_personal_feed_key(request, token)),
    last_modified_func=lambda request, token: _made_at(_personal_feed_key(request, token)),
)
def personal_feed(request, token):
    feed = _personal_feed(request, token)
    if feed is None:
        raise Http404
    public_url = _public_activity_url(request)

    def url(activity):
        if activity.is_public and activity.status != ActivityStatus.CANCELLED:
            return public_url(activity)
        return None

    def make() -> bytes:
        return ical.personal_calendar(
            signups=selectors.personal_feed_signups(
                cocreator_id=feed.cocreator_id, now=selectors.feed_as_of(timezone.localdate())
            ),
            host=_host(request),
            activity_url=url,
        )

    body, made_at = feeds.feed_body(_personal_feed_key(request, token), make)
    response = _ics_response(body, made_at, "my-bookings.ics")
    # Personal data behind a secret address: no shared cache keeps it, no search engine lists it.
    # (A calendar app can still ask again with the ETag and be told nothing has changed.)
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


# --- The co-creator's own feed address -----------------------------------------------------------


@cocreator_required
@require_GET
def portal_calendar(request):
    cocreator = cocreator_for_user_ensure(user=request.user)
    feed = services.calendar_feed_ensure(cocreator=cocreator)
    path = reverse("activities:personal-feed", args=[feed.token])
    address = request.build_absolute_uri(path)
    return render(
        request,
        "activities/calendar_portal.html",
        {
            "address": address,
            # webcal:// opens the phone's or computer's calendar app ready to subscribe.
            "webcal_address": "webcal://" + address.split("://", 1)[1],
            "signups": list(
                selectors.personal_feed_signups(cocreator_id=cocreator.pk, now=timezone.now())
                .filter(activity__ends_at__gte=timezone.now())
                .exclude(activity__status=ActivityStatus.CANCELLED)
            ),
        },
    )


@cocreator_required
@require_POST
def portal_calendar_reset(request):
    cocreator = cocreator_for_user_ensure(user=request.user)
    services.calendar_feed_renew(cocreator=cocreator, actor=request.user)
    messages.success(
        request,
        "You have a new calendar link. The old link has stopped working: add the new one to "
        "your calendar app.",
    )
    return redirect("activities:portal-calendar")


# --- Staff: awareness and community dates ----------------------------------------------------------


@staff_required
@require_GET
def awareness_list(request):
    filter_form = AwarenessDateFilterForm(request.GET or None)
    rows = selectors.awareness_date_list(show=filter_form.state())
    return render(
        request,
        "activities/awarenessdate_list.html",
        {"filter_form": filter_form, **paginate(request, rows)},
    )


@staff_required
@require_http_methods(["GET", "POST"])
def awareness_add(request):
    form = AwarenessDateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            row = services.awareness_date_save(awareness_date=form.apply_to(AwarenessDate()))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{row.name} has been added to the calendar.")
            return redirect("activities:awareness-list")
    return render(request, "activities/awarenessdate_form.html", {"form": form, "row": None})


@staff_required
@require_http_methods(["GET", "POST"])
def awareness_edit(request, pk):
    row = get_object_or_404(AwarenessDate, pk=pk)
    form = AwarenessDateForm(request.POST or None, instance=row)
    if request.method == "POST" and form.is_valid():
        try:
            services.awareness_date_save(awareness_date=form.apply_to(row))
        except ValidationError as error:
            row.refresh_from_db()
            add_service_errors(form, error)
        else:
            messages.success(request, f"Your changes to {row.name} have been saved.")
            return redirect("activities:awareness-list")
    return render(request, "activities/awarenessdate_form.html", {"form": form, "row": row})


@staff_required
@require_http_methods(["GET", "POST"])
def awareness_delete(request, pk):
    row = get_object_or_404(AwarenessDate, pk=pk)
    if request.method == "POST":
        name = row.name
        services.awareness_date_delete(awareness_date=row)
        messages.success(request, f"{name} has been taken off the calendar.")
        return redirect("activities:awareness-list")
    return render(
        request,
        "activities/awarenessdate_delete.html",
        {"row": row, "dates": date_range_in_words(row.starts_on, row.ends_on)},
    )
