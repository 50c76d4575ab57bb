"""Rows for the mentoring tests (to fold into tests/capacity/factories.py once the packages meet)."""

import datetime

import factory
from django.utils import timezone

from capacity.models import MeetingFeeling, Mentoring, PeerGroup, PeerGroupMember, SupportMeeting
from tests.community.factories import CoCreatorFactory


class MentoringFactory(factory.django.DjangoModelFactory):
    """A pair waiting for both to agree (pass `agreed=True` for an active one)."""

    class Meta:
        model = Mentoring

    class Params:
        agreed = factory.Trait(
            mentor_agreed_at=factory.LazyFunction(timezone.now),
            mentee_agreed_at=factory.LazyFunction(timezone.now),
        )

    mentor = factory.SubFactory(CoCreatorFactory)
    mentee = factory.SubFactory(CoCreatorFactory)
    purpose = "Getting ready for panels"


class PeerGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PeerGroup

    name = factory.Sequence(lambda n: f"Peer group {n}")
    about = "Carers supporting each other."
    meets = "Thursdays, online"


class PeerGroupMemberFactory(factory.django.DjangoModelFactory):
    """A member who agreed (pass `agreed_at=None` for one only invited)."""

    class Meta:
        model = PeerGroupMember

    group = factory.SubFactory(PeerGroupFactory)
    cocreator = factory.SubFactory(CoCreatorFactory)
    agreed_at = factory.LazyFunction(timezone.now)


class SupportMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportMeeting

    met_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=1))
    how_it_went = MeetingFeeling.WELL
