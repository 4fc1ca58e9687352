"""Portal-wide Celery tasks. Names are explicit (`portal.<name>`), arguments are ids or
plain values, and each task is safe to run twice."""

from django.core.cache import cache
from django.utils import timezone

from portal.celery import app

HEARTBEAT_KEY = "portal:worker-heartbeat"


@app.task(name="portal.record_heartbeat", ignore_result=True)
def record_heartbeat() -> str:
    """Record that a worker ran a task just now; /healthz reports its age."""
    stamp = timezone.now().isoformat()
    cache.set(HEARTBEAT_KEY, stamp, timeout=None)
    return stamp


@app.task(name="portal.prune_texts_sent", ignore_result=True)
def prune_texts_sent() -> int:
    """Forget the texts counted more than two days ago (portal.sms_limits)."""
    from portal import sms_limits

    return sms_limits.prune()
