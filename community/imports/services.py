"""A confirmed import, run by the worker: check the file again, then add its people a chunk at a time.

The page that confirmed it only records the job (`cocreator_import_queue`) and shows its progress;
`community.cocreator_import_run` (community/tasks.py) calls `cocreator_import_run`, which any
number of retried or repeated runs may call: the job row, locked, says how far it has got.

- Checking: the file is checked against the register as it is now, with the staff form's rules and
  the model's own, and the count of rows checked is written as it goes. A row with a problem stops
  the import before anyone is added, with the problems in words, by row and column.
- Adding: the checked rows are kept on the job, and the people are added ADD_CHUNK at a time, each
  chunk in one transaction with the count of people added. A run that starts again (the worker
  died, the database went away) carries on from that count, so nobody is added twice.
- Finished: one audit event for the whole import, in the transaction that marks it done, and the
  file and rows (people's details, in the register by then) are emptied from the job.
"""

from __future__ import annotations

import logging
from dataclasses import asdict

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone

from cocreation.jobs.services import outbox_enqueue

from ..models import CoCreator, User
from ..services import cocreator_import_add, cocreator_import_audit, cocreator_import_people
from .columns import ERRORS_SHOWN, ImportFileError, ImportRow, Problem
from .models import CoCreatorImportJob, ImportStatus
from .selectors import import_check

logger = logging.getLogger(__name__)

RUN_TASK = "community.cocreator_import_run"
# People added per transaction: the progress page moves on this often.
ADD_CHUNK = 500

REGISTER_CHANGED = (
    "Nothing has been imported: the register has changed since you checked the file, and some "
    "rows now have problems"
)
NOTHING_NEW = "Nothing has been imported: everyone in the file is already in the register"
WENT_WRONG = (
    "Something went wrong on our side. Upload the file again, or tell the digital team if it "
    "happens again"
)


def cocreator_import_queue(
    *, actor: User | None, text: str, sha256: str, filename: str = ""
) -> CoCreatorImportJob:
    """Record a confirmed import for the worker, which is handed it after the transaction commits.

    Through the outbox: if the broker is down the job waits and the outbox sweep hands it on.
    """
    job = CoCreatorImportJob.objects.create(
        created_by=actor, text=text, sha256=sha256, filename=filename[:200]
    )
    outbox_enqueue(task_name=RUN_TASK, kwargs={"job_id": job.pk})
    return job


def _row_json(row: ImportRow) -> dict:
    return {
        "row": row.row,
        "fields": row.fields,
        "relationships": list(row.relationships),
        "access_needs": list(row.access_needs),
        "interest_ids": list(row.interest_ids),
    }


def _row_from_json(data: dict) -> ImportRow:
    """A row as the check made it: dates, kept as text in JSON, become dates again."""
    meta = CoCreator._meta
    return ImportRow(
        row=data["row"],
        fields={name: meta.get_field(name).to_python(v) for name, v in data["fields"].items()},
        relationships=tuple(data["relationships"]),
        access_needs=tuple(data["access_needs"]),
        interest_ids=tuple(data["interest_ids"]),
    )


def _moved_on(job_id: int, **changes) -> None:
    """Note progress at once (outside any transaction, so the progress page sees it)."""
    CoCreatorImportJob.objects.filter(pk=job_id).update(updated_at=timezone.now(), **changes)


def _locked(job_id: int, *fields: str) -> CoCreatorImportJob | None:
    jobs = CoCreatorImportJob.objects.select_for_update()
    if fields:
        jobs = jobs.only("pk", "status", *fields)
    return jobs.filter(pk=job_id).first()


def _end(job_id: int, status: str, *, message: str = "", problems=(), **changes) -> str:
    """Finish the job (once): its outcome in words, and the people's details emptied from it."""
    with transaction.atomic():
        job = _locked(job_id)
        if job is None or job.finished:
            return job.status if job else "gone"
        job.status = status
        job.message = message[:500]
        job.problems = [asdict(p) for p in problems[:ERRORS_SHOWN]]
        job.problem_count = len(problems)
        job.rows_with_problems = len({p.row for p in problems})
        job.text = ""
        job.rows_to_add = []
        job.finished_at = job.updated_at = timezone.now()
        for name, value in changes.items():
            setattr(job, name, value)
        job.save()
        return job.status


def _check(job: CoCreatorImportJob) -> list[ImportRow] | None:
    """Check the file; the rows to add (now kept on the job), or None if the job has ended."""

    def progress(done: int, total: int) -> None:
        _moved_on(job.pk, rows_checked=done, rows_total=total)

    try:
        check = import_check(job.text, progress=progress)
    except ImportFileError as error:
        _end(job.pk, ImportStatus.FAILED, message=f"Nothing has been imported: {error}")
        return None
    problems = list(check.problems)
    if not problems:
        for row in check.rows:
            try:
                cocreator_import_people([row])  # the model's own checks, before anyone is added
            except ValidationError as error:
                problems.append(Problem(row.row, "", "; ".join(error.messages)))
    if problems:
        _end(job.pk, ImportStatus.FAILED, message=REGISTER_CHANGED, problems=problems)
        return None
    skipped = len(check.skipped)
    if check.nothing_new:
        _end(job.pk, ImportStatus.DONE, message=NOTHING_NEW, people_skipped=skipped)
        return None
    with transaction.atomic():
        locked = _locked(job.pk)
        if locked is None or locked.status != ImportStatus.CHECKING:
            return None  # another run moved it on: that run carries on
        locked.status = ImportStatus.ADDING
        locked.rows_to_add = [_row_json(row) for row in check.rows]
        locked.people_to_add = len(check.rows)
        locked.people_skipped = skipped
        locked.updated_at = timezone.now()
        locked.save()
    return check.rows


def _add(job_id: int, rows: list[ImportRow]) -> bool:
    """Add the people a chunk at a time from where the job says it got to; False if it ended."""
    while True:
        with transaction.atomic():
            job = _locked(job_id, "people_added", "updated_at")
            if job is None or job.status != ImportStatus.ADDING:
                return False
            chunk = rows[job.people_added : job.people_added + ADD_CHUNK]
            if not chunk:
                return True
            # Checked by the model already (in `_check`): not checked again one by one.
            cocreator_import_add(rows=chunk, people=[CoCreator(**row.fields) for row in chunk])
            job.people_added += len(chunk)
            job.updated_at = timezone.now()
            job.save(update_fields=["people_added", "updated_at"])


def _finish(job_id: int, rows: list[ImportRow]) -> str:
    """The one audit event and the job marked done, together, once."""
    with transaction.atomic():
        job = _locked(job_id)
        if job is None or job.status != ImportStatus.ADDING:
            return job.status if job else "gone"
        cocreator_import_audit(actor=job.created_by, rows=rows, count=job.people_added)
        job.status = ImportStatus.DONE
        job.text = ""
        job.rows_to_add = []
        job.finished_at = job.updated_at = timezone.now()
        job.save()
        return job.status


def cocreator_import_run(*, job_id: int) -> str:
    """Check a confirmed import and add its people, carrying on where an earlier run stopped.

    Returns the job's status at the end. Safe to run again and at the same time as another run:
    a finished job is left alone, and people are added only under the job's lock.
    A database error is raised for the task to retry; anything else ends the job, saying so.
    """
    with transaction.atomic():
        job = _locked(job_id)
        if job is None:
            return "gone"
        if job.finished:
            return job.status
        if job.status != ImportStatus.ADDING:
            # Waiting, or a check cut short: nobody has been added, so check (again).
            job.status = ImportStatus.CHECKING
            job.rows_checked = 0
            job.updated_at = timezone.now()
            job.save(update_fields=["status", "rows_checked", "updated_at"])
    try:
        if job.status == ImportStatus.CHECKING:
            rows = _check(job)
            if rows is None:
                return CoCreatorImportJob.objects.get(pk=job_id).status
        else:
            rows = [_row_from_json(data) for data in job.rows_to_add]
        if not _add(job_id, rows):
            return CoCreatorImportJob.objects.get(pk=job_id).status
        return _finish(job_id, rows)
    except DatabaseError:
        raise  # the task tries again later, from where the job got to
    except Exception:
        logger.exception("Import %s stopped", job_id)
        added = (
            CoCreatorImportJob.objects.filter(pk=job_id)
            .values_list("people_added", flat=True)
            .first()
        )
        if added:
            message = (
                f"The import stopped after adding {added:,} of the people, who are in the "
                "register. Something went wrong on our side: tell the digital team before you "
                "import the file again"
            )
        else:
            message = f"Nothing has been imported. {WENT_WRONG}"
        _end(job_id, ImportStatus.FAILED, message=message)
        raise
