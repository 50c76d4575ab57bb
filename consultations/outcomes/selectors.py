"""Reads for a consultation's results and its "We asked, you said, we did".

`results_for` counts everything once, exactly, as plain data (numbers, text and dates, no rows),
in a fixed number of queries however many people answered. `results_shown` turns those counts
into what a page shows through a `Disclosure`: `EXACT` for staff (marked as theirs), `STEERING`
for anyone else, which hides counts of 1 to 7 people and rounds the rest to the nearest 5
(`cocreation/lib/disclosure.py`). Counts of ideas and posts are counts of things, not people, so
both show them as they are; how many people supported an idea is a count of people.
"""

from __future__ import annotations

from collections import Counter

from django.db.models import Count, Q

from activities.models import Attendance, AttendanceStatus
from cocreation.lib.disclosure import EXACT, SMALLEST_SHOWN, STEERING, Disclosure, safe_count
from community.models import Role
from community.permissions import has_role

from ..models import (
    Answer,
    Consultation,
    Contribution,
    ContributionKind,
    Moderation,
    Outcome,
    QuestionKind,
    Response,
    ResponseChannel,
)

SCALE = (1, 2, 3, 4, 5)
# What shows instead of an idea or post whose writer left (their words were removed), as the
# discussion shows it.
REMOVED = "Removed when its writer left"


def supporters_count() -> Count:
    """How many people support an idea (an annotation on contributions)."""
    return Count("supports", filter=Q(supports__cocreator__isnull=False))


def participant_ids(consultation: Consultation):
    """The co-creators who took part (one attended attendance each on its activity): ids."""
    return Attendance.objects.filter(
        activity_id=consultation.activity_id, status=AttendanceStatus.ATTENDED
    ).values_list("cocreator_id", flat=True)


def _question_results(questions, answer_rows) -> list[dict]:
    """Each question's counts from the answers (rows of question id, choices, scale, text,
    channel, submitted)."""
    by_pk = {}
    for number, question in enumerate(questions, start=1):
        by_pk[question.pk] = {
            "pk": question.pk,
            "number": number,
            "text": question.text,
            "kind": question.kind,
            "kind_label": question.get_kind_display(),
            "answered": 0,
            "offered": question.option_list,
            "chosen": Counter(),
            "scale_counts": Counter(),
            "scale_total": 0,
            "scale_low": question.scale_low,
            "scale_high": question.scale_high,
            "texts": [],
        }
    for question_id, choices, scale, text, channel, submitted_at in answer_rows:
        item = by_pk.get(question_id)
        if item is None:
            continue
        if item["kind"] in (QuestionKind.CHOICE, QuestionKind.CHOICES):
            picked = [c for c in (choices or []) if c]
            if picked:
                item["answered"] += 1
                item["chosen"].update(set(picked))
        elif item["kind"] == QuestionKind.SCALE:
            if scale is not None:
                item["answered"] += 1
                item["scale_counts"][scale] += 1
                item["scale_total"] += scale
        elif (text or "").strip():
            item["answered"] += 1
            item["texts"].append(
                {
                    "text": text.strip(),
                    "assisted": channel == ResponseChannel.ASSISTED,
                    "submitted_at": submitted_at,
                }
            )
    results = []
    for item in by_pk.values():
        chosen = item.pop("chosen")
        offered = item.pop("offered")
        # Answers to options since renamed or removed are counted too, after the ones offered.
        labels = offered + sorted(label for label in chosen if label not in offered)
        item["options"] = [{"label": label, "count": chosen[label]} for label in labels]
        scale_counts = item.pop("scale_counts")
        item["scale"] = [{"value": value, "count": scale_counts[value]} for value in SCALE]
        # The mean to one decimal place ("" with no answers): the same sum as a report's means.
        item["mean"] = EXACT.records_mean(item.pop("scale_total"), sum(scale_counts.values()))
        results.append(item)
    return results


def results_for(consultation: Consultation) -> dict:
    """Every count about a consultation, exact (staff only as they are): per question the
    people who answered it, each option's count, the scale's spread and mean, the written answers
    (assisted ones marked); ideas ranked by support; ideas and posts by state; and who took part
    (co-creators counted once on its activity, plus public answers that name nobody). Seven
    queries whatever the number of answers."""
    questions = list(consultation.questions.all())
    answer_rows = (
        Answer.objects.filter(response__consultation=consultation)
        .order_by("response__submitted_at", "response_id", "pk")
        .values_list(
            "question_id", "choices", "scale", "text", "response__channel", "response__submitted_at"
        )
    )
    responses = Response.objects.filter(consultation=consultation).aggregate(
        total=Count("pk"),
        nameless=Count("pk", filter=Q(cocreator__isnull=True)),
        **{
            f"channel_{channel.value}": Count("pk", filter=Q(channel=channel.value))
            for channel in ResponseChannel
        },
    )
    cocreators = participant_ids(consultation).count()
    ideas = [
        {**idea, "title": "", "body": REMOVED} if idea["removed"] else idea
        for idea in Contribution.objects.filter(
            consultation=consultation, kind=ContributionKind.IDEA, moderation=Moderation.SHOWN
        )
        .annotate(supporters=supporters_count(), removed=Q(removed_at__isnull=False))
        .order_by("-supporters", "created_at", "pk")
        .values("pk", "title", "body", "supporters", "as_team", "removed")
    ]
    states = Counter()
    team_posts = 0
    for kind, moderation, as_team, n in (
        Contribution.objects.filter(consultation=consultation)
        .values_list("kind", "moderation", "as_team")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        states[(kind, moderation)] += n
        if kind == ContributionKind.POST and as_team:
            team_posts += n

    def by_state(kind):
        return {
            "shown": states[(kind, Moderation.SHOWN)],
            "waiting": states[(kind, Moderation.WAITING)],
            "hidden": states[(kind, Moderation.HIDDEN)],
        }

    return {
        "people": {
            "took_part": cocreators + responses["nameless"],
            "cocreators": cocreators,
            "nameless": responses["nameless"],
        },
        "responses": {
            "total": responses["total"],
            "assisted": responses[f"channel_{ResponseChannel.ASSISTED.value}"],
            "by_channel": [
                {"label": str(channel.label), "count": responses[f"channel_{channel.value}"]}
                for channel in ResponseChannel
            ],
        },
        "questions": _question_results(questions, answer_rows.iterator()),
        "ideas": ideas,
        "idea_counts": by_state(ContributionKind.IDEA),
        "post_counts": {**by_state(ContributionKind.POST), "team": team_posts},
    }


# --- What a page shows ---------------------------------------------------------------------------


def results_shown(results: dict, disclosure: Disclosure) -> dict:
    """The results as a page shows them: every count of people through `disclosure` (exact for
    staff; for anyone else 1 to 7 hidden as "*" and the rest rounded to the nearest 5), shares
    of the people who answered each question worked out the same way, a scale's mean only from
    8 or more answers unless exact, and written answers listed only for staff."""
    people = disclosure.people
    questions = []
    for q in results["questions"]:
        answered = q["answered"]
        mean = q["mean"] if disclosure.exact or answered >= SMALLEST_SHOWN else ""
        questions.append(
            {
                "number": q["number"],
                "text": q["text"],
                "kind": q["kind"],
                "kind_label": q["kind_label"],
                "answered": people(answered),
                "options": [
                    {
                        "label": o["label"],
                        "count": people(o["count"]),
                        "share": disclosure.people_share(o["count"], answered),
                    }
                    for o in q["options"]
                ],
                "scale": [
                    {
                        "value": s["value"],
                        "count": people(s["count"]),
                        "share": disclosure.people_share(s["count"], answered),
                    }
                    for s in q["scale"]
                ],
                "scale_low": q["scale_low"],
                "scale_high": q["scale_high"],
                "mean": mean,
                "written": people(len(q["texts"])),
                "texts": q["texts"] if disclosure.exact else [],
            }
        )
    return {
        "exact": disclosure.exact,
        "people": {key: people(value) for key, value in results["people"].items()},
        "responses": {
            "total": people(results["responses"]["total"]),
            "assisted": people(results["responses"]["assisted"]),
            "by_channel": [
                {"label": row["label"], "count": people(row["count"])}
                for row in results["responses"]["by_channel"]
            ],
        },
        "questions": questions,
        "ideas": [
            {
                "title": idea["title"],
                "body": idea["body"],
                "supporters": people(idea["supporters"]),
                "as_team": idea["as_team"],
            }
            for idea in results["ideas"]
        ],
        "idea_counts": {k: disclosure.records(v) for k, v in results["idea_counts"].items()},
        "post_counts": {k: disclosure.records(v) for k, v in results["post_counts"].items()},
    }


# --- "You said", drafted from the results, in words fit for a public page -------------------------


def _people_words(n: int, noun: str = "people", one: str = "person") -> str:
    """A count of people in words, by the small-number rule: "fewer than 8 people",
    "about 30 people"."""
    shown = safe_count(n)
    if n == 0:
        return f"no {noun}"
    if shown.suppressed:
        return f"fewer than {SMALLEST_SHOWN} {noun}"
    return f"about {shown} {noun}"


def _of_words(count: int, answered: int) -> str:
    """'about 20 of about 30' as ' (about 20 of 30)', or '' when either is too small to show."""
    part, whole = safe_count(count), safe_count(answered)
    if part.suppressed or whole.suppressed:
        return ""
    return f" (about {part} of {whole})"


def _join(labels: list[str]) -> str:
    quoted = [f"“{label}”" for label in labels]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


def _sentence(text: str) -> str:
    """End with a full stop unless the quoted question already ends a sentence."""
    return text if text.rstrip("”").endswith(("?", ".", "!")) else text + "."


def _question_words(q: dict) -> str:
    answered = q["answered"]
    if answered == 0:
        return _sentence(f"Nobody answered “{q['text']}”")
    intro = _sentence(f"{_people_words(answered).capitalize()} answered “{q['text']}”")
    if q["kind"] in (QuestionKind.CHOICE, QuestionKind.CHOICES):
        top = max((o["count"] for o in q["options"]), default=0)
        # With fewer than 8 answers, which way they went could say what one person chose.
        if top == 0 or answered < SMALLEST_SHOWN:
            return intro
        leaders = [o["label"] for o in q["options"] if o["count"] == top]
        of = _of_words(top, answered)
        if len(leaders) == 1 and top == answered:
            return f"{intro} All of them chose {_join(leaders)}."
        if len(leaders) == 1 and top * 2 > answered:
            return f"{intro} Most{of} chose {_join(leaders)}."
        verb = "was" if len(leaders) == 1 else "were"
        return f"{intro} {_join(leaders)} {verb} chosen most often{of}."
    if q["kind"] == QuestionKind.SCALE:
        if answered < SMALLEST_SHOWN:
            return intro
        return (
            f"{intro} On a scale from 1 ({q['scale_low'] or 'lowest'}) to 5 "
            f"({q['scale_high'] or 'highest'}), the average answer was {q['mean']}."
        )
    return _sentence(f"{_people_words(answered).capitalize()} wrote an answer to “{q['text']}”")


def you_said_draft(results: dict) -> str:
    """A first draft of "You said" from the results, for staff to edit: counts in words by the
    small-number rule (it will be public), one paragraph per question, then the ideas."""
    took_part = results["people"]["took_part"]
    if took_part == 0:
        return "Nobody took part."
    lines = [f"{_people_words(took_part).capitalize()} took part."]
    lines += [_question_words(q) for q in results["questions"]]
    ideas = results["ideas"]
    if ideas:
        count = len(ideas)
        line = f"People shared {count} idea{'' if count == 1 else 's'}."
        if ideas[0]["supporters"] and not ideas[0]["removed"]:
            line += f" The idea with the most support was “{ideas[0]['title'] or ideas[0]['body'][:80]}”."
        lines.append(line)
    return "\n\n".join(lines)


def we_asked_draft(consultation: Consultation) -> str:
    """A first draft of "We asked": the topic and the summary people read."""
    return _sentence(f"We asked for your views on “{consultation.title}”") + (
        f"\n\n{consultation.summary}".rstrip()
    )


# --- The consultation page's section -----------------------------------------------------------


def outcome_context(consultation, user) -> dict:
    """What the consultation page's outcome section needs (its template
    `consultations/outcomes/_outcome.html` reads it as `outcome_section`): the published
    "We asked, you said, we did" with a summary of the results (exact and marked for staff;
    by the small-number rule for anyone else), or when it will come."""
    outcome = Outcome.objects.filter(consultation=consultation, published_at__isnull=False).first()
    staff = has_role(user, Role.STAFF)
    context = {
        "published": outcome is not None,
        "outcome": outcome,
        "ended": consultation.has_ended(),
        "ends_at": consultation.ended_at,
        "exact": staff,
    }
    if outcome is not None:
        context["results"] = results_shown(results_for(consultation), EXACT if staff else STEERING)
    return context
