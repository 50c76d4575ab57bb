"""The whole-system demo set, loaded at a tiny size with the same code."""

from activities.models import Activity, Attendance
from community.models import CoCreator, Demographics
from impact.models import EvidenceItem, ExperienceResponse, ImpactRecord, WellbeingResponse
from reporting import bulk_demo


def test_the_tiny_set_loads_the_counts_it_names_and_nothing_twice(db):
    lines = []
    counts = bulk_demo.load("tiny", write=lines.append)
    size = bulk_demo.SIZES["tiny"]
    assert (
        CoCreator.objects.filter(email__endswith="@ics.example.org").count() == size["cocreators"]
    )
    assert Activity.objects.count() == size["activities"]
    assert Attendance.objects.count() == size["attendances"] == counts["attendance records"]
    assert ExperienceResponse.objects.count() == size["experience"]
    assert ImpactRecord.objects.count() == size["impact_records"] == EvidenceItem.objects.count()
    assert 0 < Demographics.objects.count() < size["cocreators"]
    # Pairs: a follow-up is only there with its "before".
    followups = WellbeingResponse.objects.filter(kind="wellbeing_followup").count()
    assert 0 < followups <= WellbeingResponse.objects.filter(kind="wellbeing_before").count()
    assert any("attendance records" in line for line in lines)  # progress is shown

    assert bulk_demo.load("tiny", write=lines.append) == {}
    assert Attendance.objects.count() == size["attendances"]


def test_rows_added_after_the_set_get_fresh_ids(db):
    bulk_demo.load("tiny", write=lambda line: None)
    highest = CoCreator.objects.order_by("-pk").values_list("pk", flat=True).first()
    person = CoCreator.objects.create(full_name="Added Later")
    assert person.pk > highest


def test_no_real_looking_contact_details(db):
    bulk_demo.load("tiny", write=lambda line: None)
    assert (
        not CoCreator.objects.exclude(email__endswith="@ics.example.org")
        .exclude(email__endswith="@example.org")
        .exclude(email="")
        .exists()
    )
