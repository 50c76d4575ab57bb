"""`{% record_sections_for cocreator as sections %}`: the sections other apps add to a person's
staff record (community/record_sections.py), so the record's view needs no change for them."""

from django import template

from ..record_sections import record_sections_for as sections_for

register = template.Library()


@register.simple_tag
def record_sections_for(cocreator) -> list[dict]:
    return sections_for(cocreator)
