"""The newsletter's choice says how often it comes; people who left are shown as "Person who left".

Records erased before this said "Former co-creator <number>" in their name: they now say what every
later one says.
"""

from django.db import migrations, models


def name_people_who_left(apps, schema_editor):
    CoCreator = apps.get_model("community", "CoCreator")
    CoCreator.objects.filter(status="left", full_name__startswith="Former co-creator ").update(
        full_name="Person who left"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0009_priority_groups"),
    ]

    operations = [
        migrations.AlterField(
            model_name="cocreator",
            name="newsletter",
            field=models.CharField(
                choices=[
                    ("yes", "Yes, send me the newsletter every 3 months"),
                    ("no", "No newsletter"),
                ],
                default="no",
                max_length=10,
            ),
        ),
        migrations.RunPython(name_people_who_left, migrations.RunPython.noop),
    ]
