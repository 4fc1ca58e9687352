"""Periodic work on requests: escalate what is overdue (吹哨报到), close what the reporter
left resolved. Each runs from beat every few minutes and is safe to run twice: the
workflow locks each request and checks its state again."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from portal.celery import app
from requests import workflow
from requests.models import Request

logger = logging.getLogger("requests")
S = Request.State


def overdue(now=None):
    """Open requests past their deadline that are due for the next escalation step: not
    accepted by the accept deadline, or not resolved by the resolve deadline; once escalated,
    each level has until its own escalation deadline."""
    now = now or timezone.now()
    late = Q(state=S.SUBMITTED, accept_due__lt=now) | Q(
        state__in=Request.OPEN_STATES, resolve_due__lt=now
    )
    level_due = Q(escalation_due__isnull=True) | Q(escalation_due__lt=now)
    return Request.objects.filter(
        late,
        level_due,
        state__in=Request.OPEN_STATES,
        escalation_level__lt=len(workflow.ESCALATION_LADDER),
    )


@app.task(name="requests.escalate_overdue", ignore_result=True)
def escalate_overdue() -> int:
    done = 0
    for request_id in overdue().order_by("pk").values_list("pk", flat=True)[:500]:
        try:
            workflow.perform(request_id, "escalate", note="超时自动上报")
            done += 1
        except ValidationError as exc:  # changed meanwhile: someone acted on it
            logger.info("request %s not escalated: %s", request_id, exc)
    return done


@app.task(name="requests.auto_close", ignore_result=True)
def auto_close() -> int:
    """A resolved request the reporter does not answer closes itself after the set days."""
    cutoff = timezone.now() - timedelta(days=settings.REQUESTS_AUTO_CLOSE_DAYS)
    done = 0
    for request_id in Request.objects.filter(state=S.RESOLVED, resolved_at__lt=cutoff).values_list(
        "pk", flat=True
    )[:500]:
        try:
            workflow.perform(request_id, "auto_close")
            done += 1
        except ValidationError:
            continue
    return done
