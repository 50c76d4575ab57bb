"""How the mentoring messages are sent in real life, for tests/community/test_every_message_kind.py:
to someone who chose email and someone who chose text messages, whose names have an apostrophe
and an ampersand, about a pairing or a group whose words are typed with an apostrophe, an
ampersand, a "<" and quotes. Staff pair people and invite them through the real pages."""

from django.urls import reverse

from capacity.mentoring.services import mentoring_answer, mentoring_pair
from capacity.models import PeerGroup
from tests.community.factories import CoCreatorFactory

TYPED = 'Carers\' panels & <more> "soon"'


def _emailer_and_texter():
    return (
        CoCreatorFactory(
            full_name="Siobhán O'Neil & Co", email="siobhan@example.org", prefers_email=True
        ),
        CoCreatorFactory(
            full_name="Tomás D'Arcy & family",
            email="",
            prefers_email=False,
            prefers_sms=True,
            phone="07700 900123",
        ),
    )


def _agreed_pair():
    mentor, mentee = _emailer_and_texter()
    pair = mentoring_pair(mentor=mentor, mentee=mentee, purpose=TYPED, actor=None)
    for person in (mentor, mentee):
        pair = mentoring_answer(pair=pair, cocreator=person, agree=True, actor=None)
    return pair


def send_mentoring_proposed(staff_client, host):
    mentor, mentee = _emailer_and_texter()
    response = staff_client.post(
        reverse("capacity:mentoring-pair-add"),
        {"mentor": mentor.pk, "mentee": mentee.pk, "purpose": TYPED},
    )
    assert response.status_code == 302


def send_mentoring_started(staff_client, host):
    _agreed_pair()


def send_mentoring_ended(staff_client, host):
    pair = _agreed_pair()
    response = staff_client.post(
        reverse("capacity:mentoring-pair-end", args=[pair.pk]), {"reason": TYPED}
    )
    assert response.status_code == 302


def send_peer_group_invited(staff_client, host):
    group = PeerGroup.objects.create(name=TYPED, about=TYPED, meets=TYPED)
    people = _emailer_and_texter()
    response = staff_client.post(
        reverse("capacity:mentoring-group-invite", args=[group.pk]),
        {"people": [p.pk for p in people]},
    )
    assert response.status_code == 302


MENTORING_SENDERS = {
    "capacity/mentoring/email/mentoring_proposed": send_mentoring_proposed,
    "capacity/mentoring/email/mentoring_started": send_mentoring_started,
    "capacity/mentoring/email/mentoring_ended": send_mentoring_ended,
    "capacity/mentoring/email/peer_group_invited": send_peer_group_invited,
}
