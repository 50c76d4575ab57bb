"""Staff record Community Co-creation Champions: one co-creator or one partner contact each."""

import datetime

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.urls import reverse

from community.models import AuditAction, AuditEvent, Champion, CoCreatorStatus
from community.partners.services import champion_appoint
from community.services import cocreator_register

LIST = reverse("community:champion-list")
ADD = reverse("community:champion-add")
TODAY = datetime.date(2026, 5, 20)


def _date(prefix, value):
    if value is None:
        return {f"{prefix}_day": "", f"{prefix}_month": "", f"{prefix}_year": ""}
    return {
        f"{prefix}_day": str(value.day),
        f"{prefix}_month": str(value.month),
        f"{prefix}_year": str(value.year),
    }


def _form(
    *,
    cocreator=None,
    contact=None,
    communities="Polish families in Medway",
    localities=(),
    since=datetime.date(2026, 1, 5),
    until=None,
):
    return {
        "cocreator": cocreator.pk if cocreator else "",
        "partner_contact": contact.pk if contact else "",
        "communities": communities,
        "localities": [loc.pk for loc in localities],
        **_date("since", since),
        **_date("until", until),
    }


# --- adding ------------------------------------------------------------------------------------


def test_staff_make_a_cocreator_a_champion(staff_client, community_member, medway, thanet):
    response = staff_client.post(
        ADD, _form(cocreator=community_member, localities=[medway, thanet])
    )
    assert response.status_code == 302
    champion = Champion.objects.get()
    assert champion.cocreator == community_member
    assert champion.partner_contact is None
    assert champion.since == datetime.date(2026, 1, 5)
    assert set(champion.localities.all()) == {medway, thanet}


def test_making_a_cocreator_a_champion_is_audited_by_field_name_only(
    staff_client, staff_member_with_mfa, community_member
):
    staff_client.post(ADD, _form(cocreator=community_member, communities="Secret community"))
    event = AuditEvent.objects.filter(cocreator_id=community_member.pk).latest("pk")
    assert event.action == AuditAction.CHANGE
    assert event.fields == ["champion"]
    assert event.actor == staff_member_with_mfa


def test_staff_make_a_partner_contact_a_champion(staff_client, contact):
    response = staff_client.post(ADD, _form(contact=contact))
    assert response.status_code == 302
    assert Champion.objects.get().partner_contact == contact


def test_choosing_both_a_cocreator_and_a_contact_is_refused(
    staff_client, community_member, contact
):
    response = staff_client.post(ADD, _form(cocreator=community_member, contact=contact))
    page = response.content.decode()
    assert "Choose either a co-creator or a partner contact, not both" in page
    assert "There is a problem" in page
    assert not Champion.objects.exists()


def test_choosing_nobody_is_refused(staff_client, db):
    response = staff_client.post(ADD, _form())
    assert "Choose a co-creator or a partner contact" in response.content.decode()
    assert not Champion.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"communities": ""}, "Enter the communities they reach"),
        ({"since": None}, "Enter the date they started"),
        (
            {"until": datetime.date(2025, 12, 31)},
            "must be the same as or after the date it started",
        ),
    ],
    ids=["no-communities", "no-start-date", "ends-before-it-starts"],
)
def test_bad_input_is_explained_and_nothing_is_written(
    staff_client, community_member, overrides, message
):
    response = staff_client.post(ADD, _form(cocreator=community_member, **overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Champion.objects.exists()


def test_a_made_up_person_is_refused_in_plain_english(staff_client, db):
    data = _form()
    data["cocreator"] = "99999"
    response = staff_client.post(ADD, data)
    assert "Choose a co-creator from the matches shown" in response.content.decode()
    assert not Champion.objects.exists()


def test_someone_who_has_left_cannot_be_made_a_champion(staff_client, db):
    left = cocreator_register(actor=None, full_name="Gone Away", status=CoCreatorStatus.LEFT)
    form = staff_client.get(ADD).content.decode()
    assert "Gone Away" not in form
    searched = staff_client.post(ADD, {**_form(), "cocreator__q": "gone", "cocreator__search": "1"})
    assert "No matches for “gone”" in searched.content.decode()
    response = staff_client.post(ADD, _form(cocreator=left))
    assert "Choose a co-creator from the matches shown" in response.content.decode()
    assert not Champion.objects.exists()


@time_machine.travel(datetime.datetime(2026, 5, 20, 9, 0, tzinfo=datetime.UTC))
def test_the_start_date_is_today_unless_changed(staff_client, db):
    form = staff_client.get(ADD).content.decode()
    assert 'name="since_day" value="20"' in form
    assert 'name="since_year" value="2026"' in form


# --- the database keeps the rule too -------------------------------------------------------------


def test_the_database_refuses_a_champion_who_is_two_people(community_member, contact):
    with pytest.raises(IntegrityError), transaction.atomic():
        Champion.objects.create(
            cocreator=community_member, partner_contact=contact, communities="Both"
        )


def test_the_database_refuses_a_champion_who_is_nobody(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        Champion.objects.create(communities="Nobody")


def test_the_service_refuses_two_people_before_the_database_does(community_member, contact):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        champion_appoint(
            actor=None, cocreator=community_member, partner_contact=contact, communities="Both"
        )
    assert not Champion.objects.exists()


# --- the list ----------------------------------------------------------------------------------


def test_the_list_shows_who_they_are_what_they_reach_and_when(
    staff_client, community_member, contact_champion, medway
):
    champion_appoint(
        actor=None,
        cocreator=community_member,
        communities="Polish families",
        localities=[medway],
        since=datetime.date(2025, 3, 1),
    )
    page = staff_client.get(LIST).content.decode()
    for text in (
        "Tomasz Example",
        "Co-creator",
        "Priya Example",
        "Riverside Wellbeing Collective",
        "Polish families",
        "Medway",
        "1 March 2025",
        "Still a champion",
    ):
        assert text in page


def test_the_list_shows_current_champions_unless_asked_for_ended_ones(
    staff_client, community_member, contact_champion
):
    champion_appoint(
        actor=None,
        cocreator=community_member,
        communities="Polish families",
        since=datetime.date(2024, 1, 1),
        until=datetime.date(2024, 12, 31),
    )
    current = staff_client.get(LIST).content.decode()
    assert "Priya Example" in current and "Tomasz Example" not in current
    ended = staff_client.get(LIST, {"show": "ended"}).content.decode()
    assert "Tomasz Example" in ended and "Priya Example" not in ended
    both = staff_client.get(LIST, {"show": "all"}).content.decode()
    assert "Tomasz Example" in both and "Priya Example" in both


def test_the_lists_query_count_does_not_grow_with_the_rows(
    staff_client, contact, medway, django_assert_max_num_queries
):
    def make(count, start):
        for n in range(start, start + count):
            person = cocreator_register(actor=None, full_name=f"Champion {n}")
            champion_appoint(
                actor=None, cocreator=person, communities="Somewhere", localities=[medway]
            )
            champion_appoint(actor=None, partner_contact=contact, communities=f"Group {n}")

    make(2, 0)
    with django_assert_max_num_queries(12) as few:
        staff_client.get(LIST)
    make(40, 2)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = staff_client.get(LIST, {"page": 2})
    assert len(response.context["page_obj"].object_list) == 34


# --- changing and ending -----------------------------------------------------------------------


def test_staff_change_a_champion_role(staff_client, contact_champion, contact, thanet):
    url = reverse("community:champion-edit", args=[contact_champion.pk])
    form = staff_client.get(url).content.decode()
    assert "Young carers" in form
    response = staff_client.post(
        url,
        _form(contact=contact, communities="Young carers and their families", localities=[thanet]),
    )
    assert response.status_code == 302
    contact_champion.refresh_from_db()
    assert contact_champion.communities == "Young carers and their families"
    assert list(contact_champion.localities.all()) == [thanet]


def test_changing_a_role_to_two_people_is_refused_and_nothing_changes(
    staff_client, contact_champion, contact, community_member
):
    url = reverse("community:champion-edit", args=[contact_champion.pk])
    response = staff_client.post(url, _form(cocreator=community_member, contact=contact))
    assert "not both" in response.content.decode()
    contact_champion.refresh_from_db()
    assert contact_champion.cocreator is None
    assert contact_champion.communities == "Young carers"


@time_machine.travel(datetime.datetime(2026, 5, 20, 9, 0, tzinfo=datetime.UTC))
def test_ending_a_role_sets_the_date_it_ended(staff_client, contact_champion):
    contact_champion.since = datetime.date(2026, 1, 5)
    contact_champion.save()
    url = reverse("community:champion-end", args=[contact_champion.pk])
    form = staff_client.get(url).content.decode()
    assert 'name="until_day" value="20"' in form
    response = staff_client.post(url, _date("until", TODAY))
    assert response.status_code == 302
    contact_champion.refresh_from_db()
    assert contact_champion.until == TODAY
    assert Champion.objects.count() == 1


def test_a_role_cannot_end_before_it_started(staff_client, contact_champion):
    url = reverse("community:champion-end", args=[contact_champion.pk])
    before = contact_champion.since - datetime.timedelta(days=1)
    response = staff_client.post(url, _date("until", before))
    assert "must be the same as or after the date it started" in response.content.decode()
    contact_champion.refresh_from_db()
    assert contact_champion.until is None


def test_ending_a_role_needs_a_date(staff_client, contact_champion):
    url = reverse("community:champion-end", args=[contact_champion.pk])
    response = staff_client.post(url, _date("until", None))
    assert "Enter the date the role ended" in response.content.decode()
    contact_champion.refresh_from_db()
    assert contact_champion.until is None
