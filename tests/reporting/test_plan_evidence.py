"""The plan tracker links each of objective 4's key actions to the pages of the product that
evidence it: a link to a page the reader may open, plain text for one that would refuse them."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from capacity import plan_evidence
from reporting.plan.models import KeyAction
from reporting.plan.selectors import REPORT_EVIDENCE_ACTIONS, action_evidence, can_open_page

pytestmark = pytest.mark.django_db

LEAD = "Evidence in the product:"


def _action(number, position) -> KeyAction:
    return KeyAction.objects.select_related("objective").get(
        objective__number=number, position=position
    )


def _row(html: str, action: KeyAction) -> str:
    """The tracker's row for an action."""
    link = reverse("reporting:plan-action", args=[action.pk])
    return html.split(f'href="{link}"', 1)[1].split("</tr>", 1)[0]


def test_staff_see_every_objective_4_action_with_a_feature_linked(staff_client):
    html = staff_client.get(reverse("reporting:plan")).content.decode()
    for position, pages in plan_evidence.EVIDENCE.items():
        row = _row(html, _action(4, position))
        assert LEAD in row, position
        for label, name in pages:
            assert f'<a href="{reverse(name)}">{escape(label)}</a>' in row, (position, name)
    first = _row(html, _action(4, 1))
    assert f'<a href="{reverse("reporting:home")}#report-capacity">' in first
    for position in (11, 14, 18):
        assert LEAD not in _row(html, _action(4, position))


def test_other_objectives_show_no_evidence(staff_client):
    html = staff_client.get(reverse("reporting:plan")).content.decode()
    objective_4 = html.index('id="objective-4"')
    assert LEAD not in html[:objective_4]
    assert html.count(LEAD) == len(set(plan_evidence.EVIDENCE) | REPORT_EVIDENCE_ACTIONS)


def test_the_steering_group_sees_staff_pages_named_and_their_own_linked(steering_client):
    html = steering_client.get(reverse("reporting:plan")).content.decode()
    training = _row(html, _action(4, 1))
    assert LEAD in training
    assert reverse("capacity:training-list") not in training
    assert "The training offer: courses, runs, completions and feedback" in training
    assert "(a page for the involvement team)" in training
    assert f'<a href="{reverse("reporting:home")}#report-capacity">' in training
    pack = _row(html, _action(4, 7))
    assert f'<a href="{reverse("capacity:resource-list")}">' in pack
    assert f'<a href="{reverse("capacity:jargon")}">' in pack


def test_every_page_shown_as_a_link_opens_and_every_plain_one_refuses(
    steering_member, staff_member_with_mfa, client
):
    """The decision, tested: a reader is linked only to a page that opens for them."""
    for user in (steering_member, staff_member_with_mfa):
        client.force_login(user)
        for action in KeyAction.objects.select_related("objective").filter(objective__number=4):
            for page in action_evidence(action, user):
                status = client.get(page.url.split("#")[0]).status_code
                assert status == (200 if page.can_open else 403), (user, page)


def test_the_action_page_lists_its_evidence(steering_client, staff_client):
    action = _action(4, 12)
    url = reverse("reporting:plan-action", args=[action.pk])
    steering = steering_client.get(url).content.decode()
    assert "Evidence in the product</dt>" in steering
    assert "Mentoring pairs and peer-support groups <span" in steering
    assert reverse("capacity:mentoring-list") not in steering
    staff = staff_client.get(url).content.decode()
    assert f'<a href="{reverse("capacity:mentoring-list")}">' in staff
    none = steering_client.get(reverse("reporting:plan-action", args=[_action(4, 14).pk]))
    assert "Evidence in the product" not in none.content.decode()
    other = steering_client.get(reverse("reporting:plan-action", args=[_action(1, 1).pk]))
    assert "Evidence in the product" not in other.content.decode()


def test_who_may_open_a_page_goes_by_the_area_of_the_site(
    steering_member, staff_member, cocreator, partner_member
):
    cases = {
        "/staff/training/": {staff_member},
        "/portal/training/": {cocreator},
        "/partners/": {partner_member},
        "/reports/": {steering_member, staff_member},
        "/resources/": {steering_member, staff_member, cocreator, partner_member},
    }
    everyone = {steering_member, staff_member, cocreator, partner_member}
    for url, allowed in cases.items():
        for user in everyone:
            assert can_open_page(user, url) == (user in allowed), (url, user)


def test_the_evidence_adds_no_queries_to_the_tracker(steering_client):
    steering_client.get(reverse("reporting:plan"))
    with CaptureQueriesContext(connection) as queries:
        html = steering_client.get(reverse("reporting:plan")).content.decode()
    assert LEAD in html
    assert not any(re.search(r"capacity_", q["sql"]) for q in queries.captured_queries)
