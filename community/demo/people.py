"""The demo's invented people: names by heritage, ages, localities, access needs and equality answers."""

import datetime
import random
import unicodedata
from dataclasses import dataclass, field

from ..models import AccessNeed, CoCreatorStatus, HeardFrom, NewsletterChoice, Relationship
from ..services import age_band_for_year

SEED = 2026
DEMO_COCREATOR_EMAIL = "cocreator@example.org"
PHONE_PREFIX = "07700 900"  # Ofcom's drama range: 07700 900000 to 07700 900999.
CONTACT_PHONE_START = 800  # Co-creators use 900000-900199, partner contacts 900800 upwards.
PREFER_NOT = "prefer_not"
WHITE_BRITISH = "White: English, Welsh, Scottish, Northern Irish or British"
PREFER_NOT_ETHNIC = "Prefer not to say"


def _names(text: str) -> tuple[str, ...]:
    return tuple(text.split())


@dataclass(frozen=True)
class Heritage:
    """A community within Kent and Medway the demo draws people from."""

    count: int
    ethnic_groups: tuple[str, ...]
    female: tuple[str, ...]
    male: tuple[str, ...]
    surnames: tuple[str, ...]
    religions: tuple[tuple[str, int], ...]
    language: str = ""  # A first language other than English, when it is likely.
    places: tuple[str, ...] = ()  # Localities where this community is more often found.


BRITISH_FEMALE = _names(
    "Susan Karen Julie Linda Margaret Patricia Janet Carol Deborah Sarah Emma Claire Lisa "
    "Nicola Helen Rachel Joanne Amanda Jennifer Gemma Charlotte Sophie Hannah Lauren Chloe "
    "Jessica Amy Kelly Tracey Jacqueline Pauline Sandra Brenda Eileen Maureen Gillian Wendy "
    "Hazel Lorraine Denise Valerie Shirley Angela Dawn"
)
BRITISH_MALE = _names(
    "David Paul Mark Andrew Stephen Peter John Michael Richard Gary Ian Kevin Simon Darren "
    "Lee Daniel James Thomas Matthew Christopher Ryan Jack Liam Callum Kieran Graham Trevor "
    "Keith Colin Brian"
)
BRITISH_SURNAMES = _names(
    "Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson Evans "
    "Walker White Roberts Green Hall Wood Jackson Clarke Cooper Harris King Baker Turner Hill "
    "Ward Hughes Marsh Fletcher Kemp Godden Foreman Pettman Cheeseman Hogben Ovenden Sharp "
    "Weller Luckhurst Pilcher Hammond Finn Austen Bourne"
)
CHRISTIAN_OR_NONE = (("christian", 48), ("none", 44), ("other", 2), (PREFER_NOT, 6))
HERITAGES = {
    "british": Heritage(
        163, (WHITE_BRITISH,), BRITISH_FEMALE, BRITISH_MALE, BRITISH_SURNAMES, CHRISTIAN_OR_NONE
    ),
    "irish": Heritage(
        4,
        ("White: Irish",),
        ("Siobhan", "Aoife", "Niamh", "Bridget", "Mary"),
        ("Sean", "Patrick", "Declan", "Ciaran"),
        ("Murphy", "Kelly", "O'Brien", "Byrne", "Doyle", "Walsh", "Quinn"),
        (("christian", 75), ("none", 20), (PREFER_NOT, 5)),
    ),
    "polish": Heritage(
        8,
        ("White: Other White",),
        ("Agnieszka", "Katarzyna", "Magdalena", "Joanna", "Anna", "Ewa"),
        ("Piotr", "Tomasz", "Krzysztof", "Marek", "Pawel"),
        ("Nowak", "Wojcik", "Kowalczyk", "Mazur", "Krawczyk", "Dudek", "Pawlak"),
        (("christian", 80), ("none", 15), (PREFER_NOT, 5)),
        language="Polish",
        places=("Medway", "Thanet", "Maidstone", "Swale"),
    ),
    "romanian": Heritage(
        5,
        ("White: Other White",),
        ("Ioana", "Elena", "Andreea", "Mihaela"),
        ("Andrei", "Mihai", "Ionut", "Florin"),
        ("Popescu", "Ionescu", "Dumitru", "Stan", "Munteanu"),
        (("christian", 85), ("none", 10), (PREFER_NOT, 5)),
        language="Romanian",
        places=("Medway", "Maidstone", "Ashford"),
    ),
    "traveller": Heritage(
        3,
        ("White: Gypsy or Irish Traveller",),
        ("Kathleen", "Bridget", "Mary", "Caroline"),
        ("Johnny", "Tom", "Patrick", "Henry"),
        ("Lee", "Loveridge", "Boswell", "Price", "Ayres"),
        (("christian", 85), (PREFER_NOT, 15)),
        places=("Maidstone", "Swale", "Tonbridge and Malling", "Medway"),
    ),
    "nepali": Heritage(
        2,
        ("Asian, Asian British or Asian Welsh: Other Asian",),
        ("Sita", "Gita", "Kamala", "Sarita", "Anjali"),
        ("Ram", "Hari", "Bikash", "Suresh", "Dil"),
        ("Gurung", "Rai", "Limbu", "Thapa", "Magar", "Tamang", "Pun"),
        (("hindu", 55), ("buddhist", 40), (PREFER_NOT, 5)),
        language="Nepali",
        places=("Folkestone and Hythe", "Ashford"),
    ),
    "punjabi": Heritage(
        2,
        ("Asian, Asian British or Asian Welsh: Indian",),
        ("Harpreet", "Gurpreet", "Manjit", "Jaspreet", "Simran"),
        ("Jaswinder", "Harjit", "Kulwant", "Amarjit", "Sukhdev"),
        ("Sandhu", "Dhillon", "Gill", "Bains", "Johal", "Sidhu"),
        (("sikh", 90), (PREFER_NOT, 10)),
        language="Punjabi",
        places=("Gravesham", "Dartford"),
    ),
    "pakistani": Heritage(
        1,
        ("Asian, Asian British or Asian Welsh: Pakistani",),
        ("Ayesha", "Fatima", "Nazia", "Sadia"),
        ("Imran", "Tariq", "Asif", "Bilal"),
        ("Khan", "Hussain", "Ahmed", "Iqbal"),
        (("muslim", 95), (PREFER_NOT, 5)),
        language="Urdu",
        places=("Medway", "Gravesham"),
    ),
    "chinese": Heritage(
        1,
        ("Asian, Asian British or Asian Welsh: Chinese",),
        ("Mei", "Xiu", "Lan"),
        ("Wei", "Jun", "Hao"),
        ("Chen", "Wong", "Zhang", "Lau"),
        (("none", 60), ("buddhist", 25), ("christian", 10), (PREFER_NOT, 5)),
        language="Cantonese",
        places=("Canterbury", "Maidstone"),
    ),
    "african": Heritage(
        2,
        ("Black, Black British, Black Welsh, Caribbean or African: African",),
        ("Chiamaka", "Adaeze", "Ngozi", "Abena", "Ama", "Tendai"),
        ("Chinedu", "Oluwaseun", "Kwame", "Kofi", "Tinashe"),
        ("Adeyemi", "Mensah", "Boateng", "Nwosu", "Moyo", "Eze"),
        (("christian", 85), ("muslim", 10), (PREFER_NOT, 5)),
        places=("Dartford", "Medway", "Gravesham"),
    ),
    "caribbean": Heritage(
        1,
        ("Black, Black British, Black Welsh, Caribbean or African: Caribbean",),
        ("Marcia", "Beverley", "Sonia", "Jacqueline"),
        ("Winston", "Delroy", "Errol", "Clive"),
        ("Campbell", "Francis", "Grant", "Henry", "Lewis"),
        (("christian", 75), ("none", 20), (PREFER_NOT, 5)),
        places=("Medway", "Dartford"),
    ),
    "mixed": Heritage(
        5,
        (
            "Mixed or Multiple ethnic groups: White and Black Caribbean",
            "Mixed or Multiple ethnic groups: White and Black African",
            "Mixed or Multiple ethnic groups: White and Asian",
            "Mixed or Multiple ethnic groups: Other Mixed or Multiple ethnic groups",
        ),
        ("Jade", "Leah", "Maya", "Keisha", "Tia"),
        ("Jordan", "Tyler", "Reece", "Kai", "Jamal"),
        BRITISH_SURNAMES[:20] + ("Campbell", "Mensah", "Khan", "Grant"),
        (("christian", 35), ("none", 55), ("muslim", 5), (PREFER_NOT, 5)),
    ),
    "arab": Heritage(
        1,
        ("Other ethnic group: Arab",),
        ("Layla", "Mariam", "Noor"),
        ("Omar", "Yusuf", "Khalid"),
        ("Haddad", "Saleh", "Nasser"),
        (("muslim", 90), (PREFER_NOT, 10)),
        language="Arabic",
        places=("Canterbury", "Medway"),
    ),
    "kurdish": Heritage(
        2,
        ("Other ethnic group: Any other ethnic group",),
        ("Zeynep", "Elif", "Rojda"),
        ("Mehmet", "Azad", "Serkan", "Baran"),
        ("Yilmaz", "Demir", "Kaya", "Aydin"),
        (("muslim", 80), ("none", 15), (PREFER_NOT, 5)),
        language="Kurdish",
        places=("Thanet", "Folkestone and Hythe", "Dover"),
    ),
}

# Census populations weight where people live; these factors make the spread uneven on purpose
# (more from Thanet and Canterbury, where the team has run more events; few from Dartford and
# Sevenoaks).
LOCALITY_UNEVENNESS = {
    "Ashford": 0.9,
    "Canterbury": 1.4,
    "Dartford": 0.45,
    "Dover": 0.9,
    "Folkestone and Hythe": 1.2,
    "Gravesham": 0.55,
    "Maidstone": 1.1,
    "Medway": 1.0,
    "Sevenoaks": 0.45,
    "Swale": 0.8,
    "Thanet": 1.5,
    "Tonbridge and Malling": 0.7,
    "Tunbridge Wells": 1.0,
}
AGE_BANDS = ("15_24", "25_34", "35_44", "45_54", "55_64", "65_74", "75_plus")
AGE_RANGES = {
    "15_24": (18, 24),
    "25_34": (25, 34),
    "35_44": (35, 44),
    "45_54": (45, 54),
    "55_64": (55, 64),
    "65_74": (65, 74),
    "75_plus": (75, 89),
}

# Women, and older women especially, say yes more often; young people rarely.
AGE_WEIGHTS = {
    "female": (3, 9, 13, 19, 27, 20, 9),
    "male": (7, 14, 18, 21, 19, 14, 7),
}
PREFERRED_NAMES = {
    "Susan": "Sue",
    "Margaret": "Maggie",
    "Patricia": "Pat",
    "Deborah": "Debbie",
    "Jennifer": "Jen",
    "Christopher": "Chris",
    "Michael": "Mike",
    "Katarzyna": "Kasia",
    "Oluwaseun": "Seun",
    "Jacqueline": "Jackie",
}
ACCESS_NEED_WEIGHTS = (
    (AccessNeed.LARGE_PRINT, 5),
    (AccessNeed.EASY_READ, 4),
    (AccessNeed.BSL, 1),
    (AccessNeed.HEARING_LOOP, 3),
    (AccessNeed.STEP_FREE, 4),
    (AccessNeed.OTHER, 3),
)
OTHER_ACCESS_NEEDS = (
    "Needs a break every 30 minutes.",
    "Comes with an assistance dog.",
    "Prefers afternoon meetings because of medication.",
    "Would like papers a week before a meeting.",
    "Finds busy rooms hard; a quiet space to step out to helps.",
)


@dataclass
class DemoPerson:
    """One synthetic co-creator, worked out before anything is written."""

    fields: dict
    relationships: list[str]
    access_needs: list[str]
    interests: list  # Interest rows
    consent: bool
    demographics: dict = field(default_factory=dict)
    heritage: str = ""
    sex: str = ""
    age: int = 0

    @property
    def email(self) -> str:
        return self.fields["email"]


def _weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights, k=1)[0]


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in folded.lower() if ch.isalnum())


def _phone(number: int) -> str:
    return f"{PHONE_PREFIX}{number:03d}"


def _answer(rng, value, *, prefer_not=0.04, blank=0.02):
    """An equality answer as a person might give it: mostly answered, some 'Prefer not to say'."""
    roll = rng.random()
    if roll < prefer_not:
        return PREFER_NOT
    if roll < prefer_not + blank:
        return ""
    return value


def demo_people(*, localities: list, interests: list, today: datetime.date) -> list[DemoPerson]:
    """The demo community, in the same order with the same answers every time."""
    rng = random.Random(SEED)  # noqa: S311 - made-up demo data, not security
    by_name = {loc.name: loc for loc in localities}
    locality_weights = [
        (loc, (loc.usual_residents or 100_000) * LOCALITY_UNEVENNESS.get(loc.name, 1.0))
        for loc in localities
    ]
    heritages = [key for key, h in HERITAGES.items() for _ in range(h.count)]
    rng.shuffle(heritages)
    # The first few people cover every locality, so each one appears at least once.
    first_places = list(localities)
    rng.shuffle(first_places)

    people, used_emails = [], set()
    for index, key in enumerate(heritages):
        heritage = HERITAGES[key]
        sex = "female" if rng.random() < 0.7 else "male"
        first = rng.choice(heritage.female if sex == "female" else heritage.male)
        surname = rng.choice(heritage.surnames)
        base = f"{_ascii(first)}.{_ascii(surname)}"
        email, n = f"{base}@example.org", 2
        while email in used_emails:
            email, n = f"{base}{n}@example.org", n + 1
        used_emails.add(email)

        band = rng.choices(AGE_BANDS, weights=AGE_WEIGHTS[sex], k=1)[0]
        age = rng.randint(*AGE_RANGES[band])
        birth_year = today.year - age

        if index < len(first_places):
            locality = first_places[index]
        elif heritage.places and rng.random() < 0.8:
            locality = by_name.get(rng.choice(heritage.places))
        else:
            locality = _weighted(rng, locality_weights)

        status = _weighted(
            rng,
            (
                (CoCreatorStatus.ACTIVE, 78),
                (CoCreatorStatus.ENQUIRY, 8),
                (CoCreatorStatus.PAUSED, 8),
                (CoCreatorStatus.LEFT, 6),
            ),
        )
        if status == CoCreatorStatus.ENQUIRY:
            joined = today - datetime.timedelta(days=rng.randint(0, 60))
        else:
            joined = today - datetime.timedelta(days=rng.randint(30, 3 * 365))

        relationships = []
        if rng.random() < 0.6:
            relationships.append(Relationship.SERVICE_USER)
        if rng.random() < (0.42 if sex == "female" else 0.2):
            relationships.append(Relationship.CARER)
        if rng.random() < 0.14:
            relationships.append(Relationship.FAMILY)
        if rng.random() < 0.05:
            relationships.append(Relationship.STAFF)
        if rng.random() < 0.08:
            relationships.append(Relationship.COMMUNITY)
        if index % 47 == 5:  # a few partner representatives, no more
            relationships.append(Relationship.PARTNER)
        if not relationships:
            relationships.append(Relationship.SERVICE_USER)

        access_needs = []
        interpreter_language = access_other = ""
        if rng.random() < 0.2:
            access_needs.append(_weighted(rng, ACCESS_NEED_WEIGHTS))
            if age >= 70 and rng.random() < 0.5:
                access_needs.append(AccessNeed.LARGE_PRINT)
        if heritage.language and rng.random() < 0.35:
            access_needs.append(AccessNeed.INTERPRETER)
            interpreter_language = heritage.language
        access_needs = sorted(set(access_needs))
        if AccessNeed.OTHER in access_needs:
            access_other = rng.choice(OTHER_ACCESS_NEEDS)

        chosen_interests = rng.sample(interests, k=min(len(interests), rng.randint(1, 4)))

        weekdays = rng.random() < (0.7 if age >= 60 else 0.4)
        evenings = rng.random() < (0.3 if age >= 60 else 0.6)
        weekends = rng.random() < 0.35
        online = rng.random() < (0.45 if age >= 70 else 0.75)
        in_person = rng.random() < 0.65
        if not (weekdays or evenings or weekends):
            weekdays = True
        if not (online or in_person):
            in_person = True

        prefers_email = rng.random() < (0.6 if age >= 75 else 0.85)
        prefers_sms = rng.random() < 0.35
        prefers_post = rng.random() < (0.45 if age >= 70 else 0.08)
        prefers_phone = rng.random() < 0.2
        if not (prefers_email or prefers_sms or prefers_post or prefers_phone):
            prefers_email = True
        has_phone = prefers_sms or prefers_phone or rng.random() < 0.7

        preferred = PREFERRED_NAMES.get(first, "") if rng.random() < 0.6 else ""
        pronouns = ""
        if rng.random() < 0.3:
            pronouns = "she/her" if sex == "female" else "he/him"
        if rng.random() < 0.03:
            pronouns = "they/them"
        date_of_birth = None
        if rng.random() < 0.5:
            date_of_birth = datetime.date(birth_year, rng.randint(1, 12), rng.randint(1, 28))

        fields = {
            "full_name": f"{first} {surname}",
            "preferred_name": preferred,
            "pronouns": pronouns,
            "date_of_birth": date_of_birth,
            "email": email,
            "phone": _phone(index) if has_phone else "",
            "locality": locality,
            "available_weekdays": weekdays,
            "available_evenings": evenings,
            "available_weekends": weekends,
            "available_online": online,
            "available_in_person": in_person,
            "interpreter_language": interpreter_language,
            "access_needs_other": access_other,
            "prefers_email": prefers_email,
            "prefers_sms": prefers_sms,
            "prefers_post": prefers_post,
            "prefers_phone": prefers_phone,
            "newsletter": NewsletterChoice.YES if rng.random() < 0.6 else NewsletterChoice.NO,
            "heard_from": rng.choice(HeardFrom.values),
            "date_joined": joined,
            "status": status,
        }

        consent = rng.random() < (0.3 if status == CoCreatorStatus.ENQUIRY else 0.79)
        person = DemoPerson(
            fields=fields,
            relationships=relationships,
            access_needs=access_needs,
            interests=chosen_interests,
            consent=consent,
            heritage=key,
            sex=sex,
            age=age,
        )
        if consent:
            person.demographics = _demographics(rng, person, heritage, birth_year, today)
        people.append(person)
    return people


def _demographics(rng, person, heritage, birth_year, today) -> dict:
    sex, age = person.sex, person.age
    answers = {}
    age_answer = rng.random()
    if age_answer < 0.9:
        answers["year_of_birth"] = birth_year
        answers["age_band"] = age_band_for_year(birth_year, today)
    elif age_answer < 0.95:
        answers["age_band"] = age_band_for_year(birth_year, today)
    else:
        answers["age_band"] = PREFER_NOT
    answers["sex"] = _answer(rng, sex, blank=0)
    answers["gender_same_as_birth"] = _weighted(
        rng, (("yes", 93), ("no", 2), (PREFER_NOT, 4), ("", 1))
    )
    answers["sexual_orientation"] = _weighted(
        rng,
        (
            ("straight", 82),
            ("gay_lesbian", 4),
            ("bisexual", 5),
            ("other", 1),
            (PREFER_NOT, 7),
            ("", 1),
        ),
    )
    ethnic = rng.choice(heritage.ethnic_groups)
    answers["ethnic_group"] = PREFER_NOT_ETHNIC if rng.random() < 0.05 else ethnic
    answers["religion"] = _weighted(rng, heritage.religions)
    answers["disability"] = _weighted(
        rng,
        (("yes_a_lot", 22), ("yes_a_little", 26), ("no", 42), (PREFER_NOT, 8), ("", 2)),
    )
    is_carer = Relationship.CARER in person.relationships
    answers["carer"] = _answer(rng, "yes" if is_carer else "no", prefer_not=0.03, blank=0.01)
    if age < 30:
        marital = (("never", 80), ("married", 12), ("civil_partnership", 2), (PREFER_NOT, 6))
    else:
        marital = (
            ("married", 45),
            ("never", 18),
            ("divorced", 14),
            ("separated", 5),
            ("widowed", 3 if age < 65 else 15),
            ("civil_partnership", 2),
            (PREFER_NOT, 5),
        )
    answers["marital_status"] = _weighted(rng, marital)
    if sex == "female" and 18 <= age <= 44:
        answers["pregnancy_maternity"] = _weighted(rng, (("yes", 5), ("no", 88), (PREFER_NOT, 7)))
    else:
        answers["pregnancy_maternity"] = _weighted(rng, (("no", 90), (PREFER_NOT, 5), ("", 5)))
    if heritage.language and rng.random() < 0.75:
        answers["first_language"] = "other"
        answers["first_language_other"] = heritage.language
    else:
        answers["first_language"] = _answer(rng, "english", prefer_not=0.03, blank=0.01)
    return answers
