"""Two compounds for the IDOR probe (issue 16, item 5), each with its people and one object
of every kind a URL or a form takes an id of: A (the personas' own) and B, in another
community of another street office. A third compound, C, lies in another community of A's
street office: its community's staff are A's neighbours, not A's staff.

Built once per module, inside a transaction rolled back at the end (`built_sides`); every
test runs in a savepoint of it, as pytest-django's `db` does."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from types import SimpleNamespace

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from compounds.models import Body, RoleAssignment
from tests import factories as f
from tests.authorization.conftest import World, make_world
from tests.authorization.rows_fees import fees_of, home_of
from tests.compounds.test_services import photo
from tests.helpers import PDF

Role = RoleAssignment.Role

# The personas of compound A whose reach is probed, as in the authorization matrix, with
# the community's staff; B has the same people (other phone numbers).
PERSONAS = [
    "resident",
    "tenant",
    "building_head",
    "committee_chair",
    "party_secretary",
    "supervisor",
    "worker",
    "street_staff",
    "community_staff",
    "volunteer",
]


@dataclass
class Side:
    """One compound's people and objects. `world` is the matrix's World (its objects by
    the same names); the rest are the kinds the matrix does not need."""

    world: World
    people: SimpleNamespace
    extra: SimpleNamespace = field(default_factory=SimpleNamespace)

    def __getattr__(self, name):
        # side.request, side.vote …: the world's objects, then the extras, then the people.
        for holder in ("world", "extra", "people"):
            value = getattr(self.__dict__[holder], name, None)
            if value is not None:
                return value
        raise AttributeError(name)


def _place(compound_name: str, company_name: str, community=None) -> SimpleNamespace:
    company = f.PropertyCompanyFactory(name=company_name)
    kwargs = {"community": community} if community else {}
    compound = f.CompoundFactory(
        name=compound_name, management="property_company", property_company=company, **kwargs
    )
    return SimpleNamespace(
        compound=compound,
        building=f.BuildingFactory(compound=compound, name="18栋"),
        company=company,
    )


def _people(place, prefix: str, suffix: str) -> SimpleNamespace:
    """The personas of tests/conftest.py at `place`, with phones +86{prefix}000000NN and
    `suffix` after their names (so a page that names one of B's people is caught)."""

    def phone(n):
        return f"+86{prefix}{n:08d}"

    def owner(n, name, door, relation="owner"):
        user = f.UserFactory(phone=phone(n), display_name=name + suffix)
        unit = f.UnitFactory(building=place.building, entrance="2单元", door=door)
        f.ResidencyFactory(user=user, unit=unit, relation=relation)
        return user

    def member(user, kind, position, party=False):
        body = Body.objects.filter(compound=place.compound, kind=kind).first()
        body = body or f.BodyFactory(
            compound=place.compound, kind=kind, term_number=None if kind == "party_branch" else 1
        )
        f.MembershipFactory(body=body, user=user, position=position, is_party_member=party)
        return user

    def staff(n, name, role, **scope):
        user = f.UserFactory(phone=phone(n), display_name=name + suffix)
        f.RoleAssignmentFactory(user=user, role=role, **scope)
        return user

    people = SimpleNamespace(
        resident=owner(1, "刘桂英", "301"),
        tenant=owner(9, "马小龙", "302", relation="tenant"),
        building_head=owner(2, "陈建国", "502"),
        committee_chair=member(owner(3, "周明华", "201"), "owners_committee", "chair", True),
        party_secretary=member(owner(4, "杨志刚", "402"), "party_branch", "secretary", True),
        supervisor=member(owner(5, "黄丽萍", "602"), "supervisory_committee", "member"),
        worker=staff(6, "吴师傅", Role.PROPERTY_STAFF, property_company=place.company),
        street_staff=staff(
            7, "孙晓燕", Role.STREET_STAFF, street_office=place.compound.community.street_office
        ),
        community_staff=staff(
            11, "社区小吴", Role.COMMUNITY_STAFF, community=place.compound.community
        ),
        volunteer=owner(8, "赵卫东", "102"),
    )
    f.BuildingRoleFactory(
        building=place.building, holder=people.building_head, kind=f.role_kind("building_head")
    )
    f.RoleAssignmentFactory(
        user=people.volunteer, role=Role.VOLUNTEER, compound=place.compound, is_party_member=True
    )
    return people


def build_side(compound_name: str, prefix: str, suffix: str = "") -> Side:
    place = _place(compound_name, f"{compound_name}物业")
    people = _people(place, prefix, suffix)
    side = Side(make_world(place, people), people)
    side.extra = _extras(side, place)
    _community_life(side)
    return side


def neighbour(a: Side) -> SimpleNamespace:
    """Compound C, in another community of A's street office, and its community's staff:
    A's neighbours, not A's staff."""
    c = _place("邻社区小区", "邻社区物业", community=f.CommunityFactory(
        street_office=a.compound.community.street_office, name="邻社区"
    ))  # fmt: skip
    user = f.UserFactory(phone="+8613500000011", display_name="邻社区小钱")
    f.RoleAssignmentFactory(user=user, role=Role.COMMUNITY_STAFF, community=c.compound.community)
    return SimpleNamespace(compound=c.compound, staff=user)


def _extras(side: Side, place) -> SimpleNamespace:
    """What the matrix's world lacks: a written proxy, a meeting's attachment, a proposal's
    progress photo, the property-fee account and its bank line, a registry export of the
    community's staff."""
    from compounds.models import RegistryExport
    from deliberation import services as deliberation
    from deliberation.models import MeetingAttachment, ProgressUpdate
    from portal.notifications.services import notify
    from requests.services import department_register

    w, p = side.world, side.people
    proxy = deliberation.proxy_register(
        vote=w.vote,
        unit=p.supervisor.residencies.get().unit,
        owner=p.supervisor,
        proxy_phone=p.tenant.phone,
        matters=w.vote.title,
        valid_until=w.vote.closes_at,
        scan=SimpleUploadedFile("委托书.pdf", PDF, content_type="application/pdf"),
    )
    attachment = MeetingAttachment(
        meeting=w.meeting, name="签到表.pdf", uploaded_by=p.committee_chair
    )
    attachment.file.save("a.pdf", ContentFile(PDF), save=False)
    attachment.content_type = "application/pdf"
    attachment.save()
    progress = ProgressUpdate(proposal=w.proposal, author=p.committee_chair, text="开工")
    progress.photo.save("p.jpg", ContentFile(photo().read()), save=False)
    progress.save()
    export = RegistryExport(
        compound=w.compound,
        requested_by=p.community_staff,
        status="done",
        finished_at=timezone.now() - timedelta(minutes=1),
    )
    export.file.save("e.xlsx", ContentFile(b"PK"), save=False)
    export.save()
    fees = fees_of(w)
    (own_notification,) = notify(
        recipients=[p.resident], event="announcement.published", params={"title": "停水通知"}
    )
    return SimpleNamespace(
        spare=f.UnitFactory(building=place.building, entrance="2单元", door="901"),
        category=_own_category(w.compound, p.committee_chair),
        department=department_register(
            by=p.street_staff,
            street_office=w.compound.community.street_office,
            name="城管执法队",
            kind="government",
        ),
        own_notification=own_notification,
        own_home=p.resident.residencies.get(),
        draft=_entry(w.account, p.party_secretary),
        helped=_help_given(side, place),
        **_emergencies(side),
        proxy=proxy,
        meeting_attachment=attachment,
        progress=progress,
        staff_export=export,
        fees=fees,
        fee_line=fees.unmatched_lines.get(),
        home=home_of(w),
        topic=w.vote.topics.get(),
        campaign_home=w.campaign.parts.get(unit__door="301").unit,
        request_photo=w.request.photos.get(),
    )


def _community_life(side: Side) -> None:
    """Issue 17's objects, as the matrix's rows name them on the world (so a row's builder
    and POST data read them alike): the make_world already holds the facilities (a facility,
    its check with a photo, a survey, the plan) and the roster's shift (and its station);
    here the teams' world (a team with an application, a kept zone with a clean-up, a free
    zone with a photo, a responsibility), the activity with its photo, and a sign-up (the
    tenant's). The activity begins within the hour, so its organisers take attendance; the
    volunteer offers the shift to the party secretary, who may answer."""
    from community.models import Activity
    from community.services.activities import signup_join
    from community.services.roster import shift_offer
    from tests.authorization.rows_community_activities import _activity
    from tests.authorization.rows_community_teams import teams_world

    w, p = side.world, side.people
    w.teams = teams_world(
        w.compound,
        w.building,
        secretary=p.party_secretary,
        volunteer=p.volunteer,
        tenant=p.tenant,
        head=p.building_head,
    )
    activity = _activity(w)
    side.extra.signup = signup_join(activity=activity, user=p.tenant)
    Activity.objects.filter(pk=activity.pk).update(starts_at=timezone.now() + timedelta(minutes=30))
    activity.refresh_from_db()
    shift_offer(shift_id=w.roster.pk, by=p.volunteer, to=p.party_secretary)


def _entry(account, keeper, **overrides):
    from tests.finance.conftest import record

    return record(account, keeper, **overrides)


def _help_given(side: Side, place):
    """A help order the volunteer took and finished: its hours are theirs to record."""
    from requests import workflow
    from requests.models import Category
    from requests.services import request_file

    order = request_file(
        reporter=side.people.resident,
        compound=place.compound,
        building=place.building,
        kind="help",
        category=Category.objects.get(compound=None, code="other"),
        description="想请人陪同去医院复查",
    )
    workflow.perform(order.pk, "claim", actor=side.people.volunteer)
    workflow.perform(order.pk, "resolve", actor=side.people.volunteer)
    return order


def _emergencies(side: Side) -> dict:
    """The maintenance fund with an emergency expense waiting for its signatures, and one
    posted without a resolution (to ratify), with the resolution that may ratify it."""
    from deliberation.models import MatterItem
    from finance import services
    from finance import workflow as ledger
    from tests.finance.conftest import open_kept, resolution

    p = side.people
    place = SimpleNamespace(compound=side.world.compound)
    fund = open_kept(
        place, p.committee_chair, p.party_secretary, kind="maintenance_fund", name="维修资金",
        opening="50000.00",
    )  # fmt: skip
    money = {"amount": Decimal("6800.00"), "category": "repairs", "emergency": "lift"}
    unsigned = _entry(fund, p.party_secretary, **money)
    spent = _entry(fund, p.party_secretary, **money)
    for action, actor in (("approve", p.committee_chair), ("confirm", p.community_staff)):
        services.emergency_sign(entry_id=spent.pk, action=f"emergency_{action}", actor=actor)
    ledger.perform(spent.pk, "submit", actor=p.party_secretary)
    ledger.perform(spent.pk, "approve", actor=p.supervisor)
    mandate = resolution(place, p.committee_chair, matter_item=MatterItem.USE_FUND)
    return {"fund": fund, "unsigned": unsigned, "spent": spent, "mandate": mandate}


def _own_category(compound, chair):
    """The compound's own first category (its categories customised)."""
    from requests.models import Category
    from requests.services import categories_customise

    categories_customise(compound, by=chair)
    return Category.objects.filter(compound=compound).order_by("pk").first()
