"""Load localities, interests, ethnic groups and population benchmarks from community/reference_data."""

from django.db import migrations


def load(apps, schema_editor):
    from community.reference import load_all

    load_all(apps.get_model)


class Migration(migrations.Migration):
    dependencies = [("community", "0003_community_register")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
