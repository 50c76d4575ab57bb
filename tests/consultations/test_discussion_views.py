"""The idea board and discussion pages: a post waits for a check and is approved, crisis words
show support at once and flag staff once, who sees what, who is refused, reports, the name people
show, staff posting as the team, the crisis words page, and flat query counts."""

import pytest
from django.urls import reverse

from community.models import CoCreator, Message
from community.services import cocreator_for_user_ensure
from consultations.models import (
    Audience,
    Contribution,
    ContributionKind,
    ContributionReport,
    CrisisWord,
    DiscussionName,
    Moderation,
    Support,
)
from reporting.groups.models import SavedGroup
from tests.community.factories import CoCreatorFactory
from tests.conftest import client_for

from .discussion_factories import person_with_name, seed_crisis_words
from .factories import ConsultationFactory, ContributionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _crisis_words(db):
    seed_crisis_words()


FULL_NAME = "Casey Cocreator"


def url(name, *args):
    return reverse(f"consultations:{name}", args=args)


def page(consultation):
    return url("discussion", consultation.pk)


@pytest.fixture
def me(cocreator):
    return person_with_name(cocreator, "Casey C.")


@pytest.fixture
def other(other_cocreator):
    return person_with_name(other_cocreator, "Olu O.")


@pytest.fixture
def other_client(other_cocreator):
    return client_for(other_cocreator)


@pytest.fixture
def consultation(staff_member):
    return ConsultationFactory(owner=staff_member)


# --- The whole flow -------------------------------------------------------------------------------


def test_a_post_waits_for_a_check_and_is_approved(
    consultation, me, other, cocreator_client, other_client, staff_client
):
    response = cocreator_client.post(url("post-add", consultation.pk), {"body": "Evenings please"})
    assert response.status_code == 302
    post = Contribution.objects.get(kind=ContributionKind.POST)
    assert post.moderation == Moderation.WAITING and post.author == me
    mine = cocreator_client.get(page(consultation)).content.decode()
    assert "Evenings please" in mine and "Waiting for a check" in mine
    assert "Evenings please" not in other_client.get(page(consultation)).content.decode()
    # Another co-creator cannot report or reach it either.
    assert other_client.get(url("contribution-report", consultation.pk, post.pk)).status_code == 404
    queue = staff_client.get(url("staff-moderation")).content.decode()
    assert "Evenings please" in queue
    response = staff_client.post(
        url("staff-moderate", consultation.pk, post.pk), {"action": "approve"}
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.moderation == Moderation.SHOWN
    seen = other_client.get(page(consultation)).content.decode()
    assert "Evenings please" in seen and "Casey C." in seen
    assert FULL_NAME not in seen
    assert "Evenings please" not in staff_client.get(url("staff-moderation")).content.decode()


def test_a_crisis_post_shows_support_at_once_and_flags_staff_once(
    consultation, me, cocreator_client, staff_client, staff_member
):
    consultation.premoderate = False
    consultation.save()
    response = cocreator_client.post(
        url("post-add", consultation.pk), {"body": "I don't want to be here any more"}
    )
    post = Contribution.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("contribution-sent", consultation.pk, post.pk)
    sent = cocreator_client.get(response["Location"]).content.decode()
    assert "NHS 111" in sent and "option 2" in sent and "116 123" in sent and "999" in sent
    assert "nhsuk-card--care--urgent" in sent
    assert post.moderation == Moderation.WAITING  # held even without pre-moderation
    assert post.crisis_words == "don't want to be here"
    messages = Message.objects.filter(key=f"consultation-crisis:{post.pk}")
    assert messages.count() == 1 and messages.get().user_id == staff_member.pk
    # The flag is at the top of the queue, tagged, ahead of older items.
    ContributionFactory(
        consultation=consultation,
        moderation=Moderation.WAITING,
        title="Older",
        body="Older one",
        created_at=post.created_at.replace(year=2020),
    )
    queue = staff_client.get(url("staff-moderation")).content.decode()
    assert "Crisis words" in queue
    assert queue.index("any more") < queue.index("Older one")
    staff_client.post(url("staff-moderate", consultation.pk, post.pk), {"action": "followed_up"})
    post.refresh_from_db()
    assert post.crisis_followed_up_by == staff_member
    # Approving it does not tell anyone again.
    staff_client.post(url("staff-moderate", consultation.pk, post.pk), {"action": "approve"})
    assert Message.objects.filter(key__startswith="consultation-crisis:").count() == 1


def test_crisis_words_sent_when_it_has_just_closed_still_show_support(me, cocreator_client):
    consultation = ConsultationFactory(ended=True)
    response = cocreator_client.post(
        url("post-add", consultation.pk), {"body": "I want to end my life"}
    )
    body = response.content.decode()
    assert response.status_code == 200 and "not open" in body
    assert "nhsuk-card--care--urgent" in body and "116 123" in body
    assert "may get in touch" not in body  # nothing was saved for the team to read
    assert not Contribution.objects.exists()
    plain = cocreator_client.post(url("post-add", consultation.pk), {"body": "Evenings"})
    assert "nhsuk-card--care--urgent" not in plain.content.decode()


def test_a_crisis_post_sent_twice_is_kept_once_and_flagged_once(consultation, me, cocreator_client):
    for _ in range(2):  # a double click
        response = cocreator_client.post(
            url("post-add", consultation.pk), {"body": "I want to end my life"}
        )
        post = Contribution.objects.get()
        assert response["Location"] == url("contribution-sent", consultation.pk, post.pk)
    assert Message.objects.filter(key__startswith="consultation-crisis:").count() == 1
    cocreator_client.post(url("post-add", consultation.pk), {"body": "Something else"})
    assert Contribution.objects.count() == 2


def test_the_crisis_page_is_only_for_the_writer(consultation, me, other, other_client):
    post = ContributionFactory(
        consultation=consultation, author=me, kind=ContributionKind.POST, crisis_words="suicide"
    )
    assert other_client.get(url("contribution-sent", consultation.pk, post.pk)).status_code == 404


def test_an_idea_is_added_and_supported(consultation, me, other, cocreator_client, other_client):
    consultation.premoderate = False
    consultation.save()
    response = cocreator_client.post(
        url("idea-add", consultation.pk), {"title": "Text us back", "body": "When busy"}
    )
    assert response.status_code == 302
    idea = Contribution.objects.get(kind=ContributionKind.IDEA)
    assert idea.moderation == Moderation.SHOWN
    # Not one's own idea.
    cocreator_client.post(url("idea-support", consultation.pk, idea.pk))
    assert not Support.objects.exists()
    other_client.post(url("idea-support", consultation.pk, idea.pk))
    assert Support.objects.filter(idea=idea, cocreator=other).count() == 1
    seen = other_client.get(page(consultation)).content.decode()
    assert "Fewer than 8 people support this" in seen and "Take back your support" in seen
    other_client.post(url("idea-support", consultation.pk, idea.pk))
    assert not Support.objects.exists()


def test_a_double_click_on_support_supports_once(consultation, other, other_client):
    idea = ContributionFactory(consultation=consultation)
    board = other_client.get(page(consultation)).content.decode()
    assert 'name="support" value="yes"' in board
    support = url("idea-support", consultation.pk, idea.pk)
    for _ in range(2):
        assert other_client.post(support, {"support": "yes"}).status_code == 302
    assert Support.objects.filter(idea=idea, cocreator=other).count() == 1
    assert 'name="support" value="no"' in other_client.get(page(consultation)).content.decode()
    for _ in range(2):
        other_client.post(support, {"support": "no"})
    assert not Support.objects.exists()


def test_support_is_refused_when_the_idea_board_is_off(consultation, other, other_client):
    idea = ContributionFactory(consultation=consultation)
    consultation.ideas_on = False
    consultation.save()
    response = other_client.post(url("idea-support", consultation.pk, idea.pk), {"support": "yes"})
    assert response.status_code == 404
    assert not Support.objects.exists()


def test_staff_see_exact_support_counts_marked_as_theirs(consultation, staff_client):
    idea = ContributionFactory(consultation=consultation)
    for _ in range(3):
        Support.objects.create(idea=idea, cocreator=CoCreatorFactory())
    seen = staff_client.get(page(consultation)).content.decode()
    assert "3 people support this" in seen and "for the involvement team only" in seen


def test_ideas_are_sorted_by_most_supported(consultation, cocreator_client, me):
    few = ContributionFactory(consultation=consultation, title="Few supports")
    many = ContributionFactory(consultation=consultation, title="Many supports")
    for _ in range(9):
        Support.objects.create(idea=many, cocreator=CoCreatorFactory())
    Support.objects.create(idea=few, cocreator=CoCreatorFactory())
    seen = cocreator_client.get(page(consultation)).content.decode()
    assert seen.index("Many supports") < seen.index("Few supports")
    assert "About 10 people support this" in seen


def test_errors_write_nothing(consultation, me, cocreator_client, staff_client):
    response = cocreator_client.post(url("idea-add", consultation.pk), {"title": "", "body": ""})
    assert response.status_code == 200
    body = response.content.decode()
    assert "nhsuk-error-summary" in body and "Enter a short title for your idea" in body
    response = cocreator_client.post(url("post-add", consultation.pk), {"body": " "})
    assert "Write your post" in response.content.decode()
    assert not Contribution.objects.exists()
    shown = ContributionFactory(consultation=consultation)
    response = cocreator_client.post(
        url("contribution-report", consultation.pk, shown.pk), {"reason": ""}
    )
    assert "Tell us what is wrong with it" in response.content.decode()
    response = staff_client.post(url("staff-hide", consultation.pk, shown.pk), {"reason": ""})
    assert "Say why it is hidden" in response.content.decode()
    response = staff_client.post(url("staff-crisis-words"), {"phrase": ""})
    assert "Enter a word or phrase" in response.content.decode()
    assert not ContributionReport.objects.exists()
    shown.refresh_from_db()
    assert shown.moderation == Moderation.SHOWN


# --- Who sees what --------------------------------------------------------------------------------


def test_another_cocreator_cannot_see_a_waiting_or_hidden_post(
    consultation, me, other, other_client, cocreator_client
):
    waiting = ContributionFactory(
        consultation=consultation,
        author=me,
        kind=ContributionKind.POST,
        title="",
        body="Waiting words",
        moderation=Moderation.WAITING,
    )
    hidden = ContributionFactory(
        consultation=consultation,
        author=me,
        kind=ContributionKind.POST,
        title="",
        body="Hidden words",
        moderation=Moderation.HIDDEN,
        hidden_reason="Names a nurse",
    )
    seen = other_client.get(page(consultation)).content.decode()
    assert "Waiting words" not in seen and "Hidden words" not in seen
    assert "Hidden by the team" in seen and "Names a nurse" not in seen
    for item in (waiting, hidden):
        report = url("contribution-report", consultation.pk, item.pk)
        assert other_client.get(report).status_code == 404
    mine = cocreator_client.get(page(consultation)).content.decode()
    assert "Hidden words" in mine and "Names a nurse" in mine


def test_waiting_replies_and_the_teams_reply_to_a_waiting_post_stay_out_of_sight(
    consultation, me, other, other_client, staff_member
):
    shown = ContributionFactory(
        consultation=consultation, kind=ContributionKind.POST, title="", body="Shown post"
    )
    ContributionFactory(
        consultation=consultation,
        author=me,
        kind=ContributionKind.POST,
        title="",
        body="Waiting reply",
        reply_to=shown,
        moderation=Moderation.WAITING,
    )
    waiting = ContributionFactory(
        consultation=consultation,
        author=me,
        kind=ContributionKind.POST,
        title="",
        body="Waiting post",
        moderation=Moderation.WAITING,
    )
    ContributionFactory(
        consultation=consultation,
        author=None,
        staff_author=staff_member,
        as_team=True,
        kind=ContributionKind.POST,
        title="",
        body="Team answer to a waiting post",
        reply_to=waiting,
    )
    for address in (page(consultation), url("detail", consultation.pk)):
        seen = other_client.get(address).content.decode()
        assert "Shown post" in seen
        assert "Waiting reply" not in seen and "Waiting post" not in seen
        assert "Team answer to a waiting post" not in seen
    reply = url("post-add", consultation.pk) + f"?reply_to={waiting.pk}"
    assert other_client.get(reply).status_code == 404


def test_an_outsider_gets_404(staff_member, me, cocreator_client):
    group = SavedGroup.objects.create(name="Partners", criteria={"relationships": ["partner"]})
    consultation = ConsultationFactory(audience=Audience.GROUP, group=group)
    idea = ContributionFactory(consultation=consultation)
    for address in (
        page(consultation),
        url("idea-add", consultation.pk),
        url("post-add", consultation.pk),
        url("contribution-report", consultation.pk, idea.pk),
    ):
        assert cocreator_client.get(address).status_code == 404, address
    assert cocreator_client.post(url("idea-support", consultation.pk, idea.pk)).status_code == 404
    draft = ConsultationFactory(draft=True)
    assert cocreator_client.get(url("idea-add", draft.pk)).status_code == 404


def test_anonymous_is_asked_to_sign_in_for_adding(anonymous):
    consultation = ConsultationFactory(audience=Audience.PUBLIC)
    idea = ContributionFactory(consultation=consultation)
    for address in (
        url("idea-add", consultation.pk),
        url("post-add", consultation.pk),
        url("contribution-report", consultation.pk, idea.pk),
        url("display-name"),
    ):
        response = anonymous.get(address)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    response = anonymous.post(url("idea-support", consultation.pk, idea.pk))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    for address, data in (
        (url("idea-add", consultation.pk), {"title": "T", "body": "B"}),
        (url("post-add", consultation.pk), {"body": "B"}),
        (url("contribution-report", consultation.pk, idea.pk), {"reason": "R"}),
    ):
        response = anonymous.post(address, data)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert Contribution.objects.count() == 1 and not ContributionReport.objects.exists()
    assert not Support.objects.exists()
    # The public board is there to read, with a sign-in link.
    seen = anonymous.get(page(consultation)).content.decode()
    assert "Text us back" in seen and "Sign in" in seen
    private = ConsultationFactory()
    assert anonymous.get(page(private))["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("who", ["steering_member", "partner_member", "cocreator"])
def test_staff_pages_are_refused_to_others(request, who):
    client = client_for(request.getfixturevalue(who))
    consultation = ConsultationFactory()
    idea = ContributionFactory(consultation=consultation)
    word = CrisisWord.objects.first()
    for address in (
        url("staff-moderation"),
        url("staff-crisis-words"),
        url("staff-hide", consultation.pk, idea.pk),
    ):
        assert client.get(address).status_code == 403, address
    for address in (
        url("staff-moderate", consultation.pk, idea.pk),
        url("staff-crisis-word-remove", word.pk),
    ):
        assert client.post(address, {"action": "approve"}).status_code == 403, address
    assert CrisisWord.objects.filter(pk=word.pk).exists()


@pytest.mark.parametrize("who", ["steering_member", "partner_member"])
def test_steering_and_partners_cannot_reach_a_cocreators_board(request, who):
    client = client_for(request.getfixturevalue(who))
    consultation = ConsultationFactory()
    idea = ContributionFactory(consultation=consultation, body="Co-creators only words")
    for address in (
        page(consultation),
        url("detail", consultation.pk),
        url("contribution-report", consultation.pk, idea.pk),
    ):
        assert client.get(address).status_code == 404, address
    assert client.post(url("idea-support", consultation.pk, idea.pk)).status_code == 404


@pytest.mark.parametrize("who", ["steering_member", "partner_member"])
def test_steering_and_partners_cannot_add_on_a_public_consultation(request, who):
    client = client_for(request.getfixturevalue(who))
    consultation = ConsultationFactory(audience=Audience.PUBLIC)
    idea = ContributionFactory(consultation=consultation)
    assert client.get(url("idea-add", consultation.pk)).status_code == 403
    assert client.post(url("post-add", consultation.pk), {"body": "Hi"}).status_code == 403
    support = url("idea-support", consultation.pk, idea.pk)
    assert client.post(support, {"support": "yes"}).status_code == 403
    assert not Support.objects.exists()
    assert client.get(url("display-name")).status_code == 403
    assert Contribution.objects.count() == 1


def test_a_closed_consultation_refuses_adding(me, cocreator_client):
    consultation = ConsultationFactory(ended=True)
    response = cocreator_client.post(
        url("idea-add", consultation.pk), {"title": "Late", "body": "Too late"}
    )
    assert response.status_code == 200 and "not open" in response.content.decode()
    assert not Contribution.objects.exists()


# --- Reports --------------------------------------------------------------------------------------


def test_the_report_flow(consultation, other, other_client, staff_client, staff_member):
    idea = ContributionFactory(consultation=consultation, body="Nurse Jo Bloggs was rude")
    response = other_client.post(
        url("contribution-report", consultation.pk, idea.pk), {"reason": "It names a nurse"}
    )
    assert response.status_code == 302
    report = ContributionReport.objects.get()
    assert report.reason == "It names a nurse"
    queue = staff_client.get(url("staff-moderation")).content.decode()
    assert "It names a nurse" in queue and "Reported" in queue
    response = staff_client.post(
        url("staff-hide", consultation.pk, idea.pk), {"reason": "Names a member of staff"}
    )
    assert response.status_code == 302
    idea.refresh_from_db()
    report.refresh_from_db()
    assert idea.moderation == Moderation.HIDDEN and report.resolved_by == staff_member
    seen = other_client.get(page(consultation)).content.decode()
    assert "Hidden by the team" in seen and "Jo Bloggs" not in seen
    staff_client.post(url("staff-moderate", consultation.pk, idea.pk), {"action": "show"})
    idea.refresh_from_db()
    assert idea.moderation == Moderation.SHOWN


# --- Names and the team ---------------------------------------------------------------------------


def test_a_name_is_chosen_before_the_first_idea(consultation, cocreator, cocreator_client):
    cocreator_for_user_ensure(user=cocreator)
    add = url("idea-add", consultation.pk)
    response = cocreator_client.get(add)
    assert response.status_code == 302 and response["Location"].startswith(url("display-name"))
    form = cocreator_client.get(response["Location"]).content.decode()
    assert 'value="Casey C."' in form  # suggested: first name and initial
    response = cocreator_client.post(url("display-name"), {"display_name": "", "next": add})
    assert "Enter the name you would like others to see" in response.content.decode()
    response = cocreator_client.post(url("display-name"), {"display_name": "Sunny", "next": add})
    assert response["Location"] == add
    assert DiscussionName.objects.get().display_name == "Sunny"
    # Somewhere off the site is not followed.
    response = cocreator_client.post(
        url("display-name"), {"display_name": "Sunny", "next": "https://example.com/"}
    )
    assert response["Location"] == url("display-name")


def test_the_full_name_never_appears_on_the_board(consultation, me, other, other_client):
    consultation.premoderate = False
    consultation.save()
    ContributionFactory(consultation=consultation, author=me, title="Idea by me")
    ContributionFactory(
        consultation=consultation, author=me, kind=ContributionKind.POST, title="", body="Post"
    )
    nameless = CoCreatorFactory(full_name="Nadia Noname")
    ContributionFactory(consultation=consultation, author=nameless, title="No name chosen")
    seen = other_client.get(page(consultation)).content.decode()
    assert "Casey C." in seen and FULL_NAME not in seen
    assert "Nadia" not in seen and "A co-creator" in seen


def test_staff_post_as_the_team_from_the_queue(consultation, me, other, staff_client, other_client):
    post = ContributionFactory(
        consultation=consultation, author=me, kind=ContributionKind.POST, title="", body="Hello"
    )
    add = url("post-add", consultation.pk) + f"?reply_to={post.pk}&from=queue"
    assert staff_client.get(add).status_code == 200
    response = staff_client.post(
        url("post-add", consultation.pk),
        {"body": "Thank you, we hear you", "reply_to": post.pk, "from": "queue"},
    )
    assert response["Location"] == url("staff-moderation")
    reply = Contribution.objects.get(as_team=True)
    assert reply.reply_to == post and reply.moderation == Moderation.SHOWN
    seen = other_client.get(page(consultation)).content.decode()
    assert "The involvement team" in seen and "Sam Staff" not in seen


def test_crisis_words_page_adds_and_removes(staff_client):
    response = staff_client.post(url("staff-crisis-words"), {"phrase": "Can't cope"})
    assert response.status_code == 302
    word = CrisisWord.objects.get(phrase="can't cope")
    assert "can&#x27;t cope" in staff_client.get(url("staff-crisis-words")).content.decode()
    remove = url("staff-crisis-word-remove", word.pk)
    assert staff_client.get(remove).status_code == 405  # removing is a POST only
    assert CrisisWord.objects.filter(pk=word.pk).exists()
    staff_client.post(remove)
    assert not CrisisWord.objects.filter(pk=word.pk).exists()


# --- Queries --------------------------------------------------------------------------------------


def _fill(consultation, n):
    for i in range(n):
        author = CoCreatorFactory()
        DiscussionName.objects.create(cocreator=author, display_name=f"Person {i}")
        idea = ContributionFactory(consultation=consultation, author=author, title=f"Idea {i}")
        Support.objects.create(idea=idea, cocreator=CoCreatorFactory())
        post = ContributionFactory(
            consultation=consultation, author=author, kind=ContributionKind.POST, title=""
        )
        ContributionFactory(
            consultation=consultation, kind=ContributionKind.POST, title="", reply_to=post
        )
        waiting = ContributionFactory(consultation=consultation, moderation=Moderation.WAITING)
        ContributionReport.objects.create(contribution=waiting, reason="Rude")
        ContributionReport.objects.create(contribution=idea, reason="Off topic")


def _queries(client, address, django_assert_max_num_queries, limit):
    with django_assert_max_num_queries(limit) as captured:
        assert client.get(address).status_code == 200
    return len(captured)


@pytest.mark.parametrize("who", ["cocreator", "staff"])
def test_the_board_costs_the_same_for_2_and_10(
    who, me, cocreator_client, staff_client, django_assert_max_num_queries
):
    client = cocreator_client if who == "cocreator" else staff_client
    small, large = ConsultationFactory(), ConsultationFactory()
    _fill(small, 2)
    _fill(large, 10)
    few = _queries(client, page(small), django_assert_max_num_queries, 60)
    many = _queries(client, page(large), django_assert_max_num_queries, 60)
    assert few == many


def test_the_queue_costs_the_same_for_2_and_10(staff_client, django_assert_max_num_queries):
    _fill(ConsultationFactory(), 2)
    few = _queries(staff_client, url("staff-moderation"), django_assert_max_num_queries, 60)
    _fill(ConsultationFactory(), 8)
    many = _queries(staff_client, url("staff-moderation"), django_assert_max_num_queries, 60)
    assert few == many


def test_the_house_rules_are_public(anonymous):
    body = anonymous.get(url("house-rules")).content.decode()
    assert "Be kind" in body and "116 123" in body and "What we remove and why" in body


def test_the_portal_links_to_the_name(cocreator_client, me):
    assert CoCreator.objects.filter(pk=me.pk).exists()
    body = cocreator_client.get(reverse("community:portal-home")).content.decode()
    assert url("display-name") in body


def test_the_consultation_page_shows_the_board_and_discussion(
    consultation, me, other, other_client
):
    ContributionFactory(consultation=consultation, author=me, title="Open later at weekends")
    ContributionFactory(
        consultation=consultation, author=me, kind=ContributionKind.POST, title="", body="Agreed"
    )
    body = other_client.get(url("detail", consultation.pk)).content.decode()
    assert 'id="ideas"' in body and 'id="discussion"' in body
    assert "Open later at weekends" in body and "Casey C." in body and FULL_NAME not in body
    assert url("house-rules") in body
