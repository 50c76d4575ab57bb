"""Every outcomes page is for staff only: a visitor is asked to sign in, and a co-creator (in
the audience or not), a steering group member and a partner are refused. On the consultation's
own page the published outcome shows, with small numbers hidden for anyone but staff."""

import pytest
from django.urls import reverse
from django.utils import timezone

from cocreation.lib.disclosure import EXACT_NOTICE
from consultations.models import Audience
from tests.conftest import client_for
from tests.consultations.factories import ConsultationFactory
from tests.consultations.outcomes_factories import answered_consultation, written_outcome

pytestmark = pytest.mark.django_db

GET_PAGES = (
    "staff-results",
    "staff-outcome",
    "staff-outcome-publish",
    "staff-export-csv",
    "staff-export-contributions-csv",
    "staff-summary-pdf",
)
POST_PAGES = ("staff-outcome", "staff-outcome-check", "staff-outcome-publish")


@pytest.fixture
def consultation(db):
    consultation, _ = answered_consultation(people=2, audience=Audience.PUBLIC)
    written_outcome(consultation)
    return consultation


@pytest.mark.parametrize("name", GET_PAGES)
def test_a_visitor_is_asked_to_sign_in(anonymous, consultation, name):
    response = anonymous.get(reverse(f"consultations:{name}", args=[consultation.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("name", GET_PAGES)
@pytest.mark.parametrize("who", ["cocreator", "steering_member", "partner_member"])
def test_everyone_but_staff_is_refused(request, consultation, name, who):
    client = client_for(request.getfixturevalue(who))
    response = client.get(reverse(f"consultations:{name}", args=[consultation.pk]))
    assert response.status_code == 403


@pytest.mark.parametrize("name", POST_PAGES)
@pytest.mark.parametrize("who", ["anonymous", "cocreator", "steering_member", "partner_member"])
def test_nobody_but_staff_can_write_check_or_publish(request, consultation, name, who):
    client = (
        request.getfixturevalue("anonymous")
        if who == "anonymous"
        else client_for(request.getfixturevalue(who))
    )
    response = client.post(
        reverse(f"consultations:{name}", args=[consultation.pk]),
        {"we_did": "Hacked", "kind": "service"},
    )
    if who == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == 403
    outcome = consultation.outcome
    outcome.refresh_from_db()
    assert outcome.checked_at is None and outcome.published_at is None
    assert outcome.we_did != "Hacked"


def test_a_consultation_that_is_not_there_is_404_for_staff(staff_client):
    assert (
        staff_client.get(reverse("consultations:staff-results", args=[999999])).status_code == 404
    )


def _publish(consultation):
    outcome = consultation.outcome
    outcome.published_at = timezone.now()
    outcome.save()


def test_the_public_page_shows_the_outcome_with_small_numbers_hidden(anonymous, consultation):
    _publish(consultation)
    page = anonymous.get(reverse("consultations:detail", args=[consultation.pk])).content.decode()
    assert "We asked" in page and "The line now opens until midnight." in page
    assert "We couldn&#x27;t, because" in page or "We couldn't, because" in page
    assert "Fewer than 8 people took part" in page
    assert "Fewer than 8 people answered this question." in page
    assert "* people" not in page
    assert EXACT_NOTICE not in page
    assert "Answer number 1" not in page


def test_staff_see_the_outcome_with_exact_figures_marked(staff_client, consultation):
    _publish(consultation)
    page = staff_client.get(
        reverse("consultations:detail", args=[consultation.pk])
    ).content.decode()
    assert "2 people took part" in page
    assert EXACT_NOTICE in page


def test_before_it_closes_the_page_says_when_the_outcome_will_come(anonymous):
    open_one = ConsultationFactory(audience=Audience.PUBLIC)
    page = anonymous.get(reverse("consultations:detail", args=[open_one.pk])).content.decode()
    assert "We will publish what we heard and what we did after it closes on" in page
