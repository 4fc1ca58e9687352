"""Demo data (DESIGN.md section 5): the places of the seed articles and ten demo accounts.

People are invented. Everything is created with get-or-create on natural keys, so running
`seed_demo` twice leaves the same rows. Later issues add their own demo data here.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from compounds.models import (
    Building,
    Community,
    Compound,
    Residency,
    RoleAssignment,
    StreetOffice,
    Unit,
)

DEMO_PASSWORD = "demo12345"
TERM_START = date(2024, 1, 1)

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


@dataclass(frozen=True)
class DemoAccount:
    phone: str  # national form, as typed on the sign-in page
    name: str
    description: str  # lazily translated; shown on the demo sign-in list


def _who(role, place: str = ""):
    return format_lazy("{} · {}", role, place) if place else role


DEMO_ACCOUNTS = [
    DemoAccount("13800000001", "刘桂英", _who(_("owner"), "18栋 2单元 301")),
    DemoAccount("13800000002", "陈建国", _who(_("building head"), "18栋")),
    DemoAccount("13800000003", "周明华", _who(_("owners' committee chair"))),
    DemoAccount("13800000004", "杨志刚", _who(_("party branch secretary"))),
    DemoAccount("13800000005", "黄丽萍", _who(_("supervisory committee member"))),
    DemoAccount("13800000006", "吴师傅", _who(_("property company maintenance worker"))),
    DemoAccount("13800000007", "孙晓燕", _who(_("street office staff"), "金子坝街道")),
    DemoAccount("13800000008", "赵卫东", _who(_("volunteer (party member)"))),
    DemoAccount("13800000009", "马小龙", _who(_("tenant"), "18栋 2单元 302")),
    DemoAccount("13800000010", "郑玉梅", _who(_("owner"), "黄荆岭小区")),
]


def unit_area(building_index: int, floor: int, door: int) -> Decimal:
    """A plausible, deterministic registered area between about 68 and 140 m²."""
    base = (68, 89, 105, 126)[(building_index + door) % 4]
    cents = (building_index * 37 + floor * 13 + door * 71) % 100
    return Decimal(base + floor % 3) + Decimal(cents) / 100


def _seed_units(building: Building, building_index: int) -> None:
    existing = set(building.units.values_list("entrance", "door"))
    new = []
    for entrance in ENTRANCES:
        for floor in FLOORS:
            for door in range(1, DOORS_PER_FLOOR + 1):
                number = f"{floor}{door:02d}"
                if (entrance, number) in existing:
                    continue
                new.append(
                    Unit(
                        building=building,
                        entrance=entrance,
                        floor=floor,
                        door=number,
                        area=unit_area(building_index, floor, door),
                    )
                )
    Unit.objects.bulk_create(new)


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


def _user(account: DemoAccount):
    user, created = get_user_model().objects.get_or_create(
        phone="+86" + account.phone,
        defaults={"display_name": account.name, "phone_verified": True},
    )
    if created or not user.check_password(DEMO_PASSWORD):
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def _unit(compound: Compound, building: str, entrance: str, door: str) -> Unit:
    return Unit.objects.get(
        building__compound=compound, building__name=building, entrance=entrance, door=door
    )


def _reside(user, unit: Unit, relation: str) -> None:
    Residency.objects.get_or_create(
        user=user, unit=unit, relation=relation, start=TERM_START, defaults={"verified": True}
    )


def _role(user, role: str, **scope) -> None:
    RoleAssignment.objects.get_or_create(user=user, role=role, start=TERM_START, **scope)


def seed_accounts(compounds: dict[str, Compound]) -> None:
    fcg = compounds["翡翠谷小区"]
    users = {account.phone[-2:]: _user(account) for account in DEMO_ACCOUNTS}
    owner, tenant = Residency.Relation.OWNER, Residency.Relation.TENANT
    Role = RoleAssignment.Role
    _reside(users["01"], _unit(fcg, "18栋", "2单元", "301"), owner)
    _reside(users["09"], _unit(fcg, "18栋", "2单元", "302"), tenant)
    _reside(users["02"], _unit(fcg, "18栋", "1单元", "502"), owner)
    _role(users["02"], Role.BUILDING_HEAD, building=Building.objects.get(compound=fcg, name="18栋"))
    _reside(users["03"], _unit(fcg, "16栋", "1单元", "201"), owner)
    _role(users["03"], Role.OWNERS_COMMITTEE_CHAIR, compound=fcg)
    _reside(users["04"], _unit(fcg, "12栋", "2单元", "402"), owner)
    _role(users["04"], Role.PARTY_SECRETARY, compound=fcg, is_party_member=True)
    _reside(users["05"], _unit(fcg, "10栋", "1单元", "601"), owner)
    _role(users["05"], Role.SUPERVISORY_MEMBER, compound=fcg)
    _role(users["06"], Role.PROPERTY_STAFF, compound=fcg)
    _role(users["07"], Role.STREET_STAFF, street_office=fcg.community.street_office)
    _reside(users["08"], _unit(fcg, "9栋", "1单元", "102"), owner)
    _role(users["08"], Role.VOLUNTEER, compound=fcg, is_party_member=True)
    _reside(users["10"], _unit(compounds["黄荆岭小区"], "2栋", "1单元", "302"), owner)


@transaction.atomic
def seed_demo() -> None:
    seed_accounts(seed_places())
