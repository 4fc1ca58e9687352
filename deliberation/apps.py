from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeliberationConfig(AppConfig):
    name = "deliberation"
    verbose_name = _("Deliberation")

    def ready(self) -> None:
        from compounds.announcements.queries import pin_lapses
        from deliberation.pins import lapsed_pins

        pin_lapses(lapsed_pins)
