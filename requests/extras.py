"""What other apps add to a request's page, registered by them (this app imports none of
them): each provider takes the reader and the request and returns finished sections of
the page. Finance registers the loop from a repair to the maintenance fund and back in its
AppConfig.ready ("发起维修资金使用决议", then the resolution's stage and its spending).
Below, the same way: what other apps do once a request is filed (REQUEST_FILED), and the
volunteer hours they count (HOURS_SOURCES)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.functional import Promise

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


# Volunteer hours counted by other apps (community: the service activities people attended),
# added to the help orders' hours on the ranking and the party-member board. A source names
# where its hours come from ("activities") and answers, each in a fixed number of queries
# whatever the number of people or records:
# - `in_community(community_id, year, month | None)` -> {user id: (name, hours)}: the
#   hours served in the community in the year (or that month of it), for the ranking;
# - `of_people(user_ids, year, month | None)` -> {user id: hours}: the hours those people
#   served anywhere in the year (or month), for the party-member board and the home counter.
# Months and years are local (Asia/Shanghai): an activity at 23:30 on 31 May counts in May.
@dataclass(frozen=True)
class HoursSource:
    label: Promise | str  # what the hours are, shown beside them: "活动"
    in_community: Callable[[int, int, int | None], dict[int, tuple[str, Decimal]]]
    of_people: Callable[[list[int], int, int | None], dict[int, Decimal]]


HOURS_SOURCES: list[HoursSource] = []


def hours_source(source: HoursSource) -> HoursSource:
    HOURS_SOURCES.append(source)
    return source
