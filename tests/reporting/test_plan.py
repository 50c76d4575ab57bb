"""The plan tracker: the plan's objectives and key actions, their status and dated updates."""

import csv
import datetime
import re
from pathlib import Path

import pytest
import time_machine
from django.apps import apps
from django.conf import settings
from django.urls import reverse

from reporting.plan.models import ActionStatus, KeyAction, KeyActionUpdate, PlanObjective
from reporting.plan.services import PLAN_CSV, key_action_update, load_plan

SEED = Path(settings.BASE_DIR).parent / "shared" / "seed" / "strategic-plan-and-framework.txt"
TODAY = datetime.date(2026, 3, 10)


def _csv_rows():
    with PLAN_CSV.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _plan_bullets() -> list[str]:
    """Every bullet under a KEY ACTIONS heading in the plan's "Objectives and key activity"."""
    text = SEED.read_text(encoding="utf-8")
    section = text.split("Objectives and key activity", 1)[1].split("Barriers and mitigations")[0]
    bullets, in_key_actions = [], False
    for line in section.splitlines():
        line = " ".join(line.split())
        if re.match(r"Objective \d:", line):
            in_key_actions = False
        elif line.startswith("KEY ACTIONS"):
            in_key_actions = True
        elif in_key_actions and line.startswith("·"):
            bullets.append(line.lstrip("· "))
    return bullets


def _action(number=1, position=1) -> KeyAction:
    return KeyAction.objects.get(objective__number=number, position=position)


def _update_url(action):
    return reverse("reporting:plan-action-update", args=[action.pk])


def _post(client, action, **changes):
    data = {
        "status": ActionStatus.AT_RISK,
        "owner": "Head of involvement",
        "written_on_day": "4",
        "written_on_month": "3",
        "written_on_year": "2026",
        "text": "Two partner meetings moved to April.",
    }
    data.update(changes)
    return client.post(_update_url(action), data)


# --- The shipped plan and its loader -----------------------------------------------------------


@pytest.mark.skipif(not SEED.exists(), reason="the plan's text is not beside the repository")
def test_the_csv_holds_every_key_action_in_the_plan_word_for_word():
    bullets = _plan_bullets()
    assert len(bullets) == 46
    assert [row["text"] for row in _csv_rows()] == bullets


def test_the_csv_gives_each_timeframe_its_first_and_last_day():
    for row in _csv_rows():
        starts = datetime.date.fromisoformat(row["starts_on"])
        assert starts.day == 1, row["timeframe"]
        if row["timeframe"].endswith("Onwards"):
            assert row["ends_on"] == ""
        else:
            ends = datetime.date.fromisoformat(row["ends_on"])
            assert ends > starts
            assert (ends + datetime.timedelta(days=1)).day == 1, row["timeframe"]
            assert str(ends.year) in row["timeframe"]


def test_the_plan_is_loaded_with_four_objectives_and_every_key_action(db):
    assert list(PlanObjective.objects.values_list("number", flat=True)) == [1, 2, 3, 4]
    assert KeyAction.objects.count() == len(_csv_rows())
    assert [KeyAction.objects.filter(objective__number=n).count() for n in (1, 2, 3, 4)] == [
        8,
        10,
        10,
        18,
    ]
    onwards = _action(1, 7)
    assert onwards.timeframe == "June 2026 – Onwards"
    assert (onwards.starts_on, onwards.ends_on) == (datetime.date(2026, 6, 1), None)
    assert _action(4, 18).text == "Develop and publish a system wide co-creation impact report."


def test_loading_again_changes_nothing_and_keeps_what_staff_set(db):
    action = _action(2, 3)
    action.owner = "Digital lead"
    action.status = ActionStatus.DONE
    action.save()
    before = list(KeyAction.objects.order_by("pk").values())
    assert load_plan(apps.get_model) == 0
    assert load_plan(apps.get_model) == 0
    assert list(KeyAction.objects.order_by("pk").values()) == before
    assert PlanObjective.objects.count() == 4
    action.refresh_from_db()
    assert (action.owner, action.status) == ("Digital lead", ActionStatus.DONE)


def test_loading_puts_back_only_a_missing_action(db):
    _action(3, 5).delete()
    kept = _action(3, 4)
    kept.status = ActionStatus.ON_TRACK
    kept.save()
    assert load_plan(apps.get_model) == 1
    assert KeyAction.objects.count() == len(_csv_rows())
    assert _action(3, 5).status == ActionStatus.NOT_STARTED
    assert _action(3, 4).status == ActionStatus.ON_TRACK


# --- Who may see and change it -----------------------------------------------------------------


def test_a_steering_member_sees_the_tracker(steering_client):
    response = steering_client.get(reverse("reporting:plan"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Objective 4: Building confidence and capacity in co-creation" in html
    assert "January – December 2028" in html
    assert "Develop and publish a system wide co-creation impact report." in html
    assert reverse("reporting:plan-action", args=[_action(4, 18).pk]) in html


def test_a_steering_member_reads_an_action_but_is_not_offered_an_update(steering_client):
    action = _action()
    response = steering_client.get(reverse("reporting:plan-action", args=[action.pk]))
    assert response.status_code == 200
    assert action.text in response.content.decode()
    assert _update_url(action) not in response.content.decode()


def test_a_steering_member_cannot_add_an_update(steering_client):
    action = _action()
    assert steering_client.get(_update_url(action)).status_code == 403
    assert _post(steering_client, action).status_code == 403
    assert not KeyActionUpdate.objects.exists()
    action.refresh_from_db()
    assert action.status == ActionStatus.NOT_STARTED


@pytest.mark.parametrize("name", ["reporting:plan", "reporting:plan-action", "update"])
def test_a_cocreator_is_refused_every_tracker_page(cocreator_client, name):
    action = _action()
    url = (
        _update_url(action)
        if name == "update"
        else reverse(name, args=[action.pk] if name.endswith("action") else [])
    )
    assert cocreator_client.get(url).status_code == 403


def test_a_cocreator_cannot_post_an_update(cocreator_client):
    assert _post(cocreator_client, _action()).status_code == 403
    assert not KeyActionUpdate.objects.exists()


@pytest.mark.parametrize("name", ["reporting:plan", "reporting:plan-action", "update"])
def test_an_anonymous_visitor_is_sent_to_sign_in(anonymous, db, name):
    action = _action()
    url = (
        _update_url(action)
        if name == "update"
        else reverse(name, args=[action.pk] if name.endswith("action") else [])
    )
    response = anonymous.get(url)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_an_unknown_action_is_not_found(staff_client, steering_client):
    assert steering_client.get(reverse("reporting:plan-action", args=[99999])).status_code == 404
    assert (
        staff_client.get(reverse("reporting:plan-action-update", args=[99999])).status_code == 404
    )


# --- Staff adding an update --------------------------------------------------------------------


@time_machine.travel(datetime.datetime(2026, 3, 10, 12, tzinfo=datetime.UTC))
def test_staff_see_the_add_an_update_link(staff_client):
    action = _action()
    html = staff_client.get(reverse("reporting:plan-action", args=[action.pk])).content.decode()
    assert f'href="{_update_url(action)}"' in html
    assert "Add an update" in html


@time_machine.travel(datetime.datetime(2026, 3, 10, 12, tzinfo=datetime.UTC))
def test_the_form_starts_with_today_and_the_current_status_and_owner(staff_client):
    action = _action()
    action.owner = "Community lead"
    action.status = ActionStatus.ON_TRACK
    action.save()
    html = staff_client.get(_update_url(action)).content.decode()
    assert 'value="Community lead"' in html
    assert re.search(r'value="on_track"[^>]*checked', html)
    assert 'value="2026"' in html and 'value="10"' in html


@time_machine.travel(datetime.datetime(2026, 3, 10, 12, tzinfo=datetime.UTC))
def test_staff_add_an_update_and_the_status_and_owner_change(staff_client, staff_member):
    action = _action(2, 1)
    response = _post(staff_client, action)
    assert response.status_code == 302
    assert response.url == reverse("reporting:plan-action", args=[action.pk])

    action.refresh_from_db()
    assert action.status == ActionStatus.AT_RISK
    assert action.owner == "Head of involvement"
    update = KeyActionUpdate.objects.get()
    assert (update.action, update.written_on, update.status, update.author) == (
        action,
        datetime.date(2026, 3, 4),
        ActionStatus.AT_RISK,
        staff_member,
    )

    page = staff_client.get(response.url)
    html = page.content.decode()
    assert "Your update has been added." in html
    assert "4 March 2026" in html
    assert "Two partner meetings moved to April." in html
    assert "Written by Sam Staff" in html

    tracker = staff_client.get(reverse("reporting:plan")).content.decode()
    assert "At risk" in tracker
    assert "Head of involvement" in tracker
    assert "4 March 2026" in tracker


@time_machine.travel(datetime.datetime(2026, 3, 10, 12, tzinfo=datetime.UTC))
def test_the_tracker_shows_the_newest_update_by_its_date(steering_client, staff_member):
    action = _action()
    for day, text in ((9, "Newest news"), (2, "Older news")):
        key_action_update(
            action=action,
            status=ActionStatus.ON_TRACK,
            text=text,
            written_on=datetime.date(2026, 3, day),
            author=staff_member,
        )
    html = steering_client.get(reverse("reporting:plan")).content.decode()
    assert "9 March 2026" in html and "Newest news" in html
    assert "Older news" not in html


@time_machine.travel(datetime.datetime(2026, 3, 10, 12, tzinfo=datetime.UTC))
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"written_on_day": "11"}, "Date of update must be the same as or before 10 March 2026"),
        ({"text": ""}, "Enter the update"),
        ({"text": "   "}, "Enter the update"),
        ({"status": ""}, "Choose the action&#x27;s status now"),
        ({"status": "finished"}, "Select a valid choice"),
        ({"written_on_day": "31", "written_on_month": "2"}, "Date of update must be a real date"),
    ],
)
def test_bad_input_shows_an_error_summary_and_writes_nothing(staff_client, changes, message):
    action = _action()
    response = _post(staff_client, action, **changes)
    assert response.status_code == 200
    html = response.content.decode()
    assert "nhsuk-error-summary" in html
    assert message in html
    assert not KeyActionUpdate.objects.exists()
    action.refresh_from_db()
    assert (action.status, action.owner) == (ActionStatus.NOT_STARTED, "")


# --- The service on its own --------------------------------------------------------------------


@time_machine.travel(datetime.datetime(2026, 3, 10, 12, tzinfo=datetime.UTC))
def test_the_service_refuses_a_future_date_or_empty_text_and_writes_nothing(staff_member):
    from django.core.exceptions import ValidationError

    action = _action()
    for written_on, text in ((datetime.date(2026, 3, 11), "Soon"), (TODAY, "  ")):
        with pytest.raises(ValidationError):
            key_action_update(
                action=action,
                status=ActionStatus.DONE,
                text=text,
                written_on=written_on,
                author=staff_member,
            )
    assert not KeyActionUpdate.objects.exists()
    action.refresh_from_db()
    assert action.status == ActionStatus.NOT_STARTED


@time_machine.travel(datetime.datetime(2026, 3, 10, 12, tzinfo=datetime.UTC))
def test_the_service_leaves_the_owner_alone_unless_given(staff_member):
    action = _action()
    action.owner = "Community lead"
    action.save()
    key_action_update(
        action=action, status=ActionStatus.DONE, text="Done", written_on=TODAY, author=staff_member
    )
    action.refresh_from_db()
    assert (action.owner, action.status) == ("Community lead", ActionStatus.DONE)


# --- The summary and the query count -----------------------------------------------------------


@time_machine.travel(datetime.datetime(2026, 3, 10, 12, tzinfo=datetime.UTC))
def test_the_summary_counts_actions_at_each_status_per_objective(steering_client, staff_member):
    for position in (1, 2, 3):
        key_action_update(
            action=_action(1, position),
            status=ActionStatus.DONE,
            text="Finished",
            written_on=TODAY,
            author=staff_member,
        )
    response = steering_client.get(reverse("reporting:plan"))
    first = next(o for o in response.context["objectives"] if o.objective.number == 1)
    assert dict(first.counts) == {
        "Not started": 5,
        "On track": 0,
        "At risk": 0,
        "Off track": 0,
        "Done": 3,
    }
    assert first.total == 8
    assert [len(g.actions) for g in first.groups] == [4, 2, 2]


@time_machine.travel(datetime.datetime(2026, 3, 10, 12, tzinfo=datetime.UTC))
def test_the_tracker_query_count_does_not_grow_with_updates(
    steering_client, staff_member, django_assert_max_num_queries
):
    def add_updates(n):
        for action in KeyAction.objects.all()[:n]:
            key_action_update(
                action=action,
                status=ActionStatus.ON_TRACK,
                text="Going well",
                written_on=TODAY,
                author=staff_member,
            )

    add_updates(1)
    with django_assert_max_num_queries(10) as few:
        steering_client.get(reverse("reporting:plan"))
    add_updates(46)
    add_updates(46)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = steering_client.get(reverse("reporting:plan"))
    assert response.content.decode().count("Going well") == 46


@time_machine.travel(datetime.datetime(2026, 3, 10, 12, tzinfo=datetime.UTC))
def test_the_action_page_query_count_does_not_grow_with_updates(
    steering_client, staff_member, django_assert_max_num_queries
):
    action = _action()

    def add_updates(n):
        for _ in range(n):
            key_action_update(
                action=action,
                status=ActionStatus.ON_TRACK,
                text="Going well",
                written_on=TODAY,
                author=staff_member,
            )

    url = reverse("reporting:plan-action", args=[action.pk])
    add_updates(1)
    with django_assert_max_num_queries(10) as few:
        steering_client.get(url)
    add_updates(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        steering_client.get(url)


# --- Overdue: the tracker tells the truth about time ---------------------------------------------


@time_machine.travel(datetime.datetime(2026, 3, 10, 12, tzinfo=datetime.UTC))
def test_an_action_past_its_timeframe_and_not_done_shows_as_overdue(steering_client, staff_member):
    # On 10 March 2026 the July to September 2025 and July to December 2025 actions are past.
    key_action_update(
        action=_action(2, 2),
        status=ActionStatus.DONE,
        text="Done",
        written_on=TODAY,
        author=staff_member,
    )
    key_action_update(
        action=_action(2, 1),
        status=ActionStatus.ON_TRACK,
        text="Nearly there",
        written_on=TODAY,
        author=staff_member,
    )
    response = steering_client.get(reverse("reporting:plan"))
    rows = {
        action.pk: action.overdue
        for item in response.context["objectives"]
        for group in item.groups
        for action in group.actions
    }
    assert rows[_action(2, 1).pk] is True  # on track, says staff, but its time has passed
    assert rows[_action(2, 2).pk] is False  # done
    assert rows[_action(2, 4).pk] is False  # October 2025 to June 2026: not yet
    assert rows[_action(1, 7).pk] is False  # "June 2026 – Onwards" never is
    overdue = {item.objective.number: item.overdue for item in response.context["objectives"]}
    assert overdue == {1: 4, 2: 2, 3: 3, 4: 5}

    html = response.content.decode()
    row = html[html.index(_action(2, 1).text) :]
    row = row[: row.index("</tr>")]
    assert '<strong class="nhsuk-tag nhsuk-tag--blue">On track</strong>' in row
    assert '<strong class="nhsuk-tag nhsuk-tag--red">Overdue</strong>' in row
    done = html[html.index(_action(2, 2).text) :]
    assert "Overdue" not in done[: done.index("</tr>")]


@time_machine.travel(datetime.datetime(2026, 3, 10, 12, tzinfo=datetime.UTC))
def test_the_action_page_gives_the_due_date_and_says_when_it_is_overdue(steering_client):
    html = steering_client.get(reverse("reporting:plan-action", args=[_action(1, 1).pk])).content
    html = html.decode()
    assert "Due by 31 December 2025" in html
    assert '<strong class="nhsuk-tag nhsuk-tag--red">Overdue</strong>' in html
    onwards = steering_client.get(reverse("reporting:plan-action", args=[_action(1, 7).pk]))
    assert "Due by" not in onwards.content.decode()
    assert "Overdue</strong>" not in onwards.content.decode()


@pytest.mark.parametrize(
    ("today", "status", "overdue"),
    [
        (datetime.date(2025, 12, 31), ActionStatus.NOT_STARTED, False),  # the last day
        (datetime.date(2026, 1, 1), ActionStatus.NOT_STARTED, True),
        (datetime.date(2026, 1, 1), ActionStatus.AT_RISK, True),
        (datetime.date(2026, 1, 1), ActionStatus.DONE, False),
    ],
)
def test_overdue_on_a_day_in_python_and_in_the_database(db, today, status, overdue):
    action = _action(1, 1)  # July – December 2025
    action.status = status
    action.save()
    assert action.is_overdue_on(today) is overdue
    assert KeyAction.objects.with_overdue(today).get(pk=action.pk).overdue is overdue
    assert KeyAction.objects.needing_attention(today).filter(pk=action.pk).exists() is (
        overdue or status == ActionStatus.AT_RISK
    )
