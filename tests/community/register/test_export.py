"""Staff export the filtered register as CSV: audited, no equality data, formulas neutralised."""

import csv
import io

from django.db import connection
from django.test.utils import CaptureQueriesContext

from community import selectors
from community.models import AuditAction, AuditEvent, Interest
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


def _export_queries(client, query=None) -> tuple[int, list[list[str]]]:
    """The queries of one export, its streaming included, and its table."""
    with CaptureQueriesContext(connection) as queries:
        table = rows(client.get(URL, query or {}))
    return len(queries.captured_queries), table


def _people(count: int, start: int) -> None:
    interests = list(Interest.objects.all()[:3])
    for i in range(start, start + count):
        CoCreatorFactory(
            full_name=f"Person {i:03}",
            email="",
            relationships=["staff", "carer"][: 1 + i % 2],
            access_needs=["step_free", "bsl"][: i % 3],
            interests=interests[: i % 4],
        )


def test_the_export_takes_the_same_queries_for_3_people_or_30(staff_client, db, monkeypatch):
    # Read 4 at a time, so 30 people are 8 chunks: nothing may be asked again per chunk.
    monkeypatch.setattr(selectors, "EXPORT_CHUNK", 4)
    _people(3, 0)
    few, table = _export_queries(staff_client)
    assert len(table) == 1 + 3
    _people(27, 3)
    many, table = _export_queries(staff_client)
    assert len(table) == 1 + 30
    assert many == few
    filtered, table = _export_queries(staff_client, {"relationship": "carer"})
    assert len(table) == 1 + 15
    assert filtered == few


def test_the_header_row_is_sent_before_anyone_is_read(staff_client, alex, bo):
    """True streaming: the browser starts the download before the register is queried."""
    response = staff_client.get(URL)
    assert response.streaming
    content = iter(response.streaming_content)
    with CaptureQueriesContext(connection) as queries:
        first = next(content)
    assert first.decode().startswith("Record number,Full name,")
    assert first.decode().count("\r\n") == 1
    assert not queries.captured_queries
    assert b"Alex Ashdown" in b"".join(content)


def test_related_values_are_in_their_order_with_their_labels(staff_client, db, maidstone):
    interests = list(Interest.objects.all())  # the interests' own order: kind, then name
    person = CoCreatorFactory(
        full_name="Ola Ordered",
        email="",
        locality=maidstone,
        relationships=["staff", "carer", "service_user"],
        access_needs=["step_free", "bsl", "large_print"],
        interests=[interests[-1], interests[0], interests[1]],
        available_weekdays=True,
        available_in_person=True,
        prefers_post=True,
        prefers_sms=True,
        heard_from="event",
        status="enquiry",
    )
    CoCreatorFactory(full_name="Nobody Linked", email="", relationships=[], interests=[])
    table = rows(staff_client.get(URL))
    by_name = {row[1]: dict(zip(table[0], row, strict=True)) for row in table[1:]}
    ola = by_name["Ola Ordered"]
    assert ola["Record number"] == str(person.pk)
    assert ola["Area"] == "Maidstone"
    assert ola["Relationships"] == "Carer; Service user or patient; Staff"
    assert ola["Access needs"] == "British Sign Language; Large print; Step-free access"
    assert ola["Interests"] == "; ".join(
        i.name for i in (interests[0], interests[1], interests[-1])
    )
    assert ola["Availability"] == "Weekdays; In person"
    assert ola["Preferred contact"] == "Text message; Post"
    assert ola["How they heard about us"] == "An event"
    assert ola["Status"] == "Enquiry"
    assert ola["Portal login"] == "No"
    nobody = by_name["Nobody Linked"]
    assert (nobody["Relationships"], nobody["Interests"], nobody["Access needs"]) == ("", "", "")
    assert nobody["Area"] == ""
