"""This package's URLs in `make bench`: `ENTRIES` (reporting.benchmarks.registry.Bench rows, with
functions finding real ids) and `SKIP` (URL name: the reason it is not timed).

Where the data has no live public consultation with questions, the finder makes one (the
benchmark runs in a transaction that is rolled back), so the pages are timed with a form."""

from datetime import timedelta

from django.db.models import Count
from django.utils import timezone

from community.models import CoCreator
from reporting.benchmarks.registry import STAFF_ONLY, Bench

from ..models import Audience, Consultation, ConsultationStatus, LinkInvitation, Question
from ..services import consultation_save


def _live_public_consultation() -> Consultation:
    found = (
        Consultation.objects.live()
        .filter(audience=Audience.PUBLIC)
        .annotate(n=Count("responses"))
        .order_by("-n", "pk")
        .first()
    )
    if found is not None:
        return found
    now = timezone.now()
    consultation = consultation_save(
        consultation=Consultation(
            title="Crisis line opening hours",
            summary="Tell us when you would use the crisis line.",
            opens_at=now - timedelta(days=1),
            closes_at=now + timedelta(days=14),
            audience=Audience.PUBLIC,
            status=ConsultationStatus.PUBLISHED,
            published_at=now,
        ),
        actor=None,
    )
    Question.objects.create(
        consultation=consultation,
        kind="choice",
        text="Which times would you call?",
        options="Mornings\nAfternoons\nEvenings",
        required=True,
    )
    Question.objects.create(consultation=consultation, kind="text", text="Anything else?")
    return consultation


def live_public_consultation(lookups, user):
    """The live public consultation with the most answers (one is made if there is none)."""
    pk = lookups.once("consultation-live-public", lambda: _live_public_consultation().pk)
    return {"pk": pk}


def _person() -> CoCreator | None:
    return CoCreator.objects.current().order_by("pk").first()


def live_link(lookups, user):
    """A personal link to the live public consultation (made for the first person if none)."""

    def find():
        consultation = Consultation.objects.get(pk=live_public_consultation(lookups, user)["pk"])
        person = _person()
        if person is None:
            return None
        invitation, _ = LinkInvitation.objects.get_or_create(
            consultation=consultation, cocreator=person
        )
        return invitation.token

    token = lookups.once("consultation-link", find)
    return None if token is None else {"token": token}


def live_assisted_person(lookups, user):
    """The live public consultation and a current person to enter answers for."""
    person = lookups.once("consultation-assist-person", lambda: getattr(_person(), "pk", None))
    if person is None:
        return None
    return {**live_public_consultation(lookups, user), "person_pk": person}


ENTRIES: tuple = (
    Bench("consultations:detail", live_public_consultation),
    Bench("consultations:answer", live_public_consultation),
    Bench("consultations:answer-thanks", live_public_consultation),
    Bench("consultations:answer-by-link", live_link),
    Bench("consultations:answer-by-link-thanks", live_link),
    Bench("consultations:staff-assist", live_public_consultation, STAFF_ONLY),
    Bench("consultations:staff-assist-person", live_assisted_person, STAFF_ONLY),
)
SKIP: dict[str, str] = {}
