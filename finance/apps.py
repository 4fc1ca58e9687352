from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "finance"
    verbose_name = _("Finance")

    def ready(self) -> None:
        from deliberation.extras import dossier_extra
        from finance.queries import dossier_spending

        dossier_extra(dossier_spending)
