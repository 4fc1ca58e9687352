"""Periodic work on requests: escalate what is overdue (吹哨报到), close what the reporter
left resolved, remind summoned departments (the photo tasks live in requests/photos.py).
Each runs from beat every few minutes and is safe to run twice: the workflow locks each
request and checks its state again."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from compounds.models import Compound, StreetOffice
from portal.celery import app
from portal.notifications.services import notify
from requests import escalation, workflow
from requests.models import Request, Whistle
from requests.permissions import team_ids
from requests.photos import make_thumbnails, thumbnail_sweep
from requests.queries import department_staff_ids
from requests.services.figures import satisfaction_refresh, street_figures_refresh

# Registered with Celery when autodiscovery imports this module.
__all__ = [
    "auto_close",
    "escalate_overdue",
    "make_thumbnails",
    "recount_satisfaction",
    "refresh_street_figures",
    "remind_whistles",
    "thumbnail_sweep",
]

logger = logging.getLogger("requests")
S = Request.State


@app.task(name="requests.escalate_overdue", ignore_result=True)
def escalate_overdue() -> int:
    """Each overdue request one rung up. The rung read here goes with it: under its row
    lock the workflow checks it is still due and still at that rung, so a second sweep
    running at the same time (two beats by mistake) leaves it where the first put it."""
    done = 0
    due = escalation.overdue().order_by("pk").values_list("pk", "escalation_level")[:500]
    for request_id, level in due:
        try:
            workflow.perform(request_id, "escalate", note=escalation.AUTO_NOTE, from_level=level)
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


@app.task(name="requests.remind_whistles", ignore_result=True)
def remind_whistles() -> int:
    """A summoned department past its report-in or response deadline: its people and the
    street office are told, once."""
    now = timezone.now()
    late = Whistle.objects.filter(reminded_at__isnull=True).filter(
        Q(acknowledged_at__isnull=True, acknowledge_due__lt=now)
        | Q(responded_at__isnull=True, respond_due__lt=now)
    )
    done = 0
    for whistle in late.select_related("request__category", "request__compound", "department"):
        with transaction.atomic():
            if not Whistle.objects.filter(pk=whistle.pk, reminded_at__isnull=True).update(
                reminded_at=now
            ):
                continue  # another run took it
            request = whistle.request
            notify(
                recipients=department_staff_ids(whistle.department_id) | team_ids(request),
                event="request.whistle_overdue",
                params={
                    "id": request.pk,
                    "category": request.category.display_name,
                    "department": whistle.department.name,
                },
                url=reverse("requests:detail", args=[request.pk]),
            )
            done += 1
    return done


@app.task(name="requests.recount_satisfaction", ignore_result=True)
def recount_satisfaction() -> int:
    """Count each compound's ratings again (each rating also moves its compound's figure
    on as it is stored; this catches what came in otherwise, e.g. a bulk import)."""
    done = 0
    for compound_id in Compound.objects.order_by("pk").values_list("pk", flat=True):
        satisfaction_refresh(compound_id=compound_id)
        done += 1
    return done


@app.task(name="requests.refresh_street_figures", ignore_result=True)
def refresh_street_figures() -> int:
    """The departments page's figures of every street office; a second beat running at the
    same time skips the offices the first holds or has just computed."""
    offices = StreetOffice.objects.order_by("pk").values_list("pk", flat=True)
    return sum(street_figures_refresh(street_office_id=pk) for pk in offices)
