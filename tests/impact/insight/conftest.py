"""Items of insight from Q3 2026/27 (October to December 2026), and themes with keywords."""

import pytest

from impact.models import (
    ExperienceResponse,
    InsightSuggestionRejection,
    InsightTag,
    JournalEntry,
    JournalSharing,
    SourceThemeCount,
    Theme,
)
from tests.activities.conftest import at
from tests.activities.factories import ActivityFactory, ProjectFactory
from tests.community.factories import CoCreatorFactory

PERIOD = "2026-q3"


@pytest.fixture
def themes(db):
    """Three themes of our own, whatever the data migration loaded; two with keywords."""
    InsightTag.objects.all().delete()
    InsightSuggestionRejection.objects.all().delete()
    SourceThemeCount.objects.all().delete()
    Theme.objects.all().delete()
    return {
        "access": Theme.objects.create(name="Access to services", keywords="referral, GP"),
        "waiting": Theme.objects.create(
            name="Waiting times", keywords="waiting list, wait, waited"
        ),
        "carers": Theme.objects.create(name="Carers and families"),
    }


@pytest.fixture
def project(db):
    return ProjectFactory(title="Memory clinic redesign")


@pytest.fixture
def session(db, project):
    """A session in November 2026, in the project, with notes."""
    return ActivityFactory(
        title="Memory clinic workshop",
        project=project,
        starts_at=at(2026, 11, 3, 14),
        notes_missing="Nobody explained the waiting list.",
        notes_unheard_voices="Young carers.",
    )


@pytest.fixture
def answer(db, session):
    """A named answer about the session, in November 2026."""
    return ExperienceResponse.objects.create(
        cocreator=CoCreatorFactory(),
        activity=session,
        month="2026-11-01",
        free_text="I waited months for a referral.",
    )


@pytest.fixture
def anonymous_answer(db):
    return ExperienceResponse.objects.create(
        month="2026-10-01", anonymous=True, free_text="Parking was hard."
    )


@pytest.fixture
def shared_entry(db, cocreator):
    entry = JournalEntry.objects.create(
        author=cocreator, body="My GP listened at last.", sharing=JournalSharing.SHARED
    )
    JournalEntry.objects.filter(pk=entry.pk).update(created_at=at(2026, 12, 1, 9))
    entry.refresh_from_db()
    return entry


@pytest.fixture
def items(answer, anonymous_answer, shared_entry, session):
    return {
        "answer": answer,
        "anonymous": anonymous_answer,
        "entry": shared_entry,
        "session": session,
    }
