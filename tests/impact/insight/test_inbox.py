"""Staff read every item of co-creator insight of a period in one inbox, and tag it in place."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from activities.models import Activity
from community.models import Role
from community.navigation import nav_for_roles
from impact.models import (
    ExperienceResponse,
    InsightSuggestionRejection,
    InsightTag,
    JournalEntry,
    JournalSharing,
)
from tests.activities.conftest import at
from tests.activities.factories import ActivityFactory, ProjectFactory
from tests.conftest import client_for
from tests.frontend.test_pages import assert_csp_safe, assert_nhsuk_layout

from .conftest import PERIOD

INBOX = reverse("impact:insight-inbox")


def inbox(client, **params):
    return client.get(INBOX, {"period": PERIOD, **params})


def listed(response) -> list[tuple[str, str]]:
    return [(item.source, item.source_id) for item in response.context["items"]]


def ref(source, row) -> tuple[str, str]:
    return (source, str(row.pk))


def change(client, action, source, row, theme, back=f"period={PERIOD}", **extra):
    data = {
        "action": action,
        "source": source,
        "source_id": str(row.pk) if not isinstance(row, str) else row,
        "theme": theme.pk if hasattr(theme, "pk") else theme,
        "back": back,
        **extra,
    }
    return client.post(INBOX, data)


# --- who may see it --------------------------------------------------------------------------


def test_outsiders_are_kept_out_of_the_inbox(anonymous, cocreator, steering_member, themes, items):
    post = {
        "action": "add",
        "source": "survey_text",
        "source_id": str(items["answer"].pk),
        "theme": themes["access"].pk,
    }
    for method in ("get", "post"):
        response = getattr(anonymous, method)(INBOX, post if method == "post" else {})
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
        for person in (cocreator, steering_member):
            client = client_for(person)
            assert getattr(client, method)(INBOX, post).status_code == 403
    assert not InsightTag.objects.exists()


def test_a_change_without_the_csrf_token_is_refused(staff_member_with_mfa, themes, items):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff_member_with_mfa)
    response = change(client, "add", "survey_text", items["answer"], themes["access"])
    assert response.status_code == 403
    assert not InsightTag.objects.exists()


def test_the_staff_menu_links_to_the_inbox(staff_client, themes):
    page = staff_client.get(INBOX).content.decode()
    assert f'href="{INBOX}"' in page and "Insight inbox" in page


def test_the_theme_list_and_the_triangulation_page_link_to_the_inbox(staff_client, themes):
    assert INBOX in staff_client.get(reverse("impact:theme-list")).content.decode()
    page = staff_client.get(reverse("impact:triangulation"), {"period": PERIOD})
    assert f"{INBOX}?period={PERIOD}" in page.content.decode()


# --- what it lists ---------------------------------------------------------------------------


def test_the_inbox_lists_every_item_of_the_period_newest_first(staff_client, themes, items):
    response = inbox(staff_client)
    assert response.status_code == 200
    assert listed(response) == [
        ref("journal", items["entry"]),  # 1 December
        ref("activity_notes", items["session"]),  # 3 November
        ref("survey_text", items["answer"]),  # November: answers keep only their month
        ref("survey_text", items["anonymous"]),  # October
    ]
    page = response.content.decode()
    for text in (
        "I waited months for a referral.",
        "Parking was hard.",
        "My GP listened at last.",
        "Nobody explained the waiting list.",
        "Young carers.",
    ):
        assert text in page
    assert page.count("<h1") == 1


def test_only_insight_from_the_period_is_listed(staff_client, themes, items, cocreator):
    ExperienceResponse.objects.create(month="2026-11-01", free_text="")  # nothing written
    ExperienceResponse.objects.create(month="2026-09-01", free_text="Last quarter.")
    JournalEntry.objects.create(author=cocreator, body="Secret.", sharing=JournalSharing.PRIVATE)
    ActivityFactory(starts_at=at(2026, 11, 10))  # no notes
    ActivityFactory(starts_at=at(2026, 7, 10), notes="Earlier notes.")
    page = inbox(staff_client)
    assert len(page.context["items"]) == 4
    content = page.content.decode()
    assert "Last quarter." not in content and "Secret." not in content
    assert "Earlier notes." not in content
    earlier = inbox(staff_client, period="2026-q2")
    # The September answer is newer than the July session.
    assert [i.text for i in earlier.context["items"]] == ["Last quarter.", "Earlier notes."]


@time_machine.travel(datetime.datetime(2026, 11, 15, 12, tzinfo=datetime.UTC))
def test_the_inbox_shows_the_current_quarter_unless_asked(staff_client, themes, items):
    response = staff_client.get(INBOX)
    assert response.context["period"].slug == PERIOD
    assert len(response.context["items"]) == 4


def test_each_item_says_its_source_month_activity_and_project(staff_client, themes, items):
    by_ref = {(i.source, i.source_id): i for i in inbox(staff_client).context["items"]}
    named = by_ref[ref("survey_text", items["answer"])]
    assert named.month == datetime.date(2026, 11, 1)
    assert named.source_label == "Survey free text"
    assert named.activity == items["session"]
    assert named.project.title == "Memory clinic redesign"
    notes = by_ref[ref("activity_notes", items["session"])]
    assert notes.project.title == "Memory clinic redesign"
    assert [label for label, _ in notes.passages] == [
        "What's missing?",
        "Whose voices are still unheard?",
    ]


def test_an_anonymous_answer_shows_no_activity_or_project(staff_client, themes, items):
    response = inbox(staff_client)
    item = next(i for i in response.context["items"] if i.source_id == str(items["anonymous"].pk))
    assert item.activity is None and item.project is None
    row = response.content.decode().split(f'id="{item.anchor}"')[1].split("</tr>")[0]
    assert "Activity:" not in row and "Project:" not in row


# --- filters ---------------------------------------------------------------------------------


def test_filtering_by_activity_keeps_its_notes_and_the_answers_about_it(
    staff_client, themes, items
):
    response = inbox(staff_client, activity=items["session"].pk)
    assert listed(response) == [
        ref("activity_notes", items["session"]),
        ref("survey_text", items["answer"]),
    ]


def test_activities_to_filter_by_are_those_held_or_answered_about_in_the_period(
    staff_client, themes, items
):
    earlier = ActivityFactory(title="Summer session", starts_at=at(2026, 9, 20))
    ActivityFactory(title="Spring session", starts_at=at(2026, 5, 20))
    ExperienceResponse.objects.create(activity=earlier, month="2026-10-01", free_text="Late.")
    ExperienceResponse.objects.create(activity=earlier, month="2026-10-01", free_text="")
    offered = inbox(staff_client).context["form"].fields["activity"].queryset
    assert [a.title for a in offered] == ["Memory clinic workshop", "Summer session"]
    # Searching the picker offers only those too, and the endpoint the same for the period.
    page = inbox(staff_client, activity__q="session", activity__search="1").text
    assert "Summer session (20 September 2026)" in page and "Spring session" not in page
    found = staff_client.get(
        reverse("community:picker-search", args=["insight-activities"]),
        {"period": PERIOD, "q": "session"},
    ).json()
    assert [r["label"] for r in found["results"]] == ["Summer session (20 September 2026)"]
    response = inbox(staff_client, activity=earlier.pk)
    assert [i.text for i in response.context["items"]] == ["Late."]
    assert inbox(staff_client, activity=ActivityFactory(starts_at=at(2026, 5, 1)).pk).context[
        "form"
    ].errors == {"activity": ["Choose from the list"]}


def test_filtering_by_project_leaves_out_other_projects(staff_client, themes, items):
    other = ActivityFactory(
        project=ProjectFactory(), starts_at=at(2026, 11, 20), notes="Other project."
    )
    response = inbox(staff_client, project=items["session"].project.pk)
    assert listed(response) == [
        ref("activity_notes", items["session"]),
        ref("survey_text", items["answer"]),
    ]
    assert listed(inbox(staff_client, project=other.project.pk)) == [ref("activity_notes", other)]


def test_filtering_by_theme_and_by_not_yet_tagged(staff_client, themes, items):
    InsightTag.objects.create(
        theme=themes["waiting"],
        source="survey_text",
        source_id=str(items["answer"].pk),
        month="2026-11-01",
    )
    tagged = inbox(staff_client, theme=themes["waiting"].pk)
    assert listed(tagged) == [ref("survey_text", items["answer"])]
    assert listed(inbox(staff_client, theme=themes["access"].pk)) == []
    untagged = inbox(staff_client, untagged="on")
    assert ref("survey_text", items["answer"]) not in listed(untagged)
    assert len(listed(untagged)) == 3


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"activity": "999999"}, "Choose from the list"),
        ({"period": "last-year"}, "Choose from the list"),
        ({"theme": "1", "untagged": "on"}, "Choose a theme or items not yet tagged"),
    ],
)
def test_wrong_filters_are_explained_and_list_nothing(staff_client, themes, items, params, message):
    if "theme" in params:
        params = {**params, "theme": themes["access"].pk}
    response = staff_client.get(INBOX, {"period": PERIOD, **params})
    assert response.status_code == 200
    assert response.context["page_obj"] is None
    page = response.content.decode()
    assert message in page and "nhsuk-error-summary" in page
    assert "<title>Error:" in page


# --- tagging in place ------------------------------------------------------------------------


def test_staff_tag_a_free_text_answer_from_the_inbox(
    staff_client, staff_member_with_mfa, themes, items
):
    answer = items["answer"]
    back = f"period={PERIOD}&project={answer.activity.project_id}&page=1"
    response = change(staff_client, "add", "survey_text", answer, themes["carers"], back=back)
    assert response.status_code == 302
    assert response["Location"] == f"{INBOX}?{back}#item-survey_text-{answer.pk}"
    tag = InsightTag.objects.get()
    assert (tag.theme, tag.source, tag.source_id) == (
        themes["carers"],
        "survey_text",
        str(answer.pk),
    )
    assert tag.month == datetime.date(2026, 11, 1)
    assert tag.tagged_by == staff_member_with_mfa
    page = staff_client.get(response["Location"])
    assert "Survey answer from November 2026: tagged with Carers and families" in (
        page.content.decode()
    )
    item = next(i for i in page.context["items"] if i.source_id == str(answer.pk))
    assert [t.name for t in item.themes] == ["Carers and families"]
    assert themes["carers"] not in item.addable


def test_each_item_has_its_own_small_form_that_works_without_javascript(
    staff_client, themes, items
):
    page = inbox(staff_client).content.decode()
    anchor = f"item-survey_text-{items['answer'].pk}"
    assert f'id="{anchor}"' in page
    assert f'<label class="nhsuk-label nhsuk-body-s" for="theme-{anchor}">' in page
    assert f'<select class="nhsuk-select" id="theme-{anchor}" name="theme">' in page
    assert page.count('name="csrfmiddlewaretoken"') >= 4
    assert 'value="add">Add' in page


def test_the_inbox_uses_the_nhsuk_layout_with_and_without_an_error(staff_client, themes, items):
    change(staff_client, "add", "survey_text", items["answer"], themes["carers"])
    for response in (
        inbox(staff_client),
        change(staff_client, "add", "survey_text", items["answer"], "999999"),
    ):
        html = response.content.decode()
        assert_nhsuk_layout(html)
        assert_csp_safe(html)


def test_going_back_keeps_only_the_inbox_filters(staff_client, themes, items):
    back = f"period={PERIOD}&page=2&next=https://example.com/&theme=x"
    response = change(staff_client, "add", "journal", items["entry"], themes["access"], back=back)
    assert response["Location"] == (
        f"{INBOX}?period={PERIOD}&theme=x&page=2#item-journal-{items['entry'].pk}"
    )


def test_tagging_notes_and_a_journal_entry_counts_in_their_months(staff_client, themes, items):
    change(staff_client, "add", "activity_notes", items["session"], themes["waiting"])
    change(staff_client, "add", "journal", items["entry"], themes["access"])
    months = dict(InsightTag.objects.values_list("source", "month"))
    assert months == {
        "activity_notes": datetime.date(2026, 11, 1),
        "journal": datetime.date(2026, 12, 1),
    }


def test_tagging_twice_keeps_one_tag(staff_client, themes, items):
    change(staff_client, "add", "survey_text", items["answer"], themes["access"])
    response = change(staff_client, "add", "survey_text", items["answer"], themes["access"])
    assert response.status_code == 302
    assert InsightTag.objects.count() == 1
    page = staff_client.get(response["Location"]).content.decode()
    assert "already tagged with Access to services" in page


def test_staff_remove_a_tag_from_the_inbox(staff_client, themes, items):
    change(staff_client, "add", "survey_text", items["answer"], themes["access"])
    change(staff_client, "add", "survey_text", items["answer"], themes["waiting"])
    response = change(staff_client, "remove", "survey_text", items["answer"], themes["access"])
    assert response.status_code == 302
    assert list(InsightTag.objects.values_list("theme__name", flat=True)) == ["Waiting times"]
    page = staff_client.get(response["Location"]).content.decode()
    assert "Access to services removed" in page


@pytest.mark.parametrize(
    ("source", "source_id", "theme", "message"),
    [
        ("survey_text", "answer", "999999", "The theme chosen could not be found"),
        ("survey_text", "answer", "", "Choose a theme"),
        (
            "survey_text",
            "00000000-0000-4000-8000-000000000000",
            "access",
            "The item of insight could not be found",
        ),
        ("survey_text", "not-a-uuid", "access", "The item of insight could not be found"),
        ("journal", "private", "access", "The item of insight could not be found"),
        ("anonymous_journal", "", "access", "The item of insight could not be found"),
        ("activity_notes", "999999", "access", "The item of insight could not be found"),
        # Digits Python's isdigit() accepts but int() does not, and numbers too big for a row.
        ("journal", "\u00b2", "access", "The item of insight could not be found"),
        ("activity_notes", "\u00b2", "access", "The item of insight could not be found"),
        ("journal", "9" * 40, "access", "The item of insight could not be found"),
        ("activity_notes", "9" * 40, "access", "The item of insight could not be found"),
    ],
)
def test_a_bad_change_is_explained_and_writes_nothing(
    staff_client, cocreator, themes, items, source, source_id, theme, message
):
    if source_id == "answer":
        source_id = str(items["answer"].pk)
    elif source_id == "private":
        source_id = str(
            JournalEntry.objects.create(
                author=cocreator, body="Secret.", sharing=JournalSharing.PRIVATE
            ).pk
        )
    theme = themes[theme].pk if theme in themes else theme
    response = change(staff_client, "add", source, source_id, theme)
    assert response.status_code == 200
    page = response.content.decode()
    assert "nhsuk-error-summary" in page and message in page
    assert "<title>Error:" in page
    assert "Secret." not in page
    assert not InsightTag.objects.exists()
    # The same page is shown, its items still there to tag.
    assert len(response.context["items"]) == 4


def test_an_unknown_theme_on_a_known_item_links_to_its_theme_list(staff_client, themes, items):
    response = change(staff_client, "add", "survey_text", items["answer"], "999999")
    assert f'href="#theme-item-survey_text-{items["answer"].pk}"' in response.content.decode()


def test_an_unknown_action_writes_nothing(staff_client, themes, items):
    response = change(staff_client, "delete-all", "survey_text", items["answer"], themes["access"])
    assert response.status_code == 200
    assert "Choose whether to add, remove, accept or reject the theme" in (
        response.content.decode()
    )
    assert not InsightTag.objects.exists()
    assert not InsightSuggestionRejection.objects.exists()


# --- suggestions -----------------------------------------------------------------------------


SOURCES = {
    ExperienceResponse: "survey_text",
    JournalEntry: "journal",
    Activity: "activity_notes",
}


def _item(response, row):
    return next(
        i
        for i in response.context["items"]
        if (i.source, i.source_id) == ref(SOURCES[type(row)], row)
    )


def test_untagged_items_get_themes_whose_keywords_they_use(staff_client, themes, items):
    response = inbox(staff_client)
    names = {key: [t.name for t in _item(response, row).suggestions] for key, row in items.items()}
    assert names == {
        "answer": ["Access to services", "Waiting times"],  # "referral", "waited"
        "anonymous": [],
        "entry": ["Access to services"],  # "GP"
        "session": ["Waiting times"],  # "waiting list"
    }
    assert not InsightTag.objects.exists()  # suggestions are never tags


def test_a_tagged_item_gets_no_suggestions(staff_client, themes, items):
    change(staff_client, "add", "survey_text", items["answer"], themes["carers"])
    assert _item(inbox(staff_client), items["answer"]).suggestions == []


def test_accepting_a_suggestion_tags_the_item(staff_client, themes, items):
    response = change(staff_client, "accept", "survey_text", items["answer"], themes["waiting"])
    assert response.status_code == 302
    assert InsightTag.objects.get().theme == themes["waiting"]
    page = staff_client.get(response["Location"]).content.decode()
    assert "suggestion accepted, tagged with Waiting times" in page


def test_a_rejected_suggestion_does_not_come_back_for_that_item(
    staff_client, staff_member_with_mfa, themes, items
):
    response = change(staff_client, "reject", "journal", items["entry"], themes["access"])
    assert response.status_code == 302
    rejection = InsightSuggestionRejection.objects.get()
    assert rejection.rejected_by == staff_member_with_mfa
    assert (rejection.source, rejection.source_id) == ("journal", str(items["entry"].pk))
    assert not InsightTag.objects.exists()
    page = inbox(staff_client)
    assert _item(page, items["entry"]).suggestions == []
    # The same keyword still suggests the theme for other items.
    assert themes["access"] in _item(page, items["answer"]).suggestions
    change(staff_client, "reject", "journal", items["entry"], themes["access"])
    assert InsightSuggestionRejection.objects.count() == 1


# --- queries ---------------------------------------------------------------------------------


def _more_items(n, themes):
    project = ProjectFactory()
    for k in range(n):
        activity = ActivityFactory(
            project=project, starts_at=at(2026, 10, 1 + k % 28, 10), notes=f"We wait {k}."
        )
        answer = ExperienceResponse.objects.create(
            activity=activity, month="2026-10-01", free_text=f"A referral {k}."
        )
        if k % 2:
            InsightTag.objects.create(
                theme=themes["carers"],
                source="survey_text",
                source_id=str(answer.pk),
                month="2026-10-01",
            )
        else:
            InsightSuggestionRejection.objects.create(
                theme=themes["access"], source="survey_text", source_id=str(answer.pk)
            )


@pytest.mark.parametrize("params", [{}, {"untagged": "on"}, {"theme": "carers"}])
def test_the_inbox_takes_the_same_number_of_queries_for_3_or_30_items(
    staff_client, themes, items, django_assert_max_num_queries, params
):
    InsightTag.objects.create(
        theme=themes["carers"],
        source="survey_text",
        source_id=str(items["answer"].pk),
        month="2026-11-01",
    )
    if "theme" in params:
        params = {"theme": themes["carers"].pk}  # the theme half the new answers have
    inbox(staff_client, **params)
    with django_assert_max_num_queries(25) as few:
        inbox(staff_client, **params)
    _more_items(15, themes)  # 30 more items: 15 activities' notes, 15 answers
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = inbox(staff_client, **params)
    shown = len(response.context["items"])
    assert shown == {"": 34, "untagged": 26, "theme": 8}[next(iter(params), "")]


def test_the_inbox_is_in_the_staff_menu_only():
    assert "Insight inbox" in [i["label"] for i in nav_for_roles({Role.STAFF}, "/")]
    for role in (Role.COCREATOR, Role.STEERING):
        assert "Insight inbox" not in [i["label"] for i in nav_for_roles({role}, "/")]
