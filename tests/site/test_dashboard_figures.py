"""The dashboard's kept figures (issue 15): the grouped refresh equals a naive recomputation
of each compound from its own rows, on random worlds; two refreshes leave the same rows."""

import itertools
import random
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from statistics import median

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from compounds.models import BuildingRole, BuildingRoleKind, Residency, Unit
from deliberation.models import OwnersVote, Proposal, Suggestion, VoteParticipation
from finance import statements
from finance.models import Account, Disclosure
from finance.queries import disclosure_calendar
from portal.site.dashboard.models import CompoundFigures, TrendMonth
from portal.site.dashboard.refresh import refresh_figures
from portal.site.tasks import refresh_figures as refresh_task
from requests.models import Category, Request, ServiceRecord
from tests import factories as f

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(timezone.datetime(2026, 6, 15, 10, 30))
STATES = [s.value for s in Request.State]
STAGES = [s.value for s in Proposal.Stage]
SERIAL = itertools.count(10)  # bodies' terms and accounts' names, unique across worlds


def _compounds(place):
    community = place.compound.community
    return [
        place.compound,
        place.other_compound,
        f.CompoundFactory(community=community),
        f.CompoundFactory(community=f.CommunityFactory(street_office=community.street_office)),
    ]


def _late(r) -> bool:
    """已超时 by hand: late to accept, to be on site or to resolve (requests.deadlines.late)."""
    on_site = r.on_site_at is None and r.on_site_due is not None and r.on_site_due < NOW
    return (r.state == "submitted" and r.accept_due < NOW) or on_site or r.resolve_due < NOW


def _places(rng, compound):
    buildings = [f.BuildingFactory(compound=compound) for _ in range(rng.randint(0, 2))]
    units = [f.UnitFactory(building=b) for b in buildings for _ in range(rng.randint(1, 3))]
    kinds = list(BuildingRoleKind.objects.filter(community__isnull=True))
    for unit in units:
        for _ in range(rng.randint(0, 2)):
            f.ResidencyFactory(
                unit=unit,
                status=rng.choice(["verified", "verified", "pending"]),
                end=rng.choice([None, None, date(2025, 1, 1)]),
            )
    for b in buildings:
        for kind in rng.sample(kinds, rng.randint(0, len(kinds))):
            f.BuildingRoleFactory(
                building=b, kind=kind, end=rng.choice([None, None, date(2025, 1, 1)])
            )
    return buildings, units


def _requests(rng, compound, place, reporter, volunteers):
    light = Category.objects.get(compound=None, code="lighting")
    for i in range(rng.randint(0, 12)):
        state = rng.choice(STATES)
        created = NOW - timedelta(hours=rng.randint(1, 3600))  # up to 150 days ago
        accepted = created + timedelta(minutes=rng.randint(1, 3000))
        resolved = accepted + timedelta(minutes=rng.randint(1, 20000))
        done = state in ("resolved", "closed")
        closed = state == "closed"
        request = Request.objects.create(
            compound=compound,
            place="大门",
            category=light,
            description=f"第{i}件",
            state=state,
            rating=rng.choice([None, 1, 2, 3, 4, 5]) if closed else None,
            reporter=reporter,
            handler_kind="property",
            created_at=created,
            accept_due=created + timedelta(hours=rng.choice([4, 4000])),
            on_site_due=created + timedelta(hours=1) if i % 3 == 0 else None,
            resolve_due=created + timedelta(hours=rng.randint(1, 500)),
            accepted_at=None if state == "submitted" else min(accepted, NOW),
            resolved_at=min(resolved, NOW) if done else None,
            closed_at=min(resolved + timedelta(hours=1), NOW) if closed else None,
            escalation_level=rng.choice([0, 0, 1, 2]),
        )
        for volunteer in rng.sample(volunteers, rng.randint(0, len(volunteers))):
            ServiceRecord.objects.create(
                request=request,
                volunteer=volunteer,
                hours=Decimal(rng.randint(1, 40)) / 10,
                served_on=NOW.date() - timedelta(days=rng.randint(0, 40)),
            )


def _deliberation(rng, compound, author):
    for _ in range(rng.randint(0, 4)):
        due = NOW + timedelta(hours=rng.randint(-200, 200))
        answered = rng.choice([None, due - timedelta(hours=1)])
        Suggestion.objects.create(
            compound=compound, author=author, text="建议", answer_due=due, answered_at=answered
        )
    for _ in range(rng.randint(0, 5)):
        Proposal.objects.create(
            compound=compound, title="议题", raised_by=author, stage=rng.choice(STAGES)
        )
    for i in range(rng.randint(0, 3)):
        closes = NOW + timedelta(days=rng.randint(-40, 10))
        state = rng.choice(["draft", "noticed", "closed"])
        vote = OwnersVote.objects.create(
            compound=compound,
            title=f"表决{i}",
            created_by=author,
            state=state,
            opens_at=closes - timedelta(days=rng.randint(1, 20)),
            closes_at=closes,
            closed_at=closes if state == "closed" else None,
        )
        area, heads = rng.randint(1, 10_000), rng.randint(1, 50)
        VoteParticipation.objects.create(
            vote=vote,
            overall=True,
            area=area,
            heads=heads,
            voted_area=rng.randint(0, area),
            voted_heads=rng.randint(0, heads),
        )
    for _ in range(rng.randint(0, 2)):
        f.BodyFactory(
            compound=compound,
            term_number=next(SERIAL),
            end=NOW.date() + timedelta(days=rng.randint(-30, 150)),
        )


def _finance(rng, compound):
    for _ in range(rng.randint(0, 2)):
        account = Account.objects.create(
            compound=compound,
            kind="common_income",
            name=f"账户{next(SERIAL)}",
            opened_on=NOW.date() - timedelta(days=rng.randint(0, 400)),
            cadence=rng.choice([c.value for c in Account.Cadence]),
        )
        for start, end in statements.ended_periods(account, NOW.date()):
            state = rng.choice([None, "draft", "published", "published"])
            if state is None:
                continue
            due = statements.due_by(end)
            Disclosure.objects.create(
                account=account,
                period_start=start,
                period_end=end,
                state=state,
                published_at=due + timedelta(days=rng.randint(-10, 5))
                if state == "published"
                else None,
            )


def _world(place, seed: int) -> list:
    rng = random.Random(seed)
    compounds = _compounds(place)
    reporter = f.UserFactory()
    volunteers = [f.UserFactory() for _ in range(3)]
    for compound in compounds:
        _places(rng, compound)
        _requests(rng, compound, place, reporter, volunteers)
        _deliberation(rng, compound, reporter)
        _finance(rng, compound)
    return compounds


def _q(value, places: str):
    return None if value is None else Decimal(value).quantize(Decimal(places), ROUND_HALF_UP)


def _median_hours(pairs, since):
    hours = [(end - start).total_seconds() / 3600 for start, end in pairs if end >= since]
    return _q(median(hours), "0.1") if hours else None


def _calendar(compound) -> dict:
    """The disclosure figures from finance's own calendar, as community staff read it."""
    staff = f.RoleAssignmentFactory(role="community_staff", community=compound.community).user
    rows = disclosure_calendar(staff, compound, now=NOW)
    published = [r.disclosure.published_at for r in rows if r.status.startswith("published")]
    ahead = [r.due for r in rows if r.status in ("waiting", "upcoming")]
    return {
        "accounts": Account.objects.filter(compound=compound).count(),
        "disclosure_last_published": max(published, default=None),
        "disclosure_next_due": min(ahead, default=None),
        "disclosures_late": sum(1 for r in rows if r.status == "late"),
    }


def _live(compound) -> dict:
    """Each figure of one compound from its own rows, read one by one in Python."""
    today = NOW.date()
    requests = list(Request.objects.filter(compound=compound))
    opened = [r for r in requests if r.state in Request.OPEN_STATES]
    accepted = [(r.created_at, r.accepted_at) for r in requests if r.accepted_at]
    resolved = [(r.created_at, r.resolved_at) for r in requests if r.resolved_at]
    d30, d90 = NOW - timedelta(days=30), NOW - timedelta(days=90)
    ratings = [r.rating for r in requests if r.rating and r.closed_at >= d90]
    stages = {}
    for p in Proposal.objects.filter(compound=compound).exclude(stage__in=["done", "withdrawn"]):
        stages[p.stage] = stages.get(p.stage, 0) + 1
    closed = OwnersVote.objects.filter(compound=compound, state="closed")
    last = closed.order_by("-closed_at", "-pk").first()
    p = VoteParticipation.objects.get(vote=last, overall=True) if last else None
    buildings = list(compound.buildings.all())
    kinds = list(BuildingRoleKind.objects.filter(community__isnull=True))
    held = {
        (r.building_id, r.kind_id)
        for r in BuildingRole.objects.filter(building__in=buildings)
        if r.is_current(today)
    }
    return {
        "households": Unit.objects.filter(building__compound=compound).count(),
        "residents": sum(
            1
            for r in Residency.objects.filter(unit__building__compound=compound)
            if r.status == "verified" and r.is_current(today)
        ),
        "open_requests": len(opened),
        "overdue_requests": sum(1 for r in opened if _late(r)),
        "escalated_requests": sum(1 for r in opened if r.escalation_level > 0),
        "accept_hours_30": _median_hours(accepted, d30),
        "accept_hours_90": _median_hours(accepted, d90),
        "resolve_hours_30": _median_hours(resolved, d30),
        "resolve_hours_90": _median_hours(resolved, d90),
        "rated": len(ratings),
        "rating_average": _q(sum(ratings) / len(ratings), "0.01") if ratings else None,
        "rating_good_share": _q(Decimal(sum(1 for r in ratings if r >= 4)) / len(ratings), "0.0001")
        if ratings
        else None,
        "suggestions_overdue": sum(
            1
            for s in Suggestion.objects.filter(compound=compound)
            if s.answered_at is None and s.answer_due < NOW
        ),
        "proposals_by_stage": stages,
        "votes_open": sum(
            1
            for v in OwnersVote.objects.filter(compound=compound, state="noticed")
            if v.opens_at <= NOW < v.closes_at
        ),
        "last_vote_closed_at": last.closed_at if last else None,
        "last_vote_area_share": _q(Decimal(p.voted_area) / p.area, "0.0001") if p else None,
        "last_vote_heads_share": _q(Decimal(p.voted_heads) / p.heads, "0.0001") if p else None,
        **_calendar(compound),
        "vacancies": sum(1 for b in buildings for k in kinds if (b.pk, k.pk) not in held),
        "role_slots": len(buildings) * len(kinds),
        "terms_ending": sum(
            1
            for b in compound.bodies.all()
            if b.end and today <= b.end <= date(today.year, today.month + 3, today.day)
        ),
        "volunteer_hours": sum(
            (
                s.hours
                for s in ServiceRecord.objects.filter(request__compound=compound)
                if s.served_on.replace(day=1) == today.replace(day=1) and s.served_on <= today
            ),
            Decimal("0.0"),
        ),
    }


def _kept(compound) -> dict:
    row = CompoundFigures.objects.get(compound=compound)
    return {name: getattr(row, name) for name in _live(compound)}


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_refresh_equals_a_live_recomputation_on_random_worlds(place, seed):
    compounds = _world(place, seed)
    assert refresh_figures(now=NOW) == len(compounds)
    for compound in compounds:
        assert _kept(compound) == _live(compound), compound.name


def test_refresh_twice_leaves_the_same_rows_and_a_subset_touches_only_its_own(place):
    compounds = _world(place, 7)
    refresh_figures(now=NOW)
    first = {c.pk: _kept(c) for c in compounds}
    ids = set(CompoundFigures.objects.values_list("pk", flat=True))
    refresh_figures(now=NOW)
    assert {c.pk: _kept(c) for c in compounds} == first
    assert set(CompoundFigures.objects.values_list("pk", flat=True)) == ids  # updated in place
    later = NOW + timedelta(minutes=15)
    refresh_figures([compounds[0].pk], now=later)
    stamps = dict(CompoundFigures.objects.values_list("compound_id", "computed_at"))
    assert stamps[compounds[0].pk] == later
    assert all(stamps[c.pk] == NOW for c in compounds[1:])


def test_the_beat_task_refreshes_every_compound(place):
    from portal.celery import app

    assert refresh_task.name == "site.refresh_figures"
    entries = [e for e in app.conf.beat_schedule.values() if e["task"] == refresh_task.name]
    assert entries == [{"task": "site.refresh_figures", "schedule": 900.0}]
    assert refresh_task() == 2
    assert CompoundFigures.objects.count() == 2


def test_the_refresh_makes_as_many_queries_for_many_compounds_as_for_few(place):
    """Its reads are a fixed number of grouped queries; its writes are upserts in batches
    (as many rows as a statement may carry: 500, or SQLite's limit on parameters), so only
    they grow, by one statement per batch of rows."""

    def count() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            refresh_figures(now=NOW)
        sql = [q["sql"].lstrip().upper() for q in captured.captured_queries]
        reads = [q for q in sql if q.startswith("SELECT")]
        assert all(
            q.startswith(("SELECT", "INSERT", "DELETE", "SAVEPOINT", "RELEASE")) for q in sql
        )
        return len(reads), len(sql) - len(reads)

    _world(place, 11)
    few, writes = count()
    for seed in (12, 13, 14):
        _world(place, seed)  # four compounds more each time, with their rows
    more, more_writes = count()
    assert more == few
    rows = CompoundFigures.objects.count() + TrendMonth.objects.count()
    assert more_writes <= writes + rows // 30
