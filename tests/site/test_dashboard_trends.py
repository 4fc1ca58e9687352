"""The monthly trends (issue 15): the grouped refresh equals a naive recomputation of each
place's months from its own rows, on random worlds; a community's and a street office's
counts are the sums of their compounds'; months are local (Asia/Shanghai); two refreshes
leave the same rows; months older than the last 12 are deleted."""

from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from statistics import median
from zoneinfo import ZoneInfo

import pytest

from compounds.models import Compound
from deliberation.models import OwnersVote, VoteParticipation
from finance import statements
from finance.models import Account, Disclosure
from portal.site.dashboard.models import TrendMonth
from portal.site.dashboard.refresh import refresh_figures
from portal.site.dashboard.trends import COUNTS, months_to
from requests.models import Category, Request
from tests import factories as f
from tests.site.test_dashboard_figures import NOW, _world

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
L = TrendMonth.Level
FIELDS = ["resolve_hours", *COUNTS]


def _month(moment):
    return moment.astimezone(SHANGHAI).date().replace(day=1)


def _live(compounds, month) -> dict:
    """One month of a set of compounds, read row by row in Python."""
    requests = list(Request.objects.filter(compound__in=compounds))
    spans = [
        (r.resolved_at - r.created_at).total_seconds() / 3600
        for r in requests
        if r.resolved_at and _month(r.resolved_at) == month and r.resolved_at <= NOW
    ]
    rated = [
        r.rating
        for r in requests
        if r.rating and _month(r.closed_at) == month and r.closed_at <= NOW
    ]
    votes = [
        v
        for v in OwnersVote.objects.filter(compound__in=compounds, state="closed")
        if _month(v.closed_at) == month and v.closed_at <= NOW
    ]
    tallies = list(VoteParticipation.objects.filter(vote__in=votes, overall=True))
    due = on_time = 0
    for account in Account.objects.filter(compound__in=compounds):
        for start, end in statements.ended_periods(account, NOW.date()):
            deadline = statements.due_by(end)
            if deadline > NOW or _month(deadline - timedelta(seconds=1)) != month:
                continue
            due += 1
            d = Disclosure.objects.filter(account=account, period_start=start, corrects=None)
            on_time += d.filter(state="published", published_at__lte=deadline).exists()
    return {
        "resolve_hours": Decimal(median(spans)).quantize(Decimal("0.1"), ROUND_HALF_UP)
        if spans
        else None,
        "filed": sum(1 for r in requests if _month(r.created_at) == month and r.created_at <= NOW),
        "resolved": len(spans),
        "rated": len(rated),
        "rating_sum": sum(rated),
        "rated_good": sum(1 for r in rated if r >= 4),
        "votes_closed": len(votes),
        "votes_counted": len(tallies),
        "area": sum(t.area for t in tallies),
        "voted_area": sum(t.voted_area for t in tallies),
        "heads": sum(t.heads for t in tallies),
        "voted_heads": sum(t.voted_heads for t in tallies),
        "disclosures_due": due,
        "disclosures_on_time": on_time,
    }


def _kept(level, place) -> dict:
    rows = TrendMonth.objects.filter(level=level, place_id=place).order_by("month")
    return {r.month: {name: getattr(r, name) for name in FIELDS} for r in rows}


def _places(compounds):
    """Each level's places with their compounds."""
    everything = list(Compound.objects.select_related("community"))
    yield from ((L.COMPOUND, c.pk, [c]) for c in compounds)
    for community in {c.community for c in compounds}:
        yield L.COMMUNITY, community.pk, [c for c in everything if c.community == community]
    for office in {c.community.street_office_id for c in compounds}:
        yield (
            L.STREET_OFFICE,
            office,
            [c for c in everything if c.community.street_office_id == office],
        )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_months_equal_a_live_recomputation_at_every_level(place, seed):
    compounds = _world(place, seed)
    refresh_figures(now=NOW)
    months = months_to(NOW)
    assert months[0].isoformat() == "2025-07-01" and months[-1].isoformat() == "2026-06-01"
    for level, pk, members in _places(compounds):
        kept = _kept(level, pk)
        assert list(kept) == months, (level, pk)
        for month in months:
            assert kept[month] == _live(members, month), (level, pk, month)


def test_a_community_and_a_street_office_count_the_sums_of_their_compounds(place):
    _world(place, 5)
    refresh_figures(now=NOW)
    rows = list(TrendMonth.objects.all())
    of = {(r.level, r.place_id, r.month): r for r in rows}
    compounds = list(Compound.objects.select_related("community"))
    assert rows and any(r.filed for r in rows)
    for level, key in ((L.COMMUNITY, "community_id"), (L.STREET_OFFICE, "street_office_id")):
        for r in (r for r in rows if r.level == level):
            mine = [
                of[(L.COMPOUND, c.pk, r.month)]
                for c in compounds
                if getattr(c.community if key == "street_office_id" else c, key) == r.place_id
            ]
            for name in COUNTS:
                assert getattr(r, name) == sum(getattr(m, name) for m in mine), (level, name)


def _request(compound, created, resolved):
    return Request.objects.create(
        compound=compound,
        place="大门",
        category=Category.objects.get(compound=None, code="lighting"),
        description="路灯",
        state="resolved",
        reporter=f.UserFactory(),
        handler_kind="property",
        created_at=created,
        accept_due=created + timedelta(hours=4),
        resolve_due=created + timedelta(hours=48),
        accepted_at=created,
        resolved_at=resolved,
    )


def test_months_are_local_months_of_asia_shanghai(place):
    at = lambda *a: datetime(*a, tzinfo=SHANGHAI)  # noqa: E731
    # 23:30 on 31 October is October; 00:30 on 1 November (still 31 October in UTC) is
    # November; filed at 00:10 on 1 October (30 September in UTC) is October.
    _request(place.compound, at(2026, 10, 1, 0, 10), at(2026, 10, 31, 23, 30))
    _request(place.compound, at(2026, 10, 31, 20, 30), at(2026, 11, 1, 0, 30))
    now = at(2026, 11, 5, 12, 0)
    refresh_figures(now=now)
    months = {
        r.month.isoformat(): r
        for r in TrendMonth.objects.filter(level=L.COMPOUND, place_id=place.compound.pk)
    }
    assert len(months) == 12 and min(months) == "2025-12-01" and max(months) == "2026-11-01"
    assert (months["2026-09-01"].filed, months["2026-10-01"].filed) == (0, 2)
    assert (months["2026-10-01"].resolved, months["2026-11-01"].resolved) == (1, 1)
    assert months["2026-10-01"].resolve_hours == Decimal("743.3")  # 30 days 23 h 20 min
    assert months["2026-11-01"].resolve_hours == Decimal("4.0")
    assert months["2026-08-01"].resolve_hours is None  # nothing resolved: no median, a gap


def test_refreshing_twice_keeps_the_same_rows_and_drops_months_past_the_twelve(place):
    _world(place, 8)
    refresh_figures(now=NOW)
    first = {(r.level, r.place_id, r.month): (r.pk, r.filed) for r in TrendMonth.objects.all()}
    refresh_figures(now=NOW)
    again = {(r.level, r.place_id, r.month): (r.pk, r.filed) for r in TrendMonth.objects.all()}
    assert again == first  # updated in place, same ids
    later = NOW + timedelta(days=31)  # mid-July: July 2025 falls out, July 2026 comes in
    refresh_figures(now=later)
    months = set(TrendMonth.objects.values_list("month", flat=True))
    assert months == set(months_to(later)) and len(months) == 12


def test_a_refresh_of_some_compounds_recounts_their_street_offices_whole(place):
    compounds = _world(place, 9)
    far = f.CompoundFactory()  # another street office
    refresh_figures(now=NOW)
    later = NOW + timedelta(minutes=15)
    refresh_figures([compounds[0].pk], now=later)
    office = compounds[0].community.street_office_id
    stamps = {
        (r.level, r.place_id): r.computed_at for r in TrendMonth.objects.all().select_related(None)
    }
    assert stamps[(L.STREET_OFFICE, office)] == later
    assert stamps[(L.COMPOUND, compounds[3].pk)] == later  # same office, another community
    assert stamps[(L.COMPOUND, far.pk)] == NOW
