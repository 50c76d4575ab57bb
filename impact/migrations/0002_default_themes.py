"""The starting list of themes; staff can rename, add or remove them."""

from django.db import migrations


def load(apps, schema_editor):
    from impact.reference import load_themes

    load_themes(apps.get_model)


class Migration(migrations.Migration):
    dependencies = [("impact", "0001_impact_records")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
