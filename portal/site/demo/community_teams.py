"""Demo volunteer teams, service zones and responsibilities (issue 17, items 1-3).

太阳岛小区 (桂花树社区, where the article counts 650 volunteers in the community): six teams
with a few dozen members, its zones claimed, last month's clean-ups done with a photo and
this month's scheduled; 耐火小区's five teams; 四包 in both; and, so the demo accounts of
翡翠谷小区 meet them, a team led by the volunteer (13800000008), who is also the contact of
18栋 2单元 301 and 302, with 18栋's building head answerable for its sanitation.

Get-or-create on natural keys throughout: seeding twice leaves the same rows."""

import io
from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from community.models import (
    Cleanup,
    CleanupPhoto,
    CompoundPlan,
    Responsibility,
    Team,
    TeamMember,
    Zone,
)
from compounds.models import Body, Compound, Membership, Unit
from portal.site.demo.places import TERM_START, reside, user_of

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
GIVEN = ["春兰", "建国", "秀珍", "国强", "凤英", "志明", "桂芳", "振华", "美玲", "德胜"]
TAIYANGDAO_TEAMS = [
    ("宣教文艺队", "culture", "广场舞、合唱和政策宣讲。"),
    ("环保卫生队", "environment", "楼道、绿化带和垃圾分类。"),
    ("安全巡逻队", "patrol", "夜间巡逻，看好电动车和消防通道。"),
    ("矛盾调处队", "mediation", "邻里纠纷先坐下来谈。"),
    ("爱心帮困队", "care", "独居老人代买、陪诊和探访。"),
    ("阅读社", "other", "每周六上午在活动室读书。"),
]
NAIHUO_TEAMS = [
    ("党员先锋队", "other", "党员带头，难事先上。"),
    ("环境卫生队", "environment", "每月家园美化清洁行动。"),
    ("治安巡逻队", "patrol", "白天巡楼，晚上巡院。"),
    ("文艺宣传队", "culture", "节日演出和宣传栏。"),
    ("邻里互助队", "care", "修水电、接送孩子、照看老人。"),
]
# (zone, kind, buildings, plan x %, plan y %, team index keeping it or None)
TAIYANGDAO_ZONES = [
    ("1栋前绿化带", "green", ["1栋"], 25, 30, 1),
    ("2栋楼道", "stairwell", ["2栋"], 70, 35, 1),
    ("中心广场", "square", [], 50, 60, 0),
    ("东侧停车区", "parking", ["2栋"], 85, 75, 2),
    ("主干道", "road", ["1栋", "2栋"], 45, 88, None),
]
NAIHUO_ZONES = [
    ("1栋周边", "green", ["1栋"], 1),
    ("2栋周边", "green", ["2栋"], 1),
    ("3栋周边", "green", ["3栋"], 4),
    ("院内道路", "road", ["1栋", "2栋", "3栋"], 2),
]


def _people(compound: Compound, base: int, count: int) -> list:
    """`count` invented residents of the compound (phones 139 0xxx xxxx from `base`)."""
    units = list(Unit.objects.filter(building__compound=compound).order_by("building__name", "pk"))
    people = []
    for i in range(count):
        name = SURNAMES[(base + i) % len(SURNAMES)] + GIVEN[i % len(GIVEN)]
        user = user_of(f"139{base + i:08d}", name)
        reside(user, units[(i * 5) % len(units)], "owner")
        people.append(user)
    return people


def _branch(compound: Compound, secretary, members) -> None:
    branch, _ = Body.objects.get_or_create(
        compound=compound,
        kind=Body.Kind.PARTY_BRANCH,
        term_number=None,
        defaults={"start": TERM_START},
    )
    for user, position in [(secretary, "secretary"), *((m, "member") for m in members)]:
        Membership.objects.get_or_create(
            body=branch,
            user=user,
            start=branch.start,
            defaults={"position": position, "is_party_member": True},
        )


def _team(compound: Compound, spec, leader, members) -> Team:
    name, kind, description = spec
    team, _ = Team.objects.get_or_create(
        compound=compound,
        name=name,
        defaults={"kind": kind, "description": description, "leader": leader},
    )
    joined = timezone.now() - timedelta(days=90)
    for user in [leader, *members]:
        TeamMember.objects.get_or_create(
            team=team,
            user=user,
            defaults={"state": "member", "applied_at": joined, "joined_at": joined},
        )
    return team


def _photo() -> ContentFile:
    out = io.BytesIO()
    Image.new("RGB", (480, 320), (90, 160, 90)).save(out, "JPEG", quality=70)
    return ContentFile(out.getvalue(), name="cleanup.jpg")


def _zone(compound, name, kind, buildings, team, x=None, y=None) -> Zone:
    zone, created = Zone.objects.get_or_create(
        compound=compound,
        name=name,
        defaults={
            "kind": kind,
            "plan_x": x,
            "plan_y": y,
            "keeper_team": team,
            "claimed_at": timezone.now() - timedelta(days=60) if team else None,
        },
    )
    if created:
        zone.buildings.set(compound.buildings.filter(name__in=buildings))
    if zone.keeper_team_id:
        _cleanups(zone, team.leader)
    return zone


def _cleanups(zone: Zone, leader) -> None:
    """Last month's clean-up done, with a photo; this month's scheduled."""
    this = timezone.localdate().replace(day=1)
    last = (this - timedelta(days=1)).replace(day=1)
    done, created = Cleanup.objects.get_or_create(
        zone=zone,
        month=last,
        defaults={
            "day": last + timedelta(days=(5 - last.weekday()) % 7),
            "scheduled_by": leader,
            "done_by": leader,
            "report": "清理落叶和杂物，修剪绿篱。",
        },
    )
    if created:
        done.done_at = timezone.now() - timedelta(days=20)
        done.save(update_fields=["done_at"])
        photo = CleanupPhoto(cleanup=done)
        photo.image.save("cleanup.jpg", _photo(), save=False)
        photo.save()
    Cleanup.objects.get_or_create(
        zone=zone,
        month=this,
        defaults={
            "day": max(timezone.localdate(), this + timedelta(days=(5 - this.weekday()) % 7)),
            "scheduled_by": leader,
        },
    )


def _plan(compound: Compound) -> None:
    """A simple drawn plan (buildings as blocks, the road and the north gate's car park),
    unless one was uploaded: the zones' points sit on it."""
    if CompoundPlan.objects.filter(compound=compound).exists():
        return
    image = Image.new("RGB", (900, 600), (246, 244, 238))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 280, 900, 320), fill=(210, 210, 210))  # the road
    draw.rectangle((90, 30, 270, 110), fill=(225, 225, 235))  # the car park by the gate
    for i in range(12):
        x, y = 60 + (i % 6) * 140, 150 if i < 6 else 380
        draw.rectangle((x, y, x + 90, y + 110), fill=(200, 170, 150))
    draw.rectangle((640, 200, 760, 270), fill=(170, 215, 160))  # 18栋's green belt
    out = io.BytesIO()
    image.save(out, "PNG")
    plan = CompoundPlan(compound=compound)
    plan.image.save("demo-plan.png", ContentFile(out.getvalue()), save=False)
    plan.save()


def _answerable(compound, building_name, person, matter, doors=(), entrance=None) -> None:
    building = compound.buildings.get(name=building_name)
    found, created = Responsibility.objects.get_or_create(
        compound=compound,
        building=building,
        person=person,
        matter=matter,
        ended_at=None,
    )
    if created and doors:
        units = Unit.objects.filter(building=building, door__in=doors)
        found.units.set(units.filter(entrance=entrance) if entrance else units)


def seed_taiyangdao(compound: Compound) -> None:
    people = _people(compound, 30000, 42)
    _branch(compound, people[0], people[1:7])
    teams = []
    for index, spec in enumerate(TAIYANGDAO_TEAMS):
        members = people[7 + index * 5 : 7 + index * 5 + 6]  # a few share two teams
        teams.append(_team(compound, spec, people[1 + index], members))
    for name, kind, buildings, x, y, team in TAIYANGDAO_ZONES:
        _zone(compound, name, kind, buildings, None if team is None else teams[team], x, y)
    matters = ["mediation", "sanitation", "education", "mutual_aid"]
    for i, matter in enumerate(matters):
        _answerable(compound, "1栋", people[1 + i], matter)
        _answerable(compound, "2栋", people[3 + i % 4], matter)
    _answerable(compound, "1栋", people[5], "households", ["101", "102", "201", "202"])
    _answerable(compound, "2栋", people[6], "households", ["301", "302", "401", "402"])


def seed_naihuo(compound: Compound) -> None:
    people = _people(compound, 31000, 30)
    _branch(compound, people[0], people[1:6])
    teams = [
        _team(compound, spec, people[1 + i], people[6 + i * 4 : 6 + i * 4 + 5])
        for i, spec in enumerate(NAIHUO_TEAMS)
    ]
    for name, kind, buildings, team in NAIHUO_ZONES:
        _zone(compound, name, kind, buildings, teams[team])
    for i, building in enumerate(["1栋", "2栋", "3栋"]):
        _answerable(compound, building, people[1 + i], "sanitation")
        _answerable(compound, building, people[2 + i], "mediation")
        _answerable(compound, building, people[3 + i], "households", ["101", "201", "301"])


def seed_feicuigu_teams(fcg: Compound, demo: dict) -> None:
    volunteer = demo["08"]
    team = _team(
        fcg,
        ("翡翠谷志愿服务队", "environment", "认领楼栋周边，每月一次清洁行动。"),
        volunteer,
        [demo["02"]],
    )
    TeamMember.objects.get_or_create(
        team=team,
        user=demo["09"],
        defaults={"state": "applied", "note": "周末有空，可以帮忙。"},
    )
    _zone(fcg, "18栋前绿化带", "green", ["18栋"], team, 78, 40)
    _zone(fcg, "北门停车场", "parking", ["8栋", "9栋"], None, 20, 12)
    _plan(fcg)
    _answerable(fcg, "18栋", volunteer, "households", ["301", "302"], entrance="2单元")
    _answerable(fcg, "18栋", demo["02"], "sanitation")


def seed_community_teams(compounds: dict, demo: dict) -> None:
    seed_feicuigu_teams(compounds["翡翠谷小区"], demo)
    seed_taiyangdao(compounds["太阳岛小区"])
    seed_naihuo(compounds["耐火小区"])
