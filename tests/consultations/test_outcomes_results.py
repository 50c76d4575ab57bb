"""A consultation's results: exact counts for staff, in a fixed number of queries, and the same
counts through the small-number rule for anyone else; the "You said" draft in public words."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cocreation.lib.disclosure import EXACT, EXACT_NOTICE, STEERING
from consultations.models import ContributionKind, Moderation, ResponseChannel, Support
from consultations.outcomes.selectors import results_for, results_shown, you_said_draft
from tests.community.factories import CoCreatorFactory
from tests.consultations.factories import ContributionFactory
from tests.consultations.outcomes_factories import answer, answered_consultation

pytestmark = pytest.mark.django_db


def _question(results, kind):
    return next(q for q in results["questions"] if q["kind"] == kind)


def test_results_count_each_question_of_the_people_who_answered_it():
    consultation, questions = answered_consultation(people=3, public=1)
    answer(
        consultation,
        questions,
        choice="",
        choices=(),
        scale=None,
        text="I was helped",
        channel=ResponseChannel.ASSISTED,
    )
    results = results_for(consultation)

    assert results["people"] == {"took_part": 5, "cocreators": 3, "nameless": 2}
    assert results["responses"]["total"] == 5
    assert results["responses"]["assisted"] == 1

    choice = _question(results, "choice")
    assert choice["answered"] == 4  # the assisted answer chose nothing
    counts = {o["label"]: o["count"] for o in choice["options"]}
    assert counts == {"Mornings": 1, "Afternoons": 0, "Evenings": 3, "Overnight": 0}

    scale = _question(results, "scale")
    assert scale["answered"] == 4
    assert [s["count"] for s in scale["scale"]] == [0, 0, 0, 4, 0]
    assert scale["mean"] == "4.0"

    text = _question(results, "text")
    assert text["answered"] == 4  # three co-creators' and the assisted one; the public left it
    assisted = [t for t in text["texts"] if t["assisted"]]
    assert [t["text"] for t in assisted] == ["I was helped"]


def test_shares_are_of_those_who_answered_and_exact_for_staff():
    consultation, _ = answered_consultation(people=3)
    shown = results_shown(results_for(consultation), EXACT)
    choice = next(q for q in shown["questions"] if q["kind"] == "choice")
    evenings = next(o for o in choice["options"] if o["label"] == "Evenings")
    assert (evenings["count"], evenings["share"]) == ("2", "66.7%")


def test_anyone_else_sees_small_numbers_hidden_and_no_written_answers():
    consultation, _ = answered_consultation(people=3)
    shown = results_shown(results_for(consultation), STEERING)
    assert shown["people"]["took_part"] == "*"
    choice = next(q for q in shown["questions"] if q["kind"] == "choice")
    assert {o["count"] for o in choice["options"]} <= {"*", "0"}
    scale = next(q for q in shown["questions"] if q["kind"] == "scale")
    assert scale["mean"] == ""  # a mean of fewer than 8 answers is not shown
    text = next(q for q in shown["questions"] if q["kind"] == "text")
    assert text["texts"] == [] and text["written"] == "*"


def test_ideas_are_ranked_by_support_and_posts_counted_by_state():
    consultation, _ = answered_consultation(people=1)
    quiet = ContributionFactory(consultation=consultation, title="Quiet")
    loud = ContributionFactory(consultation=consultation, title="Loud")
    ContributionFactory(consultation=consultation, title="Waiting", moderation=Moderation.WAITING)
    for _ in range(3):
        Support.objects.create(idea=loud, cocreator=CoCreatorFactory())
    Support.objects.create(idea=quiet, cocreator=CoCreatorFactory())
    ContributionFactory(consultation=consultation, kind=ContributionKind.POST)
    ContributionFactory(
        consultation=consultation, kind=ContributionKind.POST, moderation=Moderation.HIDDEN
    )
    results = results_for(consultation)
    assert [(i["title"], i["supporters"]) for i in results["ideas"]] == [("Loud", 3), ("Quiet", 1)]
    assert results["idea_counts"] == {"shown": 2, "waiting": 1, "hidden": 0}
    assert results["post_counts"] == {"shown": 1, "waiting": 0, "hidden": 1, "team": 0}


def _queries(consultation) -> int:
    with CaptureQueriesContext(connection) as captured:
        results_for(consultation)
    return len(captured)


def test_counting_costs_the_same_queries_for_2_and_20_answers():
    few, _ = answered_consultation(people=2)
    many, _ = answered_consultation(people=14, public=6)
    assert _queries(few) == _queries(many)


def test_the_staff_results_page_costs_the_same_for_2_and_20_answers(
    staff_client, django_assert_max_num_queries
):
    few, _ = answered_consultation(people=2)
    many, _ = answered_consultation(people=14, public=6)
    staff_client.get(reverse("consultations:staff-results", args=[few.pk]))  # warm the session
    with CaptureQueriesContext(connection) as captured:
        assert (
            staff_client.get(reverse("consultations:staff-results", args=[few.pk])).status_code
            == 200
        )
    with django_assert_max_num_queries(len(captured)):
        page = staff_client.get(reverse("consultations:staff-results", args=[many.pk]))
    assert page.status_code == 200


def test_the_results_page_is_marked_as_exact_staff_figures(staff_client):
    consultation, _ = answered_consultation(people=3)
    page = staff_client.get(reverse("consultations:staff-results", args=[consultation.pk]))
    text = page.content.decode()
    assert EXACT_NOTICE in text
    assert "Answer number 1" in text  # written answers listed for staff


def test_the_you_said_draft_puts_counts_in_words_fit_for_a_public_page():
    consultation, _ = answered_consultation(people=32)
    draft = you_said_draft(results_for(consultation))
    assert "About 30 people took part." in draft
    assert "Most (about 20 of 30) chose “Evenings”." in draft
    assert "the average answer was 4.0" in draft


def test_the_you_said_draft_hides_small_numbers():
    consultation, _ = answered_consultation(people=3)
    draft = you_said_draft(results_for(consultation))
    assert "Fewer than 8 people took part." in draft
    assert " 3 " not in draft and " 2 " not in draft
    assert "average" not in draft


def test_the_draft_never_says_which_way_fewer_than_8_people_went():
    consultation, _ = answered_consultation(people=5)
    draft = you_said_draft(results_for(consultation))
    assert "Evenings" not in draft and "Most" not in draft and "All of them" not in draft


def test_an_idea_whose_writer_left_says_so_and_is_not_named_in_the_draft(staff_client):
    consultation, _ = answered_consultation(people=1)
    gone = ContributionFactory(consultation=consultation, title="", body="")
    type(gone).objects.filter(pk=gone.pk).update(removed_at=gone.created_at)
    Support.objects.create(idea=gone, cocreator=CoCreatorFactory())
    results = results_for(consultation)
    assert results["ideas"][0]["body"] == "Removed when its writer left"
    assert "most support" not in you_said_draft(results)
    page = staff_client.get(reverse("consultations:staff-results", args=[consultation.pk]))
    assert "Removed when its writer left" in page.content.decode()
