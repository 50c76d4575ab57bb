"""Staff keep a list of partner organisations and the people to contact at each."""

import pytest
from django.urls import reverse

from community.models import (
    Locality,
    PartnerContact,
    PartnerKind,
    PartnerOrganisation,
    PartnershipStatus,
)
from community.partners.services import champion_appoint, partner_contact_add, partner_create

LIST = reverse("community:partner-list")
ADD = reverse("community:partner-add")


def _make_partners(count, start=0):
    localities = list(Locality.objects.all()[:3])
    for n in range(start, start + count):
        partner = partner_create(
            actor=None,
            name=f"Community group {n:03d}",
            kind=PartnerKind.VOLUNTARY if n % 2 else PartnerKind.FAITH,
            status=PartnershipStatus.ACTIVE,
            localities=localities,
        )
        partner_contact_add(
            actor=None, organisation=partner, name=f"Contact {n}", phone="01632 960001"
        )


def _valid(**overrides):
    data = {
        "name": "Hop Garden Carers' Network",
        "kind": PartnerKind.VOLUNTARY,
        "status": PartnershipStatus.EXPLORING,
        "communities_reached": "Carers of older people",
        "localities": [],
        "website": "https://hopgarden.example.org",
        "notes": "",
    }
    data.update(overrides)
    return data


# --- the list ----------------------------------------------------------------------------------


def test_the_list_shows_each_partner_with_its_kind_status_areas_and_contacts(
    staff_client, partner, contact
):
    page = staff_client.get(LIST).content.decode()
    assert "Riverside Wellbeing Collective" in page
    assert "Voluntary or community group" in page
    assert "Medway" in page
    assert reverse("community:partner-detail", args=[partner.pk]) in page


def test_the_list_filters_by_kind_and_status_and_searches_by_name(staff_client, partner):
    partner_create(
        actor=None,
        name="Greensand Interfaith Forum",
        kind=PartnerKind.FAITH,
        status=PartnershipStatus.PAUSED,
    )
    by_kind = staff_client.get(LIST, {"kind": "faith"}).content.decode()
    assert "Greensand Interfaith Forum" in by_kind
    assert "Riverside Wellbeing Collective" not in by_kind
    by_status = staff_client.get(LIST, {"status": "active"}).content.decode()
    assert "Riverside Wellbeing Collective" in by_status
    assert "Greensand Interfaith Forum" not in by_status
    by_name = staff_client.get(LIST, {"q": "interfaith"}).content.decode()
    assert "Greensand Interfaith Forum" in by_name
    assert "Riverside Wellbeing Collective" not in by_name
    nothing = staff_client.get(LIST, {"q": "no such group"}).content.decode()
    assert "No partner organisations match these filters" in nothing


def test_the_list_shows_50_a_page_and_keeps_the_filters_in_page_links(staff_client, db):
    _make_partners(52)
    first = staff_client.get(LIST, {"kind": ""})
    assert len(first.context["page_obj"].object_list) == 50
    assert "Showing 1 to 50 of 52 organisations" in first.content.decode()
    assert 'aria-label="Page 2"' in first.content.decode()
    second = staff_client.get(LIST, {"page": 2})
    assert [p.name for p in second.context["page_obj"].object_list] == [
        "Community group 050",
        "Community group 051",
    ]
    filtered = staff_client.get(LIST, {"kind": "faith"}).content.decode()
    assert "Showing 1 to 26 of 26" in filtered


def test_the_list_answers_a_page_number_past_the_end_with_the_last_page(staff_client, db):
    _make_partners(3)
    response = staff_client.get(LIST, {"page": 99})
    assert response.status_code == 200
    assert response.context["page_obj"].number == 1


def test_the_lists_query_count_does_not_grow_with_the_rows(
    staff_client, django_assert_max_num_queries
):
    _make_partners(3)
    with django_assert_max_num_queries(12) as few:
        staff_client.get(LIST)
    _make_partners(60, start=3)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = staff_client.get(LIST, {"page": 2})
    assert len(response.context["page_obj"].object_list) == 13


# --- adding and changing -----------------------------------------------------------------------


def test_staff_add_a_partner_organisation(staff_client, medway, thanet):
    response = staff_client.post(ADD, _valid(localities=[medway.pk, thanet.pk]))
    partner = PartnerOrganisation.objects.get(name="Hop Garden Carers' Network")
    assert response.status_code == 302
    assert response.url == reverse("community:partner-detail", args=[partner.pk])
    assert set(partner.localities.all()) == {medway, thanet}
    assert partner.status == PartnershipStatus.EXPLORING


def test_a_website_without_a_scheme_is_taken_as_https(staff_client):
    staff_client.post(ADD, _valid(website="hopgarden.example.org"))
    assert PartnerOrganisation.objects.get().website == "https://hopgarden.example.org"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": ""}, "Enter the organisation&#x27;s name"),
        ({"kind": ""}, "Select what kind of organisation it is"),
        ({"kind": "pub"}, "Select what kind of organisation it is"),
        ({"status": ""}, "Select the partnership status"),
        ({"website": "not a website"}, "Enter a website address in the correct format"),
        ({"localities": ["99999"]}, "Select areas from the list"),
    ],
    ids=["no-name", "no-kind", "unknown-kind", "no-status", "bad-website", "unknown-area"],
)
def test_bad_input_is_explained_and_nothing_is_written(staff_client, overrides, message):
    response = staff_client.post(ADD, _valid(**overrides))
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    assert not PartnerOrganisation.objects.exists()


def test_a_name_already_used_is_refused_whatever_its_case(staff_client, partner):
    response = staff_client.post(ADD, _valid(name="riverside wellbeing  COLLECTIVE"))
    assert "There is already a partner organisation called" in response.content.decode()
    assert PartnerOrganisation.objects.count() == 1


def test_staff_change_a_partner(staff_client, partner, thanet):
    url = reverse("community:partner-edit", args=[partner.pk])
    form = staff_client.get(url)
    assert 'value="Riverside Wellbeing Collective"' in form.content.decode()
    response = staff_client.post(
        url,
        _valid(
            name="Riverside Wellbeing Collective",
            status=PartnershipStatus.PAUSED,
            localities=[thanet.pk],
        ),
    )
    assert response.status_code == 302
    partner.refresh_from_db()
    assert partner.status == PartnershipStatus.PAUSED
    assert list(partner.localities.all()) == [thanet]


def test_changing_a_partner_to_another_partners_name_is_refused(staff_client, partner):
    other = partner_create(actor=None, name="Oast House Peer Support", kind=PartnerKind.VOLUNTARY)
    url = reverse("community:partner-edit", args=[other.pk])
    response = staff_client.post(url, _valid(name="Riverside Wellbeing Collective"))
    assert "There is already a partner organisation called" in response.content.decode()
    other.refresh_from_db()
    assert other.name == "Oast House Peer Support"


# --- the detail page ---------------------------------------------------------------------------


def test_the_detail_page_shows_the_partner_its_contacts_and_their_champion_roles(
    staff_client, partner, contact, contact_champion
):
    page = staff_client.get(reverse("community:partner-detail", args=[partner.pk])).content
    page = page.decode()
    for text in (
        "Riverside Wellbeing Collective",
        "Young carers in Chatham",
        "https://riverside.example.org",
        "Priya Example",
        "Outreach lead",
        "priya@example.org",
        reverse("community:champion-edit", args=[contact_champion.pk]),
    ):
        assert text in page
    assert page.count("<h1") == 1


# --- contacts ----------------------------------------------------------------------------------


def test_staff_add_a_contact_with_only_a_phone_number(staff_client, partner):
    url = reverse("community:partner-contact-add", args=[partner.pk])
    response = staff_client.post(url, {"name": "Jas Example", "phone": "07700 900123"})
    assert response.status_code == 302
    assert partner.contacts.get().phone == "07700 900123"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "email": "a@example.org"}, "Enter the contact&#x27;s full name"),
        ({"name": "Jas Example"}, "Enter an email address or a phone number for the contact"),
        ({"name": "Jas Example", "email": "not-an-email"}, "Enter an email address in the correct"),
        ({"name": "Jas Example", "phone": "call me"}, "Enter a phone number, like"),
    ],
    ids=["no-name", "no-way-to-reach", "bad-email", "bad-phone"],
)
def test_a_contact_with_bad_input_is_explained_and_not_saved(staff_client, partner, data, message):
    url = reverse("community:partner-contact-add", args=[partner.pk])
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not PartnerContact.objects.exists()


def test_staff_change_a_contact(staff_client, partner, contact):
    url = reverse("community:partner-contact-edit", args=[partner.pk, contact.pk])
    response = staff_client.post(
        url, {"name": "Priya Example", "role": "Director", "email": "", "phone": "01632 960002"}
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert (contact.role, contact.email, contact.phone) == ("Director", "", "01632 960002")


def test_clearing_both_ways_to_reach_a_contact_is_refused(staff_client, partner, contact):
    url = reverse("community:partner-contact-edit", args=[partner.pk, contact.pk])
    response = staff_client.post(url, {"name": "Priya Example", "email": "", "phone": ""})
    assert "Enter an email address or a phone number" in response.content.decode()
    contact.refresh_from_db()
    assert contact.email == "priya@example.org"


def test_a_contact_is_reached_only_through_its_own_partner(staff_client, partner, contact):
    other = partner_create(actor=None, name="Oast House Peer Support", kind=PartnerKind.VOLUNTARY)
    wrong = reverse("community:partner-contact-edit", args=[other.pk, contact.pk])
    assert staff_client.get(wrong).status_code == 404
    wrong_delete = reverse("community:partner-contact-delete", args=[other.pk, contact.pk])
    assert staff_client.post(wrong_delete).status_code == 404
    assert PartnerContact.objects.filter(pk=contact.pk).exists()


def test_removing_a_contact_asks_first_and_warns_when_they_are_a_champion(
    staff_client, partner, contact, contact_champion
):
    url = reverse("community:partner-contact-delete", args=[partner.pk, contact.pk])
    page = staff_client.get(url).content.decode()
    assert "Remove Priya Example as a contact?" in page
    assert "is recorded as a Community Co-creation Champion" in page
    assert PartnerContact.objects.filter(pk=contact.pk).exists()
    response = staff_client.post(url)
    assert response.url == reverse("community:partner-detail", args=[partner.pk])
    assert not PartnerContact.objects.filter(pk=contact.pk).exists()


def test_a_champion_who_is_a_contact_is_listed_under_their_partner(
    staff_client, partner, contact, medway
):
    champion_appoint(actor=None, partner_contact=contact, communities="Roma families")
    page = staff_client.get(reverse("community:partner-detail", args=[partner.pk])).content
    assert "Roma families" in page.decode()


def test_a_name_that_is_too_long_is_explained(staff_client):
    response = staff_client.post(ADD, _valid(name="x" * 201))
    assert "Organisation name must be 200 characters or fewer" in response.content.decode()
    assert not PartnerOrganisation.objects.exists()
