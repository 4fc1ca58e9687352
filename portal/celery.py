"""The Celery app, configured from Django settings (every `CELERY_*` setting).

Tasks are `DjangoTask`s: call `task.delay_on_commit(...)` so nothing is queued before the
transaction that made it necessary has committed. Without REDIS_URL tasks run eagerly.
Every task gets an explicit name: the `requests` app folder must never decide a task name.
"""

import atexit
import logging
import os
import queue
import threading
import time

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("portal", task_cls="celery.contrib.django.task:DjangoTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Every periodic task of the project, in one place. `make worker` runs beat embedded;
# production runs the `beat` service of docker-compose.yml.
app.conf.beat_schedule = {
    "worker-heartbeat": {"task": "portal.record_heartbeat", "schedule": 60.0},
    "portal-prune-texts-sent": {"task": "portal.prune_texts_sent", "schedule": 24 * 3600.0},
    "notifications-relay": {"task": "notifications.relay", "schedule": 60.0},
    "notifications-prune": {"task": "notifications.prune", "schedule": 24 * 3600.0},
    "compounds-resume-stuck-imports": {"task": "compounds.resume_stuck_imports", "schedule": 120.0},
    "compounds-sweep-exports": {"task": "compounds.sweep_registry_exports", "schedule": 120.0},
    "requests-escalate-overdue": {"task": "requests.escalate_overdue", "schedule": 120.0},
    "requests-auto-close": {"task": "requests.auto_close", "schedule": 3600.0},
    "requests-remind-whistles": {"task": "requests.remind_whistles", "schedule": 300.0},
    "requests-thumbnail-sweep": {"task": "requests.thumbnail_sweep", "schedule": 60.0},
    "requests-recount-satisfaction": {"task": "requests.recount_satisfaction", "schedule": 3600.0},
    "requests-street-figures": {"task": "requests.refresh_street_figures", "schedule": 600.0},
    "deliberation-close-votes": {"task": "deliberation.close_due_votes", "schedule": 300.0},
    "deliberation-remind-minutes": {"task": "deliberation.remind_minutes", "schedule": 3600.0},
    "deliberation-election-reminders": {
        "task": "deliberation.election_reminders",
        "schedule": 24 * 3600.0,
    },
    "finance-close-and-draft": {"task": "finance.close_and_draft", "schedule": 3600.0},
    "site-refresh-figures": {"task": "site.refresh_figures", "schedule": 900.0},
    # 家园美化清洁行动 (issue 17): next month's clean-up of each claimed zone, made once.
    "community-plan-cleanups": {"task": "community.plan_cleanups", "schedule": 24 * 3600.0},
    "community-remind-shifts": {"task": "community.remind_shifts", "schedule": 300.0},
    "deliberation-chase-suggestions": {
        "task": "deliberation.chase_suggestions",
        "schedule": 3600.0,
    },
    # Community life (issue 17): activities
    "community-activity-reminders": {"task": "community.activity_reminders", "schedule": 900.0},
}


# Publishing from a web request (issue 16, item 3): a broker that refuses took 2 s per
# publish and a frozen one held every gunicorn thread. A request only hands the task to
# this process's publisher thread (microseconds); the thread publishes, and after a
# failure skips publishing for BREAKER_SECONDS (the circuit is open) instead of waiting on
# the broker again. What is skipped is not lost: every caller's rows stay pending and a
# periodic sweep or the outbox relay on beat queues them again.
BREAKER_SECONDS = 30.0
EXIT_DRAIN_SECONDS = 5.0
_outbound: queue.Queue = queue.Queue(maxsize=10_000)
_state = {"open_until": 0.0, "thread": None}
_state_lock = threading.Lock()
log = logging.getLogger("portal")


def breaker_open() -> bool:
    return time.monotonic() < _state["open_until"]


def _trip(task_name: str, exc: Exception) -> None:
    _state["open_until"] = time.monotonic() + BREAKER_SECONDS
    log.warning(
        "broker unavailable for %s (%s): not publishing for %ss", task_name, exc, BREAKER_SECONDS
    )


def _publish(task, args) -> bool:
    try:
        task.apply_async(args=list(args), retry=False)
    except Exception as exc:  # kombu/redis raise many kinds; none may fail the caller
        _trip(task.name, exc)
        return False
    return True


def _publisher() -> None:
    while True:
        task, args = _outbound.get()
        if not breaker_open():
            _publish(task, args)
        _outbound.task_done()


def _start_publisher() -> None:
    with _state_lock:
        thread = _state["thread"]
        if thread is None or not thread.is_alive():  # none yet, or this is a forked child
            thread = threading.Thread(target=_publisher, name="celery-publisher", daemon=True)
            thread.start()
            _state["thread"] = thread
            if not _state.get("drains_at_exit"):  # a forked child inherits the registration
                # A daemon thread dies with the process: a gunicorn worker stopping right
                # after a request would lose what it handed over (the relay found it a
                # minute or two later). Publish it first, for at most a moment.
                atexit.register(drain_publisher, EXIT_DRAIN_SECONDS)
                _state["drains_at_exit"] = True


def enqueue_safely(task, *args) -> bool:
    """Queue a task without letting the broker hold or fail the caller. Call it from
    `transaction.on_commit`. Eager mode (no Redis) runs the task here, as before. Returns
    False when the circuit is open (the sweep will queue it), True when handed over."""
    if app.conf.task_always_eager:
        try:
            task.apply_async(args=list(args), retry=False)
        except Exception as exc:  # the task itself failed: the caller's commit stands
            log.warning("eager task %s failed: %s", task.name, exc)
            return False
        return True
    if breaker_open():
        return False
    try:
        _outbound.put_nowait((task, args))
    except queue.Full:
        return False
    _start_publisher()
    return True


def drain_publisher(timeout: float = 10.0) -> None:
    """Wait until the publisher has handed over everything queued (tests, shutdown)."""
    deadline = time.monotonic() + timeout
    while _outbound.unfinished_tasks and time.monotonic() < deadline:
        time.sleep(0.01)
