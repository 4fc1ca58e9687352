"""The dashboards (issue 15): kept figures per compound and monthly trends per place, their
refresh, the governance-health indicator, the trend charts and the rows of the staff
dashboard."""

from portal.site.dashboard import charts, health, models, queries, refresh, trends

__all__ = ["charts", "health", "models", "queries", "refresh", "trends"]
