"""Serve a stored file to a user the caller has already authorised. Media is never served
by URL alone: every photo, scan and attachment goes through a view that fetches its owner
object as the user first."""

import mimetypes

from django.http import FileResponse, Http404


def serve_file(field, *, content_type: str = "", filename: str = "") -> FileResponse:
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    guessed = mimetypes.guess_type(field.name)[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=content_type or guessed, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response
