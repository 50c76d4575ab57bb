"""Staff export the filtered register as CSV: audited, no equality data, formulas neutralised."""

import csv
import io

from community.models import AuditAction, AuditEvent
from community.services import demographics_save, equality_consent_give
from tests.community.factories import CoCreatorFactory

URL = "/staff/community/export.csv"


def rows(response) -> list[list[str]]:
    assert response.streaming
    text = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(text)))


def test_the_export_holds_the_filtered_people_only(staff_client, alex, bo):
    response = staff_client.get(URL, {"status": "paused"})
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    table = rows(response)
    assert table[0][:2] == ["Record number", "Full name"]
    assert [row[1] for row in table[1:]] == ["Bo Bramley"]
    assert "Service user or patient" in ";".join(table[1])


def test_the_export_is_audited_once_with_the_count(staff_client, staff_member_with_mfa, alex, bo):
    rows(staff_client.get(URL))
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.count == 2
    assert event.actor == staff_member_with_mfa
    assert event.cocreator_id is None


def test_the_export_has_no_equality_data_or_staff_notes(staff_client, alex):
    equality_consent_give(cocreator=alex, actor=None)
    demographics_save(cocreator=alex, actor=None, religion="buddhist")
    alex.staff_note = "Private note"
    alex.save()
    text = "\n".join(",".join(row) for row in rows(staff_client.get(URL)))
    assert "Buddhist" not in text and "buddhist" not in text
    assert "Private note" not in text


def test_cells_that_look_like_formulas_are_neutralised(staff_client, db):
    CoCreatorFactory(
        full_name='=HYPERLINK("http://evil.example")', preferred_name="+1", pronouns="-x", email=""
    )
    CoCreatorFactory(full_name="@SUM(A1)", address="Safe street", email="")
    table = rows(staff_client.get(URL))
    cells = [cell for row in table[1:] for cell in row]
    for dangerous in ('=HYPERLINK("http://evil.example")', "+1", "-x", "@SUM(A1)"):
        assert dangerous not in cells
        assert "'" + dangerous in cells
    assert "Safe street" in cells


def test_a_bad_filter_exports_nothing(staff_client, alex):
    response = staff_client.get(URL, {"status": "sleeping"})
    assert response.status_code == 302
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_the_list_links_to_the_export_with_the_same_filters(staff_client, alex):
    html = staff_client.get("/staff/community/", {"status": "active", "page": 1}).content.decode()
    assert 'href="/staff/community/export.csv?status=active"' in html  # every page, not one
