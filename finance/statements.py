"""What a disclosure says: the periods of an account's cadence, the figures and lines of
one period read from posted entries, and the canonical form of a snapshot with its
SHA-256 (the digest printed on the 公示栏 copy, which anyone can recompute)."""

from __future__ import annotations

import hashlib
import json
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Q, Sum

from finance.arrears import statement_collection
from finance.models import Account, ClosedPeriod, Entry
from portal.calendar import end_of_day

MONTHS = {Account.Cadence.MONTHLY: 1, Account.Cadence.QUARTERLY: 3, Account.Cadence.HALF_YEARLY: 6}
POSTED = Entry.State.POSTED


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _add_months(day: date, n: int) -> date:
    month = day.month - 1 + n
    return date(day.year + month // 12, month % 12 + 1, 1)


def next_month(month: date) -> date:
    return _add_months(month, 1)


def period_of(account: Account, day: date) -> tuple[date, date]:
    """The period of the account's cadence that holds `day`: calendar months, quarters
    (Jan–Mar …) or halves (Jan–Jun, Jul–Dec)."""
    length = MONTHS[account.cadence]
    first = date(day.year, (day.month - 1) // length * length + 1, 1)
    return first, _add_months(first, length) - timedelta(days=1)


def ended_periods(account: Account, today: date) -> list[tuple[date, date]]:
    """The periods from the one the account opened in to the last that ended before today."""
    periods = []
    start, end = period_of(account, account.opened_on)
    while end < today:
        periods.append((start, end))
        start, end = period_of(account, end + timedelta(days=1))
    return periods


def due_by(end: date):
    """When a period's disclosure is due: published within FINANCE_PUBLISH_WITHIN_DAYS days
    of the period's end (15 by default; a day period ending at 24:00, 民法典 第二百零一条、
    第二百零三条). Later, it is late."""
    return end_of_day(end + timedelta(days=settings.FINANCE_PUBLISH_WITHIN_DAYS))


def months_closed(account: Account, start: date, end: date) -> bool:
    """Every month of the period closed — from the month the account opened in, when the
    period began before it (nothing can be recorded before it opened)."""
    months, month = set(), max(_month_start(start), _month_start(account.opened_on))
    while month <= end:
        months.add(month)
        month = _add_months(month, 1)
    closed = ClosedPeriod.objects.filter(compound_id=account.compound_id, month__in=months)
    closed = closed.count()
    return closed == len(months)


def _amount(value: Decimal | None) -> str:
    return f"{(value or Decimal(0)):.2f}"


def figures(account: Account, start: date, end: date) -> dict:
    """The statement of one period: opening balance, income and expenses by category,
    closing balance, and every posted line with its resolution and covered receipts.
    Amounts are strings with two places, categories and directions codes, so that the
    snapshot is plain data whose canonical form does not depend on the reader."""
    posted = Entry.objects.filter(account=account, state=POSTED)
    before = posted.filter(occurred_on__lt=start).aggregate(
        income=Sum("amount", filter=Q(direction="income")),
        expense=Sum("amount", filter=Q(direction="expense")),
    )
    opening = (
        account.opening_balance + (before["income"] or 0) - (before["expense"] or 0)
        if account.opened_on < start
        else account.opening_balance
    )
    rows = (
        posted.filter(occurred_on__gte=start, occurred_on__lte=end)
        .select_related("mandate", "ratification", "campaign")
        .prefetch_related("receipts")
        .order_by("occurred_on", "pk")
    )
    lines, by_category = [], {"income": {}, "expense": {}}
    income = expense = Decimal(0)
    for entry in rows:
        totals = by_category[entry.direction]
        totals[entry.category] = totals.get(entry.category, Decimal(0)) + entry.amount
        if entry.direction == "income":
            income += entry.amount
        else:
            expense += entry.amount
        lines.append(
            {
                "entry": entry.pk,
                "date": entry.occurred_on.isoformat(),
                "direction": entry.direction,
                "category": entry.category,
                "amount": _amount(entry.amount),
                "counterparty": entry.counterparty,
                "description": entry.description,
                "mandate": entry.mandate_id,
                "mandate_title": entry.mandate.title if entry.mandate_id else "",
                "reverses": entry.reverses_id,
                "receipts": [r.pk for r in entry.receipts.all() if r.redacted],
                **_emergency(entry),
                **_campaign(entry),
            }
        )
    statement = {
        "account": account.pk,
        "account_name": account.name,
        "account_kind": account.kind,
        "compound": account.compound_id,
        "period_start": start.isoformat(),
        "period_end": end.isoformat(),
        "opening": _amount(opening),
        "income": _amount(income),
        "expense": _amount(expense),
        "closing": _amount(opening + income - expense),
        "income_by_category": {k: _amount(v) for k, v in sorted(by_category["income"].items())},
        "expense_by_category": {k: _amount(v) for k, v in sorted(by_category["expense"].items())},
        "lines": lines,
    }
    if account.kind == Account.Kind.PROPERTY_FEE:  # 收缴率, frozen with the snapshot
        statement["collection"] = statement_collection(account, start, end)
    return statement


def _campaign(entry: Entry) -> dict:
    """An expense a campaign authorised says so, like one under a resolution."""
    if not entry.campaign_id:
        return {}
    return {"campaign": entry.campaign_id, "campaign_title": entry.campaign.title}


def _emergency(entry: Entry) -> dict:
    """应急使用 is shown with its flag, and whether the owners have ratified it yet."""
    if not entry.emergency:
        return {}
    ratified = getattr(entry, "ratification", None)
    return {"emergency": entry.emergency, "ratified_by": ratified.proposal_id if ratified else None}


def canonical(snapshot: dict) -> bytes:
    """Sorted keys, no spaces, UTF-8: the bytes the digest is taken of."""
    return json.dumps(snapshot, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def digest_of(snapshot: dict) -> str:
    return hashlib.sha256(canonical(snapshot)).hexdigest()
