from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    """The pages on top of every app: home, boards that read several apps, the demo data
    and, later, the dashboards. Nothing below imports this package."""

    name = "portal.site"
    label = "portal_site"
    verbose_name = _("Site")
