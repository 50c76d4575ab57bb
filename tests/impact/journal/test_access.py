"""Only the author reaches a journal entry; staff may read, never change, one shared with them."""

import pytest
from django.urls import reverse

from impact.models import JournalEntry
from tests.conftest import client_for

from .conftest import write


def entry_urls(entry):
    return [
        reverse("impact:journal-detail", args=[entry.pk]),
        reverse("impact:journal-edit", args=[entry.pk]),
        reverse("impact:journal-delete", args=[entry.pk]),
        reverse("impact:journal-themes", args=[entry.pk]),
    ]


def test_an_anonymous_visitor_is_sent_to_sign_in_from_every_journal_page(anonymous, private_entry):
    urls = [
        reverse("impact:journal-list"),
        reverse("impact:journal-add"),
        reverse("impact:journal-shared"),
        *entry_urls(private_entry),
    ]
    for url in urls:
        for method in (anonymous.get, anonymous.post):
            response = method(url)
            assert response.status_code == 302, url
            assert response.url.startswith("/accounts/login/"), url


def test_a_steering_member_is_refused_the_journal_by_role(steering_client, private_entry):
    for url in [
        reverse("impact:journal-list"),
        reverse("impact:journal-add"),
        *entry_urls(private_entry),
    ]:
        assert steering_client.get(url).status_code == 403, url


@pytest.mark.parametrize("persona", ["cocreator", "steering_member"])
def test_only_staff_see_the_shared_list(request, persona):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(reverse("impact:journal-shared")).status_code == 403


def test_a_private_entry_is_404_to_staff_on_every_page(staff_client, private_entry):
    for url in entry_urls(private_entry):
        assert staff_client.get(url).status_code == 404, url
        assert (
            staff_client.post(
                url, {"body": "Changed", "prompt": "What's missing?", "sharing": "private"}
            ).status_code
            == 404
        ), url
    private_entry.refresh_from_db()
    assert private_entry.body == "My private thoughts about the garden group."


def test_a_private_entry_is_404_to_another_cocreator_on_every_page(other_cocreator, private_entry):
    client = client_for(other_cocreator)
    for url in entry_urls(private_entry):
        assert client.get(url).status_code == 404, url
        assert client.post(url).status_code == 404, url
    assert JournalEntry.objects.filter(pk=private_entry.pk).exists()


def test_a_private_entry_never_appears_in_the_staff_shared_list(staff_client, private_entry):
    response = staff_client.get(reverse("impact:journal-shared"))
    assert response.status_code == 200
    assert "My private thoughts" not in response.content.decode()
    assert list(response.context["page_obj"].object_list) == []


def test_staff_can_read_a_shared_entry_but_not_change_or_delete_it(staff_client, shared_entry):
    page = staff_client.get(reverse("impact:journal-detail", args=[shared_entry.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Carers&#x27; voices were missing" in html
    assert reverse("impact:journal-edit", args=[shared_entry.pk]) not in html
    for url in entry_urls(shared_entry)[1:]:
        assert staff_client.get(url).status_code == 404, url
        assert (
            staff_client.post(
                url, {"body": "Staff edit", "prompt": "What's missing?", "sharing": "private"}
            ).status_code
            == 404
        ), url
    shared_entry.refresh_from_db()
    assert shared_entry.body == "Carers' voices were missing from the meeting."


def test_another_cocreator_cannot_read_a_shared_entry(other_cocreator, shared_entry):
    client = client_for(other_cocreator)
    assert client.get(reverse("impact:journal-detail", args=[shared_entry.pk])).status_code == 404


def test_the_shared_list_shows_shared_entries_with_the_authors_name(
    staff_client, shared_entry, private_entry, other_cocreator
):
    write(other_cocreator, "Olu's private note")
    html = staff_client.get(reverse("impact:journal-shared")).content.decode()
    assert "Casey Cocreator" in html
    assert "Whose voices are still unheard?" in html
    assert "Olu" not in html


def test_a_cocreators_list_shows_only_their_own_entries(
    cocreator_client, private_entry, other_cocreator
):
    write(other_cocreator, "Olu's private note")
    response = cocreator_client.get(reverse("impact:journal-list"))
    assert [e.pk for e in response.context["page_obj"].object_list] == [private_entry.pk]
    assert "Olu" not in response.content.decode()
