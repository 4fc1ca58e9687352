"""Registry imports: keep a checked file, then send it to the workers."""

from __future__ import annotations

from functools import partial

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from compounds.models import Compound, RegistryImport
from compounds.permissions import require
from compounds.registry import Check, import_queue
from compounds.tasks import run_registry_import
from portal.celery import enqueue_safely


def registry_import_create(
    *, compound: Compound, by, name: str, content: bytes, check: Check
) -> RegistryImport:
    """Keep an uploaded file with what its dry run found; the registry does not change."""
    require(by, "registry.import", compound)
    job = RegistryImport(
        compound=compound,
        uploaded_by=by,
        original_name=name[:200],
        total_rows=len(check.rows),
        status=RegistryImport.Status.CHECKED,
        error="\n".join(f"{number}\t{message}" for number, message in check.problems),
    )
    job.file.save(name, ContentFile(content), save=False)
    job.save()
    return job


def registry_import_queue(*, job: RegistryImport, by) -> bool:
    """Queue a checked file without problems for import. The task is sent after commit
    through `enqueue_safely`: a broker that is down or hung neither fails the request nor
    loses the job, which stays queued until the sweep sends it again. False when the job
    was queued already (a double click)."""
    require(by, "registry.import", job.compound)
    if job.status != RegistryImport.Status.CHECKED or job.error:
        raise ValidationError(
            _("Only a checked file without problems can be imported."), code="not_checked"
        )
    queued = import_queue(job)
    if queued:
        transaction.on_commit(partial(enqueue_safely, run_registry_import, job.pk))
    return queued
