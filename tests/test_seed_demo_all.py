"""The whole demo, community and activities, from one command: safe to load twice, and telling.

The activities' mix must move towards the deeper levels so the staff dashboard has a story to show.
"""

from datetime import timedelta

from django.utils import timezone

from activities.demo.build import build_demo_activities
from activities.demo.data import PROJECTS
from activities.models import (
    INFORMAL_SETTINGS,
    Activity,
    ActivityStatus,
    Attendance,
    AttendanceStatus,
    EngagementLevel,
    Project,
    ProjectObjective,
    SignUp,
    SignUpStatus,
)
from activities.selectors.dashboard import dashboard_attendance_to_record, dashboard_waiting_lists
from activities.selectors.mix import engagement_mix
from cocreation.lib.periods import period_containing
from community.models import CoCreator, PartnerOrganisation, User
from payments.models import Claim, PaymentExportLine
from tests.conftest import client_for, seed_demo_output


def _counts() -> dict:
    return {
        model.__name__: model.objects.count()
        for model in (
            User,
            CoCreator,
            PartnerOrganisation,
            Project,
            ProjectObjective,
            Project.partners.through,
            Activity,
            Activity.partners.through,
            SignUp,
            Attendance,
        )
    }


def test_loading_the_whole_demo_twice_leaves_exactly_the_same_rows(seeded):
    before = _counts()
    again = seed_demo_output()
    assert _counts() == before
    assert "(0 added" in again
    assert "Demo activities:" in again and "activities (0 added)" in again


def test_each_demo_activity_is_one_title_at_one_time(seeded):
    assert Activity.objects.values("title", "starts_at").distinct().count() == (
        Activity.objects.count()
    )


def test_loading_again_two_months_later_adds_only_the_months_not_there_before(seeded):
    before = set(Activity.objects.values_list("title", "starts_at"))
    summary = build_demo_activities(now=timezone.now() + timedelta(days=62))
    after = set(Activity.objects.values_list("title", "starts_at"))
    assert before < after
    # At least one whole new month (six to ten sessions), at most two months' worth.
    assert 6 <= summary.activities_added == len(after - before) <= 20
    newest = max(before, key=lambda key: key[1])[1]
    assert all(starts_at > newest for _, starts_at in after - before)


def test_the_summary_says_what_was_made_and_the_logins_are_printed(seeded):
    assert "Demo community: 201 co-creators (200 added" in seeded
    assert f"Demo activities: {len(PROJECTS)} projects" in seeded
    assert (
        "staff@example.org" in seeded and "Password for all of them: co-create-together" in seeded
    )
    assert "partner@example.org" in seeded


def test_there_are_about_ten_projects_at_different_stages_with_partners(seeded):
    projects = Project.objects.all()
    assert 8 <= projects.count() <= 14
    assert len(set(projects.values_list("stage", flat=True))) >= 4
    assert len(set(projects.values_list("status", flat=True))) >= 3
    assert all(p.objectives.exists() for p in projects)
    assert projects.filter(partners__isnull=False).distinct().count() >= 5
    assert Activity.objects.filter(project__isnull=False).count() > 100


def test_about_two_years_of_activities_run_to_three_months_ahead(seeded):
    now = timezone.now()
    first = Activity.objects.order_by("starts_at").first().starts_at
    last = Activity.objects.order_by("starts_at").last().starts_at
    assert timedelta(days=700) < now - first < timedelta(days=760)
    assert timedelta(days=60) < last - now < timedelta(days=95)
    assert 24 * 6 <= Activity.objects.count() <= 28 * 10


def test_there_are_activities_at_every_level(seeded):
    levels = set(Activity.objects.values_list("level", flat=True))
    assert levels == set(EngagementLevel.values)


def test_statuses_are_right_for_the_date(seeded):
    now = timezone.now()
    past, future = (
        Activity.objects.filter(ends_at__lte=now),
        Activity.objects.filter(starts_at__gt=now),
    )
    assert not past.filter(status=ActivityStatus.PLANNED).exists()
    assert not future.filter(status=ActivityStatus.DONE).exists()
    assert past.filter(status=ActivityStatus.CANCELLED).exists()
    assert past.filter(status=ActivityStatus.DONE).count() > 100
    assert future.filter(status=ActivityStatus.OPEN).exists()
    assert not Attendance.objects.filter(activity__starts_at__gt=now).exists()
    assert not Attendance.objects.filter(activity__status=ActivityStatus.CANCELLED).exists()
    # Every done session has its attendance.
    assert not past.filter(status=ActivityStatus.DONE, attendances__isnull=True).exists()


def test_evening_and_weekend_are_worked_out_as_the_service_does(seeded):
    from activities.services import evening_and_weekend

    activities = list(Activity.objects.all())
    assert all((a.is_evening, a.is_weekend) == evening_and_weekend(a.starts_at) for a in activities)
    assert any(a.is_evening for a in activities) and any(a.is_weekend for a in activities)


def test_some_future_activities_are_full_with_a_waiting_list(seeded):
    waiting = dashboard_waiting_lists()
    assert len(waiting.rows) >= 2
    for activity in waiting.rows:
        assert activity.booked == activity.capacity
        assert activity.waiting >= 1
    assert not SignUp.objects.filter(
        status=SignUpStatus.WAITING, activity__ends_at__lte=timezone.now()
    ).exists()


def test_a_handful_of_recent_past_activities_have_no_attendance_yet(seeded):
    to_record = dashboard_attendance_to_record()
    assert 3 <= len(to_record.rows) <= 8
    assert all(a.booked > 0 for a in to_record.rows)


def test_attendance_is_by_demo_cocreators_mostly_participants_for_the_session_length(seeded):
    # Sessions' registers: taking part in a demo consultation counts the minutes staff set for
    # it (consultations/demo.py), not the weeks it is open.
    rows = Attendance.objects.filter(activity__consultation__isnull=True).select_related(
        "activity", "cocreator"
    )
    assert rows.count() > 1000
    assert all(r.cocreator.email.endswith("@example.org") for r in rows)
    attended = [r for r in rows if r.status == AttendanceStatus.ATTENDED]
    assert all(r.hours == r.activity.duration_hours for r in attended)
    assert all(r.hours == 0 for r in rows if r.status != AttendanceStatus.ATTENDED)
    participants = sum(1 for r in rows if r.role == "participant")
    assert participants > 0.8 * rows.count()
    assert rows.filter(walked_in=True).exists()


def test_the_demo_cocreator_has_taken_part_and_has_places_booked(seeded):
    alex = CoCreator.objects.get(email="cocreator@example.org")
    assert alex.attendances.filter(status=AttendanceStatus.ATTENDED).count() >= 5
    assert alex.signups.filter(activity__starts_at__gt=timezone.now()).exists()


def test_the_centre_of_gravity_rises_year_on_year(seeded):
    latest = period_containing(timezone.localdate(), "quarter").previous()
    now_mix = engagement_mix(latest)
    year_before = engagement_mix(latest.same_period_a_year_before())
    assert now_mix.centre_of_gravity > year_before.centre_of_gravity


def test_informal_settings_take_a_rising_share(seeded):
    now = timezone.now()

    def share(start, end):
        done = Activity.objects.between(start, end).exclude(status=ActivityStatus.CANCELLED)
        return done.filter(setting__in=INFORMAL_SETTINGS).count() / done.count()

    year = timedelta(days=365)
    assert share(now - year, now) > share(now - 2 * year, now - year)


def test_the_activities_demo_is_written_in_bulk(seeded, django_assert_max_num_queries):
    # The payments demo's claims hold their sessions (PROTECT): they go first. The demo
    # consultations' activities are theirs (PROTECT) and are not the activities demo's.
    PaymentExportLine.objects.all().delete()
    Claim.objects.all().delete()
    Activity.objects.filter(consultation__isnull=True).delete()
    with django_assert_max_num_queries(100):
        summary = build_demo_activities()
    assert summary.activities_added > 150


def test_the_staff_dashboard_tells_the_demos_story(seeded, staff_member_with_mfa):
    html = client_for(staff_member_with_mfa).get("/staff/").content.decode()
    assert "towards deeper involvement" in html or "away from deeper involvement" in html
    assert "Nobody is on a waiting list." not in html
    assert "Attendance has been recorded for every activity" not in html


def test_the_demo_reports_have_plan_progress_a_pack_and_a_draft_newsletter(seeded):
    from reporting.models import GovernancePack, KeyActionUpdate, NewsletterIssue

    assert KeyActionUpdate.objects.count() >= 10
    pack = GovernancePack.objects.get()
    assert pack.intact
    assert pack.period_slug == period_containing(timezone.localdate()).previous().previous().slug
    assert NewsletterIssue.objects.filter(status="draft").count() == 1
    seed_demo_output()
    assert GovernancePack.objects.count() == 1
    assert NewsletterIssue.objects.count() == 1
    assert KeyActionUpdate.objects.count() >= 10
    steering = client_for(User.objects.get(email="steering@example.org"))
    assert steering.get(f"/reports/packs/{pack.pk}/").status_code == 200


def test_the_steering_group_sees_the_demos_real_activity_counts_at_each_level(seeded):
    from reporting.reports.figures import report_for

    quarter = period_containing(timezone.localdate()).previous()
    report = report_for(quarter)
    mix = report["series"]["level_mix"]["activities"][-1]
    held = engagement_mix(quarter)
    assert mix == [str(row.activities) for row in held.rows]
    assert "*" not in mix and sum(int(n) for n in mix) > 0
    html = client_for(User.objects.get(email="steering@example.org")).get("/reports/")
    assert html.status_code == 200
