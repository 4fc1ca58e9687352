"""What other apps add to a request's page, registered by them (this app imports none of
them): each provider takes the reader and the request and returns finished sections of
the page. Finance registers the loop from a repair to the maintenance fund and back in its
AppConfig.ready ("发起维修资金使用决议", then the resolution's stage and its spending)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from requests.models import Request

logger = logging.getLogger("requests")

REQUEST_EXTRAS: list[Callable] = []


def request_extra(provider: Callable) -> Callable:
    REQUEST_EXTRAS.append(provider)
    return provider


def sections_of(user, request) -> list[str]:
    sections: list[str] = []
    for provider in REQUEST_EXTRAS:
        sections += provider(user, request)
    return sections


# What other apps do when a request has been filed (community tells the keeper of the zone
# it lies in): each hook takes the request, and runs after the filing has committed, so a
# hook that fails never loses the request (its error is logged, the next hook still runs).
REQUEST_FILED: list[Callable] = []


def on_request_filed(hook: Callable) -> Callable:
    REQUEST_FILED.append(hook)
    return hook


def request_filed(request_id: int) -> None:
    request = Request.objects.filter(pk=request_id).select_related("category").first()
    if request is None:
        return
    for hook in REQUEST_FILED:
        try:
            hook(request)
        except Exception:  # one app's failure must not stop the others or the filing
            logger.exception("request_filed hook %s failed for request %s", hook, request_id)
