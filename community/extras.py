"""What other areas of community life add to a team's page, registered by them (the teams
area imports none of them), as community/hub.py does for the community page.

- `@team_hours`: a function () -> a query expression of a team's service hours, correlated
  on the team (`OuterRef("pk")`), NULL when it has none (activities counts attendance). A
  list of teams then reads its hours in the same query as the teams (`with_hours`).
  Without any provider a team's hours are unknown (None), never shown as zero; with one, a
  team it does not name gave 0.
- `@team_section(order)`: a function (user, team) -> dict | None, a block of the team's
  page (`template` names it, as the hub's sections), e.g. the team's activities.
Neither may run queries that grow with the data.
- `on_team_disbanded(hook)`: a function (team, by) run inside the disbanding's transaction,
  under the team's row lock, after the team is marked disbanded: what the area does about
  a team that is gone (activities call off the team's coming ones and tell who signed up).
  A hook's error undoes the disbanding: nothing is half done.
- `@team_disband_preview`: a function (team) -> str | None, a sentence of what disbanding
  will do in that area, shown on the confirm page before anyone presses the button."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from django.db.models import DecimalField, QuerySet, Value
from django.db.models.functions import Coalesce

HOURS: list[Callable] = []
SECTIONS: list[tuple[int, Callable]] = []
DISBANDED: list[Callable] = []
DISBAND_PREVIEWS: list[Callable] = []


def team_hours(provider: Callable) -> Callable:
    HOURS.append(provider)
    return provider


def team_section(order: int) -> Callable:
    def register(provider: Callable) -> Callable:
        SECTIONS.append((order, provider))
        SECTIONS.sort(key=lambda pair: pair[0])
        return provider

    return register


def with_hours(teams: QuerySet) -> QuerySet:
    """The teams, each with `hours`: its service hours summed over the providers, in the
    same query. Without a provider `hours` is None (the page says they are not counted yet
    rather than 0)."""
    if not HOURS:
        return teams.annotate(hours=Value(None, output_field=DecimalField()))
    zero = Value(Decimal(0), output_field=DecimalField())
    total = None
    for provider in HOURS:
        term = Coalesce(provider(), zero, output_field=DecimalField())
        total = term if total is None else total + term
    return teams.annotate(hours=total)


def sections_of(user, team) -> list[dict]:
    found = []
    for _order, provider in SECTIONS:
        section = provider(user, team)
        if section is not None:
            found.append(section)
    return found


def on_team_disbanded(hook: Callable) -> Callable:
    if hook not in DISBANDED:
        DISBANDED.append(hook)
    return hook


def team_disband_preview(provider: Callable) -> Callable:
    if provider not in DISBAND_PREVIEWS:
        DISBAND_PREVIEWS.append(provider)
    return provider


def team_disbanded(team, by) -> None:
    for hook in DISBANDED:
        hook(team, by)


def disband_preview(team) -> list[str]:
    return [line for provider in DISBAND_PREVIEWS if (line := provider(team))]
