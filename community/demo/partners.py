"""The demo's invented partner organisations, their contacts and champions, and writing them."""

import datetime

from ..models import (
    CoCreator,
    CoCreatorStatus,
    PartnerContact,
    PartnerKind,
    PartnerOrganisation,
    PartnershipStatus,
)
from ..partners.services import champion_appoint, partner_contact_add, partner_create
from .people import CONTACT_PHONE_START, DemoPerson, _ascii, _phone

PARTNERS = (
    {
        "name": "Riverside Wellbeing Collective",
        "kind": PartnerKind.VOLUNTARY,
        "status": PartnershipStatus.ACTIVE,
        "communities_reached": "Young adults and families in Chatham and Gillingham; people "
        "recovering from drug and alcohol use.",
        "localities": ("Medway", "Swale"),
        "website": "https://riverside-wellbeing.example.org",
        "notes": "Hosts our Medway drop-in on the first Tuesday of each month.",
        "contacts": (
            ("Dana Whitlock", "Community development worker", True, True),
            ("Femi Adebayo", "Peer support coordinator", True, False),
        ),
    },
    {
        "name": "Hop Garden Carers' Network",
        "kind": PartnerKind.VOLUNTARY,
        "status": PartnershipStatus.ACTIVE,
        "communities_reached": "Unpaid carers, including older carers and young carers.",
        "localities": ("Maidstone", "Tonbridge and Malling", "Tunbridge Wells"),
        "website": "https://hopgarden-carers.example.org",
        "notes": "",
        "contacts": (
            ("Ruth Pennington", "Carers' support manager", True, True),
            ("Owen Tapsell", "Young carers worker", False, True),
        ),
    },
    {
        "name": "Saltmarsh Young People's Project",
        "kind": PartnerKind.VOLUNTARY,
        "status": PartnershipStatus.ACTIVE,
        "communities_reached": "Young people aged 16 to 25, care leavers, and young men who "
        "would not come to a meeting at the trust.",
        "localities": ("Thanet", "Swale"),
        "website": "https://saltmarsh-yp.example.org",
        "notes": "Prefers evening sessions after college.",
        "contacts": (
            ("Jordan Ashby", "Youth worker", True, True),
            ("Keeley Marsh", "Project lead", True, False),
        ),
    },
    {
        "name": "Greensand Interfaith Forum",
        "kind": PartnerKind.FAITH,
        "status": PartnershipStatus.ACTIVE,
        "communities_reached": "Churches, mosques, gurdwaras and temples across west Kent.",
        "localities": ("Sevenoaks", "Tonbridge and Malling", "Maidstone"),
        "website": "https://greensand-interfaith.example.org",
        "notes": "",
        "contacts": (("Revd Alison Crouch", "Chair", True, False),),
    },
    {
        "name": "Northfleet Sikh Community Seva Circle",
        "kind": PartnerKind.FAITH,
        "status": PartnershipStatus.ACTIVE,
        "communities_reached": "Punjabi Sikh families; older Punjabi-speaking women.",
        "localities": ("Gravesham", "Dartford"),
        "website": "",
        "notes": "Meetings can be in Punjabi with a volunteer interpreter.",
        "contacts": (
            ("Balvinder Kaur Sandhu", "Women's group organiser", False, True),
            ("Ranjit Singh Bains", "Secretary", True, True),
        ),
    },
    {
        "name": "Himalayan Friendship Group (Cheriton)",
        "kind": PartnerKind.VOLUNTARY,
        "status": PartnershipStatus.ACTIVE,
        "communities_reached": "Nepali families, including families of Gurkha veterans.",
        "localities": ("Folkestone and Hythe", "Ashford"),
        "website": "",
        "notes": "",
        "contacts": (
            ("Mina Gurung", "Welfare volunteer", True, True),
            ("Prakash Thapa", "Chair", True, False),
        ),
    },
    {
        "name": "Kingsgate African and Caribbean Wellbeing Hub",
        "kind": PartnerKind.VOLUNTARY,
        "status": PartnershipStatus.ACTIVE,
        "communities_reached": "Black African and Black Caribbean communities; men's mental "
        "health.",
        "localities": ("Dartford", "Gravesham", "Medway"),
        "website": "https://kingsgate-hub.example.org",
        "notes": "Runs a barbershop conversations project with us.",
        "contacts": (
            ("Ebony Campbell", "Director", True, True),
            ("Samuel Owusu", "Men's group lead", True, True),
        ),
    },
    {
        "name": "Oast House Peer Support",
        "kind": PartnerKind.VOLUNTARY,
        "status": PartnershipStatus.EXPLORING,
        "communities_reached": "People with lived experience of mental illness; peer support "
        "groups.",
        "localities": ("Ashford", "Canterbury"),
        "website": "https://oasthouse-peers.example.org",
        "notes": "First meeting held; agreeing a memorandum of understanding.",
        "contacts": (("Nadia Coleman", "Peer support lead", True, False),),
    },
    {
        "name": "Downsview University Centre for Community Mental Health",
        "kind": PartnerKind.UNIVERSITY,
        "status": PartnershipStatus.ACTIVE,
        "communities_reached": "Students; researchers with lived experience.",
        "localities": ("Canterbury", "Medway"),
        "website": "https://downsview-ccmh.example.org",
        "notes": "Co-produced research partnership.",
        "contacts": (
            ("Dr Helena Marsh", "Senior lecturer", True, False),
            ("Tom Ferris", "Research assistant", True, False),
        ),
    },
    {
        "name": "Weald and Marsh Borough Council Public Health Team",
        "kind": PartnerKind.COUNCIL,
        "status": PartnershipStatus.PAUSED,
        "communities_reached": "Residents of rural villages and the Romney Marsh.",
        "localities": ("Ashford", "Folkestone and Hythe"),
        "website": "https://wealdandmarsh-council.example.org",
        "notes": "Paused while the team is restructured.",
        "contacts": (("Gareth Lowe", "Public health officer", True, True),),
    },
    {
        "name": "Lantern Coast Primary Care Network",
        "kind": PartnerKind.NHS,
        "status": PartnershipStatus.EXPLORING,
        "communities_reached": "Patients of eight GP practices on the east Kent coast.",
        "localities": ("Dover", "Thanet"),
        "website": "https://lanterncoast-pcn.example.org",
        "notes": "",
        "contacts": (("Imogen Reeve", "Social prescribing link worker", True, True),),
    },
    {
        "name": "Open Road Traveller and Roma Voices",
        "kind": PartnerKind.VOLUNTARY,
        "status": PartnershipStatus.ACTIVE,
        "communities_reached": "Gypsy, Roma and Traveller families.",
        "localities": ("Maidstone", "Swale", "Medway", "Tonbridge and Malling"),
        "website": "",
        "notes": "Prefers phone calls and visits to site; few use email.",
        "contacts": (
            ("Rosie Loveridge", "Outreach worker", False, True),
            ("Marius Lăcătuș", "Roma community worker", True, True),
        ),
    },
)

# (partner name, contact name, communities, localities, days ago started)
CONTACT_CHAMPIONS = (
    (
        "Kingsgate African and Caribbean Wellbeing Hub",
        "Samuel Owusu",
        "Black men in Dartford and Gravesend, through barbershops and churches.",
        ("Dartford", "Gravesham"),
        420,
    ),
    (
        "Saltmarsh Young People's Project",
        "Jordan Ashby",
        "Young people and care leavers in Thanet.",
        ("Thanet",),
        300,
    ),
    (
        "Open Road Traveller and Roma Voices",
        "Rosie Loveridge",
        "Gypsy, Roma and Traveller families on sites in mid Kent.",
        ("Maidstone", "Swale"),
        200,
    ),
)

# Which co-creators become champions: the first active person of each of these heritages.
COCREATOR_CHAMPIONS = (
    (
        "african",
        "Nigerian and Ghanaian churches in Medway and Dartford.",
        ("Medway", "Dartford"),
        500,
        None,
    ),
    (
        "nepali",
        "Nepali families in Folkestone and Ashford.",
        ("Folkestone and Hythe", "Ashford"),
        380,
        None,
    ),
    ("punjabi", "Punjabi Sikh families in Gravesend.", ("Gravesham",), 250, None),
    ("polish", "Polish families in Medway and Thanet.", ("Medway", "Thanet"), 700, 120),
    (
        "kurdish",
        "Kurdish and Turkish-speaking families on the coast.",
        ("Thanet", "Dover", "Folkestone and Hythe"),
        90,
        None,
    ),
)


def _places(localities_by_name: dict, names) -> list:
    # Staff may rename or remove localities; a demo partner then simply reaches fewer places.
    return [localities_by_name[n] for n in names if n in localities_by_name]


def _contact_email(name: str, organisation: str) -> str:
    words = [_ascii(w) for w in name.split() if not w.endswith(".") and w not in ("Dr", "Revd")]
    org = _ascii(organisation.split()[0])
    return f"{words[0]}.{words[-1]}.{org}@example.org"


def _ensure_partners(localities_by_name: dict) -> tuple[int, int]:
    """Make the demo partners and contacts that are missing. Returns (partners, contacts) made."""
    made_partners = made_contacts = 0
    phone = CONTACT_PHONE_START
    for spec in PARTNERS:
        partner = PartnerOrganisation.objects.filter(name=spec["name"]).first()
        if partner is None:
            partner = partner_create(
                actor=None,
                name=spec["name"],
                kind=spec["kind"],
                status=spec["status"],
                communities_reached=spec["communities_reached"],
                website=spec["website"],
                notes=spec["notes"],
                localities=_places(localities_by_name, spec["localities"]),
            )
            made_partners += 1
        existing = set(partner.contacts.values_list("name", flat=True))
        for name, role, has_email, has_phone in spec["contacts"]:
            number, phone = phone, phone + 1
            if name in existing:
                continue
            partner_contact_add(
                actor=None,
                organisation=partner,
                name=name,
                role=role,
                email=_contact_email(name, spec["name"]) if has_email else "",
                phone=_phone(number) if has_phone else "",
            )
            made_contacts += 1
    return made_partners, made_contacts


def _ensure_champions(people: list[DemoPerson], localities_by_name: dict, today) -> int:
    made = 0
    for partner_name, contact_name, communities, places, days_ago in CONTACT_CHAMPIONS:
        contact = PartnerContact.objects.filter(
            organisation__name=partner_name, name=contact_name
        ).first()
        if contact is None or contact.champion_roles.exists():
            continue
        champion_appoint(
            actor=None,
            partner_contact=contact,
            communities=communities,
            localities=_places(localities_by_name, places),
            since=today - datetime.timedelta(days=days_ago),
        )
        made += 1
    for heritage, communities, places, days_ago, ended_days_ago in COCREATOR_CHAMPIONS:
        person = next(
            (
                p
                for p in people
                if p.heritage == heritage and p.fields["status"] == CoCreatorStatus.ACTIVE
            ),
            None,
        )
        if person is None:
            continue
        cocreator = CoCreator.objects.filter(email__iexact=person.email).first()
        if cocreator is None or cocreator.champion_roles.exists():
            continue
        champion_appoint(
            actor=None,
            cocreator=cocreator,
            communities=communities,
            localities=_places(localities_by_name, places),
            since=today - datetime.timedelta(days=days_ago),
            until=(
                today - datetime.timedelta(days=ended_days_ago)
                if ended_days_ago is not None
                else None
            ),
        )
        made += 1
    return made
