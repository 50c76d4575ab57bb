"""The register's own export imports cleanly: people already in it are left as they are, and
new rows written the export's way are added, every column read as the export wrote it."""

import csv
import datetime
import io

from community.models import (
    AccessNeed,
    CoCreator,
    CoCreatorStatus,
    HeardFrom,
    Interest,
    Locality,
    NewsletterChoice,
    Relationship,
)
from community.services import cocreator_erase
from tests.community.factories import CoCreatorFactory

from .conftest import CONFIRM_URL, PREVIEW_URL

EXPORT_URL = "/staff/community/export.csv"


def _export(staff_client) -> str:
    response = staff_client.get(EXPORT_URL)
    return b"".join(response.streaming_content).decode("utf-8")


def _register(db):
    """A register with most things filled in, someone paused and someone who left."""
    maidstone = Locality.objects.get(name="Maidstone")
    research = Interest.objects.get(name="Research")
    CoCreatorFactory(
        full_name="Ayesha Khan",
        preferred_name="Ash",
        pronouns="she/her",
        date_of_birth=datetime.date(1980, 3, 5),
        email="ayesha@example.org",
        phone="07700900123",
        address="1 High Street",
        postcode="ME14 1RG",
        locality=maidstone,
        relationships=[Relationship.CARER, Relationship.SERVICE_USER],
        interests=[research],
        access_needs=[AccessNeed.INTERPRETER, AccessNeed.LARGE_PRINT],
        interpreter_language="Urdu",
        available_weekdays=True,
        available_in_person=True,
        prefers_email=True,
        prefers_sms=True,
        newsletter=NewsletterChoice.YES,
        heard_from=HeardFrom.EVENT,
    )
    CoCreatorFactory(full_name="Bo Brown", email="", status=CoCreatorStatus.PAUSED)
    leaver = CoCreatorFactory(full_name="Cy Cole", email="cy@example.org")
    cocreator_erase(cocreator=leaver, actor=None)


def test_importing_the_registers_own_export_adds_nobody_and_says_why(staff_client, upload, db):
    _register(db)
    before = CoCreator.objects.count()
    exported = _export(staff_client)

    upload(exported, name="community-register.csv")
    response = staff_client.get(PREVIEW_URL)
    check = response.context["check"]
    assert check.ok, check.problems
    assert check.nothing_new
    assert check.skipped == [2, 3, 4]
    assert check.ignored == ["Portal login"]
    html = response.content.decode()
    assert "Everyone in the file is already in the register" in html
    assert "We ignored this column, which the import does not use: Portal login." in html
    assert "Import " not in html  # no button: there is nobody to import

    sha256 = response.context["sha256"]
    staff_client.post(CONFIRM_URL, {"sha256": sha256})
    assert CoCreator.objects.count() == before


def test_new_people_added_to_an_export_are_imported_as_the_export_writes_them(
    staff_client, upload, confirm, db
):
    _register(db)
    rows = list(csv.reader(io.StringIO(_export(staff_client))))
    header = rows[0]
    new = dict.fromkeys(header, "")
    new.update(
        {
            "Full name": "Dee Dover",
            "Date of birth": "1975-12-01",
            "Email address": "dee@example.org",
            "Phone number": "07700900555",
            "Postcode": "ct1 9zz",
            "Area": "Maidstone",
            "Relationships": "Family member; Carer",
            "Interests": "Research",
            "Availability": "Weekends; Online",
            "Access needs": "Easy read",
            "Preferred contact": "Email; Text message",
            "Newsletter": "Yes, send me the newsletter every 3 months",
            "How they heard about us": "Friend or family",
            "Status": "Active",
            "Date joined": "2025-04-01",
            "Portal login": "No",
        }
    )
    rows.append([new[h] for h in header])
    out = io.StringIO()
    csv.writer(out).writerows(rows)

    upload(out.getvalue())
    preview = staff_client.get(PREVIEW_URL)
    check = preview.context["check"]
    assert check.ok, check.problems
    assert check.total == 1 and len(check.skipped) == 3
    assert "3 people already in the register" in preview.content.decode()

    response = confirm(follow=True)
    page = response.content.decode()
    assert "1 person imported" in page
    assert "3 people already in the register (the same record number and name) were left" in page
    dee = CoCreator.objects.get(full_name="Dee Dover")
    assert dee.date_of_birth == datetime.date(1975, 12, 1)
    assert (dee.email, dee.phone, dee.postcode) == ("dee@example.org", "07700900555", "CT1 9ZZ")
    assert dee.locality.name == "Maidstone"
    assert set(dee.relationships.values_list("kind", flat=True)) == {"family", "carer"}
    assert [i.name for i in dee.interests.all()] == ["Research"]
    assert dee.available_weekends and dee.available_online and not dee.available_weekdays
    assert list(dee.access_needs.values_list("kind", flat=True)) == ["easy_read"]
    assert dee.prefers_email and dee.prefers_sms and not dee.prefers_post
    assert dee.newsletter == NewsletterChoice.YES
    assert dee.heard_from == HeardFrom.FRIEND
    assert dee.date_joined == datetime.date(2025, 4, 1)
    # Nobody already there was changed or added twice.
    assert CoCreator.objects.filter(full_name="Ayesha Khan").count() == 1


def test_a_record_number_with_another_name_is_not_taken_for_that_person(staff_client, upload, db):
    ann = CoCreatorFactory(full_name="Ann Able", email="ann@example.org")
    upload(f"Record number,Full name\r\n{ann.pk},Someone Else\r\n")
    check = staff_client.get(PREVIEW_URL).context["check"]
    assert check.skipped == []
    assert [row.fields["full_name"] for row in check.rows] == ["Someone Else"]


def test_a_row_that_repeats_someone_without_their_number_is_still_a_duplicate(
    staff_client, upload, db
):
    ann = CoCreatorFactory(full_name="Ann Able", email="ann@example.org")
    upload("Full name,Email address\r\nAnn Able,ann@example.org\r\n")
    check = staff_client.get(PREVIEW_URL).context["check"]
    assert not check.ok
    assert f"as record {ann.pk}, already in the register" in check.problems[0].message


def test_a_record_number_that_is_not_a_plain_number_is_read_as_a_new_person(
    staff_client, upload, db
):
    # "²" passes str.isdigit() but not int(); 40 nines is no row's number.
    upload("Record number,Full name\r\n\u00b2,Ann Able\r\n" + "9" * 40 + ",Bo Brown\r\n")
    response = staff_client.get(PREVIEW_URL)
    assert response.status_code == 200
    check = response.context["check"]
    assert check.skipped == []
    assert [row.fields["full_name"] for row in check.rows] == ["Ann Able", "Bo Brown"]
