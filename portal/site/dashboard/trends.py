"""The monthly trends (issue 15): per place and local month (Asia/Shanghai) over the last 12
months including the current one, counted in grouped queries across all compounds — their
number does not grow with the compounds — and upserted by `refresh_figures`.

A compound's months come from its own rows; a community's and a street office's from the
same rows pooled over their compounds (counts and sums add up; a median is taken over the
pooled spans). Months older than the 12 are deleted, so the table holds at most 12 rows per
place. docs/health.md ("Trends") says what each series counts."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from statistics import median

from django.conf import settings
from django.db import transaction
from django.db.models import Count, DateField, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from compounds.models import Compound
from deliberation.models import OwnersVote, VoteParticipation
from finance import statements
from finance.models import Account, Disclosure
from portal.site.dashboard.models import TrendMonth
from requests.models import Request

MONTHS = 12
TENTH = Decimal("0.1")
Level = TrendMonth.Level
COUNTS = (
    "filed",
    "resolved",
    "rated",
    "rating_sum",
    "rated_good",
    "votes_closed",
    "votes_counted",
    "area",
    "voted_area",
    "heads",
    "voted_heads",
    "disclosures_due",
    "disclosures_on_time",
)


def add_months(month: date, n: int) -> date:
    index = month.month - 1 + n
    return date(month.year + index // 12, index % 12 + 1, 1)


def months_to(now) -> list[date]:
    """The first days of the last 12 local months, oldest first, the current one last."""
    current = timezone.localdate(now).replace(day=1)
    return [add_months(current, n) for n in range(1 - MONTHS, 1)]


def month_of(moment) -> date:
    return timezone.localtime(moment).date().replace(day=1)


def _start(month: date) -> datetime:
    return datetime.combine(month, time(0), tzinfo=timezone.get_default_timezone())


def _by_month(queryset, field: str, **aggregates) -> dict[tuple[int, date], dict]:
    """One GROUP BY compound, local month: {(compound id, month): {aggregate: value}}."""
    month = TruncMonth(field, tzinfo=timezone.get_default_timezone(), output_field=DateField())
    rows = queryset.order_by().annotate(m=month).values("compound_id", "m").annotate(**aggregates)
    return {(row.pop("compound_id"), row.pop("m")): row for row in rows}


def _votes(ids: list[int], since, now) -> tuple[dict, dict]:
    """Owners' votes closed per compound and month, and the sums of their overall rows
    (the shares of refresh._last_votes, pooled over the month's votes)."""
    closed = Q(state=OwnersVote.State.CLOSED, closed_at__gte=since, closed_at__lte=now)
    votes = _by_month(
        OwnersVote.objects.filter(closed, compound_id__in=ids), "closed_at", n=Count("pk")
    )
    sums: dict[tuple[int, date], dict] = defaultdict(lambda: defaultdict(int))
    rows = VoteParticipation.objects.filter(
        overall=True,
        vote__compound_id__in=ids,
        vote__state=OwnersVote.State.CLOSED,
        vote__closed_at__gte=since,
        vote__closed_at__lte=now,
    )
    for compound_id, closed_at, area, voted_area, heads, voted_heads in rows.values_list(
        "vote__compound_id", "vote__closed_at", "area", "voted_area", "heads", "voted_heads"
    ):
        row = sums[(compound_id, month_of(closed_at))]
        row["votes_counted"] += 1
        row["area"] += area
        row["voted_area"] += voted_area
        row["heads"] += heads
        row["voted_heads"] += voted_heads
    return votes, sums


def _disclosures(ids: list[int], first: date, now) -> dict[tuple[int, date], dict]:
    """Per compound and month: the accounts' periods whose due time (finance.statements.due_by,
    as refresh._disclosures reads it) fell in the month and has passed, and how many of them
    were published by it. A period still ahead of its due time is not counted yet."""
    today = timezone.localdate(now)
    accounts = list(Account.objects.filter(compound_id__in=ids).order_by("pk"))
    published = {}
    kept = Disclosure.objects.filter(
        account__in=accounts,
        corrects__isnull=True,
        # due FINANCE_PUBLISH_WITHIN_DAYS after its end: in the window, or later
        period_end__gte=first - timedelta(days=settings.FINANCE_PUBLISH_WITHIN_DAYS + 1),
    )
    for account_id, start, state, at in kept.values_list(
        "account_id", "period_start", "state", "published_at"
    ):
        published[(account_id, start)] = at if state == Disclosure.State.PUBLISHED else None
    result: dict[tuple[int, date], dict] = defaultdict(lambda: defaultdict(int))
    for account in accounts:
        for start, end in statements.ended_periods(account, today):
            due = statements.due_by(end)
            # due_by is 24:00 of a day: the instant just before it is that day's.
            month = month_of(due - timedelta(microseconds=1))
            if due > now or month < first:
                continue
            row = result[(account.compound_id, month)]
            row["disclosures_due"] += 1
            at = published.get((account.pk, start))
            row["disclosures_on_time"] += at is not None and at <= due
    return result


def _resolutions(ids: list[int], since, now) -> list[tuple[int, date, float]]:
    """(compound, month resolved, hours from filing) of the requests resolved in the window."""
    rows = Request.objects.filter(
        compound_id__in=ids, resolved_at__gte=since, resolved_at__lte=now
    ).values_list("compound_id", "created_at", "resolved_at")
    return [(c, month_of(end), (end - start).total_seconds() / 3600) for c, start, end in rows]


def compute(compounds: list[tuple[int, int, int]], now) -> dict[tuple[str, int, date], dict]:
    """The months of the compounds, of their communities and of their street offices, from
    (compound id, community id, street office id) triples: {(level, place, month): fields}.
    Every place gets all 12 months (a count of nothing is a true zero); a median, average or
    share without anything to read is None. No writes."""
    months = months_to(now)
    first, since = months[0], _start(months[0])
    ids = [c for c, _, _ in compounds]
    requests = Request.objects.filter(compound_id__in=ids)
    counted = [
        _by_month(
            requests.filter(created_at__gte=since, created_at__lte=now),
            "created_at",
            filed=Count("pk"),
        ),
        _by_month(
            requests.filter(rating__isnull=False, closed_at__gte=since, closed_at__lte=now),
            "closed_at",
            rated=Count("pk"),
            rating_sum=Sum("rating"),
            rated_good=Count("pk", filter=Q(rating__gte=4)),
        ),
    ]
    votes, vote_sums = _votes(ids, since, now)
    counted += [{k: {"votes_closed": v["n"]} for k, v in votes.items()}, vote_sums]
    counted.append(_disclosures(ids, first, now))
    spans = defaultdict(list)
    for compound_id, month, hours in _resolutions(ids, since, now):
        spans[(compound_id, month)].append(hours)
    rows: dict[tuple[str, int, date], dict] = {}
    for compound_id, community_id, office_id in compounds:
        places = [
            (Level.COMPOUND, compound_id),
            (Level.COMMUNITY, community_id),
            (Level.STREET_OFFICE, office_id),
        ]
        for month in months:
            key = (compound_id, month)
            for level, place in places:
                row = rows.setdefault(
                    (level, place, month), {**dict.fromkeys(COUNTS, 0), "spans": []}
                )
                for source in counted:
                    for name, value in source.get(key, {}).items():
                        row[name] += value or 0
                row["spans"].extend(spans.get(key, ()))
    for row in rows.values():
        found = row.pop("spans")
        row["resolved"] = len(found)
        row["resolve_hours"] = (
            Decimal(median(found)).quantize(TENTH, ROUND_HALF_UP) if found else None
        )
        row["computed_at"] = now
    return rows


def refresh_trends(compound_ids: list[int] | None, now) -> int:
    """Recompute and upsert the months of the compounds' street offices whole (with every
    compound and community in them, since an office's month pools all of its compounds), and
    delete months older than the 12. Returns the number of rows written."""
    places = Compound.objects.order_by("pk")
    if compound_ids is not None:
        offices = Compound.objects.filter(pk__in=compound_ids).values("community__street_office_id")
        places = places.filter(community__street_office_id__in=offices)
    triples = list(places.values_list("pk", "community_id", "community__street_office_id"))
    rows = [
        TrendMonth(level=level, place_id=place, month=month, **values)
        for (level, place, month), values in compute(triples, now).items()
    ]
    fields = ["computed_at", "resolve_hours", *COUNTS]
    with transaction.atomic():
        TrendMonth.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["level", "place_id", "month"],
            update_fields=fields,
            batch_size=500,
        )
        TrendMonth.objects.filter(month__lt=months_to(now)[0]).delete()
    return len(rows)
