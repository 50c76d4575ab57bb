"""Time each planned URL as each role, warm and (where a cache saves work) cold.

Each URL is requested in-process through Django's test client, signed in as the demo user of
the role, so a time is the server's: from the request entering Django to the last byte of the
response (streamed bodies are read to the end), with no network or browser. Queries are counted
on every request with a statement hook, which costs next to nothing.

For each URL and role: one request after making the caches cold (a warm-up, untimed; a role
that does not get a 200 is not timed), then `runs` timed requests. Where moving the data version
on makes the page run more queries, a cache is saving it work, and the page is also timed cold:
the data version moved on (and an in-process cache emptied) before each request.

Before each URL the process's objects so far are frozen out of garbage collection (`gc.freeze`),
as gunicorn's workers freeze theirs at start-up: a timing is the request's, not a collection of
the bench's own heap.
"""

import gc
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import F
from django.test import Client

from cocreation.jobs.models import DataVersion
from community.models import User

from .lookups import Lookups
from .registry import ANONYMOUS, COCREATOR, EMAILS, PARTNER, ROLES, STAFF, STEERING, Bench

WARM, COLD = "warm", "cold"
OPEN_ORDER = (STAFF, COCREATOR, STEERING, PARTNER, ANONYMOUS)


def p95(values: list[float]) -> float:
    """The 95th percentile, nearest rank (of five runs, the slowest)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]


@dataclass
class Row:
    """One URL timed as one role, warm or cold."""

    key: str  # the registry entry's key: URL name and label
    path: str
    role: str
    mode: str
    times: list[float]
    queries: int
    small_queries: int | None = None  # the same at the small demo size, filled in afterwards

    @property
    def name(self) -> str:
        """The URL's name, without the entry's label."""
        return self.key.split(" ")[0]

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def p95(self) -> float:
        return p95(self.times)


@dataclass
class Outcome:
    """What timing the plan found: the rows, and who could not open what."""

    rows: list[Row] = field(default_factory=list)
    # (key, role, path, what happened) for an entry's named role without a 200, or an error
    problems: list[tuple[str, str, str, str]] = field(default_factory=list)
    # (key, roles that got a 200, {role: status} for the rest)
    opened_by: dict[str, tuple[list[str], dict[str, str]]] = field(default_factory=dict)
    # key -> (role -> {"cold": n, "warm": n}) when only counting queries
    counts: dict[str, dict[str, dict[str, int]]] = field(default_factory=dict)


class _Counter:
    def __init__(self) -> None:
        self.n = 0

    def __call__(self, execute, sql, params, many, context):
        self.n += 1
        return execute(sql, params, many, context)


def users() -> dict[str, User | None]:
    """Each role's demo user (None for the anonymous visitor)."""
    found = {ANONYMOUS: None}
    for role, email in EMAILS.items():
        found[role] = User.objects.filter(email__iexact=email).first()
    return found


def clients(people: dict[str, User | None]) -> dict[str, Client]:
    made = {}
    for role, user in people.items():
        made[role] = Client(HTTP_HOST="127.0.0.1")
        if user is not None:
            made[role].force_login(user)
    return made


def make_cold() -> None:
    """Move every data version on, as a change to the data would; empty an in-process cache.

    A shared cache (Redis) is left alone: it is also Celery's broker. Cached values are keyed by
    the data version, so moving it on is enough for them to be missed.
    """
    DataVersion.objects.update(version=F("version") + 1)
    if settings.CACHES["default"]["BACKEND"].endswith("LocMemCache"):
        cache.clear()


def get(client: Client, path: str) -> tuple[int, float, int]:
    """(status, milliseconds, queries) for one request, the body read to its end."""
    counter = _Counter()
    with connection.execute_wrapper(counter):
        start = time.perf_counter()
        response = client.get(path)
        if response.streaming:
            for _ in response.streaming_content:  # the client closes it at the end
                pass
        else:
            response.content  # noqa: B018 - the body is part of the answer
        ms = (time.perf_counter() - start) * 1000
    # The test client closes the response itself (with the signal that would close the
    # database connection held back); closing it again here would drop the connection.
    return response.status_code, ms, counter.n


@dataclass
class Timer:
    """Times entries; `runs` requests each, fewer for a slow page (at least one)."""

    people: dict[str, User | None]
    runs: int = 5
    url_budget_ms: float = 10_000
    # "time"; "count": only count queries, cold and warm (the small demo); "open": only see
    # which roles each URL opens for (the registry's test)
    what: str = "time"
    log: Callable[[str], None] = print
    lookups: Lookups = field(default_factory=Lookups)

    def __post_init__(self) -> None:
        self.clients = clients(self.people)

    def floor(self, path: str, runs: int = 20) -> dict[str, float]:
        """Each role's median for the trivial page: what every other page is compared with."""
        medians = {}
        for role in ROLES:
            get(self.clients[role], path)
            medians[role] = statistics.median(get(self.clients[role], path)[1] for _ in range(runs))
        return medians

    def time_all(self, benches: list[Bench], *, deadline: float | None = None) -> Outcome:
        outcome = Outcome()
        for bench in benches:
            late = deadline is not None and time.monotonic() > deadline
            self.time_one(bench, outcome, runs=1 if late else self.runs)
        return outcome

    def time_one(self, bench: Bench, outcome: Outcome, *, runs: int) -> None:
        # What this process holds so far (the ids it looks up, the rows timed, Django itself) is
        # set aside from garbage collection, much as a web worker sets aside what it holds at
        # start-up (gunicorn.conf.py): a collection during a request then looks at what requests
        # made, not at the whole bench's heap (which made a full collection take 100 ms or more).
        # A worker freezes once, so a long-running one may pause for more than this shows. The
        # garbage is collected first, so none is kept; that collection looks only at what was
        # made since the last URL.
        gc.collect()
        gc.freeze()
        opened, refused = [], {}
        roles = bench.roles or ROLES
        if self.what == "open" and not bench.roles:
            roles = OPEN_ORDER  # the role most pages open for first
        for role in roles:
            if opened and self.what == "open" and not bench.roles:
                break  # one role is enough to show a URL with no named roles opens
            path = "?"
            try:
                # Everything a URL does (and any row its lookup makes) stays in a savepoint, so
                # one that fails does not spoil the transaction the whole run is rolled back in.
                with transaction.atomic():
                    path = bench.path(self.lookups, self.people[role])
                    if path is None:
                        refused[role] = "nothing to open"
                        if bench.roles:
                            outcome.problems.append((bench.key, role, "", "nothing to open"))
                        continue
                    status = self._time_role(bench, role, path, outcome, runs)
            except Exception as error:  # noqa: BLE001 - reported, and the run goes on
                said = " ".join(str(error).split()).replace("|", "/")
                status = f"error: {type(error).__name__}: {said}"[:200]
            self._still_signed_in(role)
            if status in bench.ok:
                opened.append(role)
                continue
            refused[role] = str(status)
            if bench.roles or not str(status).isdigit():
                outcome.problems.append((bench.key, role, path, str(status)))
        outcome.opened_by[bench.key] = (opened, refused)
        self.log(f"  {bench.key}: {', '.join(opened) or 'not opened'}")

    def repeat(self, request, runs: int, spent: float = 0.0) -> list:
        """Up to `runs` timed requests, stopping once they have taken `url_budget_ms` (a slow
        page is timed fewer times; the warm-up's one-off costs do not count against it)."""
        done = []
        while len(done) < runs and (spent < self.url_budget_ms or not (done or spent)):
            done.append(request())
            spent += done[-1][1]
        return done

    def _still_signed_in(self, role: str) -> None:
        """Sign the role's client in again if a page signed it out (the next URLs need it)."""
        user = self.people[role]
        if user is not None and "_auth_user_id" not in self.clients[role].session:
            self.log(f"  (signed {role} in again)")
            self.clients[role].force_login(user)

    def _time_role(self, bench: Bench, role: str, path: str, outcome: Outcome, runs: int):
        client = self.clients[role]
        if self.what != "open":
            make_cold()
        status, _, cold_queries = get(client, path)
        if status not in bench.ok or self.what == "open":
            return status
        if self.what == "count":
            warm_queries = get(client, path)[2]
            outcome.counts.setdefault(bench.key, {})[role] = {
                COLD: cold_queries,
                WARM: warm_queries,
            }
            return status
        warm = self.repeat(lambda: get(client, path), runs)
        warm_queries = warm[-1][2]
        outcome.rows.append(
            Row(bench.key, path, role, WARM, [ms for _, ms, _ in warm], warm_queries)
        )
        if cold_queries > warm_queries:
            # A cache saved work: time it cold too, unless the first cold request shows it was
            # only the first request's work (no more queries than warm).
            def cold_get():
                make_cold()
                return get(client, path)

            first = cold_get()
            if first[2] > warm_queries:
                cold = [first, *self.repeat(cold_get, runs - 1, spent=first[1])]
                outcome.rows.append(
                    Row(bench.key, path, role, COLD, [ms for _, ms, _ in cold], cold[-1][2])
                )
        return status
