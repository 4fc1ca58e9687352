from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RepairRequestsConfig(AppConfig):
    name = "requests"
    # Never "requests": tables, migrations and model references must not depend on the
    # folder name that shadows the PyPI package.
    label = "repair_requests"
    verbose_name = _("Requests")
