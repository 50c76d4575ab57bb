"""The plan's four objectives and their key actions, from reporting/reference_data/."""

from django.db import migrations


def load(apps, schema_editor):
    from reporting.plan.services import load_plan

    load_plan(apps.get_model)


class Migration(migrations.Migration):
    dependencies = [("reporting", "0001_plan_tracker_and_packs")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
