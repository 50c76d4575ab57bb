"""Where the product shows the work on each of objective 4's key actions, for the plan tracker.

Objective 4 of the plan, "Building confidence and capacity in co-creation", has 18 key actions
(`reporting/reference_data/plan_key_actions.csv`, by their position). `EVIDENCE` gives, for each
action that a feature of this product evidences, the pages that show it, as (label, URL name)
pairs. An action no feature evidences has none, and the tracker shows nothing for it rather than
a loosely related page: 11 (cross-system co-design projects), 14 (an annual learning event) and
18 (a system-wide impact report) are work outside the product.

The plan tracker (`reporting.plan.selectors`) shows each page as a link to whoever may open it
and as plain text to anyone else; reporting adds its own report pages (capacity does not name a
higher layer's URLs). Every URL name here must reverse: `check_evidence_urls` is a system check
(run by `manage.py check`, `migrate` and `runserver`) that names any that does not, and
tests/capacity/test_plan_evidence.py runs it too.
"""

from django.core import checks
from django.urls import NoReverseMatch, reverse

OBJECTIVE = 4

TRAINING = ("The training offer: courses, runs, completions and feedback", "capacity:training-list")
ROLES = ("Role expectations and pathways (public)", "capacity:public-role-list")
PARTNER_ACCESS = ("Partner section logins", "capacity:partners-staff-access")
PARTNER_REQUESTS = ("Support requests from system partners", "capacity:partners-staff-requests")
ACCREDITATION = (
    "Accreditation: services and their applications",
    "capacity:accreditation-services",
)
ACCREDITED = ("Accredited services (public)", "capacity:panel-accredited-list")

EVIDENCE: dict[int, list[tuple[str, str]]] = {
    # Launch a modular co-creation training offer.
    1: [TRAINING],
    # Tailored personal development plans for all co-creators.
    2: [("Personal development plans", "capacity:plans-list")],
    # A co-creation offer for system partners: training, mentoring and toolkits.
    3: [PARTNER_ACCESS, PARTNER_REQUESTS],
    # Understand ELFT's accreditation and begin our own.
    4: [
        ("Accreditation criteria, version by version", "capacity:accreditation-criteria"),
        ACCREDITATION,
        ACCREDITED,
    ],
    # Triangulate data, feedback and information with communications and patient experience.
    5: [("Triangulation of co-creator insight with other feedback", "impact:triangulation")],
    # Expand training: digital access, safeguarding, facilitation.
    6: [TRAINING],
    # Share a Co-Creation Resource Pack: jargon busters, guides, role expectations.
    7: [
        ("The Co-Creation Resource Pack (public)", "capacity:resource-list"),
        ("The jargon buster (public)", "capacity:jargon"),
        ROLES,
    ],
    # Identify and train system co-creation ambassadors.
    8: [("System co-creation ambassadors", "capacity:ambassador-list")],
    # Formalise partnerships with system organisations who request co-creation support.
    9: [PARTNER_REQUESTS],
    # Pilot a co-creation accreditation with a small number of services.
    10: [ACCREDITATION, ("Accreditation panels", "capacity:panel-list"), ACCREDITED],
    # 11: pilot cross-system co-design projects: not in the product.
    # Informal peer support and mentoring.
    12: [("Mentoring pairs and peer-support groups", "capacity:mentoring-list")],
    # Adapt training based on feedback from co-creators.
    13: [
        ("Course feedback, on each course's page of the training offer", "capacity:training-list")
    ],
    # 14: an annual learning event: not in the product.
    # Campaign and roll out the accreditation.
    15: [ACCREDITED, ACCREDITATION, ("Accreditation renewals due", "capacity:panel-renewals")],
    # 16: evaluate the long-term impact of training and support: the steering report's section
    # on objective 4, which reporting adds itself.
    # A trust-wide support network with leadership pathways.
    17: [ROLES, ("Role profiles and pathways", "capacity:role-list")],
    # 18: a system-wide impact report: not in the product.
}


def evidence_url_names() -> list[tuple[int, str]]:
    """Every (action position, URL name) in `EVIDENCE`."""
    return [(position, name) for position, pages in EVIDENCE.items() for _, name in pages]


@checks.register(checks.Tags.urls)
def check_evidence_urls(app_configs=None, **kwargs) -> list[checks.Error]:
    """A system check: every URL name in `EVIDENCE` reverses, and every position is a key action
    of objective 4 (1 to 18)."""
    errors = []
    for position, name in evidence_url_names():
        if not 1 <= position <= 18:
            errors.append(
                checks.Error(
                    f"Objective 4 has key actions 1 to 18; EVIDENCE names action {position}.",
                    obj="capacity.plan_evidence.EVIDENCE",
                    id="capacity.E002",
                )
            )
        try:
            reverse(name)
        except NoReverseMatch:
            errors.append(
                checks.Error(
                    f"The plan tracker's evidence for objective 4, key action {position}, names "
                    f"the URL {name!r}, which does not exist (or needs arguments).",
                    hint="Use the URL name of a page with no arguments, or remove it.",
                    obj="capacity.plan_evidence.EVIDENCE",
                    id="capacity.E001",
                )
            )
    return errors
