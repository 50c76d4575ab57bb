"""Writing, changing and deleting your own journal entries, and the lists' query counts."""

from django.urls import reverse

from community.services import cocreator_for_user_ensure
from impact.models import JournalEntry, JournalSharing
from tests.conftest import client_for

from .conftest import write


def test_a_cocreator_writes_a_private_entry_by_default(cocreator_client, cocreator):
    form = cocreator_client.get(reverse("impact:journal-add"))
    html = form.content.decode()
    for prompt in (
        "What&#x27;s missing?",
        "What haven&#x27;t we thought of?",
        "Whose voices are still unheard?",
        "Something else",
    ):
        assert prompt in html
    assert "The involvement team cannot see it" in html
    response = cocreator_client.post(
        reverse("impact:journal-add"),
        {
            "prompt": "What haven't we thought of?",
            "body": "Evening sessions.",
            "sharing": "private",
        },
    )
    entry = JournalEntry.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("impact:journal-detail", args=[entry.pk])
    assert (entry.author, entry.prompt, entry.sharing) == (
        cocreator,
        "What haven't we thought of?",
        JournalSharing.PRIVATE,
    )
    assert form.context["form"]["sharing"].value() == JournalSharing.PRIVATE


def test_something_else_keeps_no_prompt_and_shows_again_when_changing(cocreator_client):
    cocreator_client.post(
        reverse("impact:journal-add"),
        {"prompt": "Something else", "body": "A thought.", "sharing": "shared"},
    )
    entry = JournalEntry.objects.get()
    assert entry.prompt == ""
    assert entry.sharing == JournalSharing.SHARED
    page = cocreator_client.get(reverse("impact:journal-edit", args=[entry.pk]))
    assert page.context["form"]["prompt"].value() == "Something else"


def test_staff_keep_a_journal_too(staff_client, staff_member):
    response = staff_client.post(
        reverse("impact:journal-add"),
        {"prompt": "What's missing?", "body": "Staff reflection.", "sharing": "private"},
    )
    assert response.status_code == 302
    assert JournalEntry.objects.get().author == staff_member
    assert staff_client.get(reverse("impact:journal-list")).status_code == 200


def test_an_empty_entry_is_refused_in_plain_english_and_nothing_is_saved(cocreator_client):
    response = cocreator_client.post(reverse("impact:journal-add"), {"sharing": "private"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "nhsuk-error-summary" in html
    assert "Write your reflection" in html
    assert "Choose what you are reflecting on" in html
    assert not JournalEntry.objects.exists()


def test_the_author_changes_their_entry(cocreator_client, private_entry):
    response = cocreator_client.post(
        reverse("impact:journal-edit", args=[private_entry.pk]),
        {"prompt": "What's missing?", "body": "Rewritten.", "sharing": "shared"},
    )
    assert response.status_code == 302
    private_entry.refresh_from_db()
    assert (private_entry.body, private_entry.sharing) == ("Rewritten.", JournalSharing.SHARED)


def test_the_author_deletes_their_entry_after_confirming(cocreator_client, private_entry):
    url = reverse("impact:journal-delete", args=[private_entry.pk])
    page = cocreator_client.get(url)
    assert "Delete this journal entry?" in page.content.decode()
    assert JournalEntry.objects.filter(pk=private_entry.pk).exists()
    response = cocreator_client.post(url)
    assert response.url == reverse("impact:journal-list")
    assert not JournalEntry.objects.filter(pk=private_entry.pk).exists()


def test_the_journal_list_is_newest_first_and_paginated(cocreator_client, cocreator):
    entries = [write(cocreator, f"Entry {n}") for n in range(55)]
    first = cocreator_client.get(reverse("impact:journal-list"))
    assert first.context["page_obj"].object_list[0] == entries[-1]
    assert len(first.context["page_obj"].object_list) == 50
    assert "nhsuk-pagination" in first.content.decode()
    second = cocreator_client.get(reverse("impact:journal-list") + "?page=2")
    assert len(second.context["page_obj"].object_list) == 5


def test_the_journal_list_query_count_does_not_grow(cocreator, django_assert_max_num_queries):
    client = client_for(cocreator)
    write(cocreator)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("impact:journal-list"))
    for n in range(30):
        write(cocreator, f"Entry {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("impact:journal-list"))


def test_the_shared_list_query_count_does_not_grow(
    staff_member_with_mfa, cocreator, other_cocreator, django_assert_max_num_queries
):
    cocreator_for_user_ensure(user=cocreator)
    client = client_for(staff_member_with_mfa)
    write(cocreator, sharing=JournalSharing.SHARED)
    with django_assert_max_num_queries(15) as few:
        client.get(reverse("impact:journal-shared"))
    for n in range(20):
        write(cocreator, f"Shared {n}", sharing=JournalSharing.SHARED)
        write(other_cocreator, f"Other shared {n}", sharing=JournalSharing.SHARED)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(reverse("impact:journal-shared")).content.decode()
    assert "Olu Other" in html


def test_an_entirely_empty_form_is_refused_too(cocreator_client):
    response = cocreator_client.post(reverse("impact:journal-add"), {})
    assert "nhsuk-error-summary" in response.content.decode()
    assert not JournalEntry.objects.exists()
