"""A champion's co-creator or partner contact is chosen by searching (cocreation.lib.pickers): the
page lists only the one chosen, and at most a page of matches after a search."""

import datetime

import factory
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cocreation.lib.pickers import PAGE_SIZE
from community.models import Champion
from tests.community.factories import CoCreatorFactory
from tests.frontend.pickers import (
    choice_count,
    picker_boxes,
    picker_labels,
    picker_status,
    picker_ticked,
)

pytestmark = pytest.mark.django_db

ADD = reverse("community:champion-add")
ROLE = {
    "communities": "Polish families in Medway",
    "since_day": "5",
    "since_month": "1",
    "since_year": "2026",
    "until_day": "",
    "until_month": "",
    "until_year": "",
}


def _people(count, prefix="Person"):
    names = factory.Iterator([f"{prefix} {i:02d}" for i in range(count)])
    CoCreatorFactory.create_in_bulk(count, full_name=names)


def test_with_many_people_the_add_page_lists_none_of_them(staff_client):
    _people(60)
    html = staff_client.get(ADD).text
    assert picker_labels(html, "cocreator") == ["Not a co-creator"]
    assert picker_labels(html, "partner_contact") == ["Not a partner contact"]
    assert "Person 00" not in html
    localities = html.count('name="localities"')
    assert choice_count(html) == 2 + localities


def test_search_tick_and_save_without_javascript(staff_client, community_member, medway):
    _people(60)
    found = staff_client.post(
        ADD, {**ROLE, "communities": "", "cocreator__q": "person", "cocreator__search": "1"}
    ).text
    assert "There is a problem" not in found
    assert len(picker_boxes(found, "cocreator")) == 1 + PAGE_SIZE
    assert picker_status(found, "cocreator").startswith("Showing 20 of 60 matches for “person”.")
    assert not Champion.objects.exists()

    found = staff_client.post(
        ADD, {**ROLE, "cocreator__q": "tomasz", "cocreator__search": "1"}
    ).text
    assert picker_labels(found, "cocreator") == ["Not a co-creator", "Tomasz Example"]

    saved = staff_client.post(
        ADD, {**ROLE, "cocreator": community_member.pk, "localities": [medway.pk]}
    )
    assert saved.status_code == 302
    assert Champion.objects.get().cocreator == community_member


def test_a_partner_contact_is_found_by_their_organisation(staff_client, contact):
    found = staff_client.post(
        ADD, {**ROLE, "partner_contact__q": "riverside", "partner_contact__search": "1"}
    ).text
    assert picker_labels(found, "partner_contact") == [
        "Not a partner contact",
        "Priya Example, Riverside Wellbeing Collective",
    ]
    saved = staff_client.post(ADD, {**ROLE, "partner_contact": contact.pk})
    assert saved.status_code == 302
    assert Champion.objects.get().partner_contact == contact


def test_the_change_page_shows_the_one_chosen(staff_client, community_member):
    champion = Champion.objects.create(
        cocreator=community_member, communities="Young carers", since=datetime.date(2026, 1, 5)
    )
    html = staff_client.get(reverse("community:champion-edit", args=[champion.pk])).text
    assert picker_labels(html, "cocreator") == ["Tomasz Example", "Not a co-creator"]
    assert picker_ticked(html, "cocreator") == [True, False]


def test_the_add_page_reads_no_more_queries_for_more_people(staff_client):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert staff_client.get(ADD).status_code == 200
        with CaptureQueriesContext(connection) as searched:
            staff_client.post(ADD, {"cocreator__q": "person", "cocreator__search": "1"})
        return len(queries), len(searched)

    _people(PAGE_SIZE + 1)
    few = count()
    _people(100, prefix="Person more")
    assert count() == few
