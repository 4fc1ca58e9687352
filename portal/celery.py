"""The Celery app, configured from Django settings (every `CELERY_*` setting).

Tasks are `DjangoTask`s: call `task.delay_on_commit(...)` so nothing is queued before the
transaction that made it necessary has committed. Without REDIS_URL tasks run eagerly.
Every task gets an explicit name: the `requests` app folder must never decide a task name.
"""

import logging
import os

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
    "requests-thumbnail-sweep": {"task": "requests.thumbnail_sweep", "schedule": 3600.0},
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
    "deliberation-chase-suggestions": {
        "task": "deliberation.chase_suggestions",
        "schedule": 3600.0,
    },
}


def enqueue_safely(task, *args) -> bool:
    """Queue a task without letting the broker fail the caller: a broker that is down or
    hung costs at most its timeout, and a periodic sweep picks up what was not queued.
    Call it from `transaction.on_commit`."""
    try:
        task.apply_async(args=list(args), retry=False)
    except Exception as exc:  # kombu/redis raise many kinds; none may fail the request
        logging.getLogger("portal").warning("broker unavailable for %s: %s", task.name, exc)
        return False
    return True
