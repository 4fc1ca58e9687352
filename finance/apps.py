from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "finance"
    verbose_name = _("Finance")

    def ready(self) -> None:
        from compounds.marks import member_mark
        from deliberation.extras import dossier_extra
        from finance.arrears import committee_arrears
        from finance.queries import dossier_spending

        dossier_extra(dossier_spending)
        member_mark(committee_arrears)
