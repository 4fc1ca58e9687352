"""Registry imports against real Celery worker processes and a private Redis (run in CI):
a job queued while the broker was down, and a job whose worker was killed half-way, are
both finished by the beat sweep, once.

Never stops the machine's own Redis: the broker-down test starts a private redis-server on
a free port and stops it by its process id.
"""

import signal
import threading
import time
from datetime import timedelta

import pytest
from django.db import connection, connections, transaction
from django.urls import reverse
from django.utils import timezone

from compounds.models import Compound, RegistryImport, Residency, Unit
from compounds.tasks import resume_stuck_imports, run_registry_import
from tests.compounds.test_registry import GOOD, _job, csv_bytes
from tests.helpers import wait_for

# A database the worker can share (PostgreSQL), and a private Redis as the broker, which a
# test may stop (tests/conftest.py).
pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("shared_database"),
]


def _age(job, minutes: int) -> None:
    """Move the job's last sign of life into the past (rather than waiting for it)."""
    RegistryImport.objects.filter(pk=job.pk).update(
        heartbeat_at=timezone.now() - timedelta(minutes=minutes)
    )


def _done(job) -> bool:
    return RegistryImport.objects.get(pk=job.pk).status == "done"


def test_a_job_queued_while_the_broker_was_down_is_imported_by_the_sweep(
    client, place, street_staff, private_redis, start_worker
):
    job = _job(place, csv_bytes(GOOD))
    private_redis.stop()
    client.force_login(street_staff)
    response = client.post(reverse("compounds:registry_import_run", args=[job.pk]))
    assert response.status_code == 302
    assert RegistryImport.objects.get(pk=job.pk).status == "queued"

    private_redis.start()
    worker = start_worker(REDIS_URL=private_redis.url)
    _age(job, minutes=6)
    resume_stuck_imports.apply_async()  # beat's call, run by the worker
    wait_for(lambda: _done(job), worker=worker)
    job.refresh_from_db()
    assert (job.attempts, job.created_units, job.created_residencies) == (1, 3, 3)


def _hold_the_compound(compound_id: int, locked: threading.Event, release: threading.Event):
    """Another import into the same compound: the worker's import waits for it, mid-way."""
    try:
        with transaction.atomic():
            Compound.objects.select_for_update().get(pk=compound_id)
            locked.set()
            release.wait(60)
    finally:
        connections.close_all()


def _waiting_on_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0


def test_a_job_whose_worker_was_killed_midway_is_resumed_and_imported_once(
    place, private_redis, start_worker
):
    job = _job(place, csv_bytes(GOOD))
    locked, release = threading.Event(), threading.Event()
    holder = threading.Thread(target=_hold_the_compound, args=(place.compound.pk, locked, release))
    holder.start()
    try:
        assert locked.wait(10)
        doomed = start_worker(REDIS_URL=private_redis.url)
        assert RegistryImport.objects.filter(pk=job.pk).update(status="queued")
        run_registry_import.apply_async(args=[job.pk])
        wait_for(lambda: RegistryImport.objects.get(pk=job.pk).status == "running", worker=doomed)
        wait_for(_waiting_on_a_lock, 30)  # inside its transaction, holding the job's row
        doomed.send_signal(signal.SIGKILL)
        doomed.wait(10)
    finally:
        release.set()
        holder.join(10)
    assert RegistryImport.objects.get(pk=job.pk).status == "running"
    assert not Unit.objects.exists()  # the killed worker's transaction wrote nothing

    worker = start_worker(REDIS_URL=private_redis.url)
    _age(job, minutes=11)
    deadline = time.monotonic() + 60
    while not _done(job):  # the dead worker's connection may take a moment to go
        assert time.monotonic() < deadline, "the sweep never resumed the import"
        resume_stuck_imports.apply_async()
        time.sleep(1)
        assert worker.poll() is None, worker.stdout.read()
    job.refresh_from_db()
    assert (job.attempts, job.created_units, job.created_residencies) == (2, 3, 3)
    assert Residency.objects.count() == 3
