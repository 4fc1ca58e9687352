import time

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from portal.celery import app
from portal.tasks import HEARTBEAT_KEY, record_heartbeat
from tests.helpers import skip_unless_ci


def test_every_scheduled_task_is_registered_under_its_explicit_name():
    app.loader.import_default_modules()
    for entry in app.conf.beat_schedule.values():
        assert entry["task"] in app.tasks, entry["task"]
    assert record_heartbeat.name == "portal.record_heartbeat"


def test_task_is_queued_only_after_the_transaction_commits(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        with transaction.atomic():
            record_heartbeat.delay_on_commit()
        assert cache.get(HEARTBEAT_KEY) is None  # nothing ran inside the transaction
    assert len(callbacks) == 1


def test_without_redis_tasks_run_eagerly_after_commit(db, django_capture_on_commit_callbacks):
    if settings.REDIS_URL:
        pytest.skip("REDIS_URL is set: tasks go to the broker (see the worker test)")
    with django_capture_on_commit_callbacks(execute=True):
        record_heartbeat.delay_on_commit()
    assert cache.get(HEARTBEAT_KEY) is not None


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_a_task_queued_on_commit(celery_worker_process):
    if celery_worker_process is None:
        skip_unless_ci("REDIS_URL is not set: no broker for a worker process")
    with transaction.atomic():
        record_heartbeat.delay_on_commit()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and cache.get(HEARTBEAT_KEY) is None:
        assert celery_worker_process.poll() is None, celery_worker_process.stdout.read()
        time.sleep(0.2)
    assert cache.get(HEARTBEAT_KEY) is not None, "the worker did not run the task within 60 s"
