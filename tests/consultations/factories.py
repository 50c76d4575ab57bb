"""Rows for the consultation tests. A consultation is saved through `consultation_save`, so it
always has its activity. By default it is live: published, opened yesterday, closing in 14 days,
for co-creators, with an idea board and a discussion, checked before showing (premoderate)."""

from datetime import timedelta

import factory
from django.utils import timezone

from consultations.models import (
    Audience,
    Consultation,
    ConsultationLevel,
    ConsultationStatus,
    Contribution,
    ContributionKind,
    Moderation,
    Question,
    QuestionKind,
    Response,
    ResponseChannel,
)
from consultations.services import consultation_save
from tests.community.factories import CoCreatorFactory


class ConsultationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consultation

    class Params:
        draft = factory.Trait(status=ConsultationStatus.DRAFT, published_at=None)
        ended = factory.Trait(
            opens_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=30)),
            closes_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=1)),
        )

    title = factory.Sequence(lambda n: f"Crisis line opening hours {n}")
    summary = "We want to know when you would use the crisis line. Tell us what works for you."
    level = ConsultationLevel.ENGAGE
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))
    audience = Audience.COCREATORS
    ideas_on = True
    discussion_on = True
    premoderate = True
    status = ConsultationStatus.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    @classmethod
    def _create(cls, model_class, *args, actor=None, **kwargs):
        return consultation_save(consultation=model_class(*args, **kwargs), actor=actor)


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    consultation = factory.SubFactory(ConsultationFactory)
    position = factory.Sequence(lambda n: n)
    kind = QuestionKind.CHOICE
    text = "Which times would you call?"
    options = "Mornings\nAfternoons\nEvenings\nOvernight"


class ResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Response

    consultation = factory.SubFactory(ConsultationFactory)
    cocreator = factory.SubFactory(CoCreatorFactory)
    channel = ResponseChannel.PORTAL


class ContributionFactory(factory.django.DjangoModelFactory):
    """An idea, shown (pass `moderation=Moderation.WAITING` for one waiting for a check)."""

    class Meta:
        model = Contribution

    consultation = factory.SubFactory(ConsultationFactory)
    kind = ContributionKind.IDEA
    author = factory.SubFactory(CoCreatorFactory)
    title = "Text us back"
    body = "A text message when the line is busy, so I know someone will call."
    moderation = Moderation.SHOWN
