"""Pressing Send records the send; the worker makes the messages, a batch at a time.

The issue keeps how many people had asked for it and the highest co-creator id among them when
Send was pressed, how far the worker has got, and when it had made every message. Issues already
sent had every message made in the request, so they are marked prepared when they were sent.
"""

from django.db import migrations, models
from django.db.models import F


def mark_sent_issues_prepared(apps, schema_editor):
    NewsletterIssue = apps.get_model("reporting", "NewsletterIssue")
    NewsletterIssue.objects.filter(status__in=["sending", "sent"]).update(prepared_at=F("sent_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0006_priority_group_figure_trigger"),
    ]

    operations = [
        migrations.AddField(
            model_name="newsletterissue",
            name="prepared_at",
            field=models.DateTimeField(
                blank=True, help_text="When the worker had made every message.", null=True
            ),
        ),
        migrations.AddField(
            model_name="newsletterissue",
            name="prepared_through",
            field=models.BigIntegerField(
                default=0, help_text="The co-creator id the worker has made messages up to."
            ),
        ),
        migrations.AddField(
            model_name="newsletterissue",
            name="recipients_expected",
            field=models.PositiveIntegerField(
                blank=True,
                help_text="How many people had asked for it when it was sent.",
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="newsletterissue",
            name="recipients_through",
            field=models.BigIntegerField(
                blank=True,
                help_text=(
                    "The highest co-creator id it was sent to: people who join later do not get it."
                ),
                null=True,
            ),
        ),
        migrations.RunPython(mark_sent_issues_prepared, migrations.RunPython.noop),
    ]
