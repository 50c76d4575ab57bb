"""Sign in co-creators for the load test: prints one session cookie per line.

`scripts/loadtest.sh` (run by `make bench`) gives these to wrk so that each request comes from one
of N signed-in co-creators browsing their portal. It makes (once) N demo logins on people from the
whole-system set (loadtest1@ics.example.org ...), so it needs `seed_demo --size ics` first.
"""

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from community.models import CoCreator, Role, User
from community.services import user_create_with_role


class Command(BaseCommand):
    help = "Sign in N co-creators from the large demo set and print their session cookies."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=50)

    @transaction.atomic
    def handle(self, *args, count, **options):
        people = list(
            CoCreator.objects.filter(
                email__endswith="@ics.example.org", user__isnull=True
            ).order_by("pk")[:count]
        )
        for n in range(1, count + 1):
            email = f"loadtest{n}@ics.example.org"
            if User.objects.filter(email=email).exists():
                continue
            if not people:
                raise CommandError("Load the large demo set first: seed_demo --size ics")
            user = user_create_with_role(
                email=email, role=Role.COCREATOR, full_name=f"Load Test {n}", verified=True
            )
            person = people.pop(0)
            CoCreator.objects.filter(user=user).exclude(pk=person.pk).delete()
            person.user = user
            person.save(update_fields=["user"])
        backend = settings.AUTHENTICATION_BACKENDS[0]
        for n in range(1, count + 1):
            user = User.objects.get(email=f"loadtest{n}@ics.example.org")
            session = SessionStore()
            session[SESSION_KEY] = str(user.pk)
            session[BACKEND_SESSION_KEY] = backend
            session[HASH_SESSION_KEY] = user.get_session_auth_hash()
            session.create()
            self.stdout.write(session.session_key)
