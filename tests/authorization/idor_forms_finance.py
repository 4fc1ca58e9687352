"""The form probes of finance and of the audit log (tests/authorization/idor_forms.py
says how a probe reads)."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from tests.authorization.idor_forms import FormProbe, _photo, _today

FINANCE_PROBES = [
    FormProbe(
        ("EntryForm.mandate",),
        "party_secretary",
        lambda a, _x: reverse("finance:new_entry", args=[a.fund.pk]),
        lambda a, x: {
            "direction": "expense",
            "occurred_on": _today(),
            "amount": "500.00",
            "category": "repairs",
            "counterparty": "维修队",
            "mandate": x.mandate.pk,
            "receipts": _photo(),
        },
    ),
    FormProbe(  # the campaign's project fund is kept by the chair who opened the campaign
        ("EntryForm.campaign",),
        "committee_chair",
        lambda a, _x: reverse("finance:new_entry", args=[a.campaign.account_id]),
        lambda a, x: {
            "direction": "expense",
            "occurred_on": _today(),
            "amount": "50.00",
            "category": "repairs",
            "counterparty": "管材店",
            "campaign": x.campaign.pk,
            "receipts": _photo(),
        },
    ),
    FormProbe(
        ("RatifyForm.proposal",),
        "party_secretary",
        lambda a, _x: reverse("finance:ratify", args=[a.spent.pk]),
        lambda a, x: {"proposal": x.mandate.pk},
    ),
    FormProbe(
        ("AccountForm.keeper",),
        "committee_chair",
        lambda a, _x: reverse("finance:open_account", args=[a.compound.pk]),
        lambda a, x: {
            "kind": "common_income",
            "name": "广告收入",
            "opening_balance": "0",
            "visibility": "residents",
            "keeper": x.party_secretary.pk,
        },
    ),
    FormProbe(
        ("CampaignForm.building", "CampaignForm.collectors", "CampaignForm.account"),
        "committee_chair",
        lambda a, _x: reverse("finance:new_campaign", args=[a.compound.pk]),
        lambda a, x: {
            "title": "换水管",
            "purpose": "换立管",
            "target": "1000.00",
            "basis": "unit",
            "building": x.building.pk,
            "deadline": (timezone.localdate() + timedelta(days=9)).isoformat(),
            "threshold": "2/3",
            "account": x.campaign.account_id,
            "collectors": x.party_secretary.pk,
        },
    ),
    FormProbe(
        ("PaymentForm.part",),
        "party_secretary",
        lambda a, _x: reverse("finance:campaign_pay", args=[a.campaign.pk]),
        lambda a, x: {
            "part": x.campaign.parts.get(unit_id=x.campaign_home.pk).pk,
            "amount": "10.00",
            "method": "cash",
            "paid_on": _today(),
            "receipt": _photo(),
        },
    ),
    FormProbe(
        ("FeePaymentForm.unit",),
        "party_secretary",
        lambda a, _x: reverse("finance:fee_payment", args=[a.fees.pk]),
        lambda a, x: {"unit": x.home.pk, "paid_on": _today(), "amount": "100.00", "method": "cash"},
    ),
    FormProbe(
        ("UnitForm.unit",),
        "party_secretary",
        lambda a, _x: reverse("finance:fee_line", args=[a.fee_line.pk]),
        lambda a, x: {"unit": x.home.pk},
    ),
    FormProbe(
        ("AuditFilterForm.who",),
        "supervisor",
        lambda a, _x: reverse("site:audit_log", args=[a.compound.pk]),
        lambda a, x: {"who": x.committee_chair.pk},
        method="GET",
        shown=lambda x: x.committee_chair.display_name,
    ),
    FormProbe(
        ("AuditFilterForm.number",),
        "supervisor",
        lambda a, _x: reverse("site:audit_log", args=[a.compound.pk]),
        lambda a, x: {"kind": "finance.entry", "number": x.posted.pk},
        method="GET",
        shown=lambda x: x.people.party_secretary.display_name,
    ),
]
