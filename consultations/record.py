"""The staff record's "Have your say" section: each consultation the person took part in, with
what they did there (answered, and how; ideas and posts, with any waiting for a check or hidden;
ideas supported). Four queries, however many consultations. Registered from consultations'
wiring."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from .models import (
    Consultation,
    Contribution,
    ContributionKind,
    Moderation,
    Response,
    ResponseChannel,
    Support,
)


@dataclass
class TookPartIn:
    consultation: Consultation
    answered: str = ""  # how, in words; "" when they did not answer
    ideas: int = 0
    posts: int = 0
    waiting: int = 0
    hidden: int = 0
    supported: int = 0

    @property
    def what(self) -> str:
        """What they did, in words: "answered (helped by staff), 2 ideas, 1 post"."""
        parts = []
        if self.answered:
            parts.append(f"answered ({self.answered.lower()})")
        if self.ideas:
            parts.append(f"{self.ideas} idea{'' if self.ideas == 1 else 's'}")
        if self.posts:
            parts.append(f"{self.posts} post{'' if self.posts == 1 else 's'}")
        if self.waiting:
            parts.append(f"{self.waiting} waiting for a check")
        if self.hidden:
            parts.append(f"{self.hidden} hidden by staff")
        if self.supported:
            parts.append(f"supported {self.supported} idea{'' if self.supported == 1 else 's'}")
        return ", ".join(parts)


def record_consultations_section(cocreator) -> dict:
    by_pk: dict[int, TookPartIn] = {}
    channels = dict(ResponseChannel.choices)
    answered = Response.objects.filter(cocreator=cocreator).values_list(
        "consultation_id", "channel"
    )
    written = (
        Contribution.objects.filter(author=cocreator)
        .values("consultation_id")
        .annotate(
            ideas=Count("pk", filter=Q(kind=ContributionKind.IDEA)),
            posts=Count("pk", filter=Q(kind=ContributionKind.POST)),
            waiting=Count("pk", filter=Q(moderation=Moderation.WAITING)),
            hidden=Count("pk", filter=Q(moderation=Moderation.HIDDEN)),
        )
        .order_by()
    )
    supported = (
        Support.objects.filter(cocreator=cocreator)
        .values("idea__consultation_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    rows: dict[int, dict] = {}
    for consultation_id, channel in answered:
        rows.setdefault(consultation_id, {})["answered"] = channels.get(channel, channel)
    for row in written:
        counts = {k: row[k] for k in ("ideas", "posts", "waiting", "hidden")}
        rows.setdefault(row["consultation_id"], {}).update(counts)
    for row in supported:
        rows.setdefault(row["idea__consultation_id"], {})["supported"] = row["n"]
    consultations = Consultation.objects.filter(pk__in=list(rows)).only(
        "title", "status", "opens_at", "closes_at", "closed_at"
    )
    for consultation in consultations:
        by_pk[consultation.pk] = TookPartIn(consultation=consultation, **rows[consultation.pk])
    took_part = sorted(
        by_pk.values(), key=lambda t: (t.consultation.opens_at, t.consultation.pk), reverse=True
    )
    return {"cocreator": cocreator, "took_part": took_part}
