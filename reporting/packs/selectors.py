"""Reads of governance packs: the list, a period's pack, and what has changed since one.

Pages, CSV and PDF of a pack are made from `pack.content` only, so later changes to the data
never reach them.
"""

from django.shortcuts import get_object_or_404

from cocreation.lib.periods import Period
from reporting.reports.figures import figures_by_key

from .models import GovernancePack


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
    old, new = figures_by_key(frozen), figures_by_key(live)
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
