"""Registry exports too large to send at once: start one, or find the one under way."""

from __future__ import annotations

from functools import partial

from django.db import IntegrityError, transaction
from django.utils import timezone

from compounds.models import Compound, RegistryExport
from compounds.permissions import require
from compounds.registry import export_count
from compounds.tasks import run_registry_export
from portal.celery import enqueue_safely

Status = RegistryExport.Status


def registry_export_start(*, compound: Compound, by) -> RegistryExport:
    """Queue an export of the compound's registry for `by`, who must keep it; the export
    of theirs already under way for the compound when there is one (a second click, a
    second tab), which a constraint makes the only one. The task is sent after commit
    through `enqueue_safely`: a broker that is down fails nothing, and the sweep sends
    the job later."""
    require(by, "registry.import", compound)
    under_way = RegistryExport.objects.filter(
        compound=compound, requested_by=by, status__in=[Status.QUEUED, Status.RUNNING]
    )
    job = under_way.first()
    if job is not None:
        return job
    try:
        with transaction.atomic():
            job = RegistryExport.objects.create(
                compound=compound,
                requested_by=by,
                total_rows=export_count(compound),
                heartbeat_at=timezone.now(),
            )
    except IntegrityError:  # started at the same moment in another request
        return under_way.get()
    transaction.on_commit(partial(enqueue_safely, run_registry_export, job.pk))
    return job
