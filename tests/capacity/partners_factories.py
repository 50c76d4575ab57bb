"""Rows for the partner section's tests: a partner login with its access, and a request."""

import factory

from capacity.models import PartnerAccess, SupportRequest, SupportRequestKind
from community.models import PartnerKind, PartnerOrganisation, Role
from tests.community.factories import UserFactory


class PartnerAccessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerAccess

    user = factory.SubFactory(UserFactory, role=Role.PARTNER)
    job_title = "Research lead"


class SupportRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportRequest

    requested_by = factory.SubFactory(UserFactory, role=Role.PARTNER)
    kind = SupportRequestKind.TRAINING
    what_is_needed = "Two places on the next course, please."


class PartnerOrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerOrganisation

    name = factory.Sequence(lambda n: f"University of Kent Marsh {n}")
    kind = PartnerKind.UNIVERSITY
