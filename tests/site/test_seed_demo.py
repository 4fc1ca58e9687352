from django.contrib.auth import get_user_model
from django.core.management import call_command

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
}


def _counts():
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
    escalated = Request.objects.get(escalation_level=2)
    assert escalated.handler_kind == "community" and escalated.urgency == "emergency"
    assert Request.objects.filter(kind="help", state="assigned").exists()  # a claimed order
    assert Request.objects.filter(rating=5).exists()
    # 街道吹哨: the water company reported in, 城管 has not yet; a neighbour's request was
    # filed by the building head and closed by a return visit.
    from requests.models import Whistle

    at_street = Request.objects.get(escalation_level=3)
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
