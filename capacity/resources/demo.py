"""The demo's resource pack and jargon buster (the lead's seed_demo calls `demo_build`).
Idempotent: a resource is added only when no resource has its address, a term only when no term
has its name. A handful of queries whatever the size: everything is bulk-created."""

from __future__ import annotations

from ..models import JargonTerm, Resource, ResourceAudience, ResourceKind, ResourceRevision
from .selectors import jargon_cache_clear
from .services import FIRST_PUBLISHED

P, K = ResourceAudience.PORTAL, ResourceKind

# (slug, title, kind, audience, summary, body, [what changed in version 2, 3, ...]); None = draft.
RESOURCES = (
    (
        "curiosity-toolkit",
        "Co-creation curiosity toolkit",
        K.TOOLKIT,
        ResourceAudience.PUBLIC,
        "Questions and activities that help a group stay curious about what people with lived "
        "experience tell us, before jumping to answers.",
        "Start every session by agreeing what you want to find out, not what you want to prove.\n\n"
        "Use open questions: what happened, what mattered to you, what would have helped? Ask "
        "the quietest person in the room first, and give people time to think.\n\n"
        "Close by saying what you heard and what will happen next. Co-production only works "
        "when people see that their words were used.",
        ["Added a page of questions for online sessions."],
    ),
    (
        "best-practice-guide",
        "Best-practice guide to co-creation",
        K.GUIDE,
        ResourceAudience.PUBLIC,
        "How we plan, run and follow up co-creation work with people who use our services, "
        "their carers and our staff.",
        "Involve people from the start, when the problem is still being decided, not at the "
        "end when a plan is nearly finished.\n\n"
        "Share power: agree together how decisions are made and who makes them. Pay people for "
        "their time as our involvement policy says.\n\n"
        "Work in a trauma-informed way: offer choices, explain what will happen, and check in "
        "with people after a difficult conversation.",
        ["Updated the section on paying people.", "Plainer wording throughout."],
    ),
    (
        "role-expectations-cocreator",
        "Role expectations: co-creator",
        K.ROLE_EXPECTATIONS,
        ResourceAudience.PUBLIC,
        "What you can expect from us as a co-creator, and what we ask of you.",
        "As a co-creator you bring your lived experience to help shape our services. You choose "
        "what you take part in and how much.\n\n"
        "We will tell you what each activity is for, pay you where the activity is paid, and "
        "tell you what changed because of your ideas.\n\n"
        "We ask you to respect other people's stories and keep what is shared in the room "
        "private, unless someone is at risk: then safeguarding comes first.",
        [],
    ),
    (
        "interview-panel-guide",
        "A guide to being on an interview panel",
        K.GUIDE,
        ResourceAudience.PUBLIC,
        "What happens when you help us choose new staff, from reading applications to the "
        "interview day.",
        "You will get the job description and the questions a week before. You can ask us "
        "anything about them.\n\n"
        "On the day you ask your questions and score each answer on the same sheet as the rest "
        "of the panel. Your score counts as much as anyone else's.\n\n"
        "Everything about the people who applied is confidential.",
        [],
    ),
    (
        "inclusive-communication",
        "Inclusive communication guide",
        K.GUIDE,
        ResourceAudience.PUBLIC,
        "How to write and speak so that everyone can take part: plain English, easy read and "
        "accessible meetings.",
        "Say what you mean in short sentences. Explain any abbreviation the first time, like "
        "ICB or CMHT, or link to the jargon buster.\n\n"
        "Send papers a week before a meeting, and ask people what format works for them: large "
        "print, easy read, or a phone call instead.",
        [],
    ),
    (
        "getting-paid-for-involvement",
        "Getting paid for involvement",
        K.GUIDE,
        P,
        "How involvement payments and expenses work, and what they may mean for your benefits.",
        "Some activities are paid. The activity's page says so before you book.\n\n"
        "After a paid session you will find a claim ready in your portal. You can choose to be "
        "paid through payroll, with a voucher, to a charity, or not at all.\n\n"
        "If you get benefits, read our notice before you choose, and talk to us if you are "
        "unsure.",
        ["Added vouchers as a way to be paid."],
    ),
    (
        "role-expectations-panel-member",
        "Role expectations: panel member",
        K.ROLE_EXPECTATIONS,
        P,
        "What being a panel member involves, the training it needs and the support we offer.",
        "Panel members sit on interview and review panels. You will need the short course on "
        "interviewing fairly first.\n\n"
        "A member of the team meets you before and after each panel to talk it through.",
        [],
    ),
    (
        "stakeholder-map-template",
        "Stakeholder map template",
        K.TOOLKIT,
        ResourceAudience.PUBLIC,
        "A one-page template for working out who a piece of work affects and how to involve them.",
        "",
        None,
    ),
)

# (term, also known as, meaning), in our own plain words.
TERMS = (
    (
        "Co-production",
        "",
        "People who use services, carers and staff working as equal partners "
        "to design, run and check services, sharing power from the start.",
    ),
    (
        "Co-creation",
        "",
        "Making something new together with the people it is for, such as a "
        "leaflet, a service or a way of working.",
    ),
    (
        "Lived experience",
        "",
        "What someone knows from living with a mental health condition, "
        "using services, or caring for someone who does.",
    ),
    (
        "ICS",
        "Integrated Care System",
        "The local partnership of the NHS, councils, charities and "
        "others that plan health and care together for an area.",
    ),
    (
        "ICB",
        "Integrated Care Board",
        "The NHS body in each area that decides how the local NHS "
        "budget is spent and checks services are good enough.",
    ),
    (
        "PALS",
        "Patient Advice and Liaison Service",
        "The team to contact for help, advice or to "
        "raise a concern about NHS care, before or instead of a formal complaint.",
    ),
    (
        "CQC",
        "Care Quality Commission",
        "The independent body that inspects health and social care "
        "services in England and rates how good they are.",
    ),
    (
        "CMHT",
        "Community Mental Health Team",
        "A team of nurses, doctors, social workers and others "
        "who support people with their mental health in the community, not in hospital.",
    ),
    (
        "Care plan",
        "",
        "A written plan, agreed with you, that says what support you will get, who "
        "gives it and what to do if things get worse.",
    ),
    (
        "Safeguarding",
        "",
        "Protecting people from harm, abuse or neglect. Anyone worried that "
        "someone is at risk should tell the safeguarding lead.",
    ),
    (
        "Trauma-informed",
        "trauma informed",
        "Working in a way that understands many people have "
        "been through painful events, so it offers safety, choice and trust and avoids causing more "
        "harm.",
    ),
    (
        "Stakeholder",
        "stakeholders",
        "Any person or group affected by a piece of work or with an interest in it.",
    ),
    (
        "Service user",
        "patient",
        "Someone who uses, or has used, a health or care service. Some "
        "people prefer other words, so ask.",
    ),
    (
        "Peer support worker",
        "peer supporter",
        "A paid member of staff who uses their own lived "
        "experience of mental health problems to support others.",
    ),
    (
        "Engagement",
        "",
        "Talking with people and listening to them about services. It can range "
        "from sharing information to making decisions together.",
    ),
    (
        "Governance",
        "",
        "The rules and groups that decide how an organisation is run and who is "
        "responsible for what.",
    ),
    (
        "Carer",
        "unpaid carer",
        "Someone who looks after a family member or friend who needs support, "
        "without being paid for it.",
    ),
    (
        "Commissioning",
        "",
        "How the NHS and councils decide which services to pay for and who should provide them.",
    ),
    (
        "Recovery",
        "",
        "Living a life that feels good and meaningful to you, with or without "
        "symptoms. It means different things to different people.",
    ),
    (
        "Crisis team",
        "home treatment team",
        "A team that supports people in a mental health crisis "
        "quickly, often at home, to avoid a hospital stay where possible.",
    ),
    (
        "Section",
        "sectioned, Mental Health Act",
        "Being kept in hospital under the Mental Health "
        "Act, when doctors decide it is needed to keep someone or others safe.",
    ),
    (
        "Advocate",
        "advocacy",
        "Someone independent who helps you say what you want and makes sure "
        "your rights are respected.",
    ),
    (
        "Easy read",
        "easy-read",
        "Information written with short sentences and pictures, for people "
        "who find ordinary text hard to read.",
    ),
    (
        "Steering group",
        "",
        "A group of people who guide a piece of work, check its progress and "
        "make the big decisions about it.",
    ),
    (
        "Honorarium",
        "involvement payment",
        "A payment to thank someone for their time and "
        "experience, such as for taking part in a co-creation session.",
    ),
    (
        "Discharge",
        "",
        "Leaving a service, such as leaving hospital or no longer being seen by a "
        "team, usually with a plan for what happens next.",
    ),
)


def demo_build(*, actor=None) -> dict[str, int]:
    """The demo's resources (with versions and history) and jargon terms; returns how many of each
    it added (none when they are all there already)."""
    have = set(Resource.objects.values_list("slug", flat=True))
    new = [row for row in RESOURCES if row[0] not in have]
    made = Resource.objects.bulk_create(
        Resource(
            slug=slug,
            title=title,
            kind=kind,
            audience=audience,
            summary=summary,
            body=body,
            is_published=changes is not None,
            version=str(1 + len(changes or [])),
            updated_by=actor,
        )
        for slug, title, kind, audience, summary, body, changes in new
    )
    revisions = []
    for resource, row in zip(made, new, strict=True):
        changes = row[-1]
        if changes is None:
            continue
        for version, what in enumerate([FIRST_PUBLISHED, *changes], start=1):
            revisions.append(
                ResourceRevision(
                    resource=resource, version=str(version), what_changed=what, changed_by=actor
                )
            )
    ResourceRevision.objects.bulk_create(revisions)

    known = {term.casefold() for term in JargonTerm.objects.values_list("term", flat=True)}
    terms = JargonTerm.objects.bulk_create(
        JargonTerm(term=term, also_known_as=also, meaning=meaning)
        for term, also, meaning in TERMS
        if term.casefold() not in known
    )
    if terms:
        jargon_cache_clear()
    return {"resources": len(made), "terms": len(terms)}
