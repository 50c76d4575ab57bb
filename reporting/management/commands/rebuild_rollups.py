"""Count the report's rollups again from the rows: every month and period.

Run after loading data in bulk outside the app, or after changing how a figure is counted. Safe
to run at any time and again: it gives the same rows (`reporting.reports.rollups`).
"""

import time

from django.core.management.base import BaseCommand

from reporting.models import FigureRollup
from reporting.reports.rollups import rollups_rebuild


class Command(BaseCommand):
    help = "Count the report's monthly and period rollups again from the rows, every one."

    def handle(self, *args, **options):
        started = time.perf_counter()
        rollups_rebuild()
        seconds = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Counted {FigureRollup.objects.count()} months and periods again "
                f"in {seconds:.1f} s."
            )
        )
