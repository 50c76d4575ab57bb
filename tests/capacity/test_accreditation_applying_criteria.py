"""The accreditation criteria as data: a draft version's standards and criteria are added, changed
and removed; publishing makes it current and read-only; a new version starts as a copy; an
application keeps the version it started on."""

import pytest
from django.urls import reverse

from capacity.accreditation.applying.services import application_start
from capacity.models import (
    AccreditationApplication,
    AccreditationCriterion,
    AccreditationFramework,
    AccreditationStandard,
)

from .accreditation_applying_factories import (
    CriterionFactory,
    FrameworkFactory,
    ServiceFactory,
    StandardFactory,
    framework_with_criteria,
)


def test_staff_write_the_first_version_and_publish_it(staff_client, staff_member_with_mfa):
    response = staff_client.post(
        reverse("capacity:accreditation-framework-add"),
        {"version": "2026.1", "introduction": "How to apply."},
    )
    framework = AccreditationFramework.objects.get()
    assert framework.published_at is None
    assert response.url == reverse("capacity:accreditation-framework", args=[framework.pk])

    publish = reverse("capacity:accreditation-framework-publish", args=[framework.pk])
    response = staff_client.post(publish)
    assert "Add at least one standard" in response.content.decode()
    framework.refresh_from_db()
    assert framework.published_at is None

    staff_client.post(
        reverse("capacity:accreditation-standard-add", args=[framework.pk]),
        {"number": 1, "title": "Lived experience shapes the service", "guidance": ""},
    )
    standard = AccreditationStandard.objects.get()
    response = staff_client.post(publish)
    assert "Add at least one criterion to standard 1" in response.content.decode()

    staff_client.post(
        reverse("capacity:accreditation-criterion-add", args=[standard.pk]),
        {
            "number": 1,
            "text": "People with lived experience shape the service's priorities.",
            "guidance": "Agreed with co-creators.",
            "evidence_needed": "Minutes.",
        },
    )
    criterion = AccreditationCriterion.objects.get()
    staff_client.post(
        reverse("capacity:accreditation-criterion-edit", args=[criterion.pk]),
        {"number": 1, "text": "Changed text.", "guidance": "", "evidence_needed": "Minutes."},
    )
    criterion.refresh_from_db()
    assert criterion.text == "Changed text."
    page = staff_client.get(reverse("capacity:accreditation-framework", args=[framework.pk]))
    assert "Changed text." in page.content.decode()

    response = staff_client.post(publish)
    assert response.status_code == 302
    framework.refresh_from_db()
    assert framework.published_at is not None


def test_a_published_version_cannot_be_changed(staff_client):
    framework, criteria = framework_with_criteria()
    standard = criteria[0].standard
    before = (framework.version, standard.title, criteria[0].text)
    attempts = [
        ("accreditation-framework-edit", framework.pk, {"version": "X", "introduction": ""}),
        ("accreditation-framework-publish", framework.pk, {}),
        ("accreditation-standard-add", framework.pk, {"number": 9, "title": "New"}),
        ("accreditation-standard-edit", standard.pk, {"number": 1, "title": "Changed"}),
        ("accreditation-standard-remove", standard.pk, {}),
        (
            "accreditation-criterion-add",
            standard.pk,
            {"number": 9, "text": "New", "evidence_needed": "x"},
        ),
        (
            "accreditation-criterion-edit",
            criteria[0].pk,
            {"number": 1, "text": "Changed", "evidence_needed": "x"},
        ),
        ("accreditation-criterion-remove", criteria[0].pk, {}),
    ]
    for name, pk, data in attempts:
        url = reverse(f"capacity:{name}", args=[pk])
        assert staff_client.get(url).status_code == 404, name
        assert staff_client.post(url, data).status_code == 404, name
    framework.refresh_from_db()
    standard.refresh_from_db()
    criteria[0].refresh_from_db()
    assert (framework.version, standard.title, criteria[0].text) == before
    assert AccreditationStandard.objects.count() == 2
    assert AccreditationCriterion.objects.count() == 4
    page = staff_client.get(reverse("capacity:accreditation-framework", args=[framework.pk]))
    text = page.content.decode()
    assert "can no longer be changed" in text and "Change standard" not in text


def test_a_new_version_starts_as_a_copy_and_applications_keep_theirs(
    staff_client, staff_member_with_mfa
):
    old, criteria = framework_with_criteria(version="2026.1")
    service = ServiceFactory()
    kept = application_start(service=service, actor=staff_member_with_mfa)
    staff_client.post(
        reverse("capacity:accreditation-framework-add"), {"version": "2027.1", "introduction": ""}
    )
    new = AccreditationFramework.objects.get(version="2027.1")
    assert new.published_at is None and new.introduction == old.introduction
    copied = list(
        AccreditationCriterion.objects.filter(standard__framework=new).values_list(
            "standard__number", "number", "text", "evidence_needed"
        )
    )
    assert copied == [(c.standard.number, c.number, c.text, c.evidence_needed) for c in criteria]
    # While it is a draft, starting again offers it, not a second draft.
    response = staff_client.get(reverse("capacity:accreditation-framework-add"))
    assert response.url == reverse("capacity:accreditation-framework", args=[new.pk])

    first = AccreditationCriterion.objects.filter(standard__framework=new).first()
    staff_client.post(reverse("capacity:accreditation-criterion-remove", args=[first.pk]))
    assert not AccreditationCriterion.objects.filter(pk=first.pk).exists()
    assert AccreditationCriterion.objects.filter(standard__framework=old).count() == 4
    staff_client.post(reverse("capacity:accreditation-framework-publish", args=[new.pk]))
    new.refresh_from_db()
    assert new.published_at is not None

    kept.refresh_from_db()
    assert kept.framework == old
    other = application_start(service=ServiceFactory(), actor=staff_member_with_mfa)
    assert other.framework == new
    rows = staff_client.get(reverse("capacity:accreditation-criteria")).content.decode()
    assert "Current" in rows and "replaced" in rows


def test_removing_a_standard_removes_its_criteria(staff_client):
    framework, criteria = framework_with_criteria(published_at=None)
    standard = criteria[0].standard
    page = staff_client.get(reverse("capacity:accreditation-standard-remove", args=[standard.pk]))
    assert "Its 2 criteria are removed with it" in page.content.decode()
    staff_client.post(reverse("capacity:accreditation-standard-remove", args=[standard.pk]))
    assert AccreditationStandard.objects.count() == 1
    assert AccreditationCriterion.objects.count() == 2


def test_bad_input_says_what_is_wrong_and_writes_nothing(staff_client):
    framework, criteria = framework_with_criteria(published_at=None, version="2026.9")
    standard = criteria[0].standard
    response = staff_client.post(
        reverse("capacity:accreditation-standard-add", args=[framework.pk]),
        {"number": 1, "title": ""},
    )
    text = response.content.decode()
    assert "There is already a number 1 here" in text and "Enter the standard&#x27;s title" in text
    response = staff_client.post(
        reverse("capacity:accreditation-criterion-add", args=[standard.pk]),
        {"number": 0, "text": "", "evidence_needed": ""},
    )
    text = response.content.decode()
    assert "The number must be 1 or more" in text
    assert "Enter the criterion" in text and "Say what evidence the criterion needs" in text
    FrameworkFactory(version="2025.1")
    response = staff_client.post(
        reverse("capacity:accreditation-framework-edit", args=[framework.pk]),
        {"version": "2025.1"},
    )
    assert "There is already a version with that name" in response.content.decode()
    framework.refresh_from_db()
    assert framework.version == "2026.9"
    assert AccreditationStandard.objects.filter(framework=framework).count() == 2
    assert AccreditationCriterion.objects.filter(standard__framework=framework).count() == 4


def test_an_application_cannot_reach_another_versions_criterion(staff_client):
    framework, _ = framework_with_criteria()
    _, elsewhere = framework_with_criteria()
    service = ServiceFactory()
    application = AccreditationApplication.objects.create(service=service, framework=framework)
    url = reverse("capacity:accreditation-staff-assessment", args=[application.pk, elsewhere[0].pk])
    assert staff_client.get(url).status_code == 404


def _versions(n):
    for _ in range(n):
        framework = FrameworkFactory()
        for s in range(1, 3):
            standard = StandardFactory(framework=framework, number=s)
            CriterionFactory(standard=standard, number=1)


def test_the_criteria_list_takes_the_same_queries_whatever_the_versions(
    staff_client, django_assert_max_num_queries
):
    _versions(2)
    url = reverse("capacity:accreditation-criteria")
    staff_client.get(url)
    with django_assert_max_num_queries(40) as few:
        assert staff_client.get(url).status_code == 200
    _versions(10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert staff_client.get(url).status_code == 200


@pytest.mark.parametrize("published", [True, False])
def test_a_versions_page_takes_the_same_queries_whatever_its_criteria(
    published, staff_client, django_assert_max_num_queries
):
    small, _ = framework_with_criteria(standards=1, each=1)
    big, _ = framework_with_criteria(standards=5, each=5)
    if not published:
        AccreditationFramework.objects.update(published_at=None)
    staff_client.get(reverse("capacity:accreditation-framework", args=[small.pk]))
    with django_assert_max_num_queries(40) as few:
        staff_client.get(reverse("capacity:accreditation-framework", args=[small.pk]))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = staff_client.get(reverse("capacity:accreditation-framework", args=[big.pk]))
    assert response.status_code == 200
