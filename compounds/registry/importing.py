"""Applying a checked registry file."""

from __future__ import annotations

import logging

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from compounds.models import Compound, RegistryImport, Residency, Unit
from compounds.registry.checking import check_table
from compounds.registry.columns import SOURCE_RANK, RegistryFileError, Row
from compounds.registry.reading import read_table
from compounds.standing import bump_standing

logger = logging.getLogger("compounds.registry")
Status = RegistryImport.Status


def progress_key(import_id: int) -> str:
    return f"registry-import:{import_id}:processed"


def progress_of(job: RegistryImport) -> int:
    """Rows written so far: the running import reports them through the cache (its own
    transaction is not visible until it commits)."""
    if job.status in (Status.DONE, Status.FAILED):
        return job.processed_rows
    return cache.get(progress_key(job.pk), job.processed_rows)


def _apply(compound: Compound, rows: list[Row], job_id: int) -> tuple[int, int]:
    """Write the rows: new units, better areas, new users and verified residencies."""
    User = get_user_model()
    buildings = dict(compound.buildings.values_list("name", "pk"))
    units = {
        (u.building_id, u.entrance, u.door): u
        for u in Unit.objects.filter(building__compound=compound)
    }
    new_units, changed_units = [], []
    for row in rows:
        key = (buildings[row.building], row.entrance, row.door)
        unit = units.get(key)
        if unit is None:
            unit = Unit(
                building_id=key[0],
                entrance=row.entrance,
                door=row.door,
                floor=row.floor,
                area=row.area,
                area_source=row.area_source,
            )
            units[key] = unit
            new_units.append(unit)
        elif (
            unit.pk
            and (unit.area != row.area or unit.area_source != row.area_source)
            and (SOURCE_RANK[row.area_source] >= SOURCE_RANK[unit.area_source])
        ):
            unit.area, unit.area_source = row.area, row.area_source
            changed_units.append(unit)
    Unit.objects.bulk_create(new_units, batch_size=500)
    Unit.objects.bulk_update(changed_units, ["area", "area_source"], batch_size=500)
    if new_units:  # SQLite does not return ids from bulk_create of every version: refetch
        units = {
            (u.building_id, u.entrance, u.door): u
            for u in Unit.objects.filter(building__compound=compound)
        }

    phones = {row.phone: row.name for row in rows if row.phone}
    users = dict(User.objects.filter(phone__in=phones).values_list("phone", "pk"))
    unusable = make_password(None)
    User.objects.bulk_create(
        [
            User(phone=p, display_name=n[:50], password=unusable)
            for p, n in phones.items()
            if p not in users
        ],
        batch_size=500,
    )
    users = dict(User.objects.filter(phone__in=phones).values_list("phone", "pk"))
    open_pairs = set(
        Residency.objects.filter(unit__building__compound=compound, end__isnull=True)
        .exclude(status=Residency.Status.REJECTED)
        .values_list("user_id", "unit_id")
    )
    today = timezone.localdate()
    new_residencies = []
    for index, row in enumerate(rows, start=1):
        if row.phone:
            unit = units[(buildings[row.building], row.entrance, row.door)]
            pair = (users[row.phone], unit.pk)
            if pair not in open_pairs:
                open_pairs.add(pair)
                new_residencies.append(
                    Residency(
                        user_id=pair[0],
                        unit_id=pair[1],
                        relation=row.relation,
                        start=today,
                        status=Residency.Status.VERIFIED,
                        reviewed_at=timezone.now(),
                    )
                )
        if index % 250 == 0:
            cache.set(progress_key(job_id), index, timeout=3600)
    Residency.objects.bulk_create(new_residencies, batch_size=500)
    bump_standing({r.user_id for r in new_residencies})  # bulk_create skips the signals
    return len(new_units), len(new_residencies)


def _take(import_id: int) -> RegistryImport | None:
    """Mark a checked or queued job running, under its row lock: a second message for the
    same job, or one for a job that is running, finished or failed, finds nothing to do."""
    with transaction.atomic():
        job = (
            RegistryImport.objects.select_for_update(of=("self",))
            .select_related("compound__community")
            .get(pk=import_id)
        )
        if job.status not in (Status.CHECKED, Status.QUEUED):
            return None
        job.status = Status.RUNNING
        job.attempts += 1
        job.heartbeat_at = timezone.now()
        job.save(update_fields=["status", "attempts", "heartbeat_at"])
    return job


def _still_ours(job: RegistryImport) -> bool:
    """Lock the job's row for the rest of the run and check that no sweep gave the job to
    another attempt meanwhile. The lock is the sign of life the sweep looks for: it skips a
    locked job, and a killed worker's lock goes with its connection."""
    return (
        RegistryImport.objects.select_for_update()
        .filter(pk=job.pk, status=Status.RUNNING, attempts=job.attempts)
        .first()
        is not None
    )


def _fail(job: RegistryImport, message: str) -> None:
    """Record a failed attempt (a later attempt that took the job over is left alone)."""
    RegistryImport.objects.filter(pk=job.pk, attempts=job.attempts).update(
        status=Status.FAILED, error=message, finished_at=timezone.now()
    )


def _run(job: RegistryImport) -> None:
    with transaction.atomic():
        if not _still_ours(job):
            return
        # Lock the compound: two imports into one compound run one after the other.
        Compound.objects.select_for_update().get(pk=job.compound_id)
        with job.file.open("rb") as handle:
            table = read_table(handle.read(), job.original_name)
        check = check_table(job.compound, table)
        if not check.ok:
            raise RegistryFileError(
                _("The registry changed since the check; check the file again.")
            )
        created_units, created_residencies = _apply(job.compound, check.rows, job.pk)
        job.status = Status.DONE
        job.processed_rows = job.total_rows = len(check.rows)
        job.created_units, job.created_residencies = created_units, created_residencies
        job.finished_at = job.heartbeat_at = timezone.now()
        job.save()


def import_run(import_id: int) -> RegistryImport:
    """Apply a checked import in one transaction (nothing is half-saved). Idempotent: a
    running, finished or failed job is not run again, and the same file imported twice
    creates nothing the second time. A worker killed half-way leaves the job running; the
    sweep (jobs.py) gives it to another attempt."""
    job = _take(import_id)
    if job is None:
        return RegistryImport.objects.get(pk=import_id)
    cache.delete(progress_key(job.pk))  # an earlier attempt's progress means nothing now
    try:
        _run(job)
    except RegistryFileError as exc:
        _fail(job, str(exc))
    except Exception:  # the transaction rolled back: record it, never leave it "running"
        logger.exception("registry import %s failed", job.pk)
        _fail(job, _("The import failed and nothing was written; check the file again."))
    finally:
        cache.delete(progress_key(job.pk))
    job.refresh_from_db()
    return job
