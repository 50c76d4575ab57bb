"""`make bench` times every URL: a URL added later is timed without anyone listing it.

A URL without parameters is found and timed for the roles it opens for; one with parameters
needs a bench entry saying how to find real ids for it, or a written reason not to be timed.
Every entry must find its ids in the small demo and open (200) for the roles it names.
"""

from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import override_settings

from reporting.benchmarks import registry
from reporting.benchmarks.timing import Timer, users
from reporting.packs.models import GovernancePack
from reporting.packs.services import pack_pdf_name


def test_every_url_with_parameters_has_a_bench_entry_or_a_reason_not_to_be_timed():
    missing = [f"{route.name} ({route.route})" for route in registry.plan().missing]
    assert not missing, (
        "These URLs take parameters, so `make bench` cannot time them without an entry in "
        "reporting/benchmarks/registry.py saying how to find real ids (or a reason in SKIP): "
        f"{missing}"
    )


def test_entries_and_reasons_name_urls_that_are_still_there():
    names = {route.name for route in registry.routes()}
    listed = {bench.name for bench in registry.entries()}
    stale = (listed | set(registry.skips()) | set(registry.SLOW_BUT_ACCEPTED)) - names
    assert not stale, f"Bench entries or reasons for URLs that no longer exist: {sorted(stale)}"


def test_a_url_without_parameters_is_timed_without_an_entry():
    listed = {bench.name for bench in registry.entries()}
    found = {bench.name for bench in registry.plan().benches}
    unlisted = {
        route.name
        for route in registry.routes()
        if not route.has_parameters and not registry.skip_reason(route)
    }
    assert "accessibility" in unlisted - listed
    assert unlisted - listed <= found
    assert not any(name.startswith("admin:") for name in found)


def test_every_reason_not_to_time_a_url_is_written_out():
    short = [route.name for route, reason in registry.plan().skipped if len(reason.split()) < 5]
    assert not short, f"Say why these are not timed, in a sentence: {short}"


def test_only_keeps_the_urls_named():
    names = {bench.name for bench in registry.plan("reports/packs").benches}
    assert names == {
        "reporting:packs",
        "reporting:pack",
        "reporting:pack-pdf",
        "reporting:pack-csv",
    }


@pytest.mark.django_db
def test_every_entry_finds_real_ids_in_the_small_demo_and_opens_for_its_roles(monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    call_command("seed_demo", stdout=StringIO())
    # The worker makes a pack's PDF just after it is published and the page serves it from
    # storage; no worker runs here, so put it where the worker would (rendering it is tested in
    # test_packs.py, and takes seconds).
    for pack in GovernancePack.objects.all():
        default_storage.save(pack_pdf_name(pack), ContentFile(b"%PDF-1.7 made by the worker"))
    timer = Timer(users(), what="open", log=lambda line: None)
    try:
        with override_settings(STAFF_MFA_REQUIRED=False):
            outcome = timer.time_all(registry.plan().benches)
    finally:
        timer.lookups.clean_up()
    assert not outcome.problems, "\n".join(
        f"{key} as {role}: {path} answered {what}" for key, role, path, what in outcome.problems
    )
    not_opened = {
        key: refused for key, (opened, refused) in outcome.opened_by.items() if not opened
    }
    assert not not_opened, (
        "No role could open these; give them an entry (ids, roles, the answer that means it "
        f"opened) or a reason in SKIP: {not_opened}"
    )
    # Each role's pages are among them, so a role that is signed out by mistake would show.
    roles = {role for opened, _ in outcome.opened_by.values() for role in opened}
    assert roles == set(registry.ROLES)


@pytest.mark.django_db
def test_an_awareness_date_is_made_for_the_run_when_a_database_has_none():
    """A test that flushes its tables leaves no awareness dates; the entry still finds one."""
    from activities.models import AwarenessDate
    from reporting.benchmarks.lookups import awareness_date

    AwarenessDate.objects.all().delete()
    found = awareness_date(None, None)
    assert AwarenessDate.objects.filter(pk=found["pk"]).exists()
    assert awareness_date(None, None) == found  # the same one the next time, not a second
