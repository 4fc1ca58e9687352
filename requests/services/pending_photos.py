"""Photos chosen for a request whose filing failed (a category not chosen, no place said):
kept on the server, re-encoded by portal/images.py like every photo, under this person's
session, and offered again with the form — a browser cannot refill a file input, and an
elderly resident should not have to find the photo twice. Filing takes them; leaving one
out deletes it; filing successfully deletes them all."""

from __future__ import annotations

import base64
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from portal.images import reencode_image, thumbnail_of

FOLDER = "pending/requests"


def _kept(session, key: str) -> dict[str, str]:
    return dict(session.get(f"pending_photos:{key}") or {})


def _store(session, key: str, kept: dict[str, str]) -> None:
    session[f"pending_photos:{key}"] = kept


def pending_offer(session, key: str) -> list[tuple[str, str]]:
    """The kept photos as (token, small JPEG as a data URI) to show beside the form."""
    offered = []
    for token, name in _kept(session, key).items():
        if not default_storage.exists(name):
            continue
        small = thumbnail_of(default_storage.open(name), side=192)
        offered.append((token, "data:image/jpeg;base64," + base64.b64encode(small.read()).decode()))
    return offered


def pending_take(session, key: str, *, dropped=()) -> list[ContentFile]:
    """The kept photos not left out, as files for `request_file` (which checks them again)."""
    files = []
    for token, name in _kept(session, key).items():
        if token in dropped or not default_storage.exists(name):
            continue
        with default_storage.open(name) as stored:
            files.append(ContentFile(stored.read(), name=name.rsplit("/", 1)[-1]))
    return files


def pending_hold(session, user, key: str, *, uploads=(), dropped=()) -> list[str]:
    """Keep this try's photos for the next (at most REQUESTS_MAX_PHOTOS in all) and forget
    those left out. Returns the messages of uploads that are not photos (not kept)."""
    kept = _kept(session, key)
    for token in [t for t in kept if t in dropped]:
        default_storage.delete(kept.pop(token))
    errors = []
    for upload in uploads:
        if len(kept) >= settings.REQUESTS_MAX_PHOTOS:
            break
        try:
            clean = reencode_image(upload)
        except ValidationError as error:
            errors.extend(error.messages)
            continue
        extension = clean.name.rsplit(".", 1)[-1]
        token = uuid.uuid4().hex
        kept[token] = default_storage.save(f"{FOLDER}/{user.pk}/{token}.{extension}", clean)
    _store(session, key, kept)
    return errors


def pending_clear(session, user, key: str) -> None:
    """After filing: the kept photos are on the request now (copied), delete ours — and
    this person's photos kept more than a day ago in a session they never came back to."""
    for name in _kept(session, key).values():
        default_storage.delete(name)
    session.pop(f"pending_photos:{key}", None)
    folder = f"{FOLDER}/{user.pk}"
    try:
        names = default_storage.listdir(folder)[1]
    except FileNotFoundError:
        return
    ours = {name for k in ("file", "file_for") for name in _kept(session, k).values()}
    stale = timezone.now() - timedelta(days=1)
    for name in (f"{folder}/{n}" for n in names):
        if name not in ours and default_storage.get_modified_time(name) < stale:
            default_storage.delete(name)
