"""Helpers of the campaign tests: a campaign over the homes of 18栋 2单元 that the personas
own (201 the chair, 301 the resident, 302 the tenant's, 402 the secretary, 602 the
supervisor), started by the owners' committee chair, collected by the party secretary."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from finance import services
from finance.models import Account
from tests import factories as f


def project_fund(place, chair, keeper, name="专项：铸铁管改造"):
    account = services.open_account(
        compound=place.compound,
        actor=chair,
        kind=Account.Kind.PROJECT_FUND,
        name=name,
        opening_balance=Decimal(0),
    )
    services.appoint_keeper(account=account, actor=chair, holder=keeper)
    return account


def start(
    place,
    chair,
    collectors,
    *,
    account=None,
    target="100.00",
    basis="unit",
    coverage=None,
    days=14,
    threshold=(2, 3),
    title="铸铁管改造",
):
    fields = {
        "title": title,
        "purpose": "更换 02、04 户型的铸铁排水立管",
        "target": Decimal(target),
        "basis": basis,
        "deadline": timezone.localdate() + timedelta(days=days),
        "threshold_numerator": threshold[0],
        "threshold_denominator": threshold[1],
    }
    return services.campaign_open(
        compound=place.compound,
        actor=chair,
        fields=fields,
        coverage=coverage or services.Coverage(place.building, "2单元"),
        collectors=collectors,
        account=account,
    )


def owner_of(unit, relation="owner", **extra):
    user = f.UserFactory(**extra)
    f.ResidencyFactory(user=user, unit=unit, relation=relation)
    return user
