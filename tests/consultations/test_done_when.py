"""Issue 20's "Done when", walked end to end through the real pages as a browser without
JavaScript would: every page is fetched, then its own form is posted with the fields that form
really has (read from the page's HTML, so a field the page does not offer cannot be sent).

One consultation runs from draft to closed: staff start it, add questions and publish it; a
co-creator answers, adds an idea, supports another person's idea and posts; a public visitor
answers; a post waits for moderation and is approved; a post with crisis words shows crisis
support and flags staff; outsiders and hidden content are refused or hidden; staff close it and
publish "We asked, you said, we did", and every co-creator who took part is told once; it shows in
the person's story and the report at Involve."""

from __future__ import annotations

import datetime
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from activities.models import Attendance, EngagementLevel
from cocreation.lib.periods import period_containing
from community.models import CoCreator, Message, Role
from consultations.models import (
    Audience,
    Consultation,
    ConsultationLevel,
    ConsultationStatus,
    Contribution,
    ContributionKind,
    Moderation,
    QuestionKind,
    Response,
    ResponseChannel,
)
from impact.models import ChangeKind
from reporting.reports.figures import report_for
from tests.community.factories import UserFactory
from tests.conftest import client_for
from tests.consultations.discussion_factories import seed_crisis_words
from tests.consultations.factories import ConsultationFactory
from tests.consultations.reach_factories import group_interested_in, service_area

pytestmark = pytest.mark.django_db

TOPIC = "Evening opening at the wellbeing hub"
SUMMARY = "We want to know if the hub should open in the evening. Tell us what would help you."
PENDING_POST = "I would come on Tuesday evenings after work."
CRISIS_POST = "Some days I want to end my life and the evenings are the worst."
OTHER_IDEA = "A quiet room in the evening"
MY_IDEA = "Peer support on Thursdays"
HIDDEN_POST = "Please ring this number to buy my things."


# --- Reading a page's forms as a browser does ---------------------------------------------------


class _Forms(HTMLParser):
    """Every <form> on a page: its action, method and the fields a browser would send."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form = None
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {
                "action": a.get("action") or "",
                "method": (a.get("method") or "get").lower(),
                "fields": [],  # (name, type, value, checked)
                "options": {},  # name: the values offered (radios, checkboxes, selects)
            }
            self.forms.append(self._form)
            return
        form = self._form
        if form is None:
            return
        if tag in ("input", "button") and a.get("name"):
            kind = (a.get("type") or ("submit" if tag == "button" else "text")).lower()
            value = a.get("value", "on" if kind in ("checkbox", "radio") else "")
            form["fields"].append((a["name"], kind, value, "checked" in a))
            if kind in ("checkbox", "radio", "submit"):
                form["options"].setdefault(a["name"], []).append(value)
        elif tag == "textarea" and a.get("name"):
            self._textarea = [a["name"], ""]
        elif tag == "select" and a.get("name"):
            self._select = {"name": a["name"], "chosen": None, "first": None}
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            form["options"].setdefault(self._select["name"], []).append(value)
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in a:
                self._select["chosen"] = value

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            name, text = self._textarea
            self._form["fields"].append((name, "textarea", text.lstrip("\n"), False))
            self._textarea = None
        elif tag == "select" and self._select is not None and self._form is not None:
            chosen = self._select["chosen"]
            if chosen is None:
                chosen = self._select["first"] or ""
            self._form["fields"].append((self._select["name"], "select", chosen, False))
            self._select = None


def forms_on(response) -> list[dict]:
    parser = _Forms()
    parser.feed(response.content.decode())
    return parser.forms


def submit(client, page_url: str, page, *, action: str | None = None, button=None, **values):
    """Post the page's form (the POST form whose action is `action`, else the one with every field
    in `values`) as a browser would: its own values, changed only where `values` says, and only in
    fields the form has. `button`: (name, value) of the submit button pressed, if it has a name."""
    assert page.status_code == 200, (page_url, page.status_code)
    candidates = [f for f in forms_on(page) if f["method"] == "post"]
    if action is not None:
        candidates = [
            f for f in candidates if urlsplit(f["action"] or page_url).path == urlsplit(action).path
        ]
    names = set(values) | ({button[0]} if button else set())
    found = [sorted({n for n, *_ in f["fields"]}) for f in candidates]
    candidates = [f for f in candidates if names <= {n for n, *_ in f["fields"]}]
    assert candidates, f"No POST form on {page_url} with {sorted(names)}; it has {found}"
    form = candidates[0]
    data: dict[str, list[str]] = {}
    for name, kind, value, checked in form["fields"]:
        if kind in ("submit", "button", "image", "reset", "file"):
            continue
        if kind in ("checkbox", "radio") and not checked:
            data.setdefault(name, [])
            continue
        data.setdefault(name, []).append(value)
    for name, value in values.items():
        wanted = value if isinstance(value, list) else [str(value)]
        offered = form["options"].get(name)
        if offered is not None:  # a radio, checkbox or select: only what the page offers
            for one in wanted:
                assert one in offered, f"{name}={one!r} is not offered on {page_url}: {offered}"
        data[name] = wanted
    if button:
        assert button[1] in form["options"].get(button[0], []), (button, page_url)
        data[button[0]] = [button[1]]
    target = form["action"] or page_url
    return client.post(target, {k: v for k, v in data.items() if v})


def get_ok(client, url: str):
    """A page for the person it is for: it opens (200)."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response


def text_of(response) -> str:
    return response.content.decode()


def url(name: str, *args) -> str:
    return reverse(f"consultations:{name}", args=args)


# --- The people ---------------------------------------------------------------------------------


@pytest.fixture
def second_staff_member(db):
    user = UserFactory(email="pat.second@example.org", role=Role.STAFF, full_name="Pat Second")
    TOTP.activate(user, generate_totp_secret())
    return user


def _name_chosen(client, next_url: str, name: str):
    """Choose the name others see, from the page an idea or post sent us to."""
    redirected = client.get(next_url)
    assert redirected.status_code == 302
    assert urlsplit(redirected.url).path == url("display-name")
    page = get_ok(client, redirected.url)
    saved = submit(client, redirected.url, page, display_name=name)
    assert saved.status_code == 302 and urlsplit(saved.url).path == next_url


def _answered(client, consultation, questions, *, words: str, public=False):
    answer_url = url("answer", consultation.pk)
    page = get_ok(client, answer_url)
    choice, scale, text = questions
    values = {f"q{choice.pk}": "Tuesday", f"q{scale.pk}": "4", f"q{text.pk}": words}
    if public:
        assert 'name="locality"' in text_of(page)
    response = submit(client, answer_url, page, action=answer_url, **values)
    assert response.status_code == 302, text_of(response)
    assert response.url == url("answer-thanks", consultation.pk)
    get_ok(client, response.url)


def _moderation_action(staff_client, consultation, contribution, action: str):
    """Staff press the button on the moderation queue for this idea or post."""
    queue_url = url("staff-moderation")
    queue = get_ok(staff_client, queue_url)
    moderate_url = url("staff-moderate", consultation.pk, contribution.pk)
    response = submit(
        staff_client, queue_url, queue, action=moderate_url, button=("action", action)
    )
    assert response.status_code == 302


def test_a_consultation_runs_from_draft_to_closed_in_the_browser_without_javascript(
    staff_client,
    staff_member_with_mfa,
    cocreator,
    cocreator_client,
    other_cocreator,
    second_staff_member,
    django_capture_on_commit_callbacks,
):
    # A browser test earlier on the same worker empties every table, the seeded words included.
    seed_crisis_words()
    staff = staff_member_with_mfa
    other_client = client_for(other_cocreator)
    visitor = Client()

    # --- 1. Staff start it (a draft), add three questions and publish it ---------------------
    add_url = url("staff-add")
    page = get_ok(staff_client, add_url)
    opens = timezone.localtime() - datetime.timedelta(minutes=2)
    closes = opens + datetime.timedelta(days=14)
    response = submit(
        staff_client,
        add_url,
        page,
        action=add_url,
        title=TOPIC,
        summary=SUMMARY,
        level=str(int(ConsultationLevel.INVOLVE)),
        opens_date_day=opens.day,
        opens_date_month=opens.month,
        opens_date_year=opens.year,
        opens_time=opens.strftime("%H:%M"),
        closes_date_day=closes.day,
        closes_date_month=closes.month,
        closes_date_year=closes.year,
        closes_time="17:00",
        audience=Audience.PUBLIC,
        ideas_on="on",
        discussion_on="on",
        premoderate="on",
        minutes_to_take_part="60",
    )
    assert response.status_code == 302, text_of(response)
    consultation = Consultation.objects.get(title=TOPIC)
    assert consultation.status == ConsultationStatus.DRAFT
    assert consultation.level == ConsultationLevel.INVOLVE
    assert consultation.audience == Audience.PUBLIC
    assert consultation.ideas_on and consultation.discussion_on and consultation.premoderate
    assert response.url == url("staff-detail", consultation.pk)
    get_ok(staff_client, response.url)
    # A draft is nobody else's to see.
    assert visitor.get(url("detail", consultation.pk)).status_code == 404

    questions_url = url("staff-questions", consultation.pk)
    for kind, extra in (
        (QuestionKind.CHOICE, {"text": "Which evening suits you?", "options": "Tuesday\nFriday"}),
        (
            QuestionKind.SCALE,
            {"text": "How useful would evening opening be?", "scale_low": "No use"}
            | {"scale_high": "Very useful"},
        ),
        (QuestionKind.TEXT, {"text": "What would help you come in the evening?"}),
    ):
        page = get_ok(staff_client, questions_url)
        response = submit(
            staff_client, questions_url, page, action=questions_url, kind=kind, **extra
        )
        assert response.status_code == 302, text_of(response)
    questions = list(consultation.questions.order_by("position"))
    assert [q.kind for q in questions] == [
        QuestionKind.CHOICE,
        QuestionKind.SCALE,
        QuestionKind.TEXT,
    ]
    get_ok(staff_client, questions_url)

    publish_url = url("staff-publish", consultation.pk)
    page = get_ok(staff_client, publish_url)
    response = submit(staff_client, publish_url, page, action=publish_url)
    assert response.status_code == 302, text_of(response)
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.PUBLISHED
    assert consultation.is_live()

    # --- 2. Co-creators take part: answers, ideas, support, a post waiting for a check ------
    detail_url = url("detail", consultation.pk)
    discussion_url = url("discussion", consultation.pk)
    assert "Evening opening" in text_of(get_ok(cocreator_client, detail_url))
    _answered(cocreator_client, consultation, questions, words="Somewhere warm and quiet.")
    me = CoCreator.objects.get(user=cocreator)
    response = Response.objects.get(consultation=consultation, cocreator=me)
    assert response.channel == ResponseChannel.PORTAL

    # The other co-creator adds an idea (choosing their name first); staff approve it.
    # They come to it from the consultation's page, as anyone following the site's links does.
    assert OTHER_IDEA not in text_of(get_ok(other_client, detail_url))
    idea_url = url("idea-add", consultation.pk)
    _name_chosen(other_client, idea_url, "Olu O")
    page = get_ok(other_client, idea_url)
    response = submit(
        other_client, idea_url, page, action=idea_url, title=OTHER_IDEA, body="Somewhere calm."
    )
    assert response.status_code == 302, text_of(response)
    their_idea = Contribution.objects.get(title=OTHER_IDEA)
    assert their_idea.moderation == Moderation.WAITING
    _moderation_action(staff_client, consultation, their_idea, "approve")
    their_idea.refresh_from_db()
    assert their_idea.moderation == Moderation.SHOWN

    # The co-creator adds their own idea (their name first) and supports the other one.
    _name_chosen(cocreator_client, idea_url, "Casey C")
    page = get_ok(cocreator_client, idea_url)
    response = submit(
        cocreator_client, idea_url, page, action=idea_url, title=MY_IDEA, body="Run by peers."
    )
    assert response.status_code == 302, text_of(response)
    my_idea = Contribution.objects.get(title=MY_IDEA)
    assert my_idea.author == me and my_idea.kind == ContributionKind.IDEA

    board = get_ok(cocreator_client, detail_url)
    assert OTHER_IDEA in text_of(board)
    support_url = url("idea-support", consultation.pk, their_idea.pk)
    response = submit(cocreator_client, detail_url, board, action=support_url, support="yes")
    assert response.status_code == 302
    assert their_idea.supports.filter(cocreator=me).count() == 1

    # A post waits for a check: the other co-creator and a visitor do not see its words.
    post_url = url("post-add", consultation.pk)
    page = get_ok(cocreator_client, post_url)
    response = submit(cocreator_client, post_url, page, action=post_url, body=PENDING_POST)
    assert response.status_code == 302, text_of(response)
    post = Contribution.objects.get(body=PENDING_POST)
    assert post.moderation == Moderation.WAITING
    for client in (other_client, visitor):
        for page_url in (detail_url, discussion_url):
            assert PENDING_POST not in text_of(get_ok(client, page_url))
    _moderation_action(staff_client, consultation, post, "approve")
    post.refresh_from_db()
    assert post.moderation == Moderation.SHOWN
    assert PENDING_POST in text_of(get_ok(other_client, detail_url))
    shown = text_of(get_ok(other_client, discussion_url))
    assert PENDING_POST in shown
    # It shows the name the writer chose, never their full name.
    assert "Casey C" in shown and "Casey Cocreator" not in shown

    # --- 3. A public visitor answers, once from their browser --------------------------------
    assert "Evening opening" in text_of(get_ok(visitor, detail_url))
    _answered(visitor, consultation, questions, words="Later buses would help.", public=True)
    public = Response.objects.get(consultation=consultation, cocreator=None)
    assert public.channel == ResponseChannel.PUBLIC
    again = get_ok(visitor, url("answer", consultation.pk))
    assert 'name="q' not in text_of(again)
    assert "already" in text_of(again).lower()
    assert Response.objects.filter(consultation=consultation, cocreator=None).count() == 1

    # --- 4. A post with crisis words: crisis support at once, held, staff flagged once ----
    page = get_ok(cocreator_client, post_url)
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(cocreator_client, post_url, page, action=post_url, body=CRISIS_POST)
    assert response.status_code == 302
    sent = get_ok(cocreator_client, response.url)
    assert "116 123" in text_of(sent) and "111" in text_of(sent)
    # The crisis support card itself, shown because of what they wrote (not the form's note).
    assert "data-crisis-support" in text_of(sent) and 'href="tel:111"' in text_of(sent)
    assert "you might be going through a hard time" in text_of(sent)
    crisis = Contribution.objects.get(body=CRISIS_POST)
    assert crisis.moderation == Moderation.WAITING and crisis.crisis_words
    flags = Message.objects.filter(kind="consultation_crisis_flag")
    assert flags.count() == 1 and flags.get().user_id == staff.pk
    for client in (other_client, visitor):
        assert CRISIS_POST not in text_of(get_ok(client, detail_url))
    assert CRISIS_POST in text_of(get_ok(staff_client, url("staff-moderation")))

    # --- 5. Refusals: outsiders, sign in, hidden words ---------------------------------------
    area = service_area("Older adults")
    group = group_interested_in(area, "Older adults group")
    theirs = ConsultationFactory(audience=Audience.GROUP, group=group, actor=staff)
    for page_url in (url("detail", theirs.pk), url("answer", theirs.pk)):
        assert cocreator_client.get(page_url).status_code == 404
    members_only = ConsultationFactory(audience=Audience.COCREATORS, actor=staff)
    for page_url in (url("detail", members_only.pk), url("answer", members_only.pk)):
        refused = Client().get(page_url)
        assert refused.status_code == 302 and reverse("account_login") in refused.url
    # Staff hide a shown post: its words are never on the public page again.
    page = get_ok(other_client, post_url)
    submit(other_client, post_url, page, action=post_url, body=HIDDEN_POST)
    to_hide = Contribution.objects.get(body=HIDDEN_POST)
    _moderation_action(staff_client, consultation, to_hide, "approve")
    assert HIDDEN_POST in text_of(get_ok(visitor, detail_url))
    hide_url = url("staff-hide", consultation.pk, to_hide.pk)
    page = get_ok(staff_client, hide_url)
    response = submit(staff_client, hide_url, page, action=hide_url, reason="Selling things")
    assert response.status_code == 302, text_of(response)
    to_hide.refresh_from_db()
    assert to_hide.moderation == Moderation.HIDDEN
    for client in (visitor, cocreator_client):
        for page_url in (detail_url, discussion_url):
            assert HIDDEN_POST not in text_of(get_ok(client, page_url))

    # --- 6. Staff close it; "We asked, you said, we did" is checked by a second person -------
    close_url = url("staff-close", consultation.pk)
    page = get_ok(staff_client, close_url)
    response = submit(staff_client, close_url, page, action=close_url)
    assert response.status_code == 302, text_of(response)
    consultation.refresh_from_db()
    assert consultation.has_ended() and not consultation.is_live()

    outcome_url = url("staff-outcome", consultation.pk)
    page = get_ok(staff_client, outcome_url)
    response = submit(
        staff_client,
        outcome_url,
        page,
        action=outcome_url,
        we_asked="We asked if the hub should open in the evening.",
        you_said="Most people who answered said Tuesday evenings.",
        we_did="The hub now opens until 8pm on Tuesdays.",
    )
    assert response.status_code == 302, text_of(response)

    second_client = client_for(second_staff_member)
    check_url = url("staff-outcome-check", consultation.pk)
    page = get_ok(second_client, outcome_url)
    response = submit(second_client, outcome_url, page, action=check_url)
    assert response.status_code == 302, text_of(response)
    assert consultation.outcome.checked_by == second_staff_member

    publish_outcome_url = url("staff-outcome-publish", consultation.pk)
    took_part = {me.pk, CoCreator.objects.get(user=other_cocreator).pk}
    with django_capture_on_commit_callbacks(execute=True):
        page = get_ok(staff_client, publish_outcome_url)
        response = submit(
            staff_client,
            publish_outcome_url,
            page,
            action=publish_outcome_url,
            kind=ChangeKind.SERVICE,
        )
        assert response.status_code == 302, text_of(response)
        # Publishing again (a second press) tells nobody twice.
        staff_client.post(publish_outcome_url, {"kind": ChangeKind.SERVICE})
    consultation.refresh_from_db()
    assert consultation.outcome.is_published
    told = Message.objects.filter(kind="consultation_outcome")
    assert sorted(told.values_list("cocreator_id", flat=True)) == sorted(took_part)

    for client in (visitor, cocreator_client):
        shown = text_of(get_ok(client, detail_url))
        for heading in ("We asked", "You said", "We did"):
            assert heading in shown
        assert "The hub now opens until 8pm on Tuesdays." in shown
    listed = text_of(get_ok(visitor, reverse("impact:you-said-we-did")))
    assert TOPIC in listed

    # --- 7. The person's story and the report, at Involve ----------------------------------
    story = text_of(get_ok(cocreator_client, reverse("community:portal-story")))
    assert TOPIC in story
    record = reverse("community:cocreator-story", args=[me.pk])
    assert TOPIC in text_of(get_ok(staff_client, record))
    attended = Attendance.objects.filter(activity=consultation.activity)
    assert set(attended.values_list("cocreator_id", flat=True)) == took_part
    assert consultation.activity.level == EngagementLevel.INVOLVE
    report = report_for(period_containing(timezone.localdate(), "quarter"), exact=True)
    involve = next(row for row in report["levels"] if row["level"] == EngagementLevel.INVOLVE)
    assert involve["activities"] == "1"
    assert involve["participant_hours"] == str(len(took_part))  # an hour each, counted once
