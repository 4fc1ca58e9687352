"""Figures kept beside the requests so that no page averages a whole history on a view:
each compound's residents' ratings (the 已解决 board) and each street office's figures per
department and per handler (the departments page). `requests.refresh_figures` counts them
again on beat; a rating moves its compound's figure on in the rating's own transaction."""

from __future__ import annotations

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from requests.models import BOARD, BOARD_OUTCOMES, Request, Satisfaction, StreetFigures
from requests.queries import department_performance, satisfaction_by_handler

# Two beats (or a beat and a manual run) within this time refresh an office once.
FRESH = timedelta(seconds=60)


def satisfaction_closed(request: Request) -> None:
    """Count a request that has just closed: its rating, and whether the board lists it.
    Called inside the transaction that closes it: the update waits for a recount holding
    the row, then adds to the recount's figures."""
    listed = request.kind == Request.Kind.REPAIR and request.outcome in BOARD_OUTCOMES
    if request.rating is None and not listed:
        return
    Satisfaction.objects.filter(compound_id=request.compound_id).update(
        rated=F("rated") + int(request.rating is not None),
        rating_sum=F("rating_sum") + (request.rating or 0),
        resolved=F("resolved") + int(listed),
        updated_at=timezone.now(),
    )


def satisfaction_refresh(*, compound_id: int) -> Satisfaction:
    """Count a compound's ratings again, holding its row so that no rating stored meanwhile
    is lost (its increment waits for this transaction, then applies on top)."""
    with transaction.atomic():
        _ensure(Satisfaction, compound_id=compound_id)
        row = Satisfaction.objects.select_for_update().get(compound_id=compound_id)
        figures = Request.objects.filter(compound_id=compound_id).aggregate(
            rated=Count("pk", filter=Q(rating__isnull=False)),
            total=Sum("rating"),
            resolved=Count("pk", filter=BOARD),
        )
        row.rated, row.rating_sum = figures["rated"], figures["total"] or 0
        row.resolved = figures["resolved"]
        row.updated_at = timezone.now()
        row.save()
    return row


def street_figures_refresh(*, street_office_id: int, now=None) -> bool:
    """Compute a street office's department and handler figures again. Idempotent: a run
    that finds the row held by another run, or freshly computed, does nothing (False)."""
    now = now or timezone.now()
    with transaction.atomic():
        _ensure(StreetFigures, street_office_id=street_office_id)
        row = (
            StreetFigures.objects.select_for_update(skip_locked=True)
            .filter(street_office_id=street_office_id)
            .first()
        )
        if row is None or (row.computed_at and now - row.computed_at < FRESH):
            return False
        handled = Request.objects.filter(compound__community__street_office_id=street_office_id)
        row.departments = [
            {**figures, "department": figures["department"].pk}
            for figures in department_performance(street_office_id, now)
        ]
        row.handlers = satisfaction_by_handler(handled)[:30]
        row.computed_at = now
        row.save()
    return True


def _ensure(model, **key) -> None:
    """Create the row of `key` if it is missing (of two creating at once, one wins)."""
    if not model.objects.filter(**key).exists():
        try:
            with transaction.atomic():
                model.objects.create(**key)
        except IntegrityError:
            pass
