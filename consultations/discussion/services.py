"""The writes of the idea board and the discussion: adding an idea or post, supporting an idea,
reporting, moderating, the crisis words and the name people show.

Each runs in one transaction and refuses with a plain-English `ValidationError` (the views show it
on the form). Adding and supporting need the consultation to be live and the person in its
audience (`may_take_part`); each counts as taking part (`participation_record`, once per person).
Reporting stays open after a consultation closes (it is about safety, not taking part), and so
does moderation.

Crisis words: an idea or post that matches one is held for a check even where the consultation
does not check posts first. It may be from someone at risk: the team reads it and can reach the
person before others see what they wrote, and others are not shown words that could distress
them. The writer sees crisis support at once and sees their own words as "waiting for a check".
"""

from __future__ import annotations

import re
import unicodedata
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from community.models import CoCreator

from ..models import (
    Consultation,
    Contribution,
    ContributionKind,
    ContributionReport,
    CrisisWord,
    DiscussionName,
    Moderation,
    Support,
)
from ..permissions import may_take_part
from ..services import participation_record
from .notices import crisis_flag_send

NOT_LIVE = "You cannot add to this consultation now: it is not open."
# The same words from the same writer within this time are one idea or post sent twice (a double
# click, or the back button and send again): kept once, and any crisis flag sent once.
SAME_AGAIN = timedelta(minutes=10)
TEAM_NAME = "The involvement team"

APPROVE, HIDE, SHOW, RESOLVE, FOLLOWED_UP = "approve", "hide", "show", "resolve", "followed_up"
ACTIONS = (APPROVE, HIDE, SHOW, RESOLVE, FOLLOWED_UP)

# Apostrophes of every kind are dropped ("don’t", "don't" and "dont" are one word); hyphens and
# dashes are spaces ("self-harm", "self harm" and "self–harm" are one phrase).
_APOSTROPHES = "'\u2018\u2019\u02bc\u0060\u00b4"
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2212_"
_SIMPLER = str.maketrans({**dict.fromkeys(_APOSTROPHES, ""), **dict.fromkeys(_DASHES, " ")})


# --- Crisis words ---------------------------------------------------------------------------------


def _normalise(text: str) -> str:
    """Text as the crisis words are matched: full-width letters made ordinary, invisible
    characters (zero-width spaces, soft hyphens) taken out, apostrophes dropped, dashes made
    spaces, and capitals ignored."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return text.translate(_SIMPLER).casefold()


def _phrase_pattern(phrase: str) -> re.Pattern:
    """A whole word or phrase, ignoring case; spaces (and dashes) match any run of spaces, dashes
    or line breaks, and the phrase must not sit inside a longer word ("kill" never matches
    "skill")."""
    words = [re.escape(word) for word in _normalise(phrase).split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)")


def crisis_words_in(text: str, phrases: list[str] | None = None) -> list[str]:
    """The crisis words and phrases staff keep that appear in the text, in the list's order."""
    if phrases is None:
        phrases = list(CrisisWord.objects.values_list("phrase", flat=True))
    normalised = _normalise(text or "")
    return [
        phrase
        for phrase in phrases
        if _normalise(phrase).split() and _phrase_pattern(phrase).search(normalised)
    ]


@transaction.atomic
def crisis_word_add(*, phrase: str, actor) -> CrisisWord:
    phrase = " ".join((phrase or "").split()).lower()
    if not phrase:
        raise ValidationError({"phrase": "Enter a word or phrase"})
    if len(phrase) > 100:
        raise ValidationError({"phrase": "The word or phrase must be 100 characters or fewer"})
    if not re.search(r"\w", phrase):
        raise ValidationError({"phrase": "Enter a word or phrase with letters in it"})
    if CrisisWord.objects.filter(phrase__iexact=phrase).exists():
        raise ValidationError({"phrase": f"“{phrase}” is already on the list"})
    return CrisisWord.objects.create(phrase=phrase, added_by=actor)


@transaction.atomic
def crisis_word_remove(*, word: CrisisWord, actor) -> None:
    word.delete()


# --- Names ----------------------------------------------------------------------------------------


def suggested_name(cocreator: CoCreator) -> str:
    """A first name and an initial ("Casey C."), from the name they like to be called."""
    parts = (cocreator.preferred_name or cocreator.full_name or "").split()
    if not parts:
        return ""
    if len(parts) == 1:
        return parts[0]
    return f"{parts[0]} {parts[-1][0].upper()}."


@transaction.atomic
def discussion_name_save(*, cocreator: CoCreator, display_name: str) -> DiscussionName:
    display_name = " ".join((display_name or "").split())
    if not display_name:
        raise ValidationError({"display_name": "Enter the name you would like others to see"})
    if len(display_name) > 60:
        raise ValidationError({"display_name": "The name must be 60 characters or fewer"})
    if display_name.casefold() == TEAM_NAME.casefold():
        raise ValidationError(
            {"display_name": "Choose a different name: that one is for the involvement team"}
        )
    name, _ = DiscussionName.objects.update_or_create(
        cocreator=cocreator, defaults={"display_name": display_name}
    )
    return name


# --- Ideas and posts ------------------------------------------------------------------------------


def _clean_text(title: str, body: str, kind: str) -> tuple[str, str]:
    title, body = (title or "").strip(), (body or "").strip()
    errors = {}
    if kind == ContributionKind.IDEA and not title:
        errors["title"] = "Enter a short title for your idea"
    if len(title) > 150:
        errors["title"] = "The title must be 150 characters or fewer"
    if not body:
        errors["body"] = (
            "Describe your idea" if kind == ContributionKind.IDEA else "Write your post"
        )
    elif len(body) > 5000:
        errors["body"] = "Keep it to 5,000 characters or fewer"
    if errors:
        raise ValidationError(errors)
    return title, body


def _thread_start(consultation: Consultation, reply_to: Contribution | None, staff: bool):
    """The post a reply belongs under: replies are one level deep, so a reply to a reply goes
    under the first post."""
    if reply_to is None:
        return None
    if reply_to.consultation_id != consultation.pk or reply_to.kind != ContributionKind.POST:
        raise ValidationError("You can only reply to a post in this discussion.")
    if reply_to.reply_to_id is not None:
        reply_to = reply_to.reply_to
    if not staff and reply_to.moderation != Moderation.SHOWN:
        raise ValidationError("You cannot reply to that post: it is not shown at the moment.")
    return reply_to


@transaction.atomic
def contribution_add(
    *,
    consultation: Consultation,
    kind: str,
    body: str,
    title: str = "",
    author: CoCreator | None = None,
    staff_user=None,
    reply_to: Contribution | None = None,
) -> Contribution:
    """Add an idea or a post, by a co-creator (`author`) or by staff as the team (`staff_user`).

    A co-creator's waits for a check where the consultation is pre-moderated or it has crisis
    words; the team's is shown at once. Crisis words also tell the consultation's owner (once).
    The same words from the same writer sent again soon (`SAME_AGAIN`) return the first."""
    if (author is None) == (staff_user is None):
        raise ValueError("An idea or post has one writer: a co-creator or the team.")
    if not consultation.is_live():
        raise ValidationError(NOT_LIVE)
    if kind == ContributionKind.IDEA:
        if not consultation.ideas_on or staff_user is not None:
            raise ValidationError("This consultation has no idea board for you to add to.")
        reply_to = None
    elif kind == ContributionKind.POST:
        if not consultation.discussion_on:
            raise ValidationError("This consultation has no discussion.")
    else:
        raise ValueError(f"Not an idea or post: {kind}")
    if author is not None:
        if not may_take_part(consultation, author):
            raise ValidationError("You cannot take part in this consultation.")
        if not DiscussionName.objects.filter(cocreator=author).exists():
            raise ValidationError("Choose the name others will see before you write.")
    title, body = _clean_text(title, body, kind)
    reply_to = _thread_start(consultation, reply_to, staff=staff_user is not None)
    if author is not None:
        # Wait for any other add by the same person (two submits at once), then find it.
        CoCreator.objects.select_for_update().filter(pk=author.pk).values_list("pk").get()
    same = Contribution.objects.filter(
        consultation=consultation,
        kind=kind,
        author=author,
        staff_author=staff_user,
        reply_to=reply_to,
        title=title if kind == ContributionKind.IDEA else "",
        body=body,
        created_at__gte=timezone.now() - SAME_AGAIN,
    ).first()
    if same is not None:
        return same
    # The team's own posts (often pointing people to crisis support) are not flagged to the team.
    found = [] if staff_user is not None else crisis_words_in(f"{title}\n{body}")
    if staff_user is not None:
        moderation = Moderation.SHOWN
    elif consultation.premoderate or found:
        moderation = Moderation.WAITING
    else:
        moderation = Moderation.SHOWN
    contribution = Contribution.objects.create(
        consultation=consultation,
        kind=kind,
        author=author,
        staff_author=staff_user,
        as_team=staff_user is not None,
        reply_to=reply_to,
        title=title if kind == ContributionKind.IDEA else "",
        body=body,
        moderation=moderation,
        crisis_words=", ".join(found)[:300],
    )
    if author is not None:
        participation_record(consultation=consultation, cocreator=author, actor=None)
    if found:
        crisis_flag_send(contribution=contribution)
    return contribution


@transaction.atomic
def support_toggle(
    *, idea: Contribution, cocreator: CoCreator, support: bool | None = None
) -> bool:
    """Support an idea (`support=True`) or take support back (`False`); None switches between
    the two. The button says which it means, so a double click or a second tab supports once
    rather than switching back. Returns whether they support it now."""
    consultation = idea.consultation
    if not consultation.is_live():
        raise ValidationError(NOT_LIVE)
    if not may_take_part(consultation, cocreator):
        raise ValidationError("You cannot take part in this consultation.")
    if idea.kind != ContributionKind.IDEA or idea.moderation != Moderation.SHOWN:
        raise ValidationError("You can only support an idea that is shown on the board.")
    if idea.author_id == cocreator.pk:
        raise ValidationError("This is your own idea: you cannot support it.")
    mine = Support.objects.filter(idea=idea, cocreator=cocreator)
    if support is None:
        support = not mine.exists()
    if not support:
        mine.delete()
        return False
    try:
        with transaction.atomic():
            Support.objects.create(idea=idea, cocreator=cocreator)
    except IntegrityError:
        pass  # a second click at the same moment: supported once
    participation_record(consultation=consultation, cocreator=cocreator, actor=None)
    return True


@transaction.atomic
def contribution_report(*, contribution: Contribution, user, reason: str) -> ContributionReport:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Tell us what is wrong with it"})
    if len(reason) > 500:
        raise ValidationError({"reason": "Keep it to 500 characters or fewer"})
    return ContributionReport.objects.create(
        contribution=contribution, reported_by=user, reason=reason
    )


@transaction.atomic
def contribution_moderate(
    *, contribution: Contribution, action: str, actor, reason: str = ""
) -> Contribution:
    """Staff decide: show it (`approve`, `show`), hide it with a reason (`hide`), keep it as it is
    and close its reports (`resolve`), or mark its crisis flag followed up (`followed_up`).
    Showing or hiding also closes its open reports."""
    now = timezone.now()
    contribution = Contribution.objects.select_for_update().get(pk=contribution.pk)
    if action not in ACTIONS:
        raise ValidationError("Choose what to do with it.")
    if action == FOLLOWED_UP:
        if not contribution.crisis_words:
            raise ValidationError("This has no crisis words to follow up.")
        if contribution.crisis_followed_up_at is None:
            contribution.crisis_followed_up_at = now
            contribution.crisis_followed_up_by = actor
            contribution.save(update_fields=["crisis_followed_up_at", "crisis_followed_up_by"])
        return contribution
    if action == HIDE:
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError({"reason": "Say why it is hidden"})
        if len(reason) > 300:
            raise ValidationError({"reason": "Keep the reason to 300 characters or fewer"})
        contribution.moderation = Moderation.HIDDEN
        contribution.hidden_reason = reason
    elif action in (APPROVE, SHOW):
        contribution.moderation = Moderation.SHOWN
        contribution.hidden_reason = ""
    if action != RESOLVE:
        contribution.moderated_by = actor
        contribution.moderated_at = now
        contribution.save(
            update_fields=["moderation", "hidden_reason", "moderated_by", "moderated_at"]
        )
    contribution.reports.filter(resolved_at__isnull=True).update(resolved_at=now, resolved_by=actor)
    return contribution
