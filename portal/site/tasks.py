"""Periodic work of the site: the dashboards' kept figures, counted again on beat every 15
minutes (portal/celery.py). Two beats at once leave the same rows (an upsert per compound)."""

from portal.celery import app
from portal.site.dashboard.refresh import refresh_figures as refresh

# Registered with Celery when autodiscovery imports this module.
__all__ = ["refresh_figures"]


@app.task(name="site.refresh_figures", ignore_result=True)
def refresh_figures() -> int:
    """Every compound's figures (portal.site.dashboard.refresh)."""
    return refresh()
