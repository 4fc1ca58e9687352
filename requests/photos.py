"""Photos of requests: stored re-encoded (portal/images.py) on the event they belong to;
thumbnails made in the background, and a sweep every minute for those a down broker (or
the publisher's open circuit, portal/celery.py) missed.
The two tasks are registered through requests/tasks.py (Celery's autodiscovery)."""

from __future__ import annotations

from datetime import timedelta
from functools import partial

from django.db import transaction
from django.utils import timezone

from portal.celery import app, enqueue_safely
from portal.images import thumbnail_of
from requests.models import Request, RequestEvent, RequestPhoto

SWEEP_AFTER = timedelta(seconds=30)


def photos_save(request: Request, event: RequestEvent, cleaned) -> list[RequestPhoto]:
    """Store re-encoded photos on the request's event; thumbnails follow in the background
    (queued when the transaction commits, never failing it if the broker is down)."""
    saved = []
    for content in cleaned:
        photo = RequestPhoto(request=request, event=event)
        photo.image.save(content.name, content, save=False)
        photo.save()
        saved.append(photo)
    if saved:
        transaction.on_commit(partial(enqueue_safely, make_thumbnails, [p.pk for p in saved]))
    return saved


@app.task(name="requests.make_thumbnails", ignore_result=True)
def make_thumbnails(photo_ids: list[int]) -> int:
    """Small copies of new photos for lists and the timeline; the page shows the photo
    itself until its thumbnail exists. Safe to run twice."""
    done = 0
    for photo in RequestPhoto.objects.filter(pk__in=photo_ids, thumbnail=""):
        content = thumbnail_of(photo.image)
        photo.thumbnail.save(f"thumb-{photo.pk}.jpg", content, save=False)
        done += RequestPhoto.objects.filter(pk=photo.pk, thumbnail="").update(
            thumbnail=photo.thumbnail.name
        )
    return done


@app.task(name="requests.thumbnail_sweep", ignore_result=True)
def thumbnail_sweep() -> int:
    """Thumbnails whose task was never queued (the broker was down at upload): on beat
    every minute, as the notifications' relay, for photos older than SWEEP_AFTER (younger
    ones are their own task's). A partial index makes it a read of the few missing."""
    before = timezone.now() - SWEEP_AFTER
    ids = list(
        RequestPhoto.objects.filter(thumbnail="", created_at__lt=before)
        .order_by("created_at")
        .values_list("pk", flat=True)[:500]
    )
    return make_thumbnails(ids) if ids else 0
