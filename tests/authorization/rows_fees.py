"""The property-fee rows of the matrix (issue 14 item 10): the account's keeper (the party
secretary) sets the schedule, raises charges, records payments and imports statements;
the compound's committees see the collection rate and the arrears list (personal data,
so other residents and staff are refused); an owner sees their own home's fees, and
another home's do not exist for anyone else (404); property staff see nothing."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from tests.authorization.expect import expect, scoped, signed_in

FEE_BOOKS = scoped(403, committee_chair=200, party_secretary=200, supervisor=200, worker=404)
FEE_KEEPER = scoped(403, party_secretary=200, worker=404)
# 18栋 2单元 301, the resident's home: its owner and the committees; nobody else.
OWN_HOME = expect(
    404,
    anonymous=302,
    resident=200,
    committee_chair=200,
    party_secretary=200,
    supervisor=200,
)


def fees_of(world):
    """The compound's property-fee account (made once per world): kept by the party
    secretary, a fixed ¥100 a month, this month raised for every unit."""
    if getattr(world, "_fees", None) is None:
        from compounds.models import Body, Membership
        from finance import services

        def member(kind, position):
            return (
                Membership.objects.filter(
                    body__compound=world.compound, body__kind=kind, position=position
                )
                .select_related("user")
                .first()
                .user
            )

        chair = member(Body.Kind.OWNERS_COMMITTEE, "chair")
        keeper = member(Body.Kind.PARTY_BRANCH, "secretary")
        account = services.open_account(
            compound=world.compound, actor=chair, kind="property_fee", name="物业费",
            opening_balance=Decimal("0.00"), opened_on=timezone.localdate() - timedelta(days=40),
            keeper=keeper,
        )  # fmt: skip
        services.fee_schedule_set(account=account, actor=keeper, basis="fixed", rate=Decimal(100))
        services.fee_charges_raise(account=account, actor=keeper, month=timezone.localdate())
        statement = "交易日期,金额,对方户名,摘要\r\n2026-11-03,88.00,王先生,物业费\r\n"
        preview = services.fee_import_preview(
            account=account, actor=keeper, data=statement.encode("gbk"), filename="a.csv"
        )
        services.fee_import_confirm(account=account, actor=keeper, token=preview.token)
        world._fees = account
    return world._fees


def home_of(world):
    return world.building.units.get(entrance="2单元", door="301")


def _account(w):
    return {"account_id": fees_of(w).pk}


FEES_GETS = {
    "finance:fees": (_account, FEE_BOOKS),
    "finance:fee_schedule": (_account, FEE_KEEPER),
    "finance:fee_raise": (_account, expect(405)),
    "finance:fee_payment": (_account, FEE_KEEPER),
    "finance:fee_import": (_account, FEE_KEEPER),
    "finance:fee_import_confirm": (_account, expect(405)),
    "finance:fee_unit": (lambda w: {**_account(w), "unit_id": home_of(w).pk}, OWN_HOME),
    # A bank line without a unit names its payer: the fees page's people; the keeper acts.
    "finance:fee_line": (lambda w: {"line_id": fees_of(w).unmatched_lines.get().pk}, FEE_KEEPER),
    # Everyone signed in has a page of their own fees (empty without an owned home).
    "finance:my_fees": (None, signed_in(200)),
}

FEES_POSTS = {
    # Empty forms come back (200) to the keeper; nothing is written; others are refused.
    "finance:fee_schedule": (_account, {}, FEE_KEEPER),
    "finance:fee_payment": (_account, {}, FEE_KEEPER),
    "finance:fee_import": (_account, {}, FEE_KEEPER),
    "finance:fee_line": (
        lambda w: {"line_id": fees_of(w).unmatched_lines.get().pk},
        {},
        FEE_KEEPER,
    ),
    # No month / no preview: back to the page with a message, nothing written.
    "finance:fee_raise": (_account, {"month": ""}, FEE_KEEPER | {"party_secretary": 302}),
    "finance:fee_import_confirm": (
        _account,
        {"token": "forged"},
        FEE_KEEPER | {"party_secretary": 302},
    ),
}
