"""Load the synthetic demo data. Safe to run again: it brings the demo back to one state.

The command lives in reporting because reporting may read every app: it loads the demo community
(`community.demo`), the demo projects, activities and attendance (`activities.demo`), and the
demo impact records, survey answers and theme counts (`impact.demo`), the demo training offer,
role profiles with pathways and resource pack (`capacity.demo`), and the demo payments: rates,
claims in every state, a past export (`payments.demo`); then the demos apps above reporting
register (`reporting.demo.demo_builder_register`): the "Have your say" consultations.
"""

import os

from django.core.management.base import BaseCommand
from django.db import transaction

from activities.demo.build import build_demo_activities
from capacity.demo import build_demo_capacity
from community.demo.build import build_demo_community
from community.models import Role
from community.services import demo_user_ensure
from impact.demo import build_demo_impact
from payments.demo import build_demo_payments
from reporting import bulk_demo
from reporting.demo import build_demo_reporting, extra_demo_builders

DEFAULT_DEMO_PASSWORD = "co-create-together"  # noqa: S105 - synthetic demo accounts only

DEMO_USERS = (
    ("staff@example.org", "Sam Patel (demo staff)", Role.STAFF),
    ("cocreator@example.org", "Alex Morgan (demo co-creator)", Role.COCREATOR),
    ("steering@example.org", "Jo Okafor (demo steering group)", Role.STEERING),
    ("partner@example.org", "Kim Adeyemi (demo system partner)", Role.PARTNER),
)


class Command(BaseCommand):
    help = (
        "Load synthetic demo data: one user for each role (password from DEMO_PASSWORD), a "
        "made-up community of about 200 co-creators, partner organisations and champions, and "
        "about a dozen projects with two years of activities, sign-ups and attendance."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--accounts-only",
            action="store_true",
            help="Only make the three demo accounts, not the demo community or its activities.",
        )
        parser.add_argument(
            "--size",
            choices=["demo", "ics"],
            default="demo",
            help=(
                "demo (the default): about 200 people. ics: add the whole-system set for "
                "benchmarks: 50,000 co-creators, 20,000 activities, 1,000,000 attendance records, "
                "100,000 survey answers, 5,000 impact records (PostgreSQL recommended)."
            ),
        )

    def handle(self, *args, **options):
        password = os.environ.get("DEMO_PASSWORD") or DEFAULT_DEMO_PASSWORD
        summaries = []
        with transaction.atomic():
            for email, name, role in DEMO_USERS:
                demo_user_ensure(email=email, full_name=name, role=role, password=password)
            if not options["accounts_only"]:
                summaries.append(build_demo_community())
                summaries.append(build_demo_activities())
                summaries.append(build_demo_impact())
                summaries.append(build_demo_capacity())
                summaries.append(build_demo_payments())
                summaries.append(build_demo_reporting())
                # Apps above reporting (consultations) add theirs from their wiring.
                for build in extra_demo_builders():
                    summaries.append(build())
        if options["size"] == "ics" and not options["accounts_only"]:
            self.stdout.write("Loading the whole-system set (this takes a few minutes)...")
            bulk_demo.load("ics", write=lambda line: self.stdout.write(line, ending="\n"))
            self.stdout.flush()
        self.stdout.write(self.style.SUCCESS("Demo data loaded. Sign in with:"))
        for email, _, role in DEMO_USERS:
            self.stdout.write(f"  {role.label:<31} {email}")
        shown = password if password == DEFAULT_DEMO_PASSWORD else "(the DEMO_PASSWORD you set)"
        self.stdout.write(f"  Password for all of them: {shown}")
        for summary in summaries:
            self.stdout.write(summary.line())
