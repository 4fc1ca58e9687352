"""The rest of 金子坝街道 for the dashboard (issue 15): three communities and ten invented
compounds beside 翡翠谷小区, each with buildings and units, owners, an owners' committee,
its 两长四员, a property company's worker — of varied health, one of them (梨树坪小区)
visibly in trouble. Written in bulk when a compound is new (a second run finds them all and
leaves them), with a random generator seeded by the compound's name: the same rows every
time. The months of history behind their figures are portal/site/demo/months.py and
records.py; a compound's `Profile` says how well it is run."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.core.management.color import no_style
from django.db import connection
from django.utils import timezone

from compounds.models import (
    Body,
    Building,
    BuildingRole,
    BuildingRoleKind,
    Community,
    Compound,
    Membership,
    PropertyCompany,
    Residency,
    RoleAssignment,
    Unit,
)
from portal.site.demo.places import GIVEN, SURNAMES, TERM_START, _password_hash, _seed_units
from portal.site.scale.writer import Writer

FIRST_PHONE = 13900010000  # the street's invented people: 139 0001 xxxx


@dataclass(frozen=True)
class Profile:
    """How well a compound is run: what its months of history are drawn from."""

    ratings: tuple[int, int, int, int, int]  # weights of the ratings 5, 4, 3, 2, 1
    resolve_hours: tuple[float, float]  # filing to resolved, drawn between (a triangle)
    vacancy: float  # share of 两长四员 roles without a holder
    turnout: tuple[float, float]  # share of the owners voting in its votes
    registered: float  # share of units with a registered owner
    published_late: float  # share of its statements published after their due date
    unpublished: int  # the latest ended periods still not published (late)
    overdue: int  # open requests past their resolve-by time now
    suggestions_late: int  # suggestions unanswered past their answer-by time
    votes: int  # closed owners' votes over the year


GOOD = Profile((62, 26, 8, 3, 1), (4, 44), 0.03, (0.72, 0.88), 0.94, 0.05, 0, 0, 0, 1)
FAIR = Profile((48, 30, 13, 6, 3), (8, 60), 0.08, (0.64, 0.8), 0.9, 0.12, 0, 1, 0, 2)
MIDDLING = Profile((34, 30, 18, 11, 7), (16, 96), 0.17, (0.5, 0.66), 0.86, 0.3, 1, 1, 1, 1)
TROUBLE = Profile((6, 10, 20, 32, 32), (60, 280), 0.45, (0.2, 0.28), 0.78, 0.5, 3, 5, 4, 2)

COMPANIES = [
    ("恩施清江物业服务有限公司", "0718-8211000", "覃师傅"),
    ("恩施硒都物业管理有限公司", "0718-8233000", "向师傅"),
    ("恩施鑫源物业服务有限公司", "0718-8255000", "谭师傅"),
]
# community → [(compound, buildings, profile, company, committee term ends in days)]
STREET = [
    (
        "黄泥坝社区",
        [
            ("金桂苑", 4, GOOD, 0, 1500),
            ("施南花园", 5, FAIR, 1, 45),  # a term ending soon: the election is due
            ("清江明珠", 3, GOOD, 0, 900),
        ],
    ),
    (
        "金子坝社区",
        [
            ("龙凤小区", 6, MIDDLING, 2, 700),
            ("硒都家园", 4, GOOD, 1, 1200),
            ("凤凰城小区", 5, FAIR, 1, 80),  # and another
            ("民族花园", 3, GOOD, 0, 1000),
        ],
    ),
    (
        "桂花坝社区",
        [
            ("馨雅苑", 4, FAIR, 2, 600),
            ("梨树坪小区", 5, TROUBLE, 2, 300),
            ("土司城小区", 3, MIDDLING, 1, 1100),
        ],
    ),
]
TROUBLED = "梨树坪小区"


@dataclass
class Place:
    """What the history of one compound needs to know about it."""

    compound: Compound
    profile: Profile
    chair: object  # the owners' committee chair (a user)
    worker: object  # the property company's worker who handles its requests
    owners: dict[int, int] = field(default_factory=dict)  # unit → its owner (user id)
    building_of: dict[int, int] = field(default_factory=dict)  # unit → building

    @property
    def rng(self) -> random.Random:
        return random.Random(f"demo:{self.compound.name}")  # noqa: S311 - reproducible


class DemoWriter(Writer):
    """The scale data's bulk writer, finishing with the tables it wrote: the scale's
    database-wide ANALYZE waits on any session of the cluster holding a shared catalog."""

    def finish(self) -> None:
        models = list(self.next_ids)
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)
            if self.postgres:
                for model in models:
                    cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


class People:
    """Invented people of the street, made in one batch with the demo's password hash."""

    def __init__(self) -> None:
        taken = (
            get_user_model()
            .objects.filter(phone__startswith="+861390001")
            .order_by("-phone")
            .values_list("phone", flat=True)
            .first()
        )
        self.serial = int(taken[3:]) + 1 if taken else FIRST_PHONE
        self.users: list = []

    def new(self, rng: random.Random, name: str | None = None):
        name = name or rng.choice(SURNAMES) + rng.choice(GIVEN)
        user = get_user_model()(
            phone=f"+86{self.serial}",
            display_name=name,
            phone_verified=True,
            password=_password_hash(),
            date_joined=timezone.now() - timedelta(days=400),
        )
        self.serial += 1
        self.users.append(user)
        return user

    def save(self) -> None:
        get_user_model().objects.bulk_create(self.users, batch_size=1000)
        self.users = []


def seed_street(office) -> list[Place]:
    """The street's new compounds, made when missing; returns the places made now (none on
    a second run: their history is then there too)."""
    companies = []
    for name, hotline, _worker in COMPANIES:
        company, _ = PropertyCompany.objects.get_or_create(name=name, defaults={"hotline": hotline})
        companies.append(company)
    made = []
    for community_name, specs in STREET:
        community, _ = Community.objects.get_or_create(street_office=office, name=community_name)
        for name, n_buildings, profile, company, term_days in specs:
            if Compound.objects.filter(community=community, name=name).exists():
                continue
            compound = Compound.objects.create(
                community=community,
                name=name,
                management=Compound.Management.PROPERTY_COMPANY,
                property_company=companies[company],
                contract_start=date(2023, 1, 1),
                contract_end=date(2027, 12, 31),
            )
            made.append((compound, profile, company, term_days, n_buildings))
    if not made:
        return []
    workers = _workers(companies)
    people = People()
    places = []
    for compound, profile, company, term_days, n_buildings in made:
        place = Place(compound, profile, chair=None, worker=workers[company])
        _buildings(place, n_buildings)
        places.append((place, term_days))
    pending = [_residents(place, people) for place, _days in places]
    people.save()
    Residency.objects.bulk_create([r for rows in pending for r in rows], batch_size=1000)
    for (place, term_days), rows in zip(places, pending, strict=True):
        place.owners = {r.unit_id: r.user_id for r in rows if r.relation == "owner"}
        _committee(place, term_days)
    _building_roles([place for place, _days in places])
    return [place for place, _days in places]


def _workers(companies) -> list:
    workers = []
    for company, (_name, _hotline, worker_name) in zip(companies, COMPANIES, strict=True):
        phone = f"+86139000199{len(workers):02d}"
        user = get_user_model().objects.filter(phone=phone).first()
        if user is None:
            user = get_user_model().objects.create(
                phone=phone,
                display_name=worker_name,
                phone_verified=True,
                password=_password_hash(),
            )
            RoleAssignment.objects.create(
                user=user,
                role=RoleAssignment.Role.PROPERTY_STAFF,
                property_company=company,
                start=TERM_START,
            )
        workers.append(user)
    return workers


def _buildings(place: Place, n: int) -> None:
    compound = place.compound
    Building.objects.bulk_create(Building(compound=compound, name=f"{i + 1}栋") for i in range(n))
    for index, building in enumerate(compound.buildings.order_by("pk")):
        _seed_units(building, index + 3)
    units = Unit.objects.filter(building__compound=compound).order_by("pk")
    place.building_of = dict(units.values_list("pk", "building_id"))
    Compound.objects.filter(pk=compound.pk).update(households=len(place.building_of))


def _residents(place: Place, people: People) -> list[Residency]:
    """Owners of most units (a few of two neighbouring ones), some tenants."""
    rng, rows, previous = place.rng, [], None
    for unit in place.building_of:
        if rng.random() > place.profile.registered:
            continue
        owner = previous if previous and rng.random() < 0.06 else people.new(rng)
        previous = owner
        rows.append(
            Residency(
                user=owner,
                unit_id=unit,
                relation="owner",
                status="verified",
                start=TERM_START - timedelta(days=rng.randrange(2000)),
            )
        )
        if rng.random() < 0.1:
            rows.append(
                Residency(
                    user=people.new(rng),
                    unit_id=unit,
                    relation="tenant",
                    status="verified",
                    start=TERM_START,
                )
            )
    return rows


def _committee(place: Place, term_days: int) -> None:
    """The owners' committee (a chair and four members, owners there) in its term; the
    party branch where the compound has one (the better run ones)."""
    compound = place.compound
    end = timezone.localdate() + timedelta(days=term_days)
    start = end.replace(year=end.year - 5) + timedelta(days=1)
    body = Body.objects.create(
        compound=compound, kind=Body.Kind.OWNERS_COMMITTEE, term_number=1, start=start, end=end
    )
    owners = list(dict.fromkeys(place.owners.values()))
    chosen = place.rng.sample(owners, 5)
    Membership.objects.bulk_create(
        Membership(
            body=body,
            user_id=user,
            start=start,
            position="chair" if n == 0 else "member",
            is_party_member=n < 2,
        )
        for n, user in enumerate(chosen)
    )
    place.chair = get_user_model().objects.get(pk=chosen[0])
    if place.profile.vacancy < 0.1:
        branch = Body.objects.create(compound=compound, kind=Body.Kind.PARTY_BRANCH, start=start)
        Membership.objects.create(
            body=branch, user_id=chosen[1], start=start, position="secretary", is_party_member=True
        )


def _building_roles(places: list[Place]) -> None:
    """两长四员 of every building, held by owners living there; the profile's share vacant."""
    kinds = list(BuildingRoleKind.objects.filter(community__isnull=True).order_by("order"))
    rows = []
    for place in places:
        rng = place.rng
        living: dict[int, list[int]] = {}
        for unit, owner in place.owners.items():
            living.setdefault(place.building_of[unit], []).append(owner)
        for building, owners in sorted(living.items()):
            holders = rng.sample(owners, min(len(kinds), len(owners)))
            for kind, holder in zip(kinds, holders, strict=False):
                if rng.random() < place.profile.vacancy:
                    continue
                rows.append(
                    BuildingRole(
                        building_id=building,
                        kind=kind,
                        holder_id=holder,
                        start=TERM_START - timedelta(days=rng.randrange(700)),
                        phone_public=kind.code in ("building_head", "housing_officer"),
                    )
                )
    BuildingRole.objects.bulk_create(rows, batch_size=1000)


def feicuigu_place(fcg: Compound, demo: dict) -> Place:
    """翡翠谷小区 as a place of the street's history: its invented neighbours report (the
    personas' own requests stay the few the demo made), 吴师傅 fixes, a fair profile."""
    units = Unit.objects.filter(building__compound=fcg)
    owners = Residency.objects.current().filter(
        unit__in=units, relation="owner", status="verified", user__phone__startswith="+86139"
    )
    return Place(
        fcg,
        FAIR,
        chair=demo["03"],
        worker=demo["06"],
        owners=dict(owners.order_by("pk").values_list("unit_id", "user_id")),
        building_of=dict(units.values_list("pk", "building_id")),
    )
