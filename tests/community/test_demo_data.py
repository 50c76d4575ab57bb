"""The demo community: about 200 made-up people, uneven on purpose, safe to load twice."""

import datetime
import re
from decimal import Decimal

from django.conf import settings

from community.demo.people import demo_people
from community.models import (
    AuditEvent,
    Champion,
    CoCreator,
    CoCreatorAccessNeed,
    CoCreatorRelationship,
    Consent,
    Demographics,
    Interest,
    Locality,
    PartnerContact,
    PartnerOrganisation,
    PopulationBenchmark,
    Relationship,
    User,
)
from community.services import EQUALITY_CONSENT_WORDING, has_equality_consent
from tests.conftest import seed_demo_output

DRAMA_PHONE = re.compile(r"^07700 900\d{3}$")
DEMO_DAY = datetime.date(2026, 6, 1)


def _row_counts() -> dict:
    return {
        model.__name__: model.objects.count()
        for model in (
            User,
            CoCreator,
            CoCreatorRelationship,
            CoCreatorAccessNeed,
            CoCreator.interests.through,
            Consent,
            Demographics,
            PartnerOrganisation,
            PartnerContact,
            PartnerOrganisation.localities.through,
            Champion,
            Champion.localities.through,
            AuditEvent,
        )
    }


def _benchmark(characteristic, group) -> Decimal:
    return PopulationBenchmark.objects.get(
        characteristic=characteristic, group=group, locality__isnull=True
    ).percentage


def test_the_demo_community_has_about_200_people(seeded):
    assert 190 <= CoCreator.objects.count() <= 215


def test_loading_the_demo_twice_leaves_exactly_the_same_rows(seeded):
    before = _row_counts()
    seed_demo_output()
    assert _row_counts() == before


def test_the_summary_says_what_was_made(seeded):
    assert "Demo community: 201 co-creators (200 added" in seeded
    assert "(0 added" in seed_demo_output()


def test_the_demo_community_is_the_same_every_time(db):
    localities = list(Locality.objects.order_by("name"))
    interests = list(Interest.objects.order_by("kind", "name"))
    first = demo_people(localities=localities, interests=interests, today=DEMO_DAY)
    again = demo_people(localities=localities, interests=interests, today=DEMO_DAY)
    assert [(p.email, p.fields["full_name"], p.demographics) for p in first] == [
        (p.email, p.fields["full_name"], p.demographics) for p in again
    ]


def test_every_email_address_in_the_demo_is_at_example_org(seeded):
    emails = (
        list(CoCreator.objects.values_list("email", flat=True))
        + list(PartnerContact.objects.exclude(email="").values_list("email", flat=True))
        + list(User.objects.values_list("email", flat=True))
    )
    assert len(emails) > 200
    assert all(email.endswith("@example.org") for email in emails), [
        e for e in emails if not e.endswith("@example.org")
    ]
    assert CoCreator.objects.values("email").distinct().count() == CoCreator.objects.count()


def test_every_phone_number_is_in_the_range_kept_for_drama(seeded):
    phones = list(CoCreator.objects.exclude(phone="").values_list("phone", flat=True)) + list(
        PartnerContact.objects.exclude(phone="").values_list("phone", flat=True)
    )
    assert len(phones) > 100
    assert all(DRAMA_PHONE.match(phone) for phone in phones)
    assert len(set(phones)) == len(phones)


def test_every_locality_has_someone_and_the_spread_is_uneven(seeded):
    per_place = {loc.name: loc.cocreators.count() for loc in Locality.objects.all()}
    assert all(count > 0 for count in per_place.values()), per_place
    assert max(per_place.values()) >= 3 * min(per_place.values())


def test_most_are_service_users_or_carers_and_few_represent_partners(seeded):
    kinds = CoCreatorRelationship.objects
    service_users = kinds.filter(kind=Relationship.SERVICE_USER).count()
    carers = kinds.filter(kind=Relationship.CARER).count()
    partners = kinds.filter(kind=Relationship.PARTNER).count()
    assert service_users > 100
    assert carers > 40
    assert 1 <= partners <= 8


def test_about_three_quarters_have_given_equality_consent_with_its_wording(seeded):
    consents = Consent.objects.all()
    assert 140 <= consents.count() <= 170
    assert Demographics.objects.count() == consents.count()
    assert set(consents.values_list("wording", flat=True)) == {EQUALITY_CONSENT_WORDING}
    assert set(consents.values_list("privacy_notice_version", flat=True)) == {
        settings.PRIVACY_NOTICE_VERSION
    }
    assert all(has_equality_consent(d.cocreator) for d in Demographics.objects.all()[:20])


def test_some_people_prefer_not_to_say(seeded):
    assert Demographics.objects.filter(sex="prefer_not").exists()
    assert Demographics.objects.filter(ethnic_group__nhs_code="Z").exists()
    assert Demographics.objects.filter(religion="prefer_not").exists()


def test_black_and_asian_people_are_under_represented_against_kent_and_medway(seeded):
    # Among those who answered: "Prefer not to say" (no broad group) and no answer are left out.
    rows = Demographics.objects.filter(ethnic_group__isnull=False).exclude(
        ethnic_group__broad_group=""
    )
    total = rows.count()
    black = Decimal(rows.filter(ethnic_group__broad_group="Black").count() * 100) / total
    asian = Decimal(rows.filter(ethnic_group__broad_group="Asian").count() * 100) / total
    assert 0 < black < _benchmark("ethnic_group", "Black")
    assert 0 < asian < _benchmark("ethnic_group", "Asian")


def test_men_and_under_25s_are_under_represented_and_older_women_over(seeded):
    sexes = Demographics.objects.filter(sex__in=["female", "male"])
    men = Decimal(sexes.filter(sex="male").count() * 100) / sexes.count()
    assert men < _benchmark("sex", "male") - 10
    ages = Demographics.objects.exclude(age_band__in=["", "prefer_not"])
    young = Decimal(ages.filter(age_band="15_24").count() * 100) / ages.count()
    assert 0 < young < _benchmark("age", "15_24") / 2
    older_women = ages.filter(sex="female", age_band__in=["55_64", "65_74"]).count()
    older_men = ages.filter(sex="male", age_band__in=["55_64", "65_74"]).count()
    assert older_women > 2 * older_men


def test_the_demo_cocreator_has_a_full_profile(seeded):
    user = User.objects.get(email="cocreator@example.org")
    cocreator = CoCreator.objects.get(user=user)
    assert cocreator.full_name == "Alex Morgan"
    assert cocreator.locality.name == "Canterbury"
    assert cocreator.phone and cocreator.interests.exists()
    assert set(cocreator.relationships.values_list("kind", flat=True)) == {
        Relationship.SERVICE_USER,
        Relationship.CARER,
    }
    assert has_equality_consent(cocreator)
    assert cocreator.demographics.year_of_birth == 1991


def test_there_are_about_12_partners_each_with_a_way_to_reach_someone(seeded):
    partners = PartnerOrganisation.objects.all()
    assert 10 <= partners.count() <= 14
    assert len({p.kind for p in partners}) >= 4
    for partner in partners:
        contacts = partner.contacts.all()
        assert contacts, partner.name
        assert all(c.email or c.phone for c in contacts)
        assert not partner.website or ".example.org" in partner.website


def test_there_are_about_8_champions_each_one_person(seeded):
    champions = Champion.objects.all()
    assert 6 <= champions.count() <= 10
    assert champions.filter(cocreator__isnull=False).exists()
    assert champions.filter(partner_contact__isnull=False).exists()
    for champion in champions:
        assert (champion.cocreator_id is None) != (champion.partner_contact_id is None)
        assert champion.until is None or champion.until >= champion.since
    assert champions.filter(until__isnull=False).exists()


def test_loading_the_demo_writes_people_in_bulk(db, django_assert_max_num_queries):
    # One person at a time through the services would take well over 2,000 queries. The whole
    # demo (people, activities, impact, then the reporting demo's plan updates, pack and
    # newsletter) stays under 1,050: about 190 of them make the repeating sessions through the
    # staff's own series service (activities/demo/team_week.py), so the demo is what it makes;
    # payments adds about 23, the training offer, roles and resource pack about 35, and plans,
    # mentoring, the partner section and accreditation about 50 together. About 950 in all on
    # PostgreSQL and 1,015 on SQLite, whose bulk inserts go in batches of at most 999 values.
    # The "Have your say" demo (consultations/demo.py) adds about 333 on both: 25 people's taking
    # part each counted through `participation_record` (about 13 queries each, its hooks
    # included), as the real pages count it; 1,281 on PostgreSQL and 1,348 on SQLite.
    with django_assert_max_num_queries(1400) as counted:
        seed_demo_output()
    print(f"The demo took {len(counted.captured_queries)} queries.")
