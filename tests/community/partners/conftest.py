"""Partner organisations, contacts and champions to test against."""

import pytest

from community.models import Locality, PartnerKind, PartnershipStatus
from community.partners.services import champion_appoint, partner_contact_add, partner_create
from community.services import cocreator_register


@pytest.fixture
def medway(db):
    return Locality.objects.get(name="Medway")


@pytest.fixture
def thanet(db):
    return Locality.objects.get(name="Thanet")


@pytest.fixture
def partner(medway):
    return partner_create(
        actor=None,
        name="Riverside Wellbeing Collective",
        kind=PartnerKind.VOLUNTARY,
        status=PartnershipStatus.ACTIVE,
        communities_reached="Young carers in Chatham",
        website="https://riverside.example.org",
        localities=[medway],
    )


@pytest.fixture
def contact(partner):
    return partner_contact_add(
        actor=None,
        organisation=partner,
        name="Priya Example",
        role="Outreach lead",
        email="priya@example.org",
    )


@pytest.fixture
def community_member(db):
    return cocreator_register(actor=None, full_name="Tomasz Example", email="tomasz@example.org")


@pytest.fixture
def contact_champion(contact, medway):
    return champion_appoint(
        actor=None, partner_contact=contact, communities="Young carers", localities=[medway]
    )
