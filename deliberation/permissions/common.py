"""What every deliberation rule shares: the boolean a page offers from a check, fetching
an object of a compound as the user, and what a compound's deliberation page offers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet

from compounds.models import Compound
from compounds.permissions import can, fetch_as
from deliberation.permissions.desk import check_desk

CHAIN = "compound__community__street_office"


def allowed(check: Callable[..., None], *args) -> bool:
    """What a page offers: True when `check(*args)` lets it through."""
    try:
        check(*args)
    except (PermissionDenied, ValidationError):
        return False
    return True


def in_compound(user, queryset: QuerySet, pk: int, action: str | None = None):
    """An object of a compound (proposal, meeting, election …) fetched as the user: 404
    outside the compounds they see, then 403 unless they may take `action` there."""
    return fetch_as(user, queryset, pk, seen="compound.view", action=action)


@dataclass(frozen=True)
class DeliberationCapabilities:
    may_organise: bool  # owners' votes and elections
    may_lead: bool  # raise proposals
    may_petition: bool  # start a residents' petition
    may_meet: bool  # call meetings
    may_suggest: bool  # write to the suggestion box
    may_use_desk: bool  # the committee desk: what waits for whom


def deliberation_capabilities(user, compound: Compound) -> DeliberationCapabilities:
    return DeliberationCapabilities(
        may_organise=can(user, "vote.organise", compound),
        may_lead=can(user, "proposal.lead", compound),
        may_petition=can(user, "petition.sign", compound),
        may_meet=can(user, "meeting.organise", compound),
        may_suggest=can(user, "proposal.comment", compound),
        may_use_desk=allowed(check_desk, user, compound),
    )
