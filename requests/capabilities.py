"""What one user may do with one request, computed once for its page: the rules of
requests/permissions.py and the moves the workflow's table allows. Views and templates read
this object; the services and `workflow.perform` check the same functions again."""

from __future__ import annotations

from dataclasses import dataclass

from requests.models import Request
from requests.permissions import (
    Party,
    may_follow,
    may_record_hours,
    may_see_phone,
    may_see_visits,
    parties_of,
)
from requests.workflow import allowed_actions, primary_action


@dataclass(frozen=True)
class RequestCapabilities:
    parties: frozenset[Party]
    actions: tuple[str, ...]  # the workflow moves offered as buttons
    primary: str  # the next move among them, the page's one primary button ("" if none)
    see_phone: bool  # the reporter's number unmasked
    follow: bool  # 我也遇到了
    record_hours: bool  # a volunteer's service hours
    see_visits: bool  # return visits

    def may(self, action: str) -> bool:
        return action in self.actions

    @property
    def secondary(self) -> tuple[str, ...]:
        return tuple(a for a in self.actions if a != self.primary)

    @property
    def handles(self) -> bool:
        """Works on it (not only reported or follows it): sees whom to contact."""
        return bool(self.parties & HANDLING)


HANDLING = frozenset(
    {Party.HANDLER, Party.TEAM, Party.DISPATCHER, Party.VOLUNTEER, Party.DEPARTMENT, Party.FILER}
)


def request_capabilities(user, request: Request) -> RequestCapabilities:
    parties = parties_of(user, request)
    actions = tuple(allowed_actions(user, request, parties))
    return RequestCapabilities(
        parties=frozenset(parties),
        actions=actions,
        primary=primary_action(actions),
        see_phone=may_see_phone(user, request),
        follow=may_follow(user, request),
        record_hours=may_record_hours(user, request, parties),
        see_visits=may_see_visits(parties),
    )
