"""Written answers, ideas and posts go to the insight inbox, and staff tag them with themes there
as they tag any other insight; the tags count in the triangulation."""

import datetime

import pytest
from django.urls import reverse

from cocreation.lib.periods import parse_slug
from consultations.models import (
    Answer,
    ContributionKind,
    Moderation,
    QuestionKind,
)
from impact.models import InsightSuggestionRejection, InsightTag, SourceThemeCount, Theme
from impact.selectors import triangulation_for
from impact.selectors_insight import insight_activity_choices
from tests.activities.conftest import at
from tests.activities.factories import ProjectFactory
from tests.community.factories import CoCreatorFactory
from tests.conftest import client_for
from tests.consultations.factories import (
    ConsultationFactory,
    ContributionFactory,
    QuestionFactory,
    ResponseFactory,
)
from tests.impact.insight.conftest import PERIOD

INBOX = reverse("impact:insight-inbox")
ANSWER, POST = "consultation_answer", "consultation_post"


@pytest.fixture
def themes(db):
    """Three themes of our own (as the inbox's own tests have), whatever the migration loaded."""
    for model in (InsightTag, InsightSuggestionRejection, SourceThemeCount, Theme):
        model.objects.all().delete()
    return {
        "access": Theme.objects.create(name="Access to services", keywords="referral, GP"),
        "waiting": Theme.objects.create(name="Waiting times", keywords="waiting list, wait"),
        "carers": Theme.objects.create(name="Carers and families"),
    }


@pytest.fixture
def consultation(db):
    """A consultation in a project that opened before the period (Q3: October to December)."""
    return ConsultationFactory(
        title="Crisis line hours",
        project=ProjectFactory(title="Crisis care"),
        opens_at=at(2026, 9, 20),
        closes_at=at(2027, 1, 20),
    )


def _answer(consultation, text, when=None, kind=QuestionKind.TEXT, question="What would help?"):
    response = ResponseFactory(consultation=consultation, submitted_at=when or at(2026, 11, 5))
    asked = QuestionFactory(consultation=consultation, kind=kind, text=question)
    return Answer.objects.create(response=response, question=asked, text=text)


@pytest.fixture
def written(consultation):
    return _answer(consultation, "Answer the phone after 10pm, please.")


@pytest.fixture
def idea(consultation):
    return ContributionFactory(
        consultation=consultation,
        title="Text us back",
        body="A text when the line is busy.",
        created_at=at(2026, 12, 2),
    )


def _inbox(client, **params):
    return client.get(INBOX, {"period": PERIOD, **params})


def _listed(response):
    return [(i.source, i.source_id) for i in response.context["items"]]


def _change(client, action, source, source_id, theme):
    return client.post(
        INBOX,
        {
            "action": action,
            "source": source,
            "source_id": str(source_id),
            "theme": getattr(theme, "pk", theme),
            "back": f"period={PERIOD}",
        },
    )


def test_written_answers_and_ideas_are_in_the_inbox_with_their_question_and_consultation(
    staff_client, themes, consultation, written, idea
):
    response = _inbox(staff_client)
    assert response.status_code == 200
    assert _listed(response) == [(POST, str(idea.pk)), (ANSWER, str(written.pk))]
    by_source = {i.source: i for i in response.context["items"]}
    answer = by_source[ANSWER]
    assert answer.title == "Have your say: Crisis line hours"
    assert answer.passages == [("What would help?", "Answer the phone after 10pm, please.")]
    assert answer.month == datetime.date(2026, 11, 1)
    assert answer.activity == consultation.activity
    assert answer.project.title == "Crisis care"
    assert answer.source_label == "Have your say: written answer"
    post = by_source[POST]
    assert post.passages == [("Idea: Text us back", "A text when the line is busy.")]
    assert post.month == datetime.date(2026, 12, 1)
    page = response.content.decode()
    assert "Answer the phone after 10pm, please." in page
    assert "Have your say: idea or post" in page


def test_posts_of_every_moderation_are_listed_but_not_the_teams_or_removed_ones(
    staff_client, staff_member, themes, consultation
):
    shown = ContributionFactory(consultation=consultation, created_at=at(2026, 11, 1))
    hidden = ContributionFactory(
        consultation=consultation,
        kind=ContributionKind.POST,
        title="",
        moderation=Moderation.HIDDEN,
        created_at=at(2026, 11, 2),
    )
    waiting = ContributionFactory(
        consultation=consultation,
        kind=ContributionKind.POST,
        reply_to=hidden,
        moderation=Moderation.WAITING,
        created_at=at(2026, 11, 3),
    )
    ContributionFactory(
        consultation=consultation,
        kind=ContributionKind.POST,
        author=None,
        staff_author=staff_member,
        as_team=True,
        created_at=at(2026, 11, 4),
    )
    ContributionFactory(consultation=consultation, removed_at=at(2026, 11, 6), body="Gone.")
    ContributionFactory(consultation=consultation, created_at=at(2026, 8, 1))  # last quarter
    labels = {i.source_id: i.passages[0][0] for i in _inbox(staff_client).context["items"]}
    assert labels == {
        str(shown.pk): "Idea: Text us back",
        str(hidden.pk): "Discussion post",
        str(waiting.pk): "Reply in the discussion",
    }


def test_answers_with_nothing_written_and_other_periods_are_left_out(
    staff_client, themes, consultation, written
):
    _answer(consultation, "", question="Anything else?")
    _answer(consultation, "", kind=QuestionKind.CHOICE)
    _answer(consultation, "Said in the summer.", when=at(2026, 8, 10))
    assert _listed(_inbox(staff_client)) == [(ANSWER, str(written.pk))]
    earlier = _inbox(staff_client, period="2026-q2")
    assert [i.text for i in earlier.context["items"]] == ["Said in the summer."]


def test_filtering_by_the_consultations_activity_or_project_keeps_them(
    staff_client, themes, consultation, written, idea
):
    # Opened before the period, it is offered as a filter because people wrote in it.
    assert consultation.activity in insight_activity_choices(parse_slug(PERIOD))
    both = {(ANSWER, str(written.pk)), (POST, str(idea.pk))}
    assert set(_listed(_inbox(staff_client, activity=consultation.activity.pk))) == both
    assert set(_listed(_inbox(staff_client, project=consultation.project.pk))) == both
    other = ProjectFactory()
    assert _listed(_inbox(staff_client, project=other.pk)) == []


def test_tagging_an_answer_in_the_inbox_counts_in_its_month_and_moves_the_triangulation(
    staff_client, staff_member_with_mfa, themes, written
):
    period = parse_slug(PERIOD)
    SourceThemeCount.objects.create(
        source="complaints", theme=themes["waiting"], month="2026-11-01", count=6
    )

    def insight_count():
        return next(
            r for r in triangulation_for(period) if r.name == "Waiting times"
        ).counts.insight

    assert insight_count() == 0
    response = _change(staff_client, "add", ANSWER, written.pk, themes["waiting"])
    assert response.status_code == 302
    assert response["Location"].endswith(f"#item-{ANSWER}-{written.pk}")
    tag = InsightTag.objects.get()
    assert (tag.source, tag.source_id, tag.month) == (
        ANSWER,
        str(written.pk),
        datetime.date(2026, 11, 1),
    )
    assert tag.tagged_by == staff_member_with_mfa
    assert insight_count() == 1
    page = staff_client.get(response["Location"])
    assert "Have your say: Crisis line hours: tagged with Waiting times" in page.content.decode()
    # The theme filter and "not yet tagged" read consultations' tags too.
    assert _listed(_inbox(staff_client, theme=themes["waiting"].pk)) == [(ANSWER, str(written.pk))]
    assert _listed(_inbox(staff_client, untagged="on")) == []
    _change(staff_client, "remove", ANSWER, written.pk, themes["waiting"])
    assert insight_count() == 0


def test_an_idea_is_tagged_on_the_theme_tagging_page_too(staff_client, themes, idea):
    url = reverse("impact:tag-item", args=[POST, idea.pk])
    page = staff_client.get(url)
    assert page.status_code == 200
    assert "A text when the line is busy." in page.content.decode()
    response = staff_client.post(url, {"themes": [themes["carers"].pk]})
    assert response.status_code == 302
    tag = InsightTag.objects.get()
    assert (tag.source, tag.source_id, tag.month) == (
        POST,
        str(idea.pk),
        datetime.date(2026, 12, 1),
    )
    # Only as the inbox names it, so the tags are found again ("07" is not "7").
    assert staff_client.get(reverse("impact:tag-item", args=[POST, f"0{idea.pk}"])).status_code == (
        404
    )


def test_a_team_post_or_unknown_item_cannot_be_tagged(staff_client, staff_member, themes):
    team = ContributionFactory(author=None, staff_author=staff_member, as_team=True)
    bogus = (999999, "x", "1.5", "-3", "²", "9" * 19, "9" * 40)
    for source, source_id in [(POST, team.pk)] + [(s, b) for s in (ANSWER, POST) for b in bogus]:
        response = _change(staff_client, "add", source, source_id, themes["carers"])
        assert response.status_code == 200
        assert "could not be found" in response.content.decode()
        tag_page = reverse("impact:tag-item", args=[source, source_id])
        assert staff_client.get(tag_page).status_code == 404
    assert not InsightTag.objects.exists()


def test_suggestions_for_an_answer_can_be_accepted_or_rejected(staff_client, themes, consultation):
    first = _answer(consultation, "The waiting list is too long.", when=at(2026, 11, 5))
    second = _answer(consultation, "I had to wait weeks.", when=at(2026, 11, 6))

    def suggested(answer):
        items = {i.source_id: i for i in _inbox(staff_client).context["items"]}
        return [t.name for t in items[str(answer.pk)].suggestions]

    assert suggested(first) == suggested(second) == ["Waiting times"]
    assert _change(staff_client, "reject", ANSWER, first.pk, themes["waiting"]).status_code == 302
    rejection = InsightSuggestionRejection.objects.get()
    assert (rejection.source, rejection.source_id) == (ANSWER, str(first.pk))
    assert suggested(first) == []
    assert _change(staff_client, "accept", ANSWER, second.pk, themes["waiting"]).status_code == 302
    assert InsightTag.objects.get().source_id == str(second.pk)
    assert suggested(second) == []


def test_people_other_than_staff_cannot_tag_consultation_insight(
    anonymous, cocreator, steering_member, partner_member, themes, written
):
    url = reverse("impact:tag-item", args=[ANSWER, written.pk])
    assert anonymous.post(url, {"themes": [themes["carers"].pk]}).status_code == 302
    for user in (cocreator, steering_member, partner_member):
        client = client_for(user)
        assert client.post(url, {"themes": [themes["carers"].pk]}).status_code == 403
        assert _change(client, "add", ANSWER, written.pk, themes["carers"]).status_code == 403
    assert not InsightTag.objects.exists()


def test_the_inbox_takes_the_same_queries_for_2_or_20_consultation_items(
    staff_client, themes, consultation, django_assert_max_num_queries
):
    def add(n):
        for k in range(n):
            other = ConsultationFactory(project=ProjectFactory(), opens_at=at(2026, 10, 1))
            _answer(other, f"Answer {k} about the waiting list.", when=at(2026, 10, 2 + k))
            ContributionFactory(consultation=other, created_at=at(2026, 10, 2 + k))

    add(1)
    _inbox(staff_client)
    with django_assert_max_num_queries(30) as few:
        assert len(_inbox(staff_client).context["items"]) == 2
    add(9)
    CoCreatorFactory()
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(_inbox(staff_client).context["items"]) == 20
