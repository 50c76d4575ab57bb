"""`manage.py bench_export <url>`: an export's rows, time, queries and peak memory, leaving no trace."""

import json

from django.core.management import call_command

from community.models import AuditAction, AuditEvent
from reporting.management.commands.bench_export import export_measure
from tests.community.factories import CoCreatorFactory


def test_it_measures_the_register_export_and_keeps_nothing(staff_member):
    for n in range(3):
        CoCreatorFactory(full_name=f"Person {n}", address="1 Long Road\nTown", email="")
    result = export_measure("/staff/community/export.csv", email=staff_member.email)
    assert result["status"] == 200 and result["streaming"] is True
    assert result["rows"] == 3  # a line break inside a quoted cell is still one row
    assert 0 < result["first_byte_seconds"] <= result["seconds"]
    assert result["queries"] > 0
    assert result["peak_mb"] >= 0
    # The session it signed in with and the export's audit event were rolled back.
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_the_command_prints_json_with_pythons_own_peak(staff_member, capsys):
    CoCreatorFactory(email="")
    call_command(
        "bench_export", "/staff/community/export.csv", "--as", staff_member.email, "--tracemalloc"
    )
    result = json.loads(capsys.readouterr().out)
    assert result["rows"] == 1
    assert result["python_peak_mb"] >= 0
