"""`jargon_links`: plain text, escaped, with the first use of each jargon buster term linked to
its meaning. Any page may use it: `{% load jargon %}{{ text|jargon_links|linebreaks }}`."""

from __future__ import annotations

import re
from functools import lru_cache

from django import template
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from capacity.resources.selectors import jargon_terms_for_links

register = template.Library()


@lru_cache(maxsize=8)
def _pattern(terms: tuple[tuple[str, tuple[str, ...]], ...]):
    """One pattern for every name of every term (longest first, so "care plan" wins over
    "care"), whole words only, any case; and which anchor each name belongs to."""
    anchors = {}
    for anchor, names in terms:
        for name in names:
            anchors.setdefault(name.casefold(), anchor)
    if not anchors:
        return None, anchors
    names = sorted(anchors, key=len, reverse=True)
    alternatives = "|".join(re.escape(name).replace(r"\ ", r"\s+") for name in names)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE), anchors


def link_jargon(text: str, terms) -> SafeString:
    """The text escaped, with the first use of each term (by any of its names) made a link."""
    text = "" if text is None else str(text)
    pattern, anchors = _pattern(terms)
    if pattern is None:
        return mark_safe(escape(text))  # noqa: S308 (escaped just now)
    page = reverse("capacity:jargon")
    linked: set[str] = set()
    parts, done = [], 0
    for match in pattern.finditer(text):
        anchor = anchors.get(" ".join(match.group(0).split()).casefold())
        if anchor is None or anchor in linked:
            continue
        linked.add(anchor)
        parts.append(escape(text[done : match.start()]))
        parts.append(
            f'<a class="nhsuk-link app-jargon-link" href="{escape(page)}#{escape(anchor)}">'
            f"{escape(match.group(0))}</a>"
        )
        done = match.end()
    parts.append(escape(text[done:]))
    return mark_safe("".join(parts))  # noqa: S308 (every piece of text escaped above)


@register.filter(is_safe=True)
def jargon_links(text) -> SafeString:
    """Escape plain text and link the first use of each jargon buster term to its meaning."""
    return link_jargon(text, jargon_terms_for_links())
