"""Leaving erases the person from every table of every app, and keeps the counts the steering
group's reports need.

The person is built through the apps' own services with "Zyxwv-<field>" in every text field of
every row that points at them; after they leave, every column of every table is searched.
"""

import json
from datetime import timedelta

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import dateformat, timezone

from activities.models import Attendance, AttendanceStatus, CalendarFeed, SignUp, SignUpStatus
from activities.services import (
    AttendanceLine,
    attendance_record_session,
    calendar_feed_ensure,
    signup_create,
)
from community.data_export import _found, person_links
from community.erasure import (
    KEEP,
    ErasurePolicyMissing,
    erasure_policies,
    scrubbed_fields,
)
from community.models import (
    AuditAction,
    AuditEvent,
    Champion,
    CoCreator,
    CoCreatorStatus,
    Consent,
    Demographics,
    FirstLanguage,
    Message,
    MessageStatus,
    Role,
    User,
)
from community.services import (
    cocreator_erase,
    cocreator_for_user_ensure,
    cocreator_update,
    demographics_save,
    equality_consent_give,
    user_create_with_role,
)
from impact.models import (
    CaseStudy,
    ExperienceResponse,
    ImpactRecord,
    InsightSource,
    InsightTag,
    JournalEntry,
    JournalSharing,
    SurveyInvitation,
    SurveyKind,
    Theme,
    WellbeingResponse,
)
from impact.services.case_studies import case_study_consent_record, case_study_save
from impact.services.records import impact_record_save
from impact.services.surveys import experience_response_save, wellbeing_response_save
from impact.services.themes import insight_tags_replace
from tests.activities.conftest import make_activity
from tests.conftest import PASSWORD, client_for

MARK = "zyxwv"  # every distinctive string holds it; searched case-insensitively
LOGIN_EMAIL = "zyxwv-login@example.org"
RECORD_EMAIL = "zyxwv-record@example.org"


def _z(name: str) -> str:
    return f"Zyxwv-{name}"


@pytest.fixture
def leaver(db, staff_member):
    """A co-creator with a row in every app, each text field marked."""
    user = user_create_with_role(
        email=LOGIN_EMAIL,
        role=Role.COCREATOR,
        full_name=_z("fullname"),
        password=PASSWORD,
        verified=True,
    )
    person = cocreator_for_user_ensure(user=user)
    cocreator_update(
        actor=staff_member,
        cocreator=person,
        full_name=_z("fullname"),
        preferred_name=_z("preferred"),
        pronouns=_z("pronouns"),
        email=RECORD_EMAIL,
        phone=_z("phone"),
        address=_z("address"),
        postcode="ZYXWV1",
        interpreter_language=_z("language"),
        access_needs_other=_z("access"),
        staff_note=_z("staffnote"),
        access_needs=["other"],
        relationships=["carer"],
    )
    equality_consent_give(cocreator=person, actor=user)
    demographics_save(
        cocreator=person,
        actor=user,
        first_language=FirstLanguage.OTHER,
        first_language_other=_z("firstlanguage"),
    )
    Champion.objects.create(cocreator=person, communities=_z("communities"))
    Message.objects.create(
        key=f"welcome:{person.pk}",
        cocreator=person,
        kind="welcome",
        recipient=RECORD_EMAIL,
        subject=_z("subject"),
        context={"name": _z("context")},
        reason=_z("reason"),
        last_error=_z("error"),
        status=MessageStatus.FAILED,
    )
    TOTP.activate(user, generate_totp_secret())
    LogEntry.objects.create(
        user=staff_member,
        content_type=ContentType.objects.get_for_model(User),
        object_id=str(user.pk),
        object_repr=str(user),
        action_flag=CHANGE,
        change_message=_z("adminchange"),
    )

    # Activities: a past session they came to, one still to come they booked.
    past = make_activity(starts=timezone.now() - timedelta(days=10))
    attendance_record_session(
        activity=past,
        lines=[AttendanceLine(cocreator_id=person.pk, status=AttendanceStatus.ATTENDED)],
        actor=staff_member,
    )
    coming = make_activity(starts=timezone.now() + timedelta(days=10), capacity=1)
    signup_create(activity_id=coming.pk, cocreator=person)
    calendar_feed_ensure(cocreator=person)

    # Impact: surveys answered and one still open, journal entries, a case study, a record.
    answered = SurveyInvitation.objects.create(
        key=f"experience:{past.pk}:{person.pk}",
        cocreator=person,
        kind=SurveyKind.EXPERIENCE,
        activity=past,
        due_on=timezone.localdate(),
    )
    response = experience_response_save(
        invitation=answered,
        answers={"confidence": 4, "free_text": _z("freetext")},
        anonymous=False,
        today=timezone.localdate(),
    )
    wellbeing = SurveyInvitation.objects.create(
        key=f"wellbeing_before:{person.pk}",
        cocreator=person,
        kind=SurveyKind.WELLBEING_BEFORE,
        due_on=timezone.localdate(),
    )
    wellbeing_response_save(
        invitation=wellbeing, answers=[3, 4, 3, 4, 3, 4, 3], today=timezone.localdate()
    )
    SurveyInvitation.objects.create(
        key=f"wellbeing_followup:{person.pk}:1",
        cocreator=person,
        kind=SurveyKind.WELLBEING_FOLLOWUP,
        due_on=timezone.localdate(),
    )
    theme = Theme.objects.create(name="Parking")
    insight_tags_replace(
        source=InsightSource.SURVEY_TEXT,
        source_id=str(response.pk),
        month=timezone.localdate().replace(day=1),
        themes=[theme],
        actor=staff_member,
    )
    JournalEntry.objects.create(author=user, prompt=_z("prompt1"), body=_z("private"))
    shared = JournalEntry.objects.create(
        author=user, prompt=_z("prompt2"), body=_z("shared"), sharing=JournalSharing.SHARED
    )
    insight_tags_replace(
        source=InsightSource.JOURNAL,
        source_id=str(shared.pk),
        month=timezone.localdate().replace(day=1),
        themes=[theme],
        actor=staff_member,
    )
    record = ImpactRecord(
        title="Clearer parking signs",
        what_changed="Signs were changed.",
        kind="service",
        how_influenced="Co-creators walked the route.",
    )
    impact_record_save(record=record, activities=[past], contributors=[person])
    study = CaseStudy(
        title=_z("casestudytitle"),
        story=f"{_z('fullname')} told us {_z('story')}",
        cocreator=person,
    )
    case_study_save(case_study=study, impact_records=[record], actor=staff_member)
    case_study_consent_record(case_study=study, actor=staff_member)
    person.refresh_from_db()
    return person


def _text_in_database(needles) -> tuple[list[str], int, int]:
    """Every place any needle appears in any column of any table; and how many were searched."""
    found, tables, columns = [], 0, 0
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            # Every column, named by the cursor: SQLite's table description parses the table's
            # CREATE statement, and fails on some CHECK constraints (Django 5.2).
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            names = [c[0] for c in cursor.description]
            tables += 1
            columns += len(names)
            for row in cursor.fetchall():
                for name, value in zip(names, row, strict=True):
                    if isinstance(value, bytes | memoryview):
                        value = bytes(value).decode("utf-8", "replace")
                    text = value if isinstance(value, str) else json.dumps(value, default=str)
                    if any(n in text.lower() for n in needles):
                        found.append(f"{table}.{name}: {text[:80]}")
    return found, tables, columns


def _counts(person):
    return {
        "attendance": Attendance.objects.filter(cocreator=person).count(),
        "wellbeing": WellbeingResponse.objects.filter(cocreator=person).count(),
        "experience": ExperienceResponse.objects.count(),
        "experience_scores": ExperienceResponse.objects.filter(confidence=4).count(),
        "invitations": SurveyInvitation.objects.filter(cocreator=person).count(),
        "impact_records": ImpactRecord.objects.count(),
        "theme_tags": InsightTag.objects.filter(theme__name="Parking").count(),
    }


def test_leaving_leaves_nothing_that_identifies_the_person_in_any_table(
    leaver, staff_client, capsys
):
    open_link = reverse(
        "impact:survey-answer",
        args=[SurveyInvitation.objects.get(key=f"wellbeing_followup:{leaver.pk}:1").token],
    )
    assert Client().get(open_link).status_code == 200
    needles = [MARK, LOGIN_EMAIL, RECORD_EMAIL]
    before, _, _ = _text_in_database(needles)
    assert len(before) > 20  # the fixture really did mark rows everywhere
    counts = _counts(leaver)

    user = leaver.user
    leaving = client_for(user)
    other_device = client_for(user)
    other_session_key = other_device.session.session_key
    # A sign-in by code started in a third browser keeps the address in that session.
    half_signed_in = Client()
    half_signed_in.post("/accounts/login/code/", {"email": LOGIN_EMAIL})

    response = leaving.post("/portal/leave/", {"understand": "on"})
    assert response.status_code == 302 and response.url == "/portal/left/"

    found, tables, columns = _text_in_database(needles)
    assert found == []
    with capsys.disabled():
        print(
            f"\nsearched {tables} tables, {columns} columns: {len(before)} marked before, 0 after"
        )

    # The counts the steering group's reports need are all still there.
    assert _counts(leaver) == counts
    assert CoCreator.objects.filter(pk=leaver.pk, status=CoCreatorStatus.LEFT).exists()

    # Their own rows are gone.
    assert not JournalEntry.objects.filter(author=user).exists()
    assert not CaseStudy.objects.exists()
    assert not CalendarFeed.objects.filter(cocreator=leaver).exists()
    assert not Consent.objects.filter(cocreator=leaver).exists()
    assert not Demographics.objects.filter(cocreator=leaver).exists()
    assert not Champion.objects.filter(cocreator=leaver).exists()
    assert not user.emailaddress_set.exists() and not user.authenticator_set.exists()
    assert not ImpactRecord.objects.filter(contributors=leaver).exists()
    assert not SignUp.objects.filter(cocreator=leaver).exclude(status=SignUpStatus.WITHDRAWN)
    assert not Message.objects.filter(cocreator=leaver).exclude(status=MessageStatus.SKIPPED)
    # Staff's theme on the shared entry is still counted, linked to nothing.
    assert InsightTag.objects.filter(source=InsightSource.ANONYMOUS_JOURNAL, source_id="").exists()

    # Every session of theirs is ended, the other device's included.
    assert not Session.objects.filter(session_key=other_session_key).exists()
    again = other_device.get("/portal/")
    assert again.status_code == 302 and again.url.startswith("/accounts/login/")

    # Their survey link is closed.
    assert Client().get(open_link).status_code == 404

    # Audit events about them keep only the action and the time.
    events = AuditEvent.objects.filter(cocreator_id=leaver.pk)
    assert events.filter(action=AuditAction.ERASE).exists()
    assert not events.filter(actor__isnull=False).exists()
    assert not events.exclude(fields=[]).exists()

    # Staff see that the person left and when, and nothing else.
    left_at = events.get(action=AuditAction.ERASE).at
    page = staff_client.get(reverse("community:cocreator-detail", args=[leaver.pk]))
    html = page.content.decode()
    assert "This person has left the community" in html
    assert dateformat.format(timezone.localtime(left_at), "j F Y") in html
    for words in ("Former co-creator", "Carer", "Staff note", "Equality monitoring", MARK):
        assert words.lower() not in html.lower()
    # Nor can the anonymous row be filled in again.
    edit = reverse("community:cocreator-edit", args=[leaver.pk])
    assert staff_client.get(edit).status_code == 404


def test_every_link_to_a_person_has_an_erasure_policy():
    """A model added in any app that can point at a person or their login fails here until its
    app registers what leaving does to it (community/erasure.py)."""
    links = person_links(hidden=True)
    policies = erasure_policies()
    assert sorted(links - set(policies)) == [], "links with no erasure policy"
    assert sorted(set(policies) - links) == [], "policies for links that no longer exist"
    # The download's own walk reaches nothing the policies do not cover.
    assert {label for label, _ in person_links()} <= {label for label, _ in policies}


@pytest.mark.django_db
def test_the_download_walk_and_the_policies_cover_the_same_models(cocreator):
    models_by_label, _, _ = _found(cocreator_for_user_ensure(user=cocreator))
    assert set(models_by_label) <= {label for label, _ in erasure_policies()}


def test_what_a_kept_row_keeps_is_named_and_can_be_emptied():
    from django.apps import apps

    for (label, _name), erasure in erasure_policies().items():
        model = apps.get_model(label)
        for kept in erasure.keep_text:
            model._meta.get_field(kept)  # a kept field that does not exist is a typo
        if erasure.action == KEEP:
            for f in scrubbed_fields(model, erasure.keep_text):
                assert not f.unique, f"{label}.{f.name} is unique: keep it or replace it"
        assert erasure.why


def test_leaving_refuses_rather_than_skip_a_link_with_no_policy(db, cocreator, monkeypatch):
    from community import erasure

    person = cocreator_for_user_ensure(user=cocreator)
    JournalEntry.objects.create(author=cocreator, body=_z("kept"))
    policies = dict(erasure._POLICIES)
    del policies[("impact.JournalEntry", "author")]
    monkeypatch.setattr(erasure, "_POLICIES", policies)
    with pytest.raises(ErasurePolicyMissing, match="impact.JournalEntry.author"):
        cocreator_erase(cocreator=person, actor=None)
    person.refresh_from_db()
    assert person.status == CoCreatorStatus.ACTIVE
    assert JournalEntry.objects.filter(author=cocreator).exists()


@pytest.mark.parametrize(
    ("persona", "refused_with"),
    [("anonymous", 302), ("cocreator_client", 403), ("steering_client", 403)],
)
def test_only_staff_see_the_page_of_someone_who_left(
    request, other_cocreator, persona, refused_with
):
    left = cocreator_for_user_ensure(user=other_cocreator)
    cocreator_erase(cocreator=left, actor=None)
    page = request.getfixturevalue(persona).get(
        reverse("community:cocreator-detail", args=[left.pk])
    )
    assert page.status_code == refused_with
    assert "This person has left the community" not in page.content.decode()
