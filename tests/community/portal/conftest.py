"""Two co-creators with full records: `me` (the signed-in `cocreator`) and `them` (`other_cocreator`).

Everything about `them` is distinctive, so a test can say "none of it shows on my pages".
"""

import pytest

from community.models import (
    AccessNeed,
    Champion,
    EthnicGroup,
    Interest,
    InterestKind,
    Locality,
    Message,
    Relationship,
)
from community.services import (
    cocreator_for_user_ensure,
    cocreator_update,
    demographics_save,
    equality_consent_give,
)

THEIR_DETAILS = {
    "full_name": "Olu Otherperson",
    "preferred_name": "Oluwaseun",
    "pronouns": "ze/zir",
    "phone": "07700900555",
    "address": "9 Quietly Hidden Lane",
    "postcode": "CT1 9ZZ",
    "interpreter_language": "Yoruba",
    "access_needs_other": "A quiet room with soft lighting",
}


def _fill(person_user, *, details, relationship, need, interest, locality, sex, champion_area):
    person = cocreator_for_user_ensure(user=person_user)
    cocreator_update(
        actor=None,
        cocreator=person,
        locality=locality,
        prefers_sms=True,
        relationships=[relationship],
        access_needs=[need, AccessNeed.OTHER],
        interests=[interest],
        **details,
    )
    equality_consent_give(cocreator=person, actor=None)
    demographics_save(
        cocreator=person,
        actor=None,
        sex=sex,
        ethnic_group=EthnicGroup.objects.order_by("position").first(),
    )
    Champion.objects.create(cocreator=person, communities=champion_area)
    Message.objects.create(
        key=f"welcome:{person.pk}",
        cocreator=person,
        kind="welcome",
        subject=f"Welcome, {details['full_name']}",
    )
    person.refresh_from_db()
    return person


@pytest.fixture
def me(cocreator):
    return _fill(
        cocreator,
        details={
            "full_name": "Casey Cocreator",
            "preferred_name": "Case",
            "phone": "01632960001",
            "address": "1 Open Road",
            "postcode": "ME14 1AA",
            "interpreter_language": "",
            "access_needs_other": "Step-free seating near the door",
        },
        relationship=Relationship.CARER,
        need=AccessNeed.LARGE_PRINT,
        interest=Interest.objects.filter(kind=InterestKind.SERVICE_AREA).first(),
        locality=Locality.objects.get(name="Maidstone"),
        sex="female",
        champion_area="Carers in Maidstone",
    )


@pytest.fixture
def them(other_cocreator):
    return _fill(
        other_cocreator,
        details={**THEIR_DETAILS},
        relationship=Relationship.SERVICE_USER,
        need=AccessNeed.INTERPRETER,
        interest=Interest.objects.filter(kind=InterestKind.TOPIC).last(),
        locality=Locality.objects.get(name="Canterbury"),
        sex="male",
        champion_area="Yoruba speakers in Canterbury",
    )


def their_secrets(them) -> list[str]:
    """Strings that belong to `them` only and must never appear on `me`'s pages or downloads."""
    return [
        *THEIR_DETAILS.values(),
        them.email,
        them.user.email,
        "Yoruba speakers in Canterbury",
    ]
