"""Awareness and community dates for 2026 and 2027, for the public calendar.

Staff can change or add to these on the calendar's awareness dates pages; this migration only
gives a new site a useful start. Fixed dates (World Mental Health Day) are certain; organisers'
weeks are as they published them; religious festivals that follow the moon are the expected
dates, and their descriptions say they may vary by a day.
"""

import datetime

from django.db import migrations

MOON = " The date depends on the sighting of the moon, so it may vary by a day."
MOON_RANGE = " The dates depend on the sighting of the moon, so they may vary by a day."
HINDU = " The date follows the Hindu lunar calendar, so some communities mark it a day earlier or later."


def _d(y, m, d):
    return datetime.date(y, m, d)


ROWS = [
    # --- 2026 ---
    (
        "Time to Talk Day",
        _d(2026, 2, 5),
        None,
        "The nation's biggest conversation about mental health, led by Mind and Rethink Mental "
        "Illness. It is held on the first Thursday in February.",
    ),
    (
        "Lunar New Year",
        _d(2026, 2, 17),
        None,
        "The start of the Year of the Horse, celebrated by Chinese, Vietnamese, Korean and other "
        "East and South East Asian communities.",
    ),
    (
        "Ramadan",
        _d(2026, 2, 18),
        _d(2026, 3, 19),
        "The Muslim holy month, when many people fast from dawn to sunset." + MOON_RANGE,
    ),
    (
        "Eating Disorders Awareness Week",
        _d(2026, 2, 23),
        _d(2026, 3, 1),
        "Led by Beat, the UK's eating disorder charity.",
    ),
    (
        "Eid al-Fitr",
        _d(2026, 3, 20),
        None,
        "The Muslim festival that marks the end of Ramadan." + MOON,
    ),
    (
        "Mental Health Awareness Week",
        _d(2026, 5, 11),
        _d(2026, 5, 17),
        "Led by the Mental Health Foundation.",
    ),
    (
        "Eid al-Adha",
        _d(2026, 5, 27),
        None,
        "The Muslim Festival of Sacrifice, at the time of the Hajj pilgrimage." + MOON,
    ),
    (
        "Pride Month",
        _d(2026, 6, 1),
        _d(2026, 6, 30),
        "A month celebrating lesbian, gay, bisexual, trans and queer people and communities.",
    ),
    (
        "Carers Week",
        _d(2026, 6, 8),
        _d(2026, 6, 14),
        "A week recognising unpaid carers: family members and friends who look after someone.",
    ),
    (
        "Loneliness Awareness Week",
        _d(2026, 6, 8),
        _d(2026, 6, 14),
        "Led by the Marmalade Trust, to help people talk openly about loneliness.",
    ),
    (
        "Men's Health Week",
        _d(2026, 6, 15),
        _d(2026, 6, 21),
        "A week about men's physical and mental health. It ends on Father's Day.",
    ),
    (
        "Refugee Week",
        _d(2026, 6, 15),
        _d(2026, 6, 21),
        "A festival celebrating the contributions, creativity and resilience of refugees and "
        "people seeking sanctuary, around World Refugee Day on 20 June.",
    ),
    (
        "South Asian Heritage Month",
        _d(2026, 7, 18),
        _d(2026, 8, 17),
        "A month marking the history and cultures of South Asian communities in the UK.",
    ),
    (
        "World Suicide Prevention Day",
        _d(2026, 9, 10),
        None,
        "A day to raise awareness that suicide can be prevented, and to remember those we have "
        "lost.",
    ),
    (
        "Black History Month",
        _d(2026, 10, 1),
        _d(2026, 10, 31),
        "A month in the UK celebrating the history, achievements and contributions of Black "
        "people.",
    ),
    (
        "World Mental Health Day",
        _d(2026, 10, 10),
        None,
        "A day for mental health education, awareness and action, around the world.",
    ),
    (
        "Diwali",
        _d(2026, 11, 8),
        None,
        "The festival of lights, celebrated by Hindus, Sikhs and Jains." + HINDU,
    ),
    (
        "Christmas Day",
        _d(2026, 12, 25),
        None,
        "The Christian festival celebrating the birth of Jesus. It can be a hard time of year "
        "for many people.",
    ),
    # --- 2027 ---
    (
        "Time to Talk Day",
        _d(2027, 2, 4),
        None,
        "The nation's biggest conversation about mental health, led by Mind and Rethink Mental "
        "Illness. It is held on the first Thursday in February.",
    ),
    (
        "Lunar New Year",
        _d(2027, 2, 6),
        None,
        "The start of the Year of the Goat, celebrated by Chinese, Vietnamese, Korean and other "
        "East and South East Asian communities.",
    ),
    (
        "Ramadan",
        _d(2027, 2, 8),
        _d(2027, 3, 8),
        "The Muslim holy month, when many people fast from dawn to sunset." + MOON_RANGE,
    ),
    (
        "Eid al-Fitr",
        _d(2027, 3, 9),
        None,
        "The Muslim festival that marks the end of Ramadan." + MOON,
    ),
    (
        "Mental Health Awareness Week",
        _d(2027, 5, 10),
        _d(2027, 5, 16),
        "Led by the Mental Health Foundation. It starts on the second Monday in May; check the "
        "Foundation's website for the theme.",
    ),
    (
        "Eid al-Adha",
        _d(2027, 5, 16),
        None,
        "The Muslim Festival of Sacrifice, at the time of the Hajj pilgrimage." + MOON,
    ),
    (
        "Pride Month",
        _d(2027, 6, 1),
        _d(2027, 6, 30),
        "A month celebrating lesbian, gay, bisexual, trans and queer people and communities.",
    ),
    (
        "Men's Health Week",
        _d(2027, 6, 14),
        _d(2027, 6, 20),
        "A week about men's physical and mental health. It ends on Father's Day.",
    ),
    (
        "South Asian Heritage Month",
        _d(2027, 7, 18),
        _d(2027, 8, 17),
        "A month marking the history and cultures of South Asian communities in the UK.",
    ),
    (
        "World Suicide Prevention Day",
        _d(2027, 9, 10),
        None,
        "A day to raise awareness that suicide can be prevented, and to remember those we have "
        "lost.",
    ),
    (
        "Black History Month",
        _d(2027, 10, 1),
        _d(2027, 10, 31),
        "A month in the UK celebrating the history, achievements and contributions of Black "
        "people.",
    ),
    (
        "World Mental Health Day",
        _d(2027, 10, 10),
        None,
        "A day for mental health education, awareness and action, around the world.",
    ),
    (
        "Diwali",
        _d(2027, 10, 29),
        None,
        "The festival of lights, celebrated by Hindus, Sikhs and Jains." + HINDU,
    ),
    (
        "Christmas Day",
        _d(2027, 12, 25),
        None,
        "The Christian festival celebrating the birth of Jesus. It can be a hard time of year "
        "for many people.",
    ),
]


def load(apps, schema_editor):
    AwarenessDate = apps.get_model("activities", "AwarenessDate")
    for name, starts_on, ends_on, description in ROWS:
        AwarenessDate.objects.get_or_create(
            name=name,
            starts_on=starts_on,
            defaults={"ends_on": ends_on, "description": description},
        )


def unload(apps, schema_editor):
    AwarenessDate = apps.get_model("activities", "AwarenessDate")
    for name, starts_on, _ends_on, _description in ROWS:
        AwarenessDate.objects.filter(name=name, starts_on=starts_on).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0001_activities_and_attendance"),
    ]

    operations = [migrations.RunPython(load, unload)]
