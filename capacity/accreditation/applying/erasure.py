"""What leaving does to accreditation applying's rows (community/erasure.py), registered from
applying's wiring.

Every link here is to a login that did something for a service (started or answered its
application, added evidence, invited it) or is one of its contacts. The rows are the service's
and the trust's (what a panel reviews, what an award rests on), so they stay; the link to the
person who leaves is emptied. Contacts are partner-section logins, so a co-creator leaving is
unlikely to be one, but if they are, they stop being a contact.
"""

from community.erasure import UNLINK, Erasure, erasure_policy_register

_SERVICE_ROW = (
    "the service's application is kept for its panel and award; the link to the leaver goes"
)


def erasure_rules_register() -> None:
    erasure_policy_register(
        label="capacity.Service",
        links={
            "invited_by": Erasure(UNLINK, "Who invited the service: the invitation stays."),
            "contacts": Erasure(
                UNLINK, "A contact for the service: they stop being one; the service stays."
            ),
        },
    )
    erasure_policy_register(
        label="capacity.AccreditationApplication",
        links={"started_by": Erasure(UNLINK, f"Who started it: {_SERVICE_ROW}.")},
    )
    erasure_policy_register(
        label="capacity.SelfAssessment",
        links={"updated_by": Erasure(UNLINK, f"Who last wrote the answer: {_SERVICE_ROW}.")},
    )
    erasure_policy_register(
        label="capacity.AccreditationEvidence",
        links={"added_by": Erasure(UNLINK, f"Who added the evidence: {_SERVICE_ROW}.")},
    )
