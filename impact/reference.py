"""Starting data for the impact app, loaded by a data migration as rows staff can change."""

THEMES = [
    ("Access to services", "Getting seen: referrals, eligibility, how to reach us."),
    ("Waiting times", "How long people wait for assessment, treatment or a call back."),
    ("Communication", "Letters, information, being kept up to date, being listened to."),
    ("Staff attitudes", "Kindness, respect, feeling believed and understood."),
    ("Involvement in care", "Having a say in one's own care and plans."),
    ("Carers and families", "Support, information and involvement for carers and families."),
    ("Environment", "Wards, buildings, safety and comfort."),
    ("Medication", "Information, side effects, reviews."),
    ("Discharge and transitions", "Leaving hospital, moving between services."),
    ("Digital services", "Online appointments, apps, digital letters."),
    ("Equality and inclusion", "Fair access and experience for every community."),
    ("Crisis support", "Help in a crisis, out of hours."),
]


def load_themes(get_model) -> None:
    """Create each starting theme that is missing; never overwrite one staff changed."""
    Theme = get_model("impact", "Theme")
    for name, description in THEMES:
        Theme.objects.get_or_create(name=name, defaults={"description": description})
