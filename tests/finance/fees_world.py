"""A property-fee account for the fee tests, the matrix and the browser journey: kept by
the party secretary, opened two months ago, a fixed or per-m² schedule, and units in a
second building (19栋 1单元 101 and 102) beside the personas' homes in 18栋 2单元."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from finance import services
from finance.models import FeeSchedule
from tests import factories as f


def months() -> tuple:
    """Last month and this month (their first days)."""
    this = timezone.localdate().replace(day=1)
    return (this - timedelta(days=1)).replace(day=1), this


def fee_account(place, chair, keeper, basis="fixed", rate="100.00"):
    account = services.open_account(
        compound=place.compound,
        actor=chair,
        kind="property_fee",
        name="物业费",
        opening_balance=Decimal("0.00"),
        opened_on=timezone.localdate() - timedelta(days=62),
        keeper=keeper,
    )
    services.fee_schedule_set(account=account, actor=keeper, basis=basis, rate=Decimal(rate))
    return account


def second_building(place):
    building = f.BuildingFactory(compound=place.compound, name="19栋")
    return [
        f.UnitFactory(building=building, entrance="1单元", door=door, area=Decimal("80.50"))
        for door in ("101", "102")
    ]


def unit_of(user):
    return user.residencies.get().unit


def pay(account, keeper, unit, amount, **extra):
    return services.fee_payment_record(
        account=account,
        actor=keeper,
        unit=unit,
        paid_on=extra.pop("paid_on", timezone.localdate()),
        amount=Decimal(amount),
        method=extra.pop("method", "cash"),
        **extra,
    )


def gbk_csv(*lines: str, header="交易日期,金额,对方户名,摘要,流水号") -> bytes:
    return ("\r\n".join([header, *lines]) + "\r\n").encode("gbk")


__all__ = ["FeeSchedule", "fee_account", "gbk_csv", "months", "pay", "second_building", "unit_of"]
