"""The crisis words a new site starts with: staff keep the list on
/staff/have-your-say/crisis-words/ (add and remove). Matched as whole words or phrases, ignoring
case, so "skill" never matches "kill"."""

from django.db import migrations

DEFAULT_CRISIS_WORDS = (
    "suicide",
    "suicidal",
    "kill myself",
    "killing myself",
    "end my life",
    "end it all",
    "take my own life",
    "self-harm",
    "self harm",
    "harm myself",
    "hurt myself",
    "cutting myself",
    "overdose",
    "don't want to be here",
    "do not want to be here",
    "don't want to live",
    "no reason to live",
    "better off dead",
    "want to die",
)


def add_words(apps, schema_editor):
    CrisisWord = apps.get_model("consultations", "CrisisWord")
    for phrase in DEFAULT_CRISIS_WORDS:
        CrisisWord.objects.get_or_create(phrase=phrase)


def remove_words(apps, schema_editor):
    CrisisWord = apps.get_model("consultations", "CrisisWord")
    CrisisWord.objects.filter(phrase__in=DEFAULT_CRISIS_WORDS, added_by__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("consultations", "0001_initial")]

    operations = [migrations.RunPython(add_words, remove_words)]
