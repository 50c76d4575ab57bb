"""A confirmed import runs in the worker: the request only records it, a page shows its progress,
and a task run twice (or cut short and run again) never adds anyone twice.
"""

from datetime import timedelta

import pytest
from django.db import DatabaseError
from django.urls import reverse
from django.utils import timezone

from cocreation.jobs.models import OutboxMessage
from community import tasks
from community.imports import checking
from community.imports import services as import_services
from community.models import (
    AuditAction,
    AuditEvent,
    CoCreator,
    CoCreatorImportJob,
    ImportStatus,
)
from tests.conftest import client_for

from .conftest import CONFIRM_URL, PREVIEW_URL, csv_text, person

pytestmark = pytest.mark.django_db


def _progress_url(job) -> str:
    return reverse("community:cocreator-import-progress", args=[job.pk])


@pytest.fixture
def queued(staff_client, upload, django_capture_on_commit_callbacks):
    """Five people confirmed; the task is queued but has not run (the worker is elsewhere)."""
    upload(csv_text([person(n, relationships="Carer") for n in range(1, 6)]))
    sha256 = staff_client.get(PREVIEW_URL).context["sha256"]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = staff_client.post(CONFIRM_URL, {"sha256": sha256})
    job = CoCreatorImportJob.objects.get()
    return {"response": response, "job": job, "callbacks": callbacks}


# --- Confirming queues the work and returns at once ---------------------------------------------


def test_confirming_records_the_job_and_queues_the_task_without_adding_anyone(
    staff_client, staff_member_with_mfa, queued
):
    job = queued["job"]
    assert queued["response"].status_code == 302
    assert queued["response"].url == _progress_url(job)
    assert (job.status, job.created_by, job.filename) == (
        ImportStatus.WAITING,
        staff_member_with_mfa,
        "register.csv",
    )
    assert job.text.startswith("full_name,")
    message = OutboxMessage.objects.get()
    assert (message.task_name, message.kwargs) == (
        "community.cocreator_import_run",
        {"job_id": job.pk},
    )
    assert len(queued["callbacks"]) == 1  # handed to the broker only after the commit
    assert CoCreator.objects.count() == 0
    assert not AuditEvent.objects.filter(action=AuditAction.IMPORT).exists()
    # The file is no longer waiting in the session: confirming again imports nothing more.
    again = staff_client.post(CONFIRM_URL, {"sha256": job.sha256})
    assert again.url == reverse("community:cocreator-import")
    assert CoCreatorImportJob.objects.count() == 1


def test_the_waiting_page_updates_itself_and_has_a_refresh_link(staff_client, queued):
    page = staff_client.get(_progress_url(queued["job"])).content.decode()
    assert "Waiting to start." in page
    assert '<meta http-equiv="refresh" content="3">' in page
    assert f'href="{_progress_url(queued["job"])}">Refresh this page</a>' in page


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        (
            {"status": ImportStatus.CHECKING, "rows_checked": 312, "rows_total": 5000},
            "312 of 5,000 rows checked.",
        ),
        (
            {"status": ImportStatus.ADDING, "people_added": 312, "people_to_add": 5000},
            "312 of 5,000 people added.",
        ),
    ],
)
def test_the_page_shows_how_far_the_worker_has_got(staff_client, queued, changes, words):
    CoCreatorImportJob.objects.filter(pk=queued["job"].pk).update(**changes)
    page = staff_client.get(_progress_url(queued["job"])).content.decode()
    assert words in page
    assert 'http-equiv="refresh"' in page
    assert "Nothing has moved since" not in page


def test_an_import_that_has_not_moved_for_a_while_says_the_worker_may_have_stopped(
    staff_client, queued
):
    CoCreatorImportJob.objects.filter(pk=queued["job"].pk).update(
        status=ImportStatus.ADDING,
        people_to_add=5,
        updated_at=timezone.now() - timedelta(minutes=11),
    )
    page = staff_client.get(_progress_url(queued["job"])).content.decode()
    assert "Nothing has moved since" in page
    assert "nobody is added twice" in page


def test_when_the_worker_has_run_the_page_shows_the_result(staff_client, queued):
    for callback in queued["callbacks"]:
        callback()  # the broker hands it to the worker (run in-process in tests)
    job = CoCreatorImportJob.objects.get()
    assert (job.status, job.rows_checked, job.rows_total) == (ImportStatus.DONE, 5, 5)
    assert (job.people_to_add, job.people_added) == (5, 5)
    assert (job.text, job.rows_to_add) == ("", [])  # people's details are not kept on the job
    page = staff_client.get(_progress_url(job)).content.decode()
    assert "<h1>5 people imported</h1>" in page
    assert 'http-equiv="refresh"' not in page
    assert set(CoCreator.objects.values_list("email", flat=True)) == {
        f"person{n}@example.org" for n in range(1, 6)
    }


def test_the_check_writes_its_progress_as_it_goes(queued, monkeypatch):
    monkeypatch.setattr(checking, "PROGRESS_EVERY", 2)
    seen = []
    moved_on = import_services._moved_on

    def spy(job_id, **changes):
        seen.append((changes.get("rows_checked"), changes.get("rows_total")))
        moved_on(job_id, **changes)

    monkeypatch.setattr(import_services, "_moved_on", spy)
    tasks.cocreator_import_run.delay(job_id=queued["job"].pk)
    assert seen == [(2, 5), (4, 5), (5, 5)]


# --- Never twice ---------------------------------------------------------------------------------


def test_a_task_run_twice_adds_the_people_once(queued):
    job = queued["job"]
    assert tasks.cocreator_import_run.delay(job_id=job.pk).get() == ImportStatus.DONE
    assert tasks.cocreator_import_run.delay(job_id=job.pk).get() == ImportStatus.DONE
    assert CoCreator.objects.count() == 5
    assert AuditEvent.objects.filter(action=AuditAction.IMPORT).count() == 1


def test_a_run_cut_short_while_adding_carries_on_without_adding_anyone_twice(queued, monkeypatch):
    job = queued["job"]
    monkeypatch.setattr(import_services, "ADD_CHUNK", 2)
    add = import_services.cocreator_import_add
    calls = []

    def add_then_fail(**kwargs):
        calls.append(len(kwargs["rows"]))
        if len(calls) == 2:
            raise DatabaseError("the database went away")
        return add(**kwargs)

    monkeypatch.setattr(import_services, "cocreator_import_add", add_then_fail)
    with pytest.raises(DatabaseError):
        import_services.cocreator_import_run(job_id=job.pk)  # the task would retry later
    job.refresh_from_db()
    assert (job.status, job.people_added) == (ImportStatus.ADDING, 2)
    assert CoCreator.objects.count() == 2  # the first chunk, committed with its count

    assert import_services.cocreator_import_run(job_id=job.pk) == ImportStatus.DONE
    assert calls == [2, 2, 2, 1]  # the failed chunk again, then the rest: never the first
    assert sorted(CoCreator.objects.values_list("email", flat=True)) == [
        f"person{n}@example.org" for n in range(1, 6)
    ]
    assert CoCreator.objects.filter(relationships__kind="carer").count() == 5
    event = AuditEvent.objects.get(action=AuditAction.IMPORT)
    assert event.count == 5


def test_an_import_that_has_ended_is_left_alone(queued):
    job = queued["job"]
    CoCreatorImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.FAILED)
    assert import_services.cocreator_import_run(job_id=job.pk) == ImportStatus.FAILED
    assert CoCreator.objects.count() == 0


# --- Bad rows still write nothing ---------------------------------------------------------------


def test_a_file_with_bad_rows_confirmed_anyway_writes_nothing_and_says_why(
    staff_client, upload, confirm
):
    upload(
        csv_text(
            [
                person(1),
                person(2, date_of_birth="31/02/1990"),
                person(3, locality="Atlantis", status="sleeping"),
            ]
        )
    )
    # The preview offers no button for this file; a hand-made post still gets nowhere.
    sha256 = staff_client.get(PREVIEW_URL).context["sha256"]
    response = confirm(sha256=sha256, follow=True)

    assert CoCreator.objects.count() == 0
    assert not AuditEvent.objects.filter(action=AuditAction.IMPORT).exists()
    job = CoCreatorImportJob.objects.get()
    assert (job.status, job.problem_count, job.rows_with_problems) == (ImportStatus.FAILED, 3, 2)
    page = response.content.decode()
    assert "Nothing has been imported" in page
    assert "3 problems in 2 rows" in page
    assert "Date of birth must be a real date" in page
    assert "&#x27;Atlantis&#x27; is not one of our localities" in page
    assert "&#x27;sleeping&#x27; is not a status we know" in page


def test_something_going_wrong_ends_the_import_saying_so(queued, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(import_services, "import_check", broken)
    with pytest.raises(RuntimeError):
        import_services.cocreator_import_run(job_id=queued["job"].pk)
    job = CoCreatorImportJob.objects.get()
    assert job.status == ImportStatus.FAILED
    assert job.message.startswith("Nothing has been imported. Something went wrong on our side")
    assert CoCreator.objects.count() == 0


# --- Who may see it ------------------------------------------------------------------------------


def test_outsiders_are_refused_the_progress_page(
    anonymous, cocreator, steering_member, staff_client, queued
):
    url = _progress_url(queued["job"])
    response = anonymous.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client_for(cocreator).get(url).status_code == 403
    assert client_for(steering_member).get(url).status_code == 403
    assert staff_client.get(url).status_code == 200
    assert staff_client.get(_progress_url(CoCreatorImportJob(pk=999))).status_code == 404
