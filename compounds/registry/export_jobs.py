"""Registry exports too large to send while the page waits (above
settings.REGISTRY_EXPORT_SYNC_LIMIT rows): a worker writes the file (`export_run`), the
person who asked downloads it from their own page, and it expires after
RegistryExport.KEEP_FOR.

The worker moves the job's heartbeat on with each batch of rows; beat runs the sweep
(compounds.tasks.sweep_registry_exports), which queues again a job its message never
reached (broker down) or whose worker stopped beating (killed), fails one that keeps
dying, and deletes the files of finished jobs once they expire. A job taken over by a
later attempt is recognised by its attempt number: the earlier worker stops and keeps
nothing.
"""

from __future__ import annotations

import logging
import secrets
import tempfile
from collections.abc import Iterator
from datetime import datetime, timedelta

from django.core.files import File
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_noop

from compounds.models import RegistryExport
from compounds.registry.exporting import export_rows, export_stream
from compounds.registry.jobs import sweep_stuck

logger = logging.getLogger("compounds.registry")
# Stored in the source language and translated for the reader (RegistryExport.error_message).
FAILED = gettext_noop("The export failed; please try again.")
INTERRUPTED = gettext_noop("The export was interrupted %(n)s times; please try again.")
Status = RegistryExport.Status

QUEUED_AFTER = timedelta(minutes=5)
STALE_AFTER = timedelta(minutes=10)
MAX_ATTEMPTS = 3
PROGRESS_EVERY = 500  # rows between two progress updates (and heartbeats)


class _TakenOver(Exception):
    """The sweep gave the job to another attempt while this one was writing."""


def _ours(job: RegistryExport) -> QuerySet:
    return RegistryExport.objects.filter(pk=job.pk, status=Status.RUNNING, attempts=job.attempts)


def _take(export_id: int) -> RegistryExport | None:
    """Mark a queued job running, under its row lock: a second message for the job, or
    one for a job that is running, finished or failed, finds nothing to do."""
    with transaction.atomic():
        job = (
            RegistryExport.objects.select_for_update(of=("self",))
            .select_related("compound")
            .filter(pk=export_id)
            .first()
        )
        if job is None or job.status != Status.QUEUED:
            return None
        job.status = Status.RUNNING
        job.attempts += 1
        job.processed_rows = 0
        job.heartbeat_at = timezone.now()
        job.save(update_fields=["status", "attempts", "processed_rows", "heartbeat_at"])
    return job


class _Progress:
    """Passes the rows on, recording every PROGRESS_EVERY of them on the job's row."""

    def __init__(self, job: RegistryExport):
        self.job, self.done = job, 0

    def count(self, rows: Iterator[list]) -> Iterator[list]:
        for row in rows:
            yield row
            self.done += 1
            if self.done % PROGRESS_EVERY == 0:
                moved = _ours(self.job).update(
                    processed_rows=self.done, heartbeat_at=timezone.now()
                )
                if not moved:
                    raise _TakenOver


def _write(job: RegistryExport) -> None:
    progress = _Progress(job)
    rows = progress.count(export_rows(job.compound))
    with tempfile.TemporaryFile() as out:
        for chunk in export_stream(job.compound, rows):
            out.write(chunk)
        out.seek(0)
        name = f"registry-{job.compound_id}-{secrets.token_hex(8)}.xlsx"
        job.file.save(name, File(out, name=name), save=False)
    now = timezone.now()
    kept = _ours(job).update(
        status=Status.DONE,
        file=job.file.name,
        processed_rows=progress.done,
        total_rows=progress.done,
        finished_at=now,
        heartbeat_at=now,
    )
    if not kept:  # taken over at the last moment: the later attempt writes its own
        job.file.delete(save=False)


def export_run(export_id: int) -> RegistryExport | None:
    """Write a queued export's file. Idempotent: a running, finished or failed job is not
    run again. A failure is recorded on the job with a message, never left running."""
    job = _take(export_id)
    if job is not None:
        try:
            _write(job)
        except _TakenOver:
            pass
        except Exception:
            logger.exception("registry export %s failed", job.pk)
            _ours(job).update(
                status=Status.FAILED,
                error=FAILED,
                finished_at=timezone.now(),
            )
    return RegistryExport.objects.filter(pk=export_id).first()


def stuck_exports(
    *,
    now: datetime | None = None,
    queued_after: timedelta = QUEUED_AFTER,
    stale_after: timedelta = STALE_AFTER,
    max_attempts: int = MAX_ATTEMPTS,
) -> list[int]:
    """Mark the stuck exports queued again (or failed) and return the ids to queue: the
    registry's one sweep (jobs.sweep_stuck)."""
    return sweep_stuck(
        RegistryExport,
        now=now or timezone.now(),
        queued_after=queued_after,
        stale_after=stale_after,
        max_attempts=max_attempts,
        failed_error=lambda job: INTERRUPTED,
    )


def expire_exports(*, now: datetime | None = None) -> int:
    """Delete the files of exports finished more than RegistryExport.KEEP_FOR ago and mark
    them expired; the files go once the rows say so."""
    now = now or timezone.now()
    with transaction.atomic():
        jobs = list(
            RegistryExport.objects.select_for_update(skip_locked=True).filter(
                status__in=[Status.DONE, Status.FAILED],
                finished_at__lt=now - RegistryExport.KEEP_FOR,
            )
        )
        RegistryExport.objects.filter(pk__in=[job.pk for job in jobs]).update(
            status=Status.EXPIRED, file=""
        )
    for job in jobs:
        if job.file:
            job.file.delete(save=False)
    return len(jobs)
