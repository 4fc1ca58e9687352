from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeliberationConfig(AppConfig):
    name = "deliberation"
    verbose_name = _("Deliberation")

    def ready(self) -> None:
        from compounds.announcements.queries import pin_lapses
        from deliberation.pins import lapsed_pins

        pin_lapses(lapsed_pins)

        from allauth.account.signals import user_logged_in

        user_logged_in.connect(_claim_proxies, dispatch_uid="deliberation.proxies_claim")


def _claim_proxies(sender, request, user, **kwargs) -> None:
    from deliberation.services.ballots import proxies_claim

    proxies_claim(user)
