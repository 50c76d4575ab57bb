"""Staff find people in the register by searching and filtering, a page of 50 at a time."""

import re

from tests.community.factories import CoCreatorFactory

URL = "/staff/community/"


def names_on(response) -> list[str]:
    return [p.full_name for p in response.context["page_obj"].object_list]


def test_the_list_shows_everyone_with_their_details(staff_client, alex, bo):
    response = staff_client.get(URL)
    html = response.content.decode()
    assert names_on(response) == ["Alex Ashdown", "Bo Bramley"]
    assert "2 people match" in html
    assert f'href="/staff/community/{alex.pk}/"' in html
    assert "Maidstone" in html and "Medway" in html
    assert "Service user or patient, Family member" in html or (
        "Family member, Service user or patient" in html
    )
    assert "Paused" in html


def test_one_match_is_counted_in_the_singular(staff_client, alex, bo):
    html = staff_client.get(URL, {"q": "Ashdown"}).content.decode()
    assert "1 person matches" in html


def test_search_finds_a_name_a_preferred_name_an_email_or_a_phone(staff_client, alex, bo):
    assert names_on(staff_client.get(URL, {"q": "ashd"})) == ["Alex Ashdown"]
    assert names_on(staff_client.get(URL, {"q": "Lex"})) == ["Alex Ashdown"]
    assert names_on(staff_client.get(URL, {"q": "bo@example"})) == ["Bo Bramley"]
    assert names_on(staff_client.get(URL, {"q": "01632"})) == ["Bo Bramley"]


def test_search_finds_a_phone_number_typed_with_spaces_or_plus_44(staff_client, alex, bo):
    assert names_on(staff_client.get(URL, {"q": "07700 900 123"})) == ["Alex Ashdown"]
    assert names_on(staff_client.get(URL, {"q": "+44 7700 900123"})) == ["Alex Ashdown"]


def test_status_filter(staff_client, alex, bo):
    assert names_on(staff_client.get(URL, {"status": "paused"})) == ["Bo Bramley"]
    assert names_on(staff_client.get(URL, {"status": "active"})) == ["Alex Ashdown"]


def test_locality_filter(staff_client, alex, bo, medway):
    assert names_on(staff_client.get(URL, {"locality": medway.pk})) == ["Bo Bramley"]


def test_relationship_filter(staff_client, alex, bo):
    assert names_on(staff_client.get(URL, {"relationship": "carer"})) == ["Alex Ashdown"]
    assert names_on(staff_client.get(URL, {"relationship": "family"})) == ["Bo Bramley"]
    assert names_on(staff_client.get(URL, {"relationship": "staff"})) == []


def test_interest_filter(staff_client, alex, bo, research):
    assert names_on(staff_client.get(URL, {"interest": research.pk})) == ["Alex Ashdown"]


def test_availability_filter(staff_client, alex, bo):
    assert names_on(staff_client.get(URL, {"availability": "evenings"})) == ["Alex Ashdown"]
    assert names_on(staff_client.get(URL, {"availability": "online"})) == ["Bo Bramley"]
    assert names_on(staff_client.get(URL, {"availability": "in_person"})) == []


def test_access_need_filter(staff_client, alex, bo):
    assert names_on(staff_client.get(URL, {"access_need": "bsl"})) == ["Bo Bramley"]
    assert names_on(staff_client.get(URL, {"access_need": "large_print"})) == ["Alex Ashdown"]


def test_filters_combine_so_that_every_one_must_match(staff_client, alex, bo, medway):
    assert names_on(staff_client.get(URL, {"locality": medway.pk, "access_need": "bsl"})) == [
        "Bo Bramley"
    ]
    assert names_on(staff_client.get(URL, {"locality": medway.pk, "relationship": "carer"})) == []
    assert names_on(staff_client.get(URL, {"q": "Alex", "status": "paused"})) == []


def test_a_person_with_several_relationships_is_listed_once(staff_client, bo):
    response = staff_client.get(URL, {"q": "Bramley"})
    assert names_on(response) == ["Bo Bramley"]


def test_a_filter_value_that_is_not_offered_gets_a_plain_error_and_no_list(staff_client, alex):
    response = staff_client.get(URL, {"status": "sleeping"})
    html = response.content.decode()
    assert "nhsuk-error-summary" in html
    assert "Choose a status from the list" in html
    assert response.context["page_obj"] is None
    assert "Alex Ashdown" not in html


def test_an_empty_result_says_so(staff_client, alex):
    html = staff_client.get(URL, {"q": "nobody-like-this"}).content.decode()
    assert "No people match" in html


CARER_AND_STAFF = ["carer", "staff"]


def test_the_list_pages_50_at_a_time_and_keeps_the_filters(staff_client, db):
    CoCreatorFactory.create_in_bulk(120, relationships=CARER_AND_STAFF, status="active")
    CoCreatorFactory.create_in_bulk(3, relationships=CARER_AND_STAFF, status="paused")
    response = staff_client.get(URL, {"status": "active", "relationship": "carer"})
    html = response.content.decode()
    assert "120 people match" in html
    assert len(response.context["page_obj"].object_list) == 50
    links = set(re.findall(r'href="(\?[^"]*page=\d+[^"]*)"', html))
    assert links, "no pagination links"
    for link in links:
        assert "status=active" in link and "relationship=carer" in link
    page_3 = staff_client.get(URL, {"status": "active", "relationship": "carer", "page": 3})
    assert len(page_3.context["page_obj"].object_list) == 20
    assert 'aria-current="page"' in page_3.content.decode()


def test_the_query_count_does_not_grow_with_the_people_listed(
    staff_client, django_assert_max_num_queries, maidstone
):
    CoCreatorFactory(
        full_name="First Person", locality=maidstone, relationships=["carer"], email=""
    )
    with django_assert_max_num_queries(20) as few:
        staff_client.get(URL, {"relationship": "carer"})
    CoCreatorFactory.create_in_bulk(60, relationships=CARER_AND_STAFF, locality=maidstone)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = staff_client.get(URL, {"relationship": "carer"})
    assert len(response.context["page_obj"].object_list) == 50
