"""seed_demo --accounts-only: the four sign-ins and nothing else. Its own module, because the
modules that share one loaded demo (the `seeded` fixture) hold it for all their tests."""

from io import StringIO

from django.core.management import call_command

from activities.models import Activity
from community.models import CoCreator, User


def test_accounts_only_makes_no_activities(db, monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    call_command("seed_demo", "--accounts-only", stdout=StringIO())
    assert User.objects.count() == 4  # one a role: staff, co-creator, steering, partner
    assert not Activity.objects.exists() and not CoCreator.objects.exists()
