"""What other areas of community life add to a team's page, registered by them (the teams
area imports none of them), as community/hub.py does for the community page.

- `@team_hours`: a function (team_ids) -> {team_id: Decimal hours}, the service hours each
  team has given (activities counts its attendance). Without any provider a team's hours
  are unknown (None), never shown as zero; with one, a team it does not name gave 0.
- `@team_section(order)`: a function (user, team) -> dict | None, a block of the team's
  page (`template` names it, as the hub's sections), e.g. the team's activities.
Neither may run queries that grow with the data."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

HOURS: list[Callable] = []
SECTIONS: list[tuple[int, Callable]] = []


def team_hours(provider: Callable) -> Callable:
    HOURS.append(provider)
    return provider


def team_section(order: int) -> Callable:
    def register(provider: Callable) -> Callable:
        SECTIONS.append((order, provider))
        SECTIONS.sort(key=lambda pair: pair[0])
        return provider

    return register


def hours_of(team_ids: list[int]) -> dict[int, Decimal] | None:
    """Each team's service hours summed over the providers, or None when nothing provides
    hours (so the page says they are not counted yet rather than 0)."""
    if not HOURS:
        return None
    total = dict.fromkeys(team_ids, Decimal(0))
    for provider in HOURS:
        for team_id, hours in provider(list(team_ids)).items():
            if team_id in total:
                total[team_id] += Decimal(hours or 0)
    return total


def sections_of(user, team) -> list[dict]:
    found = []
    for _order, provider in SECTIONS:
        section = provider(user, team)
        if section is not None:
            found.append(section)
    return found
