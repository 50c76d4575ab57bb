"""What leaving does to the partner section's rows (community/erasure.py), registered from the
partners wiring.

Leaving is about co-creators; a partner login is a different account (`partner_access_give`
refuses an address that belongs to another account), so these links are there for completeness
and for staff who leave. A partner access belongs to its login and goes with it. A request for
support stays in the team's count of requests, with what was asked and answered emptied. Who gave
access or answered a request is the team's link, and is emptied.
"""

from community.erasure import DELETE, KEEP, UNLINK, Erasure, erasure_policy_register

_TEAM = "Who gave or handled it: the row is the team's; the link to the leaver goes."


def erasure_rules_register() -> None:
    erasure_policy_register(
        label="capacity.PartnerAccess",
        links={
            "user": Erasure(
                DELETE, "The login's own access to the partner section; the login is closed."
            ),
            "given_by": Erasure(UNLINK, _TEAM),
        },
    )
    erasure_policy_register(
        label="capacity.SupportRequest",
        links={
            "requested_by": Erasure(
                KEEP,
                "Counted among the organisation's requests; what was asked and the reply may say "
                "who they are, so they are emptied, and the link is to the closed login only.",
            ),
            "handled_by": Erasure(UNLINK, _TEAM),
        },
    )
