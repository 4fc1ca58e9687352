"""Imports a down broker or a killed worker left behind: the beat sweep queues them again
or, after MAX_ATTEMPTS starts, fails them with a message; the page that queues an import
answers while the broker is down, and the job is not lost."""

import threading
import time
from datetime import timedelta

import pytest
from django.db import connection, connections, transaction
from django.urls import reverse
from django.utils import timezone, translation

from compounds import registry, tasks
from compounds.models import RegistryImport, Residency, Unit
from compounds.registry import importing
from compounds.registry.jobs import MAX_ATTEMPTS
from portal.celery import app
from tests.compounds.test_registry import GOOD, _job, csv_bytes
from tests.helpers import free_port

pytestmark = pytest.mark.django_db


def _set(job, *, ago: timedelta, **fields) -> None:
    """Put the job in the state a broker or a worker left it in, `ago` in the past."""
    RegistryImport.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - ago, **fields)


def _status(job) -> str:
    return RegistryImport.objects.get(pk=job.pk).status


def test_a_job_left_queued_by_a_down_broker_is_queued_again(place):
    job = _job(place, csv_bytes(GOOD))
    assert registry.import_queue(job)  # the page queued it; its message never left
    assert registry.stuck_imports() == []  # a broker may just be slow: not yet
    _set(job, ago=timedelta(minutes=6))
    assert registry.stuck_imports() == [job.pk]
    job.refresh_from_db()
    assert job.status == "queued" and timezone.now() - job.heartbeat_at < timedelta(minutes=1)
    assert registry.stuck_imports() == []  # sent again: wait before the next try
    job = registry.import_run(job.pk)
    assert (job.status, job.attempts, job.created_residencies) == ("done", 1, 3)


def test_a_job_left_running_by_a_killed_worker_is_resumed_and_imports_once(place):
    job = _job(place, csv_bytes(GOOD))
    # A worker took it and was killed before its transaction committed: nothing written.
    _set(job, ago=timedelta(minutes=11), status="running", attempts=1)
    assert registry.stuck_imports() == [job.pk]
    assert _status(job) == "queued"
    job = registry.import_run(job.pk)
    assert (job.status, job.attempts, job.created_units, job.created_residencies) == (
        "done",
        2,
        3,
        3,
    )
    counts = (Unit.objects.count(), Residency.objects.count())
    # The killed worker's message comes back from the broker later: it changes nothing.
    assert registry.import_run(job.pk).created_residencies == 3
    assert (Unit.objects.count(), Residency.objects.count()) == counts
    assert registry.stuck_imports(stale_after=timedelta(0)) == []  # done is done


def test_a_running_job_within_its_time_is_left_alone(place):
    job = _job(place, csv_bytes(GOOD))
    _set(job, ago=timedelta(minutes=5), status="running", attempts=1)
    assert registry.stuck_imports() == []
    assert _status(job) == "running"


def test_a_job_that_keeps_dying_is_failed_with_a_message(place):
    job = _job(place, csv_bytes(GOOD))
    _set(job, ago=timedelta(minutes=11), status="running", attempts=MAX_ATTEMPTS)
    with translation.override("en"):
        assert registry.stuck_imports() == []
    job.refresh_from_db()
    assert job.status == "failed" and job.finished_at is not None
    assert f"interrupted {MAX_ATTEMPTS} times" in job.error
    assert registry.import_run(job.pk).status == "failed"  # a late message changes nothing
    assert not Unit.objects.exists()


def test_the_beat_task_sends_what_the_sweep_takes_up(place, monkeypatch):
    sent = []
    monkeypatch.setattr(tasks, "enqueue_safely", lambda task, *args: sent.append((task, args)))
    job = _job(place, csv_bytes(GOOD))
    _set(job, ago=timedelta(minutes=6), status="queued")
    assert tasks.resume_stuck_imports() == 1
    assert sent == [(tasks.run_registry_import, (job.pk,))]
    app.loader.import_default_modules()
    scheduled = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert "compounds.resume_stuck_imports" in scheduled
    assert tasks.resume_stuck_imports.name in app.tasks


@pytest.mark.django_db(transaction=True)
def test_the_sweep_skips_an_import_a_live_worker_holds(place):
    """import_run keeps its job's row locked while it writes; the sweep takes up only a job
    whose lock went with its worker."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks (SQLite serialises writers itself)")
    job = _job(place, csv_bytes(GOOD))
    _set(job, ago=timedelta(hours=1), status="running", attempts=1)
    locked, release = threading.Event(), threading.Event()

    def live_worker():
        try:
            with transaction.atomic():
                RegistryImport.objects.select_for_update().get(pk=job.pk)
                locked.set()
                release.wait(30)
        finally:
            connections.close_all()

    worker = threading.Thread(target=live_worker)
    worker.start()
    try:
        assert locked.wait(10)
        assert registry.stuck_imports() == []
        assert _status(job) == "running"
    finally:
        release.set()
        worker.join(10)
    assert registry.stuck_imports() == [job.pk]  # the worker is gone: resume


@pytest.mark.django_db(transaction=True)
def test_a_long_import_keeps_its_job_from_the_sweep_while_it_writes(place, monkeypatch):
    """However long the writing takes, a sweep meanwhile (here: one that finds every
    running job stale) leaves the job to the live import."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks (SQLite serialises writers itself)")
    job = _job(place, csv_bytes(GOOD))
    swept = []
    real_apply = importing._apply

    def sweep_then_apply(*args):
        def sweep():
            try:
                swept.append(registry.stuck_imports(stale_after=timedelta(0)))
            finally:
                connections.close_all()

        other = threading.Thread(target=sweep)
        other.start()
        other.join(30)
        return real_apply(*args)

    monkeypatch.setattr(importing, "_apply", sweep_then_apply)
    job = registry.import_run(job.pk)
    assert swept == [[]]
    assert (job.status, job.attempts, job.created_residencies) == ("done", 1, 3)


@pytest.fixture
def broker_down():
    """Celery's broker on a closed port, as when Redis is down."""
    saved = app.conf.broker_url, app.conf.task_always_eager, app._pool, app.amqp._producer_pool
    app.conf.broker_url = f"redis://127.0.0.1:{free_port()}/0"
    app.conf.task_always_eager = False
    app._pool = app.amqp._producer_pool = None
    yield
    app.conf.broker_url, app.conf.task_always_eager, app._pool, app.amqp._producer_pool = saved


def test_the_page_answers_while_the_broker_is_down_and_the_sweep_sends_the_job_later(
    client, place, street_staff, broker_down, django_capture_on_commit_callbacks
):
    job = _job(place, csv_bytes(GOOD))
    client.force_login(street_staff)
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("compounds:registry_import_run", args=[job.pk]))
    elapsed = time.monotonic() - started
    assert response.status_code == 302, "queueing must succeed while the broker is down"
    assert elapsed < 10, f"the request waited {elapsed:.1f} s for a dead broker"
    assert _status(job) == "queued"  # not lost
    page = client.get(response.url)
    assert page.status_code == 200 and 'data-testid="progress"' in page.content.decode()

    app.conf.task_always_eager = True  # the broker is back (tasks run here, at once)
    _set(job, ago=timedelta(minutes=6))
    assert tasks.resume_stuck_imports() == 1
    job.refresh_from_db()
    assert (job.status, job.created_residencies) == ("done", 3)
