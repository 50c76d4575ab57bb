"""Telling a consultation's audience (`staff-invite`): exact counts by channel before sending, a
personal link for people without a login and the page for the rest, a group's people only, nobody
told twice, nothing sent for a draft or an ended one, and a fixed number of queries whatever the
audience (3 people and 30)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from community.models import CoCreatorStatus, Locality, Message
from community.services import cocreator_for_user_ensure
from consultations.models import Audience, LinkInvitation
from reporting.groups.models import SavedGroup
from tests.community.factories import CoCreatorFactory
from tests.consultations.factories import ConsultationFactory


def _invite(consultation):
    return reverse("consultations:staff-invite", args=[consultation.pk])


def _messages(consultation):
    return Message.objects.filter(key__startswith=f"consultation-invite:{consultation.pk}:")


def test_the_page_counts_each_channel_then_tells_each_person_once(staff_client, cocreator):
    signed_in = cocreator_for_user_ensure(user=cocreator)
    emailer = CoCreatorFactory(full_name="Erin Email")
    texter = CoCreatorFactory(
        full_name="Tom Text", email="", prefers_email=False, prefers_sms=True, phone="07700900123"
    )
    CoCreatorFactory(full_name="Pat Post", email="", prefers_email=False, prefers_post=True)
    left = CoCreatorFactory(full_name="Lee Left")
    left.status = CoCreatorStatus.LEFT
    left.save(update_fields=["status"])
    consultation = ConsultationFactory(audience=Audience.COCREATORS)
    response = staff_client.get(_invite(consultation))
    summary = response.context["summary"]
    signed_in_reachable = bool(signed_in.email and signed_in.prefers_email)
    reachable = 1 + (1 if summary["sms_on"] else 0) + signed_in_reachable
    assert summary["email"] + summary["text"] == reachable
    assert summary["total"] == 4  # the left person is not in the audience
    assert summary["to_tell"] == reachable and summary["told"] == 0
    assert "Exact figures" in response.content.decode()

    response = staff_client.post(_invite(consultation))
    assert response.status_code == 302
    rows = {m.cocreator_id: m for m in _messages(consultation)}
    assert set(rows) >= {emailer.pk}
    assert left.pk not in rows
    link = LinkInvitation.objects.get(consultation=consultation, cocreator=emailer)
    assert rows[emailer.pk].context["personal_link"] is True
    assert rows[emailer.pk].context["url"].endswith(f"/have-your-say/link/{link.token}/")
    if signed_in.pk in rows:
        assert rows[signed_in.pk].context["personal_link"] is False
        assert rows[signed_in.pk].context["url"].endswith(f"/have-your-say/{consultation.pk}/")
        assert not LinkInvitation.objects.filter(cocreator=signed_in).exists()
    if summary["sms_on"]:
        assert texter.pk in rows
    assert rows[emailer.pk].kind == "consultation_invite"

    # Pressing again sends nothing twice.
    count, links = _messages(consultation).count(), LinkInvitation.objects.count()
    response = staff_client.post(_invite(consultation))
    assert response.status_code == 302
    assert _messages(consultation).count() == count
    assert LinkInvitation.objects.count() == links
    again = staff_client.get(_invite(consultation))
    assert again.context["summary"]["to_tell"] == 0
    assert "Everyone who can be reached has been told" in again.content.decode()


def test_a_group_consultation_tells_only_the_groups_people(staff_client):
    here, there = Locality.objects.all()[:2]
    inside = CoCreatorFactory(locality=here)
    outside = CoCreatorFactory(locality=there)
    group = SavedGroup.objects.create(name="Here", criteria={"localities": [here.pk]})
    consultation = ConsultationFactory(audience=Audience.GROUP, group=group)
    summary = staff_client.get(_invite(consultation)).context["summary"]
    assert summary["total"] == 1 and summary["email"] == 1
    staff_client.post(_invite(consultation))
    assert list(_messages(consultation).values_list("cocreator_id", flat=True)) == [inside.pk]
    assert outside.pk not in set(LinkInvitation.objects.values_list("cocreator_id", flat=True))


@pytest.mark.parametrize("trait", ["draft", "ended"])
def test_nothing_is_sent_for_a_draft_or_an_ended_consultation(staff_client, trait):
    CoCreatorFactory()
    consultation = ConsultationFactory(**{trait: True})
    assert staff_client.post(_invite(consultation)).status_code == 200
    assert not _messages(consultation).exists()
    assert not LinkInvitation.objects.exists()


def test_inviting_costs_the_same_queries_for_3_and_30_people(staff_client):
    def send(size, locality):
        CoCreatorFactory.create_in_bulk(size, prefers_email=True, locality=locality)
        group = SavedGroup.objects.create(name="Area", criteria={"localities": [locality.pk]})
        consultation = ConsultationFactory(audience=Audience.GROUP, group=group)
        with CaptureQueriesContext(connection) as page:
            staff_client.get(_invite(consultation))
        with CaptureQueriesContext(connection) as sending:
            staff_client.post(_invite(consultation))
        assert _messages(consultation).count() == size
        assert LinkInvitation.objects.filter(consultation=consultation).count() == size
        return len(page.captured_queries), len(sending.captured_queries)

    first, second = Locality.objects.all()[:2]
    small_page, small_send = send(3, first)
    large_page, large_send = send(30, second)
    assert large_page <= small_page
    assert large_send <= small_send
