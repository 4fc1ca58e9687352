"""The world of `make loadtest` (bench/loadtest.py): one compound of N owners, each of one
unit on the roll of an open owners' vote, five property-company staff who triage, a
proposal in consultation, a current notice and a published financial disclosure.

Made through the services where a real compound gets them (the vote's notice freezes the
roll, the disclosure is drafted, approved and published), in bulk where a registry import
would bring them (units, people, homes). Everyone has the password LOAD_PASSWORD, hashed
once with the production hasher. Needs Django set up on an empty database.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from compounds.announcements.services import announcement_publish
from compounds.models import (
    Body,
    Building,
    Community,
    Compound,
    Membership,
    PropertyCompany,
    Residency,
    RoleAssignment,
    StreetOffice,
    Unit,
)
from compounds.services import ensure_default_kinds
from deliberation import services as deliberation
from deliberation import workflow as stages
from finance import services as finance
from finance import workflow as ledger
from requests.defaults import ensure_default_categories
from requests.models import Category

LOAD_PASSWORD = "load-test-12345"
RESIDENT_PHONE = "+86171{:08d}"
STAFF_PHONE = "+86172{:08d}"
START = date(2024, 1, 1)
PER_BUILDING = 20


def _people(phones: list[str], prefix: str) -> list:
    password = make_password(LOAD_PASSWORD)  # once: PBKDF2 takes a second a hash
    User = get_user_model()
    User.objects.bulk_create(
        User(phone=phone, display_name=f"{prefix}{n + 1}", phone_verified=True, password=password)
        for n, phone in enumerate(phones)
    )
    return list(User.objects.filter(phone__in=phones).order_by("phone"))


def _places(residents: int) -> tuple[Compound, PropertyCompany, list[Unit]]:
    office = StreetOffice.objects.create(city="恩施市", name="压测街道")
    community = Community.objects.create(street_office=office, name="压测社区")
    company = PropertyCompany.objects.create(name="压测物业服务有限公司")
    compound = Compound.objects.create(
        community=community,
        name="压测小区",
        households=residents,
        management=Compound.Management.PROPERTY_COMPANY,
        property_company=company,
    )
    buildings = Building.objects.bulk_create(
        Building(compound=compound, name=f"{n + 1}栋")
        for n in range((residents + PER_BUILDING - 1) // PER_BUILDING)
    )
    Unit.objects.bulk_create(
        Unit(
            building=buildings[n // PER_BUILDING],
            entrance="1单元",
            floor=1 + (n % PER_BUILDING) // 2,
            door=f"{1 + (n % PER_BUILDING) // 2}0{1 + n % 2}",
            area=Decimal(80 + n % 50) + Decimal("0.50"),
        )
        for n in range(residents)
    )
    units = list(Unit.objects.filter(building__compound=compound).order_by("pk"))
    return compound, company, units


def _bodies(compound: Compound, chair, secretary, checker) -> None:
    for kind, term, user, position in [
        (Body.Kind.OWNERS_COMMITTEE, 1, chair, Membership.Position.CHAIR),
        (Body.Kind.PARTY_BRANCH, None, secretary, Membership.Position.SECRETARY),
        (Body.Kind.SUPERVISORY_COMMITTEE, 1, checker, Membership.Position.MEMBER),
    ]:
        body = Body.objects.create(compound=compound, kind=kind, term_number=term, start=START)
        Membership.objects.create(body=body, user=user, position=position, start=START)


def _open_vote(compound: Compound, chair):
    """Voting opened an hour ago; its notice was given seventeen days before (lawful)."""
    vote = deliberation.vote_create(
        by=chair,
        compound=compound,
        title="压测表决：更换小区大门门禁",
        method="网上投票",
        topics=[{"title": "同意使用公共收益更换大门门禁", "matter_item": 7}],
    )
    opens = timezone.now() - timedelta(hours=1)
    return deliberation.vote_publish_notice(
        vote_id=vote.pk,
        by=chair,
        opens_at=opens,
        closes_at=opens + timedelta(days=7),
        now=opens - timedelta(days=17),
    )


def _proposal(compound: Compound, secretary):
    proposal = deliberation.proposal_raise(
        by=secretary,
        compound=compound,
        title="增设电动车充电桩",
        background="楼道里飞线充电很危险，居民希望在小区里增设充电桩。",
        options="在3栋和7栋之间的空地建一个充电棚。",
    )
    stages.advance(proposal.pk, "consult", actor=secretary)
    return proposal


def _disclosure(compound: Compound, chair, keeper, checker):
    """A common-income account with last month's parking income, its month closed and its
    statement drafted, approved and published, as beat and the committee would."""
    account = finance.open_account(
        compound=compound,
        actor=chair,
        kind="common_income",
        name="公共收益",
        opening_balance=Decimal("5000.00"),
        opened_on=START,
    )
    finance.appoint_keeper(account=account, actor=chair, holder=keeper)
    month = (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)
    fields = {
        "direction": "income",
        "occurred_on": month + timedelta(days=4),
        "amount": Decimal("3200.00"),
        "category": "parking",
        "counterparty": "停车场收费",
        "description": "临时停车费",
        "mandate": None,
    }
    entry = finance.record_entry(account=account, actor=keeper, fields=fields)
    ledger.perform(entry.pk, "submit", actor=keeper)
    ledger.perform(entry.pk, "approve", actor=checker)
    day = START
    while day <= month:
        finance.close_month(compound=compound, month=day, actor=keeper)
        day = (day + timedelta(days=32)).replace(day=1)
    finance.draft_due()
    published = []
    for statement in account.disclosures.order_by("period_start"):
        finance.disclosure_approve(disclosure=statement, actor=checker)
        published.append(finance.disclosure_publish(disclosure=statement, actor=keeper).pk)
    return account, published


def seed(residents: int = 200, staff: int = 5) -> dict:
    """Build the world and return what the virtual users need to know (ids, phones)."""
    ensure_default_kinds()
    ensure_default_categories()
    compound, company, units = _places(residents)
    people = _people([RESIDENT_PHONE.format(n) for n in range(residents)], "压测居民")
    Residency.objects.bulk_create(
        Residency(
            user=person,
            unit=unit,
            relation=Residency.Relation.OWNER,
            status=Residency.Status.VERIFIED,
            start=START,
        )
        for person, unit in zip(people, units, strict=True)
    )
    workers = _people([STAFF_PHONE.format(n) for n in range(staff)], "物业员工")
    RoleAssignment.objects.bulk_create(
        RoleAssignment(
            user=w, role=RoleAssignment.Role.PROPERTY_STAFF, property_company=company, start=START
        )
        for w in workers
    )
    chair, secretary, checker = people[0], people[1], people[2]
    _bodies(compound, chair, secretary, checker)
    vote = _open_vote(compound, chair)
    proposal = _proposal(compound, secretary)
    _account, disclosures = _disclosure(compound, chair, secretary, checker)
    announcement_publish(
        publisher=secretary,
        compound=compound,
        pinned=True,
        title="关于更换大门门禁的表决通知",
        body="业主大会表决已开始，请各位业主在网上投票。",
    )
    home_of = {r.user.phone: r.unit_id for r in Residency.objects.select_related("user")}
    return {
        "compound": compound.pk,
        "buildings": list(compound.buildings.order_by("pk").values_list("pk", flat=True)),
        "category": Category.objects.filter(compound=None, code="lighting").first().pk,
        "vote": vote.pk,
        "topic": vote.topics.get().pk,
        "proposal": proposal.pk,
        "disclosures": disclosures,
        "residents": [{"phone": p.phone, "unit": home_of[p.phone]} for p in people],
        "staff": [{"phone": w.phone, "pk": w.pk} for w in workers],
        "password": LOAD_PASSWORD,
    }
