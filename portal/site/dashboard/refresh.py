"""Recompute the kept figures of every compound (or of some) in a few grouped queries:
each figure is one GROUP BY compound across all compounds, never a loop of queries per
compound. Idempotent: a row per compound is upserted, so two runs leave the same rows."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal
from statistics import median
from types import SimpleNamespace

from django.db import transaction
from django.db.models import Avg, Count, Q, Sum
from django.utils import timezone

from compounds.models import (
    Body,
    Building,
    BuildingRole,
    BuildingRoleKind,
    Compound,
    Residency,
    Unit,
)
from deliberation.models import OwnersVote, Proposal, Suggestion, VoteParticipation
from finance import statements
from finance.models import Account, Disclosure
from portal.site.dashboard.health import health
from portal.site.dashboard.models import CompoundFigures
from portal.site.dashboard.trends import refresh_trends
from requests.deadlines import late
from requests.models import Request, ServiceRecord

STAGE = Proposal.Stage
UNDER_WAY = (STAGE.PROPOSE, STAGE.CONSULT, STAGE.REVIEW, STAGE.RESOLVE, STAGE.EVALUATE)
TENTH, HUNDREDTH, SHARE = Decimal("0.1"), Decimal("0.01"), Decimal("0.0001")


def _share(part, whole) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(SHARE, ROUND_HALF_UP)


def _grouped(queryset, key: str, **aggregates) -> dict:
    """One GROUP BY query: {compound id: {aggregate: value}}."""
    return {row.pop(key): row for row in queryset.order_by().values(key).annotate(**aggregates)}


def _hours_median(rows) -> dict[int, dict[str, Decimal]]:
    """{compound: {"30": median, "90": median}} from (compound, start, end, recent) rows."""
    spans: dict[int, dict[str, list[float]]] = defaultdict(lambda: {"30": [], "90": []})
    for compound_id, start, end, recent in rows:
        hours = (end - start).total_seconds() / 3600
        spans[compound_id]["90"].append(hours)
        if recent:
            spans[compound_id]["30"].append(hours)
    return {
        c: {
            k: Decimal(median(v)).quantize(TENTH, ROUND_HALF_UP) if v else None
            for k, v in w.items()
        }
        for c, w in spans.items()
    }


def _times(ids_filter: Q, now) -> tuple[dict, dict]:
    d30, d90 = now - timedelta(days=30), now - timedelta(days=90)
    base = Request.objects.filter(ids_filter)
    accepted = base.filter(accepted_at__gte=d90, accepted_at__lte=now).values_list(
        "compound_id", "created_at", "accepted_at"
    )
    resolved = base.filter(resolved_at__gte=d90, resolved_at__lte=now).values_list(
        "compound_id", "created_at", "resolved_at"
    )
    return (
        _hours_median((c, s, e, e >= d30) for c, s, e in accepted),
        _hours_median((c, s, e, e >= d30) for c, s, e in resolved),
    )


def _requests(in_compounds: Q, now) -> dict:
    opened = Q(state__in=Request.OPEN_STATES)
    return _grouped(
        Request.objects.filter(in_compounds),
        "compound_id",
        open=Count("pk", filter=opened),
        overdue=Count("pk", filter=late(now)),  # the workbench's 已超时, one definition
        escalated=Count("pk", filter=opened & Q(escalation_level__gt=0)),
    )


def _ratings(in_compounds: Q, now) -> dict:
    """Ratings of requests closed in the last 90 days (a rating is given on closing)."""
    return _grouped(
        Request.objects.filter(
            in_compounds, rating__isnull=False, closed_at__gte=now - timedelta(days=90)
        ),
        "compound_id",
        rated=Count("pk"),
        average=Avg("rating"),
        good=Count("pk", filter=Q(rating__gte=4)),
    )


def _proposals(in_compounds: Q) -> dict[int, dict[str, int]]:
    stages: dict[int, dict[str, int]] = defaultdict(dict)
    rows = (
        Proposal.objects.filter(in_compounds, stage__in=UNDER_WAY)
        .order_by()
        .values_list("compound_id", "stage")
        .annotate(n=Count("pk"))
    )
    for compound_id, stage, n in rows:
        stages[compound_id][stage] = n
    return stages


def _last_votes(in_compounds: Q) -> dict[int, tuple]:
    """The last closed owners' vote of each compound: (closed_at, area share, heads share)."""
    last: dict[int, tuple] = {}
    closed = OwnersVote.objects.filter(
        in_compounds, state=OwnersVote.State.CLOSED, closed_at__isnull=False
    )
    for compound_id, vote_id, closed_at in closed.order_by(
        "compound_id", "-closed_at", "-pk"
    ).values_list("compound_id", "pk", "closed_at"):
        last.setdefault(compound_id, (vote_id, closed_at))
    overall = {
        p.vote_id: p
        for p in VoteParticipation.objects.filter(
            vote_id__in=[v for v, _ in last.values()], overall=True
        )
    }
    result = {}
    for compound_id, (vote_id, closed_at) in last.items():
        p = overall.get(vote_id)
        area = _share(p.voted_area, p.area) if p else None
        heads = _share(p.voted_heads, p.heads) if p else None
        result[compound_id] = (closed_at, area, heads)
    return result


def _disclosures(ids: list[int], now) -> dict[int, dict]:
    """Per compound, by the disclosure calendar's rules (finance.queries.disclosure_calendar,
    finance.statements): the last publication, the due time of the next period still to
    publish whose due time is ahead, and the ended periods unpublished past their due time
    (the calendar's "late"). Two queries."""
    today = timezone.localdate(now)
    accounts = list(Account.objects.filter(compound_id__in=ids).order_by("pk"))
    published = Disclosure.State.PUBLISHED
    found = {}
    for account_id, start, state, at in Disclosure.objects.filter(
        account__in=accounts, corrects__isnull=True
    ).values_list("account_id", "period_start", "state", "published_at"):
        found[(account_id, start)] = (state, at)
    figures: dict[int, dict] = {}
    for account in accounts:
        row = figures.setdefault(
            account.compound_id, {"accounts": 0, "last": None, "next": None, "late": 0}
        )
        row["accounts"] += 1
        periods = statements.ended_periods(account, today)
        periods.append(statements.period_of(account, today))
        for start, end in periods:
            state, at = found.get((account.pk, start), (None, None))
            due = statements.due_by(end)
            if state == published:
                row["last"] = at if row["last"] is None else max(row["last"], at)
            elif now > due:
                row["late"] += end < today
            else:
                row["next"] = due if row["next"] is None else min(row["next"], due)
    return figures


def _vacancies(compounds: list[Compound], today) -> dict[int, tuple[int, int]]:
    """两长四员: per building, each role of its community's set (or the default six, as
    compounds.queries.role_kinds_for) without a current holder."""
    kinds = defaultdict(set)
    for pk, community_id in BuildingRoleKind.objects.values_list("pk", "community_id"):
        kinds[community_id].add(pk)
    buildings = defaultdict(list)
    ids = [c.pk for c in compounds]
    for pk, compound_id in Building.objects.filter(compound_id__in=ids).values_list(
        "pk", "compound_id"
    ):
        buildings[compound_id].append(pk)
    held = set(
        BuildingRole.objects.current(today)
        .filter(building__compound_id__in=ids)
        .values_list("building_id", "kind_id")
    )
    vacant = {}
    for c in compounds:
        role_set = kinds.get(c.community_id) or kinds.get(None, set())
        slots = [(b, k) for b in buildings[c.pk] for k in role_set]
        vacant[c.pk] = (sum(1 for slot in slots if slot not in held), len(slots))
    return vacant


def _add_months(day, months: int):
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def compute(compounds: list[Compound], now) -> dict[int, dict]:
    """The figures of the compounds as {compound id: {field: value}} — no writes."""
    ids = [c.pk for c in compounds]
    here = Q(compound_id__in=ids)
    today = timezone.localdate(now)
    units = _grouped(
        Unit.objects.filter(building__compound_id__in=ids), "building__compound_id", n=Count("pk")
    )
    residents = _grouped(
        Residency.objects.current(today).filter(
            unit__building__compound_id__in=ids, status=Residency.Status.VERIFIED
        ),
        "unit__building__compound_id",
        n=Count("pk"),
    )
    requests = _requests(here, now)
    accept, resolve = _times(here, now)
    ratings = _ratings(here, now)
    suggestions = _grouped(
        Suggestion.objects.filter(here).late(now),
        "compound_id",
        n=Count("pk"),
    )
    votes = _grouped(
        OwnersVote.objects.filter(
            here, state=OwnersVote.State.NOTICED, opens_at__lte=now, closes_at__gt=now
        ),
        "compound_id",
        n=Count("pk"),
    )
    terms = _grouped(
        Body.objects.filter(here, end__gte=today, end__lte=_add_months(today, 3)),
        "compound_id",
        n=Count("pk"),
    )
    hours = _grouped(
        ServiceRecord.objects.filter(
            request__compound_id__in=ids, served_on__gte=today.replace(day=1), served_on__lte=today
        ),
        "request__compound_id",
        n=Sum("hours"),
    )
    proposals, last_votes = _proposals(here), _last_votes(here)
    vacancies = _vacancies(compounds, today)
    disclosures = _disclosures(ids, now)
    figures = {}
    for pk in ids:
        r, rated = requests.get(pk, {}), ratings.get(pk, {})
        closed_at, area, heads = last_votes.get(pk, (None, None, None))
        average = rated.get("average")
        figures[pk] = {
            "computed_at": now,
            "households": units.get(pk, {}).get("n", 0),
            "residents": residents.get(pk, {}).get("n", 0),
            "open_requests": r.get("open", 0),
            "overdue_requests": r.get("overdue", 0),
            "escalated_requests": r.get("escalated", 0),
            "accept_hours_30": accept.get(pk, {}).get("30"),
            "accept_hours_90": accept.get(pk, {}).get("90"),
            "resolve_hours_30": resolve.get(pk, {}).get("30"),
            "resolve_hours_90": resolve.get(pk, {}).get("90"),
            "rated": rated.get("rated", 0),
            "rating_average": None
            if average is None
            else Decimal(str(average)).quantize(HUNDREDTH, ROUND_HALF_UP),
            "rating_good_share": _share(rated.get("good", 0), rated.get("rated", 0)),
            "suggestions_overdue": suggestions.get(pk, {}).get("n", 0),
            "proposals_by_stage": proposals.get(pk, {}),
            "votes_open": votes.get(pk, {}).get("n", 0),
            "last_vote_closed_at": closed_at,
            "last_vote_area_share": area,
            "last_vote_heads_share": heads,
            "accounts": disclosures.get(pk, {}).get("accounts", 0),
            "disclosure_last_published": disclosures.get(pk, {}).get("last"),
            "disclosure_next_due": disclosures.get(pk, {}).get("next"),
            "disclosures_late": disclosures.get(pk, {}).get("late", 0),
            "vacancies": vacancies[pk][0],
            "role_slots": vacancies[pk][1],
            "terms_ending": terms.get(pk, {}).get("n", 0),
            "volunteer_hours": hours.get(pk, {}).get("n") or Decimal("0.0"),
        }
    return figures


def refresh_figures(compound_ids=None, now=None) -> int:
    """Recompute and upsert the rows of the compounds (all by default), and the monthly
    trends of their street offices (portal.site.dashboard.trends); returns how many
    compounds."""
    now = now or timezone.now()
    compounds = Compound.objects.order_by("pk").only("pk", "community_id")
    if compound_ids is not None:
        compound_ids = list(compound_ids)  # read twice: the figures, then the trends
        compounds = compounds.filter(pk__in=compound_ids)
    compounds = list(compounds)
    figures = compute(compounds, now)
    for values in figures.values():
        values["health_score"] = health(SimpleNamespace(**values)).score
    rows = [CompoundFigures(compound_id=pk, **values) for pk, values in figures.items()]
    fields = [
        f.name for f in CompoundFigures._meta.concrete_fields if f.name not in ("id", "compound")
    ]
    with transaction.atomic():
        CompoundFigures.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["compound"],
            update_fields=fields,
            batch_size=500,
        )
    refresh_trends(compound_ids, now)  # the months of their street offices, whole
    return len(rows)
