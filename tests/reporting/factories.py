"""Factories for the reporting app: the people newsletters and digests go to, and what they tell."""

import factory

from activities.models import Activity, ActivityStatus
from community.models import DigestFrequency, NewsletterChoice
from tests.activities.factories import ActivityFactory, ProjectFactory
from tests.community.factories import CoCreatorFactory


class NewsletterReaderFactory(CoCreatorFactory):
    """A co-creator who asked for the newsletter, by email unless told."""

    newsletter = NewsletterChoice.YES


class DigestReaderFactory(CoCreatorFactory):
    """A co-creator who asked for a weekly digest, by email unless told.

    Pass `last_digest_at` for when the last one went.
    """

    digest_frequency = DigestFrequency.WEEKLY


class OpportunityFactory(ActivityFactory):
    """An open session in a project for `service_area` (what digests match on), first listed
    `created` (a datetime; now unless told)."""

    class Meta:
        skip_postgeneration_save = True

    class Params:
        service_area = None

    project = factory.SubFactory(
        ProjectFactory,
        title=factory.LazyAttribute(lambda o: f"{o.factory_parent.title} project"),
        service_area=factory.SelfAttribute("..service_area"),
    )

    @factory.post_generation
    def created(obj, create, extracted, **kwargs):
        if create and extracted is not None:
            Activity.objects.filter(pk=obj.pk).update(created_at=extracted)
            obj.created_at = extracted


class PastSessionFactory(ActivityFactory):
    """A session that has happened (status done)."""

    status = ActivityStatus.DONE
