"""Reads of finance, scoped to the user, with their select_related."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db import connection
from django.db.models import Count, JSONField, Q, QuerySet, Sum
from django.db.models.expressions import RawSQL
from django.utils import timezone

from compounds.models import Compound
from deliberation.models import Proposal
from finance import books, statements
from finance.models import Account, Campaign, CampaignPart, Disclosure, Entry, EntryEvent
from finance.permissions import (
    MAKING,
    books_seen_among,
    may_read_ledger,
    may_see_books,
    owned_units,
)

S = Entry.State
# What a ledger line shows: its own fields (a page of them read at street scale).
LEDGER_ROW_FIELDS = (
    "account_id", "direction", "occurred_on", "amount", "category", "counterparty",
    "description", "state", "mandate_id", "campaign_id", "reverses_id", "emergency",
)  # fmt: skip


def accounts_of(user, compound: Compound) -> list[Account]:
    """The compound's accounts the user may read, each with its `balance`."""
    accounts = [
        a
        for a in Account.objects.filter(compound=compound).select_related("compound__community")
        if may_read_ledger(user, a)
    ]
    figures = books.balances(accounts)
    for account in accounts:
        account.balance = figures[account.pk]
    return accounts


def ledger(account: Account) -> QuerySet[Entry]:
    """The posted lines, newest first, with the resolution each cites and what it reverses."""
    return (
        Entry.objects.filter(account=account, state=S.POSTED)
        .select_related("ratification")
        .only(*LEDGER_ROW_FIELDS, "ratification__proposal_id")
        .order_by("-occurred_on", "-pk")
    )


def ledger_between(account: Account, start: date | None, end: date | None) -> QuerySet[Entry]:
    """Posted lines of the account between two days (either may be open), oldest first."""
    rows = Entry.objects.filter(account=account, state=S.POSTED)
    if start:
        rows = rows.filter(occurred_on__gte=start)
    if end:
        rows = rows.filter(occurred_on__lte=end)
    return rows.order_by("occurred_on", "pk")


def unposted(account: Account) -> QuerySet[Entry]:
    """Drafts, entries under review and returned ones: for the books' readers only (the
    caller has checked may_see_books)."""
    return (
        Entry.objects.filter(account=account)
        .exclude(state=S.POSTED)
        .select_related("mandate")
        .order_by("-pk")
    )


def to_review(user, compound: Compound) -> QuerySet[Entry]:
    """Entries of the compound waiting for the supervisory committee, not the user's own."""
    made = EntryEvent.objects.filter(actor=user, action__in=MAKING).values("entry_id")
    return (
        Entry.objects.filter(account__compound=compound, state=S.SUBMITTED)
        .exclude(Q(created_by=user) | Q(submitted_by=user) | Q(pk__in=made))
        .select_related("account", "mandate")
        .order_by("submitted_at", "pk")
    )


def spending(proposal) -> dict | None:
    """A resolution's budget and what the expenses citing it have spent (for the dossier
    and the request page): "已支出 ¥8,400 / 预算 ¥12,000"."""
    if proposal.budget_estimate is None:
        return None
    spent = books.spent_on(proposal.pk, states=(S.POSTED,))
    return {"spent": spent, "budget": proposal.budget_estimate}


def disclosures_of(user, compound: Compound) -> list[Disclosure]:
    """The compound's disclosures the user may read: published ones of the accounts they
    read, and drafts and approved ones for the committees; newest period first."""
    rows = (
        Disclosure.objects.filter(account__compound=compound)
        .select_related("account__compound__community")
        .defer("snapshot")  # a list never reads the frozen lines
    )
    return [
        d
        for d in rows.order_by("-period_start", "account_id", "-pk")
        if may_read_ledger(user, d.account)
        and (d.state == Disclosure.State.PUBLISHED or may_see_books(user, d.account))
    ]


class FrozenLines(Sequence):
    """A published statement's lines read from its snapshot in SQL, one page at a time
    (PostgreSQL): a busy quarter's page never decodes hundreds of lines to show fifty."""

    def __init__(self, disclosure_id: int, count: int) -> None:
        self.disclosure_id, self.count = disclosure_id, count

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, bounds):
        if not isinstance(bounds, slice) or bounds.step:
            raise TypeError("a page of lines is read by a slice")
        start, stop = bounds.start or 0, min(bounds.stop or self.count, self.count)
        if start >= stop:
            return []
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT jsonb_path_query_array(snapshot->'lines', %s::jsonpath) "
                "FROM finance_disclosure WHERE id = %s",
                [f"$[{int(start)} to {int(stop) - 1}]", self.disclosure_id],
            )
            (lines,) = cursor.fetchone()
        return json.loads(lines) if isinstance(lines, str) else lines


def statement_rows():
    """Disclosures to show a page of: on PostgreSQL without their frozen lines, with the
    summary and the number of lines read in SQL (statement_of gives the figures)."""
    if connection.vendor != "postgresql":
        return Disclosure.objects.all()
    return Disclosure.objects.defer("snapshot").annotate(
        summary=RawSQL("finance_disclosure.snapshot - 'lines'", (), output_field=JSONField()),
        line_count=RawSQL("jsonb_array_length(finance_disclosure.snapshot->'lines')", ()),
    )


def statement_of(disclosure: Disclosure) -> tuple[dict, Sequence]:
    """A statement's figures and its lines: frozen when published (read a page at a time
    on PostgreSQL), else read live from the books."""
    if disclosure.state != Disclosure.State.PUBLISHED:
        figures = draft_figures(disclosure)
        return figures, figures["lines"]
    if getattr(disclosure, "line_count", None) is not None:
        return disclosure.summary, FrozenLines(disclosure.pk, disclosure.line_count)
    return disclosure.snapshot, disclosure.snapshot["lines"]


def draft_figures(disclosure: Disclosure) -> dict:
    """A draft's figures as the books stand now (a published one shows its snapshot)."""
    return statements.figures(disclosure.account, disclosure.period_start, disclosure.period_end)


@dataclass
class CalendarRow:
    """One period of one account on the disclosure calendar."""

    account: Account
    start: date
    end: date
    due: datetime
    disclosure: Disclosure | None
    status: str  # published, published_late, waiting, late, upcoming
    openable: bool = False  # the user may open the disclosure's page


def disclosure_calendar(user, compound: Compound, now: datetime | None = None) -> list:
    """Per account the user may read: every ended period (published, published late,
    waiting or late) and the current one (upcoming), newest first. Two queries."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    accounts = list(Account.objects.filter(compound=compound))
    for account in accounts:
        account.compound = compound  # its place, read once
    accounts = [a for a in accounts if may_read_ledger(user, a)]
    seen = books_seen_among(user, accounts)
    found: dict[tuple[int, date], Disclosure] = {}
    for d in Disclosure.objects.filter(account__in=accounts, corrects__isnull=True).defer(
        "snapshot"
    ):
        found[(d.account_id, d.period_start)] = d
    rows = []
    for account in accounts:
        books_seen = account.pk in seen
        periods = statements.ended_periods(account, today)
        periods.append(statements.period_of(account, today))
        for start, end in periods:
            disclosure = found.get((account.pk, start))
            due = statements.due_by(end)
            status = _status(disclosure, due, end, today, now)
            openable = disclosure is not None and (books_seen or status.startswith("published"))
            rows.append(CalendarRow(account, start, end, due, disclosure, status, openable))
    rows.sort(key=lambda r: (r.end, r.account.pk), reverse=True)
    return rows


def _status(disclosure, due, end, today, now) -> str:
    if disclosure is not None and disclosure.state == Disclosure.State.PUBLISHED:
        return "published_late" if disclosure.published_at > due else "published"
    if end >= today:
        return "upcoming"
    return "late" if now > due else "waiting"


def dossier_spending(proposal) -> dict:
    """For a proposal's dossier (deliberation.extras): what the expenses posted under a
    passed resolution have spent of its budget; nothing for any other proposal."""
    if proposal.decision != Proposal.Decision.APPROVED or proposal.budget_estimate is None:
        return {}
    return {"spending": spending(proposal)}


# Campaigns (众筹/分摊) -------------------------------------------------------------------

AGREED = Q(answer=CampaignPart.Answer.AGREE)
DECLINED = Q(answer=CampaignPart.Answer.DECLINE)


@dataclass
class Progress:
    """Households covered, agreeing and declining, and money paid of what is due: of one
    building's entrance, or of the whole campaign."""

    building: str
    entrance: str
    covered: int
    agreed: int
    declined: int
    paid: Decimal
    due: Decimal

    @property
    def place(self) -> str:
        return " ".join(p for p in (self.building, self.entrance) if p)


def campaigns_of(compound: Compound) -> QuerySet[Campaign]:
    """The compound's campaigns, newest first, each with its counts (one query)."""
    return (
        Campaign.objects.filter(compound=compound)
        .annotate(
            covered=Count("parts"),
            agreed=Count("parts", filter=Q(parts__answer=CampaignPart.Answer.AGREE)),
            paid=Sum("parts__paid"),
        )
        .order_by("-created_at", "-pk")
    )


def campaign_progress(campaign: Campaign) -> tuple[list[Progress], Progress]:
    """Per building and entrance in the compound's order, and overall: one query over the
    parts, whose answers and paid sums are kept on them."""
    rows = (
        campaign.parts.values("unit__building_id", "unit__building__name", "unit__entrance")
        .annotate(
            covered=Count("pk"),
            agreed=Count("pk", filter=AGREED),
            declined=Count("pk", filter=DECLINED),
            paid_sum=Sum("paid"),
            due=Sum("amount"),
        )
        .order_by("unit__building_id", "unit__entrance")
    )
    groups = [
        Progress(r["unit__building__name"], r["unit__entrance"], r["covered"], r["agreed"],
                 r["declined"], r["paid_sum"], r["due"])
        for r in rows
    ]  # fmt: skip
    total = Progress(
        "",
        "",
        *(sum(getattr(g, name) for g in groups) for name in ("covered", "agreed", "declined")),
        sum((g.paid for g in groups), Decimal(0)),
        sum((g.due for g in groups), Decimal(0)),
    )
    return groups, total


def my_parts(user, campaign: Campaign) -> list[CampaignPart]:
    """The covered homes the user owns, with their answers."""
    owned = owned_units(user)
    if not owned:
        return []
    return list(
        campaign.parts.filter(unit_id__in=owned)
        .select_related("unit__building", "answered_by")
        .order_by("position")
    )


def households(campaign: Campaign) -> QuerySet[CampaignPart]:
    """Every covered home with its answer and what it paid, in the compound's order (for
    the collectors and the committees)."""
    return campaign.parts.select_related("unit__building", "answered_by").order_by("position")


def campaigns_waiting(user) -> list[CampaignPart]:
    """For home: covered homes of the user whose answer is still wanted (no answer yet,
    deadline not passed). One query, none for someone who owns nothing."""
    owned = owned_units(user)
    if not owned:
        return []
    return list(
        CampaignPart.objects.filter(
            unit_id__in=owned, answer="", campaign__deadline__gte=timezone.localdate()
        )
        .select_related("campaign")
        .order_by("campaign__deadline", "pk")[:5]
    )


def fee_pages(user, accounts: list[Account]) -> set[int]:
    """The property-fee accounts whose fees page (arrears, personal data) the user opens."""
    return {
        a.pk for a in accounts if a.kind == Account.Kind.PROPERTY_FEE and may_see_books(user, a)
    }
