"""Journal entries for the journal tests."""

import pytest

from impact.models import JournalEntry, JournalSharing


def write(author, body="I noticed something.", *, sharing=JournalSharing.PRIVATE, prompt=""):
    return JournalEntry.objects.create(author=author, body=body, sharing=sharing, prompt=prompt)


@pytest.fixture
def private_entry(cocreator):
    return write(cocreator, "My private thoughts about the garden group.", prompt="What's missing?")


@pytest.fixture
def shared_entry(cocreator):
    return write(
        cocreator,
        "Carers' voices were missing from the meeting.",
        sharing=JournalSharing.SHARED,
        prompt="Whose voices are still unheard?",
    )
