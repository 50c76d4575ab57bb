"""What the idea board and discussion register with the other apps: the portal's link to the
name a person shows in ideas and discussions ("Your data" list on the portal home). The staff
moderation queue and crisis words pages are linked from each other and from the staff pages of
consultations."""

from community.portal_sections import portal_link_register


def wire() -> None:
    portal_link_register(
        key="consultations-display-name",
        label="Your name in ideas and discussions",
        url_name="consultations:display-name",
        order=80,
    )
