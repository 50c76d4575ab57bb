"""The partner role's group (system partners and service teams: the partner section only)."""

from django.db import migrations

PARTNER_GROUP = "System partner or service team"


def create_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name=PARTNER_GROUP)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=PARTNER_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [("community", "0012_team_week")]

    operations = [migrations.RunPython(create_group, remove_group)]
