"""A web process that stops (gunicorn restarting a worker, a deploy) right after handing a
task to its publisher thread still publishes it: the thread is a daemon, and without a
drain at exit the task was lost, to be found by the relay a minute or two later (seen as
`make loadtest` waiting 78 s for its outbox after the server stopped)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
import redis as redis_client

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.integration

SCRIPT = """
import django
django.setup()
from portal.celery import enqueue_safely
from portal.notifications.tasks import relay
assert enqueue_safely(relay)
"""


def test_a_task_handed_over_just_before_the_process_exits_is_published(private_redis):
    env = {**os.environ, "DEBUG": "1", "REDIS_URL": private_redis.url}
    env.pop("DATABASE_URL", None)  # publishing needs no database
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert redis_client.Redis.from_url(private_redis.url).llen("celery") == 1
