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
        from finance.repairs import repair_funding
        from requests.extras import request_extra

        dossier_extra(dossier_spending)
        request_extra(repair_funding)
        member_mark(committee_arrears)
