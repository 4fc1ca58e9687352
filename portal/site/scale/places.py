"""The street of the scale data: its communities, property companies, departments,
compounds, buildings and units, the people who live there (owners — some of several
units —, co-owners, tenants, household members), the developer's unsold units, the
compounds' committees, the staff, and the personas the bench signs in as."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from compounds.models import (
    Body,
    Building,
    Community,
    Compound,
    Department,
    Membership,
    PropertyCompany,
    Residency,
    RoleAssignment,
    StreetOffice,
    Unit,
)
from portal.site.scale.plan import UNITS_PER_BUILDING, Plan
from portal.site.scale.writer import Writer

SCALE_PASSWORD = "scale12345"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
GIVEN = ("秀英 桂兰 建华 志强 玉梅 国庆 淑珍 德明 丽华 海燕 文军 春花 永福 红梅 小军 金凤").split()  # noqa: SIM905
DEPARTMENTS = [
    ("城管执法中队", "government"),
    ("市场监管所", "government"),
    ("派出所", "government"),
    ("供电所", "utility"),
    ("自来水公司", "utility"),
    ("燃气公司", "utility"),
    ("区住建局", "government"),
    ("驻区中学", "alliance"),
]
# The personas (the phones of seed_demo's accounts, so the bench signs in the same way):
# 01 an owner of two units, 03 the owners' committee chair, 04 the party branch secretary,
# 06 a property company worker, 07 street office staff, 09 a tenant — all in compound 0.
PERSONAS = {
    "01": "刘桂英",
    "03": "周明华",
    "04": "杨志刚",
    "06": "吴师傅",
    "07": "孙晓燕",
    "09": "马小龙",
}


@dataclass
class Street:
    office_id: int
    compound_ids: list[int] = field(default_factory=list)
    company_of: dict[int, int] = field(default_factory=dict)  # compound → company
    workers: dict[int, list[int]] = field(default_factory=dict)  # company → users
    units: dict[int, list[int]] = field(default_factory=dict)  # compound → unit ids
    building_of: dict[int, int] = field(default_factory=dict)  # unit → building
    owner_of: dict[int, int] = field(default_factory=dict)  # unit → voting owner
    residents: dict[int, list[int]] = field(default_factory=dict)  # unit → users living there
    chair_of: dict[int, int] = field(default_factory=dict)  # compound → chair
    staff: list[int] = field(default_factory=list)  # street office staff
    personas: dict[str, int] = field(default_factory=dict)


class People:
    """Users, written in one stream with one precomputed password hash."""

    def __init__(self, writer: Writer, rng: random.Random, joined) -> None:
        self.writer, self.rng, self.joined = writer, rng, joined
        self.rows: list[tuple] = []
        self.password = make_password(SCALE_PASSWORD)  # once: the hasher takes ~0.3 s
        taken = (  # after an earlier run (--force): go on above its phones
            get_user_model()
            .objects.filter(phone__regex=r"^\+86139[0-9]{8}$")
            .order_by("-phone")
            .values_list("phone", flat=True)
            .first()
        )
        self.serial = int(taken[-8:]) if taken else 0

    def new(self, phone: str | None = None, name: str | None = None) -> int:
        (pk,) = self.writer.ids(get_user_model(), 1)
        self.serial += 1
        phone = phone or f"+86139{self.serial:08d}"
        name = name or self.rng.choice(SURNAMES) + self.rng.choice(GIVEN)
        self.rows.append((pk, self.password, phone, True, name, self.joined))
        return pk

    def flush(self) -> None:
        fields = ("id", "password", "phone", "phone_verified", "display_name", "date_joined")
        self.writer.write(get_user_model(), fields, self.rows)
        self.rows = []


def seed_street(plan: Plan, writer: Writer, rng: random.Random) -> Street:
    start = plan.start.date()
    n = StreetOffice.objects.filter(city="基准市").count()  # --force: a second street
    office = StreetOffice.objects.create(
        name=f"规模街道{n + 1 if n else ''}", city="基准市", district="示范区"
    )
    street = Street(office_id=office.pk)
    communities = Community.objects.bulk_create(
        Community(street_office=office, name=f"第{n + 1}社区") for n in range(plan.communities)
    )
    n_companies = max(1, plan.compounds // 10)
    companies = PropertyCompany.objects.bulk_create(
        PropertyCompany(name=f"{office.name}物业{i + 1}号公司", hotline=f"0710-8{i:06d}")
        for i in range(n_companies)
    )
    Department.objects.bulk_create(
        Department(street_office=office, name=name, kind=kind) for name, kind in DEPARTMENTS
    )
    compounds = Compound.objects.bulk_create(
        Compound(
            community=communities[n % len(communities)],
            name=f"规模{n + 1}号小区",
            households=size,
            management="property_company",
            property_company=companies[n % n_companies],
        )
        for n, size in enumerate(plan.units_of_compounds())
    )
    people = People(writer, rng, plan.start)
    street.personas = {
        code: people.new(f"+86138000000{code}", name) for code, name in PERSONAS.items()
    }
    for compound, size in zip(compounds, plan.units_of_compounds(), strict=True):
        street.compound_ids.append(compound.pk)
        street.company_of[compound.pk] = compound.property_company_id
        _seed_units(writer, rng, street, compound, size)
    _seed_residents(writer, rng, street, people, start)
    for company in companies:
        street.workers[company.pk] = [people.new() for _ in range(5)]
    street.workers[companies[0].pk][0] = street.personas["06"]
    street.staff = [street.personas["07"], *(people.new() for _ in range(4))]
    people.flush()
    _seed_bodies(street, compounds, start)
    RoleAssignment.objects.bulk_create(
        [
            *(
                RoleAssignment(
                    user_id=user, role="property_staff", property_company_id=company, start=start
                )
                for company, users in street.workers.items()
                for user in users
            ),
            *(
                RoleAssignment(
                    user_id=user, role="street_staff", street_office_id=office.pk, start=start
                )
                for user in street.staff
            ),
        ],
        batch_size=1000,
    )
    return street


def _seed_units(writer, rng, street: Street, compound: Compound, size: int) -> None:
    n_buildings = max(1, -(-size // UNITS_PER_BUILDING))
    building_ids = writer.ids(Building, n_buildings)
    writer.write(
        Building,
        ("id", "compound_id", "name"),
        ((pk, compound.pk, f"{n + 1}栋") for n, pk in enumerate(building_ids)),
    )
    unit_ids = writer.ids(Unit, size)
    rows = []
    for i, pk in enumerate(unit_ids):
        building, rest = divmod(i, UNITS_PER_BUILDING)
        entrance, rest = divmod(rest, 50)
        floor, door = divmod(rest, 2)
        area = Decimal(rng.randint(5800, 14800)) / 100
        developer = i > 0 and rng.random() < 0.03
        rows.append(
            (
                pk,
                building_ids[building],
                f"{entrance + 1}单元",
                floor + 1,
                f"{floor + 1}{door + 1:02d}",
                area,
                developer,
            )
        )
        street.building_of[pk] = building_ids[building]
        if developer:
            street.owner_of[pk] = 0  # the developer: no owner account
    fields = ("id", "building_id", "entrance", "floor", "door", "area", "developer_held")
    writer.write(Unit, fields, rows)
    street.units[compound.pk] = list(unit_ids)


def _seed_residents(writer, rng, street: Street, people: People, start: date) -> None:
    rows = []
    first = street.compound_ids[0]
    p = street.personas
    special = {  # unit index in compound 0 → (owner, tenant)
        0: (p["01"], p["09"]),
        1: (p["01"], None),
        2: (p["03"], None),
        3: (p["04"], None),
    }

    def live(user, unit, relation, voter=False):
        rows.append((user, unit, relation, voter))
        street.residents.setdefault(unit, []).append(user)

    for compound in street.compound_ids:
        previous = None
        for i, unit in enumerate(street.units[compound]):
            if street.owner_of.get(unit) == 0:
                continue
            owner, tenant = special.get(i, (None, None)) if compound == first else (None, None)
            if owner is None:
                several = previous is not None and rng.random() < 0.08
                owner = previous if several else people.new()
            previous = owner
            street.owner_of[unit] = owner
            live(owner, unit, "owner", voter=True)
            if rng.random() < 0.30:
                live(people.new(), unit, "co_owner")
            if tenant or rng.random() < 0.15:
                live(tenant or people.new(), unit, "tenant")
            if rng.random() < 0.12:
                live(people.new(), unit, "household_member")
            if len(people.rows) > 20_000:
                people.flush()
    people.flush()
    fields = ("id", "start", "user_id", "unit_id", "relation", "status", "is_voter")
    ids = writer.ids(Residency, len(rows))
    writer.write(
        Residency,
        (*fields, "created_at"),
        (
            (pk, start, user, unit, relation, "verified", voter, people.joined)
            for pk, (user, unit, relation, voter) in zip(ids, rows, strict=True)
        ),
    )


def _seed_bodies(street: Street, compounds, start: date) -> None:
    """Every compound's owners' committee (chair and four members, owners there);
    compound 0 also has its party branch."""
    end = start + timedelta(days=365 * 5)
    bodies = Body.objects.bulk_create(
        Body(kind="owners_committee", compound=c, term_number=1, start=start, end=end)
        for c in compounds
    )
    branch = Body.objects.create(
        kind="party_branch", compound=compounds[0], term_number=1, start=start, end=end
    )
    members = []
    for body in bodies:
        owners = list(
            dict.fromkeys(
                street.owner_of[u] for u in street.units[body.compound_id] if street.owner_of.get(u)
            )
        )
        chair = street.personas["03"] if body.compound_id == street.compound_ids[0] else owners[0]
        street.chair_of[body.compound_id] = chair
        members.append(Membership(body=body, user_id=chair, position="chair", start=start))
        others = [o for o in owners[4:9] if o != chair]
        members += [Membership(body=body, user_id=o, start=start) for o in others]
    members.append(
        Membership(
            body=branch,
            user_id=street.personas["04"],
            position="secretary",
            start=start,
            is_party_member=True,
        )
    )
    Membership.objects.bulk_create(members, batch_size=1000)
