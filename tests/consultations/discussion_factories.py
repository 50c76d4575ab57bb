"""Rows for the idea board and discussion tests: a co-creator behind a login with the name they
chose for discussions, and ideas or posts by them."""

from community.services import cocreator_for_user_ensure
from consultations.models import DiscussionName


def person_with_name(user, display_name: str):
    """The co-creator record behind `user`, with their chosen discussion name."""
    person = cocreator_for_user_ensure(user=user)
    DiscussionName.objects.update_or_create(
        cocreator=person, defaults={"display_name": display_name}
    )
    return person


def seed_crisis_words() -> None:
    """The starting crisis words, as migration 0002 adds them: a test that empties the tables
    (a browser test) takes them away for the tests after it."""
    from importlib import import_module

    from django.apps import apps

    import_module("consultations.migrations.0002_default_crisis_words").add_words(apps, None)
