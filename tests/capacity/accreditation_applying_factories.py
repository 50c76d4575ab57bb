"""Rows for the accreditation tests: a published version of the criteria (two standards of two
criteria each unless told), services, applications and answers. The panel's tests use them too."""

import factory
from django.utils import timezone

from capacity.models import (
    AccreditationApplication,
    AccreditationCriterion,
    AccreditationFramework,
    AccreditationStandard,
    ApplicationStatus,
    SelfAssessment,
    Service,
)


class FrameworkFactory(factory.django.DjangoModelFactory):
    """A version of the criteria, published now unless made with `published_at=None`."""

    class Meta:
        model = AccreditationFramework

    version = factory.Sequence(lambda n: f"2026.{n + 1}")
    introduction = "How to apply for the trust's co-creation accreditation."
    published_at = factory.LazyFunction(timezone.now)


class StandardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AccreditationStandard

    framework = factory.SubFactory(FrameworkFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Standard {n + 1}: lived experience shapes the service")
    guidance = "Think about the whole year."


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AccreditationCriterion

    standard = factory.SubFactory(StandardFactory)
    number = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"People with lived experience shape priority {n + 1}.")
    guidance = "Priorities are agreed with co-creators."
    evidence_needed = "Minutes of the meeting where priorities were agreed."


def framework_with_criteria(*, standards: int = 2, each: int = 2, **kwargs):
    """A version of the criteria with `standards` standards of `each` criteria; returns it and
    its criteria in order."""
    framework = FrameworkFactory(**kwargs)
    criteria = []
    for s in range(1, standards + 1):
        standard = StandardFactory(framework=framework, number=s)
        for c in range(1, each + 1):
            criteria.append(CriterionFactory(standard=standard, number=c))
    return framework, criteria


class ServiceFactory(factory.django.DjangoModelFactory):
    """A service invited to apply (pass `invited_at=None` for one that is not)."""

    class Meta:
        model = Service
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Community Mental Health Team {n}")
    directorate = "Adult community services"
    invited_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def contacts(self, create, extracted, **kwargs):
        if create and extracted:
            self.contacts.add(*extracted)


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AccreditationApplication

    service = factory.SubFactory(ServiceFactory)
    framework = factory.SubFactory(FrameworkFactory)
    status = ApplicationStatus.DRAFT


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SelfAssessment

    application = factory.SubFactory(ApplicationFactory)
    criterion = factory.SubFactory(CriterionFactory)
    rating = SelfAssessment.Rating.MET
    how_we_meet_it = "Co-creators chose two of our three priorities this year."


def answer_all(application, criteria):
    """Answer every criterion of the application (rating and text)."""
    for criterion in criteria:
        AssessmentFactory(application=application, criterion=criterion)
