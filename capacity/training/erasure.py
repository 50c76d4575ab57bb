"""What leaving does to training rows (community/erasure.py), registered from training's wiring.

A completion stays for the counts (how many completed a course, refreshers), linked only to the
anonymous co-creator row; it holds no free text. What a person wrote about a course is their own
words, which may say who they are, and an emptied row would tell the training team nothing, so it
is deleted. Who recorded a completion is the team's link and is emptied.
"""

from community.erasure import DELETE, KEEP, UNLINK, Erasure, erasure_policy_register


def erasure_rules_register() -> None:
    erasure_policy_register(
        label="capacity.Completion",
        links={
            "cocreator": Erasure(
                KEEP, "Counted in training reports, linked to no one; it holds no free text."
            ),
            "recorded_by": Erasure(
                UNLINK, "Who recorded it: the row is the team's; the link to the leaver goes."
            ),
        },
    )
    erasure_policy_register(
        label="capacity.CourseFeedback",
        links={
            "cocreator": Erasure(
                DELETE,
                "Their own words about a course, which may say who they are; an emptied row "
                "would tell the team nothing.",
            ),
        },
    )
