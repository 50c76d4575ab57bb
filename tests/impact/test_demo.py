"""The demo impact data: loaded by seed_demo, the same every time, and internally consistent."""

from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from community.models import User
from impact import swemwbs
from impact.models import (
    ExperienceResponse,
    ImpactRecord,
    ImpactStatus,
    InsightTag,
    SourceThemeCount,
    SurveyInvitation,
    SurveyKind,
    WellbeingResponse,
)
from impact.services.surveys import survey_invitations_create_due


def _counts():
    return (
        ImpactRecord.objects.count(),
        ExperienceResponse.objects.count(),
        WellbeingResponse.objects.count(),
        SourceThemeCount.objects.count(),
        InsightTag.objects.count(),
    )


def test_the_demo_adds_impact_records_surveys_and_theme_counts_once(seeded):
    first = _counts()
    # 20 of impact's own, and 1 from the consultations demo's published outcome.
    assert first[0] == 21 and first[1] > 0 and first[2] > 0 and first[3] > 0 and first[4] > 0
    call_command("seed_demo", stdout=StringIO())
    assert _counts() == first


def test_published_demo_records_can_be_shown_publicly(seeded):
    published = ImpactRecord.objects.published()
    assert published.count() == 13  # 12 of impact's own, 1 a consultation's outcome
    assert all(r.you_said and (r.we_did or r.we_could_not) for r in published)
    assert not published.filter(published_at__isnull=True).exists()
    assert ImpactRecord.objects.exclude(status=ImpactStatus.PUBLISHED).exists()


def test_anonymous_demo_answers_are_not_linked_to_anyone(seeded):
    anonymous = ExperienceResponse.objects.filter(anonymous=True)
    assert anonymous.exists()
    assert not anonymous.filter(cocreator__isnull=False).exists()
    assert not anonymous.filter(activity__isnull=False).exists()


def test_demo_wellbeing_pairs_are_scored_with_the_table_and_change_both_ways(seeded):
    table = swemwbs.conversion_table()
    for response in WellbeingResponse.objects.all()[:50]:
        assert response.raw_total == sum(response.answers)
        assert response.metric_score == table[response.raw_total]
    before = dict(
        WellbeingResponse.objects.filter(kind=SurveyKind.WELLBEING_BEFORE).values_list(
            "cocreator_id", "metric_score"
        )
    )
    after = dict(
        WellbeingResponse.objects.filter(kind=SurveyKind.WELLBEING_FOLLOWUP).values_list(
            "cocreator_id", "metric_score"
        )
    )
    classes = {
        swemwbs.classify_change(before[pk], after[pk], threshold=swemwbs.default_threshold())
        for pk in before
    }
    assert classes == set(swemwbs.ChangeClass)


def test_the_demo_cocreator_has_surveys_waiting_from_the_first_run(seeded, client):
    alex = User.objects.get(email="cocreator@example.org")
    client.force_login(alex)

    home = client.get(reverse("community:portal-home")).content.decode()
    listing = client.get(reverse("impact:portal-surveys")).content.decode()

    assert "waiting for your answers" in home
    waiting = SurveyInvitation.objects.filter(
        cocreator__email=alex.email, completed=False, opted_out=False
    )
    assert waiting.exists()
    assert all(reverse("impact:survey-answer", args=[i.token]) in listing for i in waiting[:5])


def test_the_survey_job_finds_no_batch_waiting_after_the_demo(seeded):
    before = SurveyInvitation.objects.count()

    assert survey_invitations_create_due(now=timezone.now()) == 0
    assert before > 0


def test_demo_invitations_went_at_nine_the_morning_after_each_session(seeded):
    for invitation in SurveyInvitation.objects.filter(
        kind=SurveyKind.EXPERIENCE, invited_at__isnull=False
    ).select_related("activity")[:50]:
        assert invitation.due_on == timezone.localdate(invitation.activity.ends_at) + timedelta(
            days=1
        )
        sent = timezone.localtime(invitation.invited_at)
        assert (sent.date(), sent.hour, sent.minute) == (invitation.due_on, 9, 0)
