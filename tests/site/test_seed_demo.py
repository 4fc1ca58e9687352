from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Count

from compounds.models import (
    Building,
    BuildingRole,
    Compound,
    Residency,
    RoleAssignment,
    StreetOffice,
    Unit,
)
from portal.demo_accounts import DEMO_ACCOUNTS, DEMO_PASSWORD

EXPECTED_COMPOUNDS = {
    "翡翠谷小区",
    "黄荆岭小区",
    "太阳岛小区",
    "蒲纺医院小区",
    "百腊井小区",
    "庆丰小区",
    "贡水花园",
    "金源小区",
    "耐火小区",
    # the rest of 金子坝街道 (issue 15: the street office's dashboard)
    "金桂苑",
    "施南花园",
    "清江明珠",
    "龙凤小区",
    "硒都家园",
    "凤凰城小区",
    "民族花园",
    "馨雅苑",
    "梨树坪小区",
    "土司城小区",
}


def _counts():
    from deliberation.models import Ballot, OwnersVote, Suggestion
    from finance.models import Disclosure, Entry
    from requests.models import Request, RequestEvent

    return [
        m.objects.count()
        for m in (
            StreetOffice,
            Compound,
            Building,
            Unit,
            get_user_model(),
            Residency,
            RoleAssignment,
            BuildingRole,
            Request,
            RequestEvent,
            OwnersVote,
            Ballot,
            Suggestion,
            Entry,
            Disclosure,
        )
    ]


def test_seed_demo_creates_places_and_accounts_and_is_idempotent(db):
    call_command("seed_demo")
    first = _counts()
    call_command("seed_demo")
    assert _counts() == first
    assert set(Compound.objects.values_list("name", flat=True)) == EXPECTED_COMPOUNDS
    assert Compound.objects.get(name="翡翠谷小区").households == 278
    assert StreetOffice.objects.filter(name="金子坝街道", city="恩施市").exists()
    users = get_user_model().objects.filter(phone__in=["+86" + a.phone for a in DEMO_ACCOUNTS])
    assert users.count() == 10
    assert all(user.check_password(DEMO_PASSWORD) for user in users)


def test_demo_accounts_hold_the_roles_of_the_design(db):
    call_command("seed_demo")
    owner = Residency.objects.get(user__phone="+8613800000001")
    assert (owner.unit.building.name, owner.unit.entrance, owner.unit.door) == (
        "18栋",
        "2单元",
        "301",
    )
    assert owner.relation == "owner"
    tenant = Residency.objects.get(user__phone="+8613800000009")
    assert (tenant.relation, tenant.unit.door) == ("tenant", "302")
    head = BuildingRole.objects.get(holder__phone="+8613800000002")
    assert (head.kind.code, head.building.name) == ("building_head", "18栋")
    street = RoleAssignment.objects.get(user__phone="+8613800000007")
    assert (street.role, street.street_office.name) == ("street_staff", "金子坝街道")
    other = Residency.objects.get(user__phone="+8613800000010")
    assert other.unit.building.compound.name == "黄荆岭小区"


def test_demo_requests_cover_every_state_and_an_escalation(db):
    from requests.models import Request

    call_command("seed_demo")
    states = set(Request.objects.values_list("state", flat=True))
    assert states == set(Request.State.values)
    fcg = Request.objects.filter(compound__name="翡翠谷小区")
    escalated = fcg.get(escalation_level=2)
    assert escalated.handler_kind == "community" and escalated.urgency == "emergency"
    assert Request.objects.filter(kind="help", state="assigned").exists()  # a claimed order
    assert Request.objects.filter(rating=5).exists()
    # 街道吹哨: the water company reported in, 城管 has not yet; a neighbour's request was
    # filed by the building head and closed by a return visit.
    from requests.models import Whistle

    at_street = fcg.get(escalation_level=3)
    assert at_street.handler_kind == "street_office"
    assert sorted(
        (w.department.name, w.acknowledged_at is not None) for w in at_street.whistles.all()
    ) == [("供水公司", True), ("城管执法队", False)]
    assert Whistle.objects.count() == 2
    neighbour = Request.objects.get(reporter__isnull=True)
    assert (neighbour.reporter_name, neighbour.state, neighbour.rating) == (
        "3单元王奶奶",
        "closed",
        5,
    )


def test_demo_deliberation_has_every_stage_a_counted_vote_and_an_election(db):
    from deliberation.models import Election, Meeting, OwnersVote, Proposal
    from deliberation.queries import recount_closed

    call_command("seed_demo")
    stages = set(Proposal.objects.values_list("stage", flat=True))
    assert {"propose", "consult", "review", "resolve", "evaluate", "done"} <= stages
    covers = Proposal.objects.get(title="下水道盖板整修")
    assert (covers.stage, covers.decision) == ("evaluate", "approved")
    finished = covers.topics.get().vote
    assert finished.state == "closed" and finished.result_notice is not None
    assert Proposal.objects.filter(origin="petition", petition_met_at__isnull=True).exists()
    assert OwnersVote.objects.filter(state="noticed").exists()  # one open now
    assert Meeting.objects.filter(kind="roundtable", minutes_published_at__isnull=False).exists()
    election = Election.objects.get()
    assert election.state == "done" and len(election.result["elected"]) == 11
    assert recount_closed() == []  # every stored result recounts from its ballots


def test_the_street_office_dashboard_looks_real(db):
    """Issue 15 item 5: 金子坝街道 looks like a street office — three communities, eleven
    compounds of varied health, a year of history — with one visibly in trouble at the
    top, worst first."""
    from django.utils import timezone

    from deliberation.models import OwnersVote
    from finance.models import Disclosure
    from portal.notifications.models import Notification
    from portal.site.dashboard.health import POOR
    from portal.site.dashboard.queries import dashboard_compounds, dashboard_rows
    from requests.models import Request

    call_command("seed_demo")
    staff = get_user_model().objects.get(phone="+8613800000007")
    rows, _sort = dashboard_rows(dashboard_compounds(staff), "health")
    assert len(rows) == 11
    assert len({r.compound.community_id for r in rows}) == 3
    first = rows[0]
    assert first.compound.name == "梨树坪小区"
    assert first.health.score < POOR
    f = first.figures
    assert f.overdue_requests >= 3 and f.escalated_requests >= 1
    assert f.disclosures_late >= 2 and f.suggestions_overdue >= 3 and f.vacancies > 0
    assert f.last_vote_area_share < Decimal("0.5") and f.rating_average < 3
    fcg = next(r for r in rows if r.compound.name == "翡翠谷小区")
    assert fcg.health.score >= POOR
    # most fair to good, a couple middling: only the one in trouble is far down
    scores = sorted(r.health.score for r in rows)
    assert scores[1] >= 50 and sum(s >= 75 for s in scores) >= 7
    assert sum(r.figures.terms_ending for r in rows) >= 2

    # A year of history as the workflow leaves it: requests spread over 12 months with
    # ordered timestamps and ratings 1-5; the overdue emergency escalated to the street
    # office; votes closed with participation; statements published month by month; and
    # nobody flooded with unread notifications.
    now = timezone.now()
    street = Request.objects.filter(compound__community__street_office__name="金子坝街道")
    months = {(r.year, r.month) for r in street.values_list("created_at", flat=True)}
    assert len(months) >= 12
    for r in street.exclude(accepted_at=None):
        assert r.created_at <= r.accepted_at <= now
        if r.resolved_at:
            assert r.accepted_at <= r.resolved_at <= now
        if r.closed_at:
            assert r.closed_at >= (r.resolved_at or r.accepted_at)
    closed = street.filter(state="closed")
    assert closed.count() > 500
    assert set(closed.exclude(rating=None).values_list("rating", flat=True)) == {1, 2, 3, 4, 5}
    assert not street.filter(state="closed", closed_at=None).exists()
    emergency = Request.objects.get(
        compound__name="梨树坪小区", urgency="emergency", state__in=Request.OPEN_STATES
    )
    assert emergency.resolve_due < now and emergency.escalation_level == 3
    actions = list(emergency.events.values_list("action", flat=True))
    assert actions[:4] == ["file", "accept", "assign", "arrive"]
    assert actions.count("escalate") == 3
    votes = OwnersVote.objects.filter(compound__name="梨树坪小区", state="closed")
    assert votes.count() == 2 and all(v.closed_at < now for v in votes)
    published = Disclosure.objects.filter(
        account__compound__name="金桂苑", state="published"
    ).values_list("published_at", flat=True)
    assert len({(p.year, p.month) for p in published}) >= 10
    unread = Notification.objects.filter(read_at=None).values("recipient").annotate(n=Count("pk"))
    assert max(row["n"] for row in unread) <= 3
