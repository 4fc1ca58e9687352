"""The dashboards (issue 15): kept figures per compound, their refresh, the
governance-health indicator and the rows of the staff dashboard."""

from portal.site.dashboard import health, models, queries, refresh

__all__ = ["health", "models", "queries", "refresh"]
