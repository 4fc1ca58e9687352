"""Demo places (DESIGN.md section 5): the compounds of the seed articles, their buildings,
units, people, bodies, building roles, commitments and notices."""

import functools
from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from compounds.announcements.models import Announcement
from compounds.announcements.services import announcement_publish
from compounds.models import (
    Body,
    Building,
    BuildingRole,
    BuildingRoleKind,
    Commitment,
    Community,
    Compound,
    Membership,
    PartyGroup,
    PropertyCompany,
    Residency,
    RoleAssignment,
    StreetOffice,
    Unit,
)
from portal.demo_accounts import DEMO_PASSWORD

TERM_START = date(2024, 1, 1)
FIRST_TERM = (date(2019, 1, 1), date(2023, 12, 31))

# (city, district, street office, community, [(compound, households, buildings)])
PLACES = [
    (
        "恩施市",
        "",
        "金子坝街道",
        "黄泥坝社区",
        [("翡翠谷小区", 278, [f"{n}栋" for n in range(8, 20)])],
    ),
    (
        "赤壁市",
        "",
        "蒲纺工业园",
        "桂花树社区",
        [
            ("黄荆岭小区", 900, ["1栋", "2栋", "3栋"]),
            ("太阳岛小区", None, ["1栋", "2栋"]),
            ("蒲纺医院小区", None, ["1栋", "2栋"]),
        ],
    ),
    (
        "贵阳市",
        "云岩区",
        "盐务街街道",
        "金仓社区",
        [("百腊井小区", None, ["1栋", "2栋"]), ("庆丰小区", None, ["1栋", "2栋"])],
    ),
    (
        "宣恩县",
        "",
        "珠山镇",
        "兴隆街社区",
        [("贡水花园", None, ["1栋", "2栋"]), ("金源小区", None, ["1栋", "2栋"])],
    ),
    ("湘潭市", "岳塘区", "五里堆街道", "金耐社区", [("耐火小区", None, ["1栋", "2栋", "3栋"])]),
]
ENTRANCES = ("1单元", "2单元")
FLOORS = range(1, 7)
DOORS_PER_FLOOR = 2
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
GIVEN = [
    "秀英",
    "桂兰",
    "建华",
    "志强",
    "玉梅",
    "国庆",
    "淑珍",
    "德明",
    "丽华",
    "海燕",
    "文军",
    "春花",
    "永福",
    "红梅",
    "小军",
    "金凤",
    "长青",
    "爱民",
    "素芳",
    "立新",
]


def unit_area(building_index: int, floor: int, door: int) -> Decimal:
    """A plausible, deterministic registered area between about 68 and 140 m²."""
    base = (68, 89, 105, 126)[(building_index + door) % 4]
    cents = (building_index * 37 + floor * 13 + door * 71) % 100
    return Decimal(base + floor % 3) + Decimal(cents) / 100


def _seed_units(building: Building, building_index: int) -> None:
    existing = set(building.units.values_list("entrance", "door"))
    Unit.objects.bulk_create(
        Unit(
            building=building,
            entrance=entrance,
            floor=floor,
            door=f"{floor}{door:02d}",
            area=unit_area(building_index, floor, door),
        )
        for entrance in ENTRANCES
        for floor in FLOORS
        for door in range(1, DOORS_PER_FLOOR + 1)
        if (entrance, f"{floor}{door:02d}") not in existing
    )


def seed_places() -> dict[str, Compound]:
    compounds = {}
    for city, district, office_name, community_name, compound_specs in PLACES:
        office, _ = StreetOffice.objects.get_or_create(
            city=city, name=office_name, defaults={"district": district}
        )
        community, _ = Community.objects.get_or_create(street_office=office, name=community_name)
        for compound_name, households, building_names in compound_specs:
            compound, _ = Compound.objects.get_or_create(
                community=community, name=compound_name, defaults={"households": households}
            )
            compounds[compound_name] = compound
            for index, building_name in enumerate(building_names):
                building, _ = Building.objects.get_or_create(compound=compound, name=building_name)
                _seed_units(building, index)
    return compounds


@functools.cache
def _password_hash() -> str:
    # Hash once: a hundred people with one demo password would otherwise take seconds each run.
    return make_password(DEMO_PASSWORD)


def user_of(phone: str, name: str):
    user, _ = get_user_model().objects.get_or_create(
        phone="+86" + phone,
        defaults={"display_name": name, "phone_verified": True, "password": _password_hash()},
    )
    return user


def unit_of(compound: Compound, building: str, entrance: str, door: str) -> Unit:
    return Unit.objects.select_related("building").get(
        building__compound=compound, building__name=building, entrance=entrance, door=door
    )


def reside(user, unit: Unit, relation: str, status: str = "verified", **extra) -> Residency:
    residency, _ = Residency.objects.get_or_create(
        user=user,
        unit=unit,
        end=None,
        defaults={"relation": relation, "status": status, "start": TERM_START, **extra},
    )
    return residency


def _member(body: Body, user, position: str = "member", party: bool = False, end=None) -> None:
    Membership.objects.get_or_create(
        body=body,
        user=user,
        start=body.start,
        defaults={"position": position, "is_party_member": party, "end": end},
    )


def _body(compound: Compound, kind: str, term: int | None, start=TERM_START, end=None) -> Body:
    body, _ = Body.objects.get_or_create(
        compound=compound, kind=kind, term_number=term, defaults={"start": start, "end": end}
    )
    return body


def _neighbour(index: int, unit: Unit, relation: str = "owner"):
    """An invented resident with a phone of the 139 0000 range, living in `unit`."""
    name = SURNAMES[index % len(SURNAMES)] + GIVEN[(index // len(SURNAMES)) % len(GIVEN)]
    user = user_of(f"139{index:08d}", name)
    reside(user, unit, relation)
    return user


def seed_feicuigu(fcg: Compound, demo: dict) -> None:
    company, _ = PropertyCompany.objects.get_or_create(
        name="恩施翠谷物业服务有限公司", defaults={"hotline": "0718-8000000"}
    )
    Compound.objects.filter(pk=fcg.pk).update(
        management=Compound.Management.PROPERTY_COMPANY,
        property_company=company,
        contract_start=date(2023, 7, 1),
        contract_end=date(2026, 12, 31),
    )
    owner, tenant, co_owner = "owner", "tenant", "co_owner"
    reside(demo["01"], unit_of(fcg, "18栋", "2单元", "301"), owner)
    reside(demo["09"], unit_of(fcg, "18栋", "2单元", "302"), tenant)
    reside(demo["02"], unit_of(fcg, "18栋", "1单元", "502"), owner)
    reside(demo["03"], unit_of(fcg, "16栋", "1单元", "201"), owner)
    reside(demo["04"], unit_of(fcg, "12栋", "2单元", "402"), owner)
    reside(demo["05"], unit_of(fcg, "10栋", "1单元", "302"), owner)
    reside(demo["08"], unit_of(fcg, "9栋", "1单元", "102"), owner)
    # One multi-unit owner, one co-owned unit, one developer-held unit, one pending request.
    multi = _neighbour(900, unit_of(fcg, "11栋", "1单元", "101"))
    reside(multi, unit_of(fcg, "11栋", "1单元", "102"), owner)
    reside(multi, unit_of(fcg, "13栋", "1单元", "202"), owner)
    couple_unit = unit_of(fcg, "14栋", "1单元", "302")
    _neighbour(901, couple_unit, co_owner)
    wife = user_of("13900000902", "何淑珍")
    reside(wife, couple_unit, co_owner, is_voter=True)
    Unit.objects.filter(pk=unit_of(fcg, "19栋", "2单元", "602").pk).update(developer_held=True)
    newcomer = user_of("13900000903", "罗小梅")
    reside(newcomer, unit_of(fcg, "15栋", "1单元", "302"), owner, status="pending")

    RoleAssignment.objects.get_or_create(
        user=demo["06"],
        role=RoleAssignment.Role.PROPERTY_STAFF,
        property_company=company,
        defaults={"start": TERM_START},
    )
    RoleAssignment.objects.get_or_create(
        user=demo["08"],
        role=RoleAssignment.Role.VOLUNTEER,
        compound=fcg,
        defaults={"start": TERM_START, "is_party_member": True},
    )
    RoleAssignment.objects.get_or_create(
        user=demo["07"],
        role=RoleAssignment.Role.STREET_STAFF,
        street_office=fcg.community.street_office,
        defaults={"start": TERM_START},
    )

    # Bodies: the party branch, the owners' committee (second term of 11, four party
    # members; the first term ended and stays as history) and the supervisory committee.
    branch = _body(fcg, Body.Kind.PARTY_BRANCH, None)
    for building in fcg.buildings.all():
        PartyGroup.objects.get_or_create(branch=branch, building=building)
    _member(branch, demo["04"], "secretary", party=True)
    _member(branch, demo["08"], "member", party=True)
    first = _body(fcg, Body.Kind.OWNERS_COMMITTEE, 1, *FIRST_TERM)
    second = _body(fcg, Body.Kind.OWNERS_COMMITTEE, 2, TERM_START, date(2028, 12, 31))
    _member(first, demo["03"], "member", end=FIRST_TERM[1])
    _member(second, demo["03"], "chair", party=True)
    for i in range(10):
        unit = unit_of(fcg, f"{8 + i}栋", "2单元", f"{i % 3 + 1}02")
        user = _neighbour(910 + i, unit)
        _member(second, user, "vice_chair" if i == 0 else "member", party=i < 3)
    supervisors = _body(fcg, Body.Kind.SUPERVISORY_COMMITTEE, 2, TERM_START, date(2028, 12, 31))
    _member(supervisors, demo["05"], "chair")
    for i in range(2):
        _member(supervisors, _neighbour(930 + i, unit_of(fcg, "17栋", "1单元", f"{i + 1}02")))


def seed_building_roles(compound: Compound, offset: int, demo: dict) -> None:
    """两长四员 for every building, living on floors 4-6; 19栋 has no 文体员 (a vacancy)."""
    kinds = list(BuildingRoleKind.objects.filter(community__isnull=True))
    for b_index, building in enumerate(compound.buildings.order_by("pk")):
        for k_index, kind in enumerate(kinds):
            if building.name == "19栋" and kind.code == "culture_officer":
                continue
            if building.name == "18栋" and kind.code == "building_head":
                holder = demo["02"]
            else:
                unit = Unit.objects.get(
                    building=building, entrance=ENTRANCES[k_index % 2], door=f"{k_index // 2 + 4}01"
                )
                holder = _neighbour(offset + b_index * 10 + k_index, unit)
            BuildingRole.objects.get_or_create(
                building=building,
                kind=kind,
                end=None,
                defaults={
                    "holder": holder,
                    "start": TERM_START,
                    "phone_public": kind.code in ("building_head", "housing_officer"),
                },
            )


def seed_commitments(compound: Compound, members: list) -> None:
    month = timezone.localdate().replace(day=1)
    texts = ["每周清理一次楼道杂物", "帮独居老人代买药品", "每月组织一次文体活动"]
    for member, text in zip(members, texts, strict=False):
        Commitment.objects.get_or_create(compound=compound, member=member, month=month, text=text)


def seed_notices(fcg: Compound, demo: dict) -> None:
    """Two current notices, through the same service the committee uses (so receipts and
    notifications exist); skipped when already there."""
    if Announcement.objects.filter(compound=fcg).exists():
        return
    announcement_publish(
        publisher=demo["03"],
        compound=fcg,
        pinned=True,
        title="关于召开业主大会的通知",
        body="定于本月底在小区广场召开业主大会，审议电梯维修资金使用方案，请各位业主准时参加。",
    )
    announcement_publish(
        publisher=demo["04"],
        compound=fcg,
        buildings=[fcg.buildings.get(name="18栋")],
        urgent=True,
        title="18栋明日停水",
        body="因二次供水管道维修，明天8点至12点18栋停水，请提前储水。",
    )
