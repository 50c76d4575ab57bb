"""The invented projects, kinds of activity and places of the demo, and how much of it there is."""

from dataclasses import dataclass, field

from ..models import ActivitySetting, EngagementLevel, Objective, ProjectStage, ProjectStatus

SEED = 2027
MONTHS_BACK = 24
MONTHS_AHEAD = 3
PER_MONTH = (6, 10)

# The most recent past activities are left without attendance, as if nobody had recorded it yet.
UNRECORDED = 4
DEMO_STAFF_EMAIL = "staff@example.org"
DEMO_COCREATOR_EMAIL = "cocreator@example.org"
L = EngagementLevel
OBJ = Objective


@dataclass(frozen=True)
class Kind:
    """A kind of session that recurs: its title, level, length, places and usual turnout."""

    title: str
    level: int
    hours: float
    capacity: int | None
    turnout: tuple[int, int]
    summary: str
    audience: str = "Anyone in the co-creation community"
    online: bool = False  # usually held online
    public: bool = True


@dataclass(frozen=True)
class DemoProject:
    title: str
    summary: str
    stage: str
    status: str
    service_area: str  # an Interest name, or ""
    objectives: tuple[str, ...]
    partners: tuple[str, ...]
    started: int  # months ago
    ended: int | None  # months ago its sessions stopped, or None if they go on
    kinds: tuple[Kind, ...] = field(default=())


PROJECTS = (
    DemoProject(
        "Redesigning the crisis line callback",
        "People who ring the crisis line and wait for a call back told us the wait felt "
        "endless. Callers, carers and crisis staff are redesigning what happens between the "
        "first call and the call back.",
        ProjectStage.TESTING,
        ProjectStatus.ACTIVE,
        "Crisis and urgent care",
        (OBJ.COMMUNICATION, OBJ.ENVIRONMENT),
        ("Riverside Wellbeing Collective", "Lantern Coast Primary Care Network"),
        started=22,
        ended=None,
        kinds=(
            Kind(
                "Crisis line: tell us about waiting for a call back",
                L.ENGAGE,
                1.5,
                15,
                (6, 12),
                "Share what it was like to wait for the crisis line to call you back, "
                "and what would have helped.",
                audience="People who have used the crisis line, and their carers",
            ),
            Kind(
                "Crisis line callback: mapping the journey",
                L.INVOLVE,
                2,
                12,
                (5, 10),
                "Together we draw out every step from the first call to the call back, and "
                "mark where it goes wrong.",
            ),
            Kind(
                "Crisis line callback: project group",
                L.COLLABORATE,
                2,
                10,
                (5, 8),
                "The project group of callers, carers and crisis staff shares the decisions.",
                public=False,
            ),
            Kind(
                "Crisis line callback: design sprint",
                L.COCREATE,
                3,
                10,
                (6, 9),
                "Design the new callback messages and the script side by side with crisis "
                "line staff, then try them out.",
            ),
        ),
    ),
    DemoProject(
        "Carers' information pack",
        "Carers asked for one clear pack about the trust's services, their rights and where "
        "to get support. Carers are writing it with the carers' support team.",
        ProjectStage.IMPLEMENTATION,
        ProjectStatus.ACTIVE,
        "Adult community mental health",
        (OBJ.COMMUNITY, OBJ.COMMUNICATION),
        ("Hop Garden Carers' Network",),
        started=23,
        ended=None,
        kinds=(
            Kind(
                "Carers' pack: what do you wish you had known?",
                L.ENGAGE,
                1.5,
                20,
                (6, 14),
                "Tell us what you wish someone had told you when you started caring.",
                audience="Carers, family members and friends",
            ),
            Kind(
                "Carers' pack: choosing what goes in",
                L.INVOLVE,
                2,
                12,
                (5, 10),
                "Help decide what goes into the pack and what order it comes in.",
                audience="Carers, family members and friends",
            ),
            Kind(
                "Carers' pack: writing day",
                L.COCREATE,
                3,
                10,
                (5, 9),
                "Write and illustrate sections of the pack alongside the carers' support team.",
                audience="Carers, family members and friends",
            ),
        ),
    ),
    DemoProject(
        "A garden for the inpatient ward",
        "Patients, families and ward staff are turning a bare courtyard into a garden people "
        "can use every day.",
        ProjectStage.DESIGN,
        ProjectStatus.ACTIVE,
        "Inpatient wards",
        (OBJ.ENVIRONMENT, OBJ.CAPACITY),
        ("Oast House Peer Support",),
        started=15,
        ended=None,
        kinds=(
            Kind(
                "Ward garden: ideas on the ward",
                L.ENGAGE,
                1,
                None,
                (6, 14),
                "Drop in and tell us what you would like the garden to have.",
            ),
            Kind(
                "Ward garden: planning group",
                L.COLLABORATE,
                2,
                10,
                (4, 8),
                "The planning group shares the choices about layout, planting and budget.",
            ),
            Kind(
                "Ward garden: planting day",
                L.COCREATE,
                3,
                12,
                (6, 10),
                "Plant the garden together. Gloves, tools and lunch are provided.",
            ),
        ),
    ),
    DemoProject(
        "Digital appointment letters",
        "Appointment letters are moving to text and email. People who get them are deciding "
        "what the new letters say and how they look.",
        ProjectStage.TESTING,
        ProjectStatus.ACTIVE,
        "Psychological therapies",
        (OBJ.COMMUNICATION,),
        ("Downsview University Centre for Community Mental Health",),
        started=13,
        ended=None,
        kinds=(
            Kind(
                "Digital letters: what is changing and why",
                L.INFORM,
                1,
                None,
                (10, 25),
                "Hear what is changing about appointment letters and when.",
                online=True,
            ),
            Kind(
                "Digital letters: testing the new letters",
                L.INVOLVE,
                2,
                8,
                (4, 8),
                "Try the new letters on your own phone and tell us what is not clear.",
            ),
            Kind(
                "Digital letters: design workshop",
                L.COCREATE,
                2.5,
                10,
                (5, 9),
                "Write the new letters with the team who send them.",
            ),
        ),
    ),
    DemoProject(
        "Welcome to the ward: a guide for your first days",
        "A guide for people arriving on a ward and their families, written with people who "
        "remember their own first days. It is finished and in use on every ward.",
        ProjectStage.REVIEW,
        ProjectStatus.COMPLETED,
        "Inpatient wards",
        (OBJ.ENVIRONMENT, OBJ.COMMUNICATION),
        (),
        started=24,
        ended=11,
        kinds=(
            Kind(
                "Admission guide: what helped when you arrived?",
                L.INVOLVE,
                2,
                12,
                (5, 10),
                "Tell us what helped, and what did not, in your first days on a ward.",
            ),
            Kind(
                "Admission guide: editing group",
                L.COLLABORATE,
                2,
                8,
                (4, 7),
                "The editing group decides together what the guide says.",
            ),
        ),
    ),
    DemoProject(
        "Moving on: young people moving to adult services",
        "Young people told us moving from children's to adult services felt like falling off "
        "a cliff. With a young people's project we are finding out what would make it gentler.",
        ProjectStage.DISCOVERY,
        ProjectStatus.ACTIVE,
        "Early intervention in psychosis",
        (OBJ.COMMUNITY, OBJ.COMMUNICATION),
        ("Saltmarsh Young People's Project",),
        started=10,
        ended=None,
        kinds=(
            Kind(
                "Moving on: young people's listening session",
                L.ENGAGE,
                1.5,
                15,
                (4, 10),
                "Tell us about moving to adult services, in a relaxed evening session.",
                audience="Young people aged 16 to 25",
            ),
            Kind(
                "Moving on: mapping the move",
                L.INVOLVE,
                2,
                12,
                (4, 9),
                "Map the move from children's to adult services and where it breaks down.",
                audience="Young people aged 16 to 25, and their families",
            ),
            Kind(
                "Moving on: writing a peer guide",
                L.COCREATE,
                3,
                10,
                (4, 8),
                "Write a guide by young people for young people, with youth workers.",
                audience="Young people aged 16 to 25",
            ),
        ),
    ),
    DemoProject(
        "Faith, culture and mental health conversations",
        "Conversations in places of worship and community centres about mental health, what "
        "gets in the way of asking for help, and how the trust could listen better.",
        ProjectStage.DISCOVERY,
        ProjectStatus.ACTIVE,
        "",
        (OBJ.COMMUNITY, OBJ.COMMUNICATION),
        (
            "Greensand Interfaith Forum",
            "Northfleet Sikh Community Seva Circle",
            "Kingsgate African and Caribbean Wellbeing Hub",
        ),
        started=17,
        ended=None,
        kinds=(
            Kind(
                "Mental health awareness talk",
                L.INFORM,
                1,
                None,
                (15, 35),
                "A short talk about mental health and where to get help, with time for questions.",
            ),
            Kind(
                "Faith and mental health: community conversation",
                L.ENGAGE,
                2,
                25,
                (8, 18),
                "An open conversation about mental health in our communities.",
            ),
            Kind(
                "Faith and mental health: partners' planning group",
                L.COLLABORATE,
                2,
                12,
                (5, 9),
                "Faith and community partners plan the next conversations with the trust.",
                public=False,
            ),
        ),
    ),
    DemoProject(
        "Perinatal peer support group",
        "Parents who have been through perinatal mental illness are setting up a peer support "
        "group with the perinatal team.",
        ProjectStage.IMPLEMENTATION,
        ProjectStatus.ACTIVE,
        "Perinatal mental health",
        (OBJ.CAPACITY, OBJ.COMMUNITY),
        (),
        started=19,
        ended=None,
        kinds=(
            Kind(
                "Perinatal peer support: shaping the group",
                L.INVOLVE,
                2,
                10,
                (4, 8),
                "Help decide how the peer support group will run. Babies are welcome.",
                audience="Parents with experience of perinatal mental illness",
            ),
            Kind(
                "Perinatal peer support: training together",
                L.COCREATE,
                3,
                10,
                (4, 8),
                "Peer supporters and the perinatal team build the training side by side.",
                audience="Parents with experience of perinatal mental illness",
            ),
        ),
    ),
    DemoProject(
        "Co-creation training for staff and co-creators",
        "A course on working as equal partners, designed and taught by co-creators and staff "
        "together.",
        ProjectStage.IMPLEMENTATION,
        ProjectStatus.ACTIVE,
        "",
        (OBJ.CAPACITY, OBJ.ENVIRONMENT),
        ("Downsview University Centre for Community Mental Health",),
        started=21,
        ended=None,
        kinds=(
            Kind(
                "Introduction to co-creation",
                L.INFORM,
                1.5,
                40,
                (12, 30),
                "What co-creation means here, and the ways to take part.",
                online=True,
            ),
            Kind(
                "Co-creation skills: facilitating together",
                L.COLLABORATE,
                3,
                14,
                (6, 12),
                "Learn to run a session as a pair: one co-creator and one member of staff.",
                audience="Co-creators and trust staff",
            ),
            Kind(
                "Co-creation training: designing the course",
                L.COCREATE,
                3,
                10,
                (5, 9),
                "Design the next part of the course with the people who teach it.",
            ),
        ),
    ),
    DemoProject(
        "A calmer memory service waiting room",
        "Older people and their carers find the memory service waiting room noisy and "
        "confusing. This idea is paused until the building work is agreed.",
        ProjectStage.IDEA,
        ProjectStatus.PAUSED,
        "Older adults' mental health",
        (OBJ.ENVIRONMENT,),
        (),
        started=6,
        ended=3,
        kinds=(
            Kind(
                "Memory service waiting room: what would help?",
                L.ENGAGE,
                1.5,
                15,
                (5, 10),
                "Tell us what would make the waiting room calmer and easier to find your way in.",
                audience="Older people and their carers",
            ),
        ),
    ),
    DemoProject(
        "Health outreach with Gypsy, Roma and Traveller communities",
        "With a community organisation we are finding out how the trust can reach Gypsy, Roma "
        "and Traveller families in ways that suit them.",
        ProjectStage.DISCOVERY,
        ProjectStatus.ACTIVE,
        "Adult community mental health",
        (OBJ.COMMUNITY, OBJ.COMMUNICATION),
        ("Open Road Traveller and Roma Voices",),
        started=8,
        ended=None,
        kinds=(
            Kind(
                "Open Road: health and wellbeing drop-in",
                L.ENGAGE,
                2,
                None,
                (5, 12),
                "Drop in for a cup of tea and a chat about health and wellbeing.",
            ),
            Kind(
                "Open Road: shaping the outreach together",
                L.INVOLVE,
                2,
                10,
                (4, 8),
                "Help decide where and how the outreach team should work.",
            ),
        ),
    ),
)

# Sessions that belong to no one project: the community's own regular life.
STANDING_KINDS = (
    Kind(
        "Co-creation community briefing",
        L.INFORM,
        1,
        None,
        (12, 30),
        "News from the involvement team: what has changed because of you, and what is coming up.",
        online=True,
    ),
    Kind(
        "Open evening: what is co-creation?",
        L.INFORM,
        1.5,
        40,
        (10, 25),
        "Come and find out about the co-creation community and how to join in.",
        audience="Anyone: you do not need to be a member yet",
    ),
    Kind(
        "Coffee and conversation",
        L.ENGAGE,
        1.5,
        20,
        (6, 14),
        "An informal chat about your experience of mental health services, over a coffee.",
    ),
    Kind(
        "Listening event: your experience of our services",
        L.ENGAGE,
        2,
        30,
        (8, 16),
        "Tell senior leaders directly what is working and what is not.",
    ),
    Kind(
        "Reading panel: checking leaflets for plain English",
        L.INVOLVE,
        2,
        8,
        (4, 7),
        "Read new leaflets before they are printed and help make them clear.",
    ),
    Kind(
        "Recruitment panel: interviewing for a new post",
        L.INVOLVE,
        3,
        3,
        (2, 3),
        "Sit on an interview panel with trust managers. Training is given first.",
        public=False,
    ),
    Kind(
        "Co-creation community forum",
        L.COLLABORATE,
        2,
        20,
        (8, 14),
        "The community and the involvement team decide together what to work on next.",
    ),
    Kind(
        "Planning next year's priorities together",
        L.COCREATE,
        3,
        20,
        (8, 14),
        "Set the co-creation community's priorities for next year, side by side with the "
        "trust's leaders.",
    ),
)
TRUST_SITES = (
    ("Trust headquarters, Maidstone", "Maidstone"),
    ("Community mental health centre, Canterbury", "Canterbury"),
    ("Community mental health centre, Margate", "Thanet"),
    ("Community mental health centre, Ashford", "Ashford"),
    ("Inpatient unit, Dartford", "Dartford"),
)
INFORMAL_VENUES = (
    (ActivitySetting.COMMUNITY_VENUE, "Sheerness community hub", "Swale"),
    (ActivitySetting.COMMUNITY_VENUE, "Chatham community centre", "Medway"),
    (ActivitySetting.COMMUNITY_VENUE, "Cheriton community centre", "Folkestone and Hythe"),
    (ActivitySetting.LIBRARY, "Gravesend library", "Gravesham"),
    (ActivitySetting.LIBRARY, "Tunbridge Wells library", "Tunbridge Wells"),
    (ActivitySetting.FOOD_BANK, "Margate food bank", "Thanet"),
    (ActivitySetting.FOOD_BANK, "Dover food bank", "Dover"),
    (ActivitySetting.JOB_CENTRE, "Job Centre, Chatham", "Medway"),
    (ActivitySetting.FAITH_VENUE, "Gurdwara community hall, Gravesend", "Gravesham"),
    (ActivitySetting.FAITH_VENUE, "Methodist church hall, Sevenoaks", "Sevenoaks"),
)
ONLINE_VENUE = "Online (a video call link is sent the day before)"
ACCESS = "Step-free access, a hearing loop and a quiet room. Tell us what else would help."
RECOGNITION = "Payment for your time and travel expenses, under the trust's recognition policy"
