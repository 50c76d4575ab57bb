"""When a co-creator leaves, a consultation's figures stay exactly as they were and none of their
words remain: answers' text, ideas, posts, the reason they reported a post, their display name
and their personal link all go. Other people's words stay."""

import pytest
from django.urls import reverse

from activities.models import Attendance
from community.erasure import KEEP, erasure_policies
from community.services import cocreator_erase, cocreator_for_user_ensure
from consultations.discussion.selectors import moderation_queue
from consultations.discussion.services import contribution_add, contribution_report
from consultations.erasure import REPORTER_LEFT
from consultations.models import (
    Answer,
    Contribution,
    ContributionKind,
    ContributionReport,
    CrisisWord,
    DiscussionName,
    LinkInvitation,
    Moderation,
    Response,
    Support,
)
from tests.community.test_erasure import _text_in_database
from tests.conftest import client_for
from tests.consultations.integration_factories import took_part_in_every_way

pytestmark = pytest.mark.django_db


def _figures(consultation):
    answers = Answer.objects.filter(response__consultation=consultation)
    return {
        "responses": Response.objects.filter(consultation=consultation).count(),
        "answers": answers.count(),
        "choices": sorted(str(a.choices) for a in answers if a.choices),
        "scales": sorted(a.scale for a in answers if a.scale),
        "ideas": Contribution.objects.filter(consultation=consultation, kind="idea").count(),
        "posts": Contribution.objects.filter(consultation=consultation, kind="post").count(),
        "supports": Support.objects.filter(idea__consultation=consultation).count(),
        "reports": ContributionReport.objects.filter(
            contribution__consultation=consultation
        ).count(),
        "took_part": Attendance.objects.filter(activity=consultation.activity).count(),
    }


def test_after_a_co_creator_leaves_the_counts_stay_and_none_of_their_words_remain(
    cocreator, other_cocreator, staff_member
):
    person = cocreator_for_user_ensure(user=cocreator)
    took = took_part_in_every_way(person, staff_member=staff_member, words="Zyxwv")
    # A post waiting for a check with crisis words, and a report about their idea: both in the
    # moderation queue until they leave.
    took.consultation.premoderate = True
    took.consultation.save(update_fields=["premoderate"])
    CrisisWord.objects.get_or_create(phrase="want to die")
    waiting = contribution_add(
        consultation=took.consultation,
        kind=ContributionKind.POST,
        body="Zyxwv-waiting: some days I want to die",
        author=person,
    )
    assert waiting.moderation == Moderation.WAITING and waiting.crisis_words
    contribution_report(contribution=took.idea, user=staff_member, reason="Check this one")
    queue = {item["contribution"].pk for item in moderation_queue()["items"]}
    assert {waiting.pk, took.idea.pk} <= queue
    before, _, _ = _text_in_database(["zyxwv"])
    assert len(before) >= 6  # answer, name, idea title and body, post, report reason
    figures = _figures(took.consultation)

    cocreator_erase(cocreator=person, actor=None)

    assert _figures(took.consultation) == figures
    found, _, _ = _text_in_database(["zyxwv"])
    assert found == []

    # Their ideas and posts stay as rows (supports and replies are other people's), marked.
    for item in (took.idea, took.post):
        item.refresh_from_db()
        assert item.removed_at is not None
        assert item.title == "" and item.body == ""
    took.idea.refresh_from_db()
    assert took.idea.supports.count() == 1
    # Nothing of theirs is left for staff to check.
    queue = {item["contribution"].pk for item in moderation_queue()["items"]}
    assert waiting.pk not in queue and took.idea.pk not in queue
    waiting.refresh_from_db()
    assert waiting.moderation == Moderation.HIDDEN and waiting.crisis_words == ""
    # The report they made stays for staff, saying why its reason is gone.
    report = ContributionReport.objects.get(contribution=took.others_post)
    assert report.reported_by_id is None and report.reason == REPORTER_LEFT
    assert not LinkInvitation.objects.filter(cocreator=person).exists()
    assert not DiscussionName.objects.filter(cocreator=person).exists()

    # Everyone else's words are untouched.
    other_text = Answer.objects.filter(response__cocreator=took.other).exclude(text="")
    assert other_text.get().text == "Robin-words: mornings are hard"
    took.others_idea.refresh_from_db()
    assert took.others_idea.title == "Robin-idea: a callback"
    assert took.others_idea.removed_at is None
    assert DiscussionName.objects.filter(cocreator=took.other).exists()

    # Another co-creator sees the post was removed, and why, with the rest of the discussion.
    cocreator_for_user_ensure(user=other_cocreator)
    page = client_for(other_cocreator).get(
        reverse("consultations:detail", args=[took.consultation.pk])
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert "removed when its writer left" in html
    assert "Robin-post: I agree with the callback" in html


def test_every_consultations_link_to_a_person_has_a_reasoned_policy():
    policies = {
        (label, name): erasure
        for (label, name), erasure in erasure_policies().items()
        if label.startswith("consultations.")
    }
    assert policies[("consultations.Response", "cocreator")].action == KEEP
    assert policies[("consultations.Contribution", "author")].action == KEEP
    answers = policies[("consultations.Answer", "response")]
    assert answers.action == KEEP and answers.keep_text == ("choices",)
    for erasure in policies.values():
        assert len(erasure.why) > 30
