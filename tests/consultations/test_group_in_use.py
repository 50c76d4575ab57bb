"""A saved group chosen as a consultation's audience cannot be deleted: staff are told why, in
words, and nothing is deleted."""

import pytest
from django.urls import reverse

from consultations.models import Audience
from reporting.groups.models import SavedGroup
from tests.consultations.factories import ConsultationFactory

pytestmark = pytest.mark.django_db


def test_deleting_a_group_a_consultation_uses_is_refused_in_words(staff_client):
    group = SavedGroup.objects.create(name="Carers in Medway", criteria={})
    consultation = ConsultationFactory(audience=Audience.GROUP, group=group)
    response = staff_client.post(reverse("reporting:group-delete", args=[group.pk]))
    assert response.status_code == 409
    page = response.content.decode()
    assert "There is a problem" in page
    assert consultation.title in page
    assert SavedGroup.objects.filter(pk=group.pk).exists()


def test_a_group_nothing_uses_is_deleted(staff_client):
    group = SavedGroup.objects.create(name="Unused", criteria={})
    response = staff_client.post(reverse("reporting:group-delete", args=[group.pk]))
    assert response.status_code == 302
    assert not SavedGroup.objects.filter(pk=group.pk).exists()
