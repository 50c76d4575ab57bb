"""Only involvement staff reach partner and champion pages; everyone else is turned away."""

import pytest
from django.urls import reverse

from tests.conftest import client_for


def _urls(partner, contact, champion):
    return [
        reverse("community:partner-list"),
        reverse("community:partner-add"),
        reverse("community:partner-detail", args=[partner.pk]),
        reverse("community:partner-edit", args=[partner.pk]),
        reverse("community:partner-contact-add", args=[partner.pk]),
        reverse("community:partner-contact-edit", args=[partner.pk, contact.pk]),
        reverse("community:partner-contact-delete", args=[partner.pk, contact.pk]),
        reverse("community:champion-list"),
        reverse("community:champion-add"),
        reverse("community:champion-edit", args=[champion.pk]),
        reverse("community:champion-end", args=[champion.pk]),
    ]


@pytest.fixture
def every_url(partner, contact, contact_champion):
    return _urls(partner, contact, contact_champion)


def test_an_anonymous_visitor_is_sent_to_sign_in_from_every_page(anonymous, every_url):
    for url in every_url:
        for method in (anonymous.get, anonymous.post):
            response = method(url)
            assert response.status_code == 302, url
            assert response.url.startswith("/accounts/login/"), url


@pytest.mark.parametrize("persona", ["cocreator", "steering_member"])
def test_a_cocreator_or_steering_member_is_refused_every_page(request, persona, every_url):
    client = client_for(request.getfixturevalue(persona))
    for url in every_url:
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"name": "Changed"}).status_code == 403, url


def test_a_refused_post_changes_nothing(cocreator, partner, contact, contact_champion):
    client = client_for(cocreator)
    client.post(reverse("community:partner-edit", args=[partner.pk]), {"name": "Taken over"})
    client.post(reverse("community:partner-contact-delete", args=[partner.pk, contact.pk]))
    client.post(reverse("community:champion-end", args=[contact_champion.pk]))
    partner.refresh_from_db()
    contact_champion.refresh_from_db()
    assert partner.name == "Riverside Wellbeing Collective"
    assert partner.contacts.filter(pk=contact.pk).exists()
    assert contact_champion.until is None


def test_staff_reach_every_page(staff_client, every_url):
    for url in every_url:
        assert staff_client.get(url).status_code == 200, url


def test_staff_get_404_for_a_partner_or_champion_that_does_not_exist(staff_client, partner):
    assert staff_client.get(reverse("community:partner-detail", args=[9999])).status_code == 404
    assert staff_client.get(reverse("community:champion-edit", args=[9999])).status_code == 404
    missing_contact = reverse("community:partner-contact-edit", args=[partner.pk, 9999])
    assert staff_client.get(missing_contact).status_code == 404
