"""When each measure of evidence was recorded, so the report can say when a period's figure moved
because of evidence recorded after the period ended. Nullable, with no default, so SQLite adds the
column in place and keeps the figure triggers on the table; older rows stay empty (not known)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("impact", "0004_insight_inbox")]

    operations = [
        migrations.AddField(
            model_name="evidenceitem",
            name="recorded_at",
            field=models.DateTimeField(
                blank=True,
                editable=False,
                help_text=(
                    "When the evidence was first recorded; empty for evidence from before this "
                    "was kept."
                ),
                null=True,
            ),
        ),
    ]
