"""The demo's accreditation panels: a panel on each of applying's three submitted applications
(the demo staff member and two co-creators with logins, the demo co-creator on one still at work),
every criterion scored, two accredited (one with a renewal due within 90 days) and one with its
panel; a few queries; running it again adds nothing; nothing is done without applying's rows."""

import datetime

import pytest
from django.utils import timezone

from activities.demo.build import build_demo_activities
from capacity.accreditation.applying.demo import demo_build as applying_demo
from capacity.accreditation.panel.demo import demo_build
from capacity.accreditation.panel.selectors import accredited_list, panel_summary, renewals_due
from capacity.models import AccreditationApplication, ApplicationStatus, PanelMember, PanelScore
from community.demo.build import build_demo_community
from community.models import Role
from community.services import demo_user_ensure
from impact.demo import build_demo_impact

pytestmark = pytest.mark.django_db


def _demo_before_the_panel():
    for email, role in (
        ("staff@example.org", Role.STAFF),
        ("cocreator@example.org", Role.COCREATOR),
        ("partner@example.org", Role.PARTNER),
    ):
        demo_user_ensure(email=email, full_name=email, role=role, password="a-long-password-1")
    build_demo_community()
    build_demo_activities()
    build_demo_impact()
    applying_demo()


def test_without_applyings_applications_the_demo_does_nothing():
    demo_build()
    assert not PanelMember.objects.exists()


def test_the_demo_reviews_three_applications_and_accredits_two(django_assert_max_num_queries):
    _demo_before_the_panel()
    with django_assert_max_num_queries(25):
        demo_build()
    statuses = sorted(AccreditationApplication.objects.values_list("status", flat=True))
    assert statuses.count(ApplicationStatus.AWARDED) == 2
    assert statuses.count(ApplicationStatus.IN_REVIEW) == 1
    levels = {a.level_awarded for a in accredited_list()}
    assert levels == {"established", "foundation"}
    today = timezone.localdate()
    for application in accredited_list():
        assert today - datetime.timedelta(days=320) <= application.awarded_on
        assert application.awarded_on <= today - datetime.timedelta(days=60)
    assert renewals_due().count() == 1
    assert PanelMember.objects.filter(user__email="cocreator@example.org").exists()
    for application in AccreditationApplication.objects.filter(panel__isnull=False).distinct():
        summary = panel_summary(application)
        assert summary.missing == [], application
        assert summary.has_cocreator_reviewer
        assert [s.member.user.email for s in summary.seats][0] == "staff@example.org"
    in_review = AccreditationApplication.objects.get(status=ApplicationStatus.IN_REVIEW)
    assert in_review.panel.filter(user__email="cocreator@example.org").exists()
    assert PanelMember.objects.filter(has_conflict=True).count() == 1

    rows = (PanelMember.objects.count(), PanelScore.objects.count())
    demo_build()
    assert (PanelMember.objects.count(), PanelScore.objects.count()) == rows
