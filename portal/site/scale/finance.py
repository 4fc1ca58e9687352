"""Three years of books for the whole street (issue 14): every compound keeps common
income (disclosed quarterly), its maintenance fund (half-yearly) and the committee's
running costs (quarterly), kept by its owners' committee chair. 500,000 entries at full
scale, posted month by month (the current month's last few still under review), every
past month closed, and every ended period's statement published with its frozen snapshot
and digest — but for compound 0's common income, whose latest statement is still a draft
(late, once past its due date).

A compound's books do not grow with its number of homes as its requests do (fees are
posted in batches, not per household): entries are shared equally between compounds,
compound 0 (where the personas live) keeping twice the share. So the pages of one
compound's books read as many rows at every scale while the tables around them grow —
what the bench's flat ratio tests."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from finance import statements
from finance.models import Account, AccountKeeper, ClosedPeriod, Disclosure, Entry, EntryEvent
from portal.site.scale.places import Street
from portal.site.scale.plan import Plan
from portal.site.scale.writer import Writer

# kind, name, share of the compound's entries, income categories, expense categories,
# share of income among its entries
ACCOUNTS = [
    ("common_income", "公共收益", 0.6, ["parking", "advertising", "leasing"],
     ["cleaning", "greening", "repairs", "utilities"], 0.7),
    ("maintenance_fund", "专项维修资金", 0.1, ["interest", "contributions"], [], 1.0),
    ("running_costs", "业委会运行经费", 0.3, ["grant", "other"], ["office", "activities"], 0.3),
]  # fmt: skip
COUNTERPARTIES = {
    "parking": "停车场管理处", "advertising": "电梯广告公司", "leasing": "便民超市",
    "interest": "住房公积金中心", "contributions": "业主续筹", "grant": "街道办事处",
    "other": "捐赠", "cleaning": "保洁公司", "greening": "园林公司", "repairs": "维修队",
    "utilities": "供电公司", "office": "文具店", "activities": "社区活动",
}  # fmt: skip
ENTRY_FIELDS = (
    "id", "account_id", "direction", "occurred_on", "amount", "category", "counterparty",
    "description", "state", "created_by_id", "submitted_by_id", "submitted_at", "posted_at",
    "created_at",
)  # fmt: skip
EVENT_FIELDS = ("id", "entry_id", "actor_id", "action", "from_state", "to_state", "created_at")


def seed_finance(plan: Plan, writer: Writer, rng: random.Random, street: Street) -> None:
    start, today = plan.start.date(), timezone.localdate(plan.now)
    accounts = _accounts(street, start)
    shares = [2.0] + [1.0] * (len(street.compound_ids) - 1)
    per_share = plan.entries / sum(shares)
    for compound, share in zip(street.compound_ids, shares, strict=True):
        n = round(per_share * share)
        for account, (_kind, _name, part, income, expense, income_share) in zip(
            accounts[compound], ACCOUNTS, strict=True
        ):
            _entries(writer, rng, account, street.chair_of[compound], round(n * part),
                     (income, expense, income_share), start, today)  # fmt: skip
    months = []
    month = start.replace(day=1)
    while month < today.replace(day=1):
        months.append(month)
        month = statements.next_month(month)
    writer.write(
        ClosedPeriod,
        ("compound_id", "month", "closed_at"),
        ((c, m, plan.now) for c in street.compound_ids for m in months),
    )
    _disclosures(writer, plan, street, accounts, today)


def _accounts(street: Street, start: date) -> dict[int, list[Account]]:
    made = Account.objects.bulk_create(
        Account(
            compound_id=compound,
            kind=kind,
            name=name,
            opening_balance=Decimal("50000.00"),
            opened_on=start,
            cadence=Account.default_cadence(kind),
        )
        for compound in street.compound_ids
        for kind, name, *_rest in ACCOUNTS
    )
    AccountKeeper.objects.bulk_create(
        AccountKeeper(account=a, holder_id=street.chair_of[a.compound_id], start=start)
        for a in made
    )
    by_compound: dict[int, list[Account]] = {}
    for account in made:
        by_compound.setdefault(account.compound_id, []).append(account)
    return by_compound


def _entries(writer, rng, account, keeper, n, kinds, start, today) -> None:
    income, expense, income_share = kinds
    span = (today - start).days
    ids = writer.ids(Entry, n)
    rows, events = [], []
    for pk in ids:
        day = start + timedelta(days=rng.randrange(span))
        takes_in = not expense or rng.random() < income_share
        category = rng.choice(income if takes_in else expense)
        amount = Decimal(rng.randrange(5000, 200000 if takes_in else 199000)) / 100
        moment = timezone.make_aware(datetime.combine(day, time(10)))
        # The current month's entries since the 25th are still under review.
        waiting = day.month == today.month and day.year == today.year and day.day >= 25
        state = "submitted" if waiting else "posted"
        rows.append((
            pk, account.pk, "income" if takes_in else "expense", day, amount, category,
            COUNTERPARTIES[category], "", state, keeper, keeper, moment,
            None if waiting else moment, moment,
        ))  # fmt: skip
        events.append((pk, keeper, "create", "", "draft", moment))
        if not waiting:
            events.append((pk, keeper, "post", "approved", "posted", moment))
    writer.write(Entry, ENTRY_FIELDS, rows)
    event_ids = iter(writer.ids(EntryEvent, len(events)))
    writer.write(EntryEvent, EVENT_FIELDS, ((next(event_ids), *e) for e in events))


def _disclosures(writer, plan, street, accounts, today) -> None:
    """Every ended period's statement, read from the entries just written (the same
    function that freezes a real one), published on time — but compound 0's common
    income's latest, left a draft."""
    fields = (
        "id", "account_id", "period_start", "period_end", "state", "drafted_at",
        "approved_by_id", "approved_at", "published_by_id", "published_at", "snapshot",
        "digest",
    )  # fmt: skip
    rows = []
    first = street.compound_ids[0]
    for compound in street.compound_ids:
        chair = street.chair_of[compound]
        for account in accounts[compound]:
            periods = statements.ended_periods(account, today)
            for n, (start, end) in enumerate(periods):
                (pk,) = writer.ids(Disclosure, 1)
                drafted = timezone.make_aware(datetime.combine(end + timedelta(days=6), time(3)))
                if compound == first and account.kind == "common_income" and n == len(periods) - 1:
                    rows.append((pk, account.pk, start, end, "draft", drafted,
                                 None, None, None, None, None, ""))  # fmt: skip
                    continue
                snapshot = statements.figures(account, start, end)
                published = drafted + timedelta(days=3)
                rows.append((pk, account.pk, start, end, "published", drafted, chair,
                             published, chair, published, snapshot,
                             statements.digest_of(snapshot)))  # fmt: skip
    writer.write(Disclosure, fields, rows)
