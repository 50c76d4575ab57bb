"""Locked governance packs: publishing one, reading them, and what has changed since.

A pack is the period's report exactly as `reporting.figures.report_for` gave it when staff
published it, with their narrative and a signature line. Pages, CSV and PDF of a pack are made
from `pack.content` only, so later changes to the data never reach them.
"""

import json
from datetime import date

from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.dateformat import format as format_date

from cocreation.lib.periods import Period
from community.models import Role
from reporting import figures
from reporting.models import GovernancePack, PackAlreadyPublished

CONTENT_VERSION = 1


FIGURES_CHANGED = (
    "The figures changed while you were checking them. Check them again, then publish."
)


class PackRefused(PackAlreadyPublished):
    """Publishing was refused; the message says why in plain English."""


class FiguresChanged(PackRefused):
    """The report about to be frozen is not the one staff were shown and checked."""


def report_fingerprint(report: dict) -> str:
    """A fingerprint of a report's figures, to tell whether the report shown is the one frozen.

    The moment the report was worked out ("computed_at") is left out: it changes whenever the
    report is worked out again, even when no figure does.
    """
    return GovernancePack.digest_of(
        json.loads(json.dumps({k: v for k, v in report.items() if k != "computed_at"}))
    )


def publish_refusal(period: Period, *, today: date | None = None) -> str:
    """Why the period's pack cannot be published now, in plain English; "" when it can."""
    today = today or timezone.localdate()
    if period.end > today:
        return (
            f"{period.label} has not ended yet. You can publish its pack from "
            f"{format_date(period.end, 'j F Y')}."
        )
    if GovernancePack.objects.filter(period_slug=period.slug).exists():
        return _already_published(period)
    return ""


def _already_published(period: Period) -> str:
    return (
        f"A governance pack for {period.label} has already been published. "
        "A published pack cannot be replaced."
    )


def signature_line(*, name: str, role: str, at) -> str:
    """The line that signs a pack: who published it, in what role, and when (UK time)."""
    local = timezone.localtime(at)
    return f"Published by {name}, {role}, on {format_date(local, 'j F Y')} at {format_date(local, 'H:i')}"


def pack_publish(
    *,
    period: Period,
    narrative: str,
    user,
    today: date | None = None,
    expected_digest: str | None = None,
) -> GovernancePack:
    """Freeze the period's report, the narrative and a signature into a new governance pack.

    Refuses (PackRefused, nothing written) if the period has not ended or already has a pack;
    and (FiguresChanged) if `expected_digest`, the `report_fingerprint` of the report staff were
    shown, is given and the report about to be frozen has a different one.
    """
    refusal = publish_refusal(period, today=today)
    if refusal:
        raise PackRefused(refusal)
    report = figures.report_for(period)
    if expected_digest is not None and report_fingerprint(report) != expected_digest:
        raise FiguresChanged(FIGURES_CHANGED)
    now = timezone.now()
    name = user.get_full_name()
    role = Role.STAFF.label
    content = {
        "version": CONTENT_VERSION,
        "report": report,
        "narrative": narrative,
        "signature": signature_line(name=name, role=role, at=now),
        "published_at": now.isoformat(),
        "published_by_name": name,
        "published_by_role": role,
    }
    # What is stored is what the digest is worked out from: JSON round-trip it first, so a
    # tuple or other JSON-equivalent value cannot make the stored copy differ from the signed one.
    content = json.loads(json.dumps(content))
    try:
        with transaction.atomic():
            return GovernancePack.objects.create(
                period_slug=period.slug,
                period_label=period.label,
                narrative=narrative,
                content=content,
                digest=GovernancePack.digest_of(content),
                published_at=now,
                published_by=user,
                published_by_name=name,
            )
    except IntegrityError:
        # Two people publishing the same period at once: the unique slug lets one through.
        raise PackRefused(_already_published(period)) from None


# --- reads -------------------------------------------------------------------------------------


def pack_list():
    """Every published pack, newest first, without the (large) frozen content."""
    return GovernancePack.objects.defer("content", "narrative").order_by("-published_at", "-pk")


def pack_for_period(period: Period) -> GovernancePack | None:
    """The pack published for the period, or None."""
    return GovernancePack.objects.filter(period_slug=period.slug).first()


def pack_get(pk: int) -> GovernancePack:
    """A published governance pack, or 404. Every steering member and staff member may read any
    pack; the views' `steering_required` is the permission check."""
    return get_object_or_404(GovernancePack, pk=pk)


def pack_report(pack: GovernancePack) -> dict:
    """The frozen report inside a pack."""
    return pack.content.get("report", {})


def _shown(figure: dict) -> tuple:
    current = figure.get("current") or {}
    return (current.get("value", ""), current.get("numerator", ""), current.get("denominator", ""))


def _levels_by_number(report: dict) -> dict:
    return {row.get("level"): row for row in report.get("levels", [])}


def changes_since_pack(frozen: dict, live: dict) -> list[str]:
    """Plain-English names of the figures whose shown values differ between two reports.

    Compared by figure key (value, numerator and denominator for this period) and by level
    (activities and participant-hours); a figure in only one of them counts as changed.
    """
    changed = []
    old, new = figures.figures_by_key(frozen), figures.figures_by_key(live)
    for key, figure in new.items():
        if key not in old:
            changed.append(f"{figure.get('label', key)} (not in the pack)")
        elif _shown(old[key]) != _shown(figure):
            changed.append(figure.get("label", key))
    for key, figure in old.items():
        if key not in new:
            changed.append(f"{figure.get('label', key)} (no longer reported)")
    old_levels, new_levels = _levels_by_number(frozen), _levels_by_number(live)
    for number in sorted(set(old_levels) | set(new_levels), key=str):
        before, after = old_levels.get(number, {}), new_levels.get(number, {})
        name = after.get("name") or before.get("name") or number
        if before.get("activities") != after.get("activities"):
            changed.append(f"Activities at level {number}: {name}")
        if before.get("participant_hours") != after.get("participant_hours"):
            changed.append(f"Participant-hours at level {number}: {name}")
    return changed
