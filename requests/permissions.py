"""Who may see a request: its reporter and followers, and those with a part in handling it
(the handler, the team of its handler kind, dispatchers of its place, volunteers for help
orders). Anyone else gets 404, so guessing ids reveals nothing."""

from django.http import Http404

from requests.models import Follower, Request
from requests.workflow import parties_of


def access_request(user, request_id: int) -> Request:
    request = (
        Request.objects.filter(pk=request_id)
        .select_related(
            "compound__community__street_office",
            "building",
            "unit__building",
            "category",
            "reporter",
            "handler",
            "filed_by",
        )
        .first()
    )
    if request is None or not user.is_authenticated:
        raise Http404
    if parties_of(user, request) or Follower.objects.filter(request=request, user=user).exists():
        return request
    from requests.queries import followable

    if followable(user, request):  # a neighbour may see a common-area problem to follow it
        return request
    raise Http404
