"""The dashboards (issue 15): kept figures per compound and monthly trends per place, their
refresh, the governance-health indicator, the trend charts and the rows of the staff
dashboard."""

from portal.site.dashboard import (
    board,
    charts,
    exports,
    health,
    models,
    queries,
    refresh,
    summary,
    trends,
)

__all__ = [
    "board",
    "charts",
    "exports",
    "health",
    "models",
    "queries",
    "refresh",
    "summary",
    "trends",
]
