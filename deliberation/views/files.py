"""Stored files of deliberation, each served only to those who may see what it belongs to
(the rules are deliberation/permissions.py's `access_*_scan`, `_photo`, `_attachment`)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from deliberation import permissions
from portal.files import serve_file

# kind -> (fetch as the user, the response)
FILES = {
    "ballot": (permissions.access_ballot_scan, lambda ballot: serve_file(ballot.scan)),
    "proxy": (permissions.access_proxy_scan, lambda proxy: serve_file(proxy.scan)),
    "progress": (permissions.access_progress_photo, lambda update: serve_file(update.photo)),
    "meeting": (
        permissions.access_meeting_attachment,
        lambda a: serve_file(a.file, content_type=a.content_type, filename=a.name),
    ),
}


@require_GET
@login_required
def stored_file(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Scans of signed ballots (collectors and organisers), proxy forms (the owner, the
    proxy, collectors and organisers), progress photos and meeting attachments (the
    compound's people)."""
    if kind not in FILES:
        raise Http404
    access, serve = FILES[kind]
    return serve(access(request.user, pk))
