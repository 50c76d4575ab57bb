"""What leaving does to development plans (community/erasure.py), registered from plans' wiring.

A plan and its steps, reviews and history are the person's own words about what they want to
develop: they go (the plan's steps, reviews and revisions with it). Who wrote a plan with
someone, who reviewed it and who changed it are links to the team or to a mentor: when that
person leaves, the link is emptied and the plan stays its owner's.
"""

from community.erasure import DELETE, UNLINK, Erasure, erasure_policy_register

OWN_WORDS = "Their own plan, in their own words, with its steps, reviews and history."
PART_OF_PLAN = "Part of the person's plan, which goes with it."


def erasure_rules_register() -> None:
    erasure_policy_register(
        label="capacity.DevelopmentPlan",
        links={
            "cocreator": Erasure(DELETE, OWN_WORDS),
            "written_with": Erasure(
                UNLINK,
                "Who on the team wrote it with them: the plan is the person's; the link goes.",
            ),
            "written_with_mentor": Erasure(
                UNLINK,
                "The mentor who wrote it with them: the plan is the mentee's; the link goes.",
            ),
        },
    )
    erasure_policy_register(
        label="capacity.PlanStep", links={"plan": Erasure(DELETE, PART_OF_PLAN)}
    )
    erasure_policy_register(
        label="capacity.PlanReview",
        links={
            "plan": Erasure(DELETE, PART_OF_PLAN),
            "reviewed_by": Erasure(
                UNLINK, "Who held the review: the review is the person's; the link goes."
            ),
        },
    )
    erasure_policy_register(
        label="capacity.PlanRevision",
        links={
            "plan": Erasure(DELETE, PART_OF_PLAN),
            "changed_by": Erasure(
                UNLINK, "Who changed someone's plan: the history is theirs; the link goes."
            ),
        },
    )
