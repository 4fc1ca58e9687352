from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompoundsConfig(AppConfig):
    name = "compounds"
    verbose_name = _("Compounds and people")

    def ready(self) -> None:
        from compounds import signals

        signals.connect()
