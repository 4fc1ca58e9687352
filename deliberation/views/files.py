from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from compounds.permissions import can, require
from deliberation.models import Ballot, MeetingAttachment, ProgressUpdate, Proxy
from deliberation.permissions import access_proposal, access_vote
from portal.files import serve_file

__all__ = ["stored_file"]


@require_GET
@login_required
def stored_file(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Scans of signed ballots (collectors and organisers), proxy forms (the owner, the
    proxy, collectors and organisers), progress photos and meeting attachments (the
    compound's people) — each fetched as the user first."""
    user = request.user
    if kind == "ballot":
        ballot = Ballot.objects.filter(pk=pk).first()
        if ballot is None:
            raise Http404
        vote = access_vote(user, ballot.vote_id)
        require(user, "ballot.collect", vote.compound)
        return serve_file(ballot.scan)
    if kind == "proxy":
        proxy = Proxy.objects.filter(pk=pk).first()
        if proxy is None:
            raise Http404
        vote = access_vote(user, proxy.vote_id)
        if user.pk not in (proxy.owner_id, proxy.proxy_id) and not can(
            user, "ballot.collect", vote.compound
        ):
            raise Http404
        return serve_file(proxy.scan)
    if kind == "progress":
        update = ProgressUpdate.objects.filter(pk=pk).first()
        if update is None:
            raise Http404
        access_proposal(user, update.proposal_id)
        return serve_file(update.photo)
    if kind == "meeting":
        attachment = MeetingAttachment.objects.filter(pk=pk).select_related("meeting").first()
        if attachment is None or not can(user, "compound.view", attachment.meeting.compound):
            raise Http404
        return serve_file(
            attachment.file, content_type=attachment.content_type, filename=attachment.name
        )
    raise Http404
