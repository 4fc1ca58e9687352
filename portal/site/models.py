"""The site's models live by concern under portal/site/ (the dashboard's kept figures)."""

from portal.site.dashboard.models import CompoundFigures

__all__ = ["CompoundFigures"]
