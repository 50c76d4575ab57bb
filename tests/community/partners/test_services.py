"""The writes behind the partner and champion pages."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from community.models import AuditAction, AuditEvent, PartnerKind, PartnerOrganisation
from community.partners.services import (
    champion_appoint,
    champion_end,
    champion_update,
    partner_contact_remove,
    partner_contact_update,
    partner_create,
    partner_update,
)


def test_partner_create_refuses_a_name_already_taken(partner):
    with pytest.raises(ValidationError):
        partner_create(actor=None, name=partner.name, kind=PartnerKind.FAITH)
    assert PartnerOrganisation.objects.count() == 1


def test_partner_update_returns_only_what_changed(partner, medway, thanet):
    assert partner_update(actor=None, partner=partner, name=partner.name) == set()
    changed = partner_update(
        actor=None, partner=partner, notes="Met in May", localities=[medway, thanet]
    )
    assert changed == {"notes", "localities"}
    partner.refresh_from_db()
    assert partner.notes == "Met in May"


def test_partner_update_refuses_a_bad_website_and_keeps_the_old_one(partner):
    with pytest.raises(ValidationError):
        partner_update(actor=None, partner=partner, website="not a website")
    partner.refresh_from_db()
    assert partner.website == "https://riverside.example.org"


def test_partner_contact_update_returns_only_what_changed(contact):
    assert partner_contact_update(actor=None, contact=contact, role="Outreach lead") == set()
    assert partner_contact_update(actor=None, contact=contact, role="Director") == {"role"}


def test_removing_a_contact_removes_their_champion_role(contact, contact_champion):
    partner_contact_remove(actor=None, contact=contact)
    assert not type(contact_champion).objects.filter(pk=contact_champion.pk).exists()


def test_a_cocreator_champion_role_is_audited_without_values(community_member):
    champion = champion_appoint(
        actor=None, cocreator=community_member, communities="Private detail"
    )
    champion_update(actor=None, champion=champion, communities="Another private detail")
    champion_end(actor=None, champion=champion, until=champion.since)
    events = AuditEvent.objects.filter(cocreator_id=community_member.pk, fields=["champion"])
    assert events.count() == 3
    assert all(e.action == AuditAction.CHANGE for e in events)
    assert "Private" not in str(list(events.values()))


def test_a_partner_contact_champion_writes_no_person_audit(contact):
    before = AuditEvent.objects.count()
    champion_appoint(actor=None, partner_contact=contact, communities="Young carers")
    assert AuditEvent.objects.count() == before


def test_moving_a_role_from_one_cocreator_to_another_audits_both(community_member, db):
    from community.services import cocreator_register

    other = cocreator_register(actor=None, full_name="Ola Example")
    champion = champion_appoint(actor=None, cocreator=community_member, communities="Polish")
    champion_update(actor=None, champion=champion, cocreator=other)
    assert AuditEvent.objects.filter(cocreator_id=other.pk, fields=["champion"]).exists()
    assert (
        AuditEvent.objects.filter(cocreator_id=community_member.pk, fields=["champion"]).count()
        == 2
    )


@time_machine.travel(datetime.datetime(2026, 5, 20, 9, 0, tzinfo=datetime.UTC))
def test_ending_a_role_without_a_date_ends_it_today(contact):
    champion = champion_appoint(
        actor=None,
        partner_contact=contact,
        communities="Young carers",
        since=datetime.date(2026, 1, 1),
    )
    champion_end(actor=None, champion=champion)
    champion.refresh_from_db()
    assert champion.until == datetime.date(2026, 5, 20)


def test_a_role_cannot_end_before_it_started(contact_champion):
    with pytest.raises(ValidationError):
        champion_end(
            actor=None,
            champion=contact_champion,
            until=contact_champion.since - datetime.timedelta(days=1),
        )
    contact_champion.refresh_from_db()
    assert contact_champion.until is None


def test_a_role_cannot_be_appointed_ending_before_it_starts(contact):
    with pytest.raises(ValidationError):
        champion_appoint(
            actor=None,
            partner_contact=contact,
            communities="Young carers",
            since=datetime.date(2026, 3, 1),
            until=datetime.date(2026, 2, 1),
        )
