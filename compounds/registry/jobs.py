"""Import jobs that nothing moves on: queued while the broker was down, or left running by
a worker that was killed. Beat runs the sweep (compounds.tasks.resume_stuck_imports) every
few minutes; it hands back the ids to queue again.

A running import holds its job's row locked while it writes (importing.py), so a locked
row has a live worker and is skipped, whatever its age; an unlocked row still marked
running lost its worker, and once it is older than STALE_AFTER it is resumed — the import
is idempotent — or, after MAX_ATTEMPTS starts, failed with a message.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from compounds.models import RegistryImport

Status = RegistryImport.Status

# A job queued this long ago and still not started: its message was never sent (the
# broker was down) or was lost. A started import that no worker holds this long after its
# start: its worker died. An import started this many times and never finished: give up.
QUEUED_AFTER = timedelta(minutes=5)
STALE_AFTER = timedelta(minutes=10)
MAX_ATTEMPTS = 3


def _older_than(moment: datetime) -> Q:
    # Jobs queued before heartbeats were recorded have none: they are old.
    return Q(heartbeat_at__isnull=True) | Q(heartbeat_at__lt=moment)


def sweep_stuck(
    model,
    *,
    now: datetime,
    queued_after: timedelta,
    stale_after: timedelta,
    max_attempts: int,
    failed_error,
) -> list[int]:
    """The one sweep of the registry's background jobs (imports and exports): mark the
    stuck ones queued again, or failed with `failed_error(job)` after `max_attempts`, and
    return the ids to queue. Each job is decided under its row lock; rows locked by a
    running job or by another sweep are skipped, so two sweeps never both take up one."""
    due = []
    with transaction.atomic():
        jobs = (
            model.objects.select_for_update(skip_locked=True)
            .filter(
                (Q(status=Status.QUEUED) & _older_than(now - queued_after))
                | (Q(status=Status.RUNNING) & _older_than(now - stale_after))
            )
            .order_by("pk")
        )
        for job in jobs:
            if job.status == Status.RUNNING and job.attempts >= max_attempts:
                job.status, job.finished_at = Status.FAILED, now
                job.error = failed_error(job)
                job.save(update_fields=["status", "finished_at", "error"])
                continue
            job.status, job.heartbeat_at = Status.QUEUED, now
            job.save(update_fields=["status", "heartbeat_at"])
            due.append(job.pk)
    return due


def stuck_imports(
    *,
    now: datetime | None = None,
    queued_after: timedelta = QUEUED_AFTER,
    stale_after: timedelta = STALE_AFTER,
    max_attempts: int = MAX_ATTEMPTS,
) -> list[int]:
    """Mark the stuck imports queued again (or failed) and return the ids to queue."""
    return sweep_stuck(
        RegistryImport,
        now=now or timezone.now(),
        queued_after=queued_after,
        stale_after=stale_after,
        max_attempts=max_attempts,
        failed_error=lambda job: (
            _(
                "The import was interrupted %(n)s times and nothing was written; "
                "check the file again to import it."
            )
            % {"n": job.attempts}
        ),
    )


def import_queue(job: RegistryImport) -> bool:
    """Move a checked job to the queue; False when it was not (or no longer) checked."""
    updated = RegistryImport.objects.filter(pk=job.pk, status=Status.CHECKED).update(
        status=Status.QUEUED, heartbeat_at=timezone.now()
    )
    return bool(updated)
