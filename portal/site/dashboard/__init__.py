"""The dashboards (issue 15): kept figures per compound, their refresh, the
governance-health indicator and the rows of the staff dashboard."""

from portal.site.dashboard import exports, health, models, queries, refresh, summary

__all__ = ["exports", "health", "models", "queries", "refresh", "summary"]
