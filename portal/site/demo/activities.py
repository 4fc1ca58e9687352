"""Demo activities (issue 17, item 4): 太阳岛小区 and 耐火小区 each with a party branch that
runs their activities — 阅读社, 广场舞, 公益食堂, 金婚庆典, the manhole clean-up — some past
(attendance, photos, a report) and some coming (places taken, a full one with a waiting
list); 翡翠谷小区 has two, so the demo accounts see the section on their community page.

Activities are found again by compound and title, so a second run changes nothing. Their
times are set relative to the first run. Sign-ups are written directly, with the counts the
services keep (confirmed_count, signups_made), as a history that already happened."""

from __future__ import annotations

import io
from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from community.models import Activity, ActivityEvent, ActivityPhoto, SignUp
from community.services.activities import hours_between
from compounds.models import Body, Compound, Unit
from portal.site.demo.places import _body, _member, reside, user_of

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = ["秀兰", "建华", "玉珍", "国强", "淑芬", "德明", "桂香", "志军", "凤英", "海涛"]


def _people(compound: Compound, code: int, count: int) -> list:
    """Residents of the compound for the demo's sign-ups (phones 1377<code>xxxxxx)."""
    units = list(Unit.objects.filter(building__compound=compound).order_by("pk")[: count * 3 : 3])
    people = []
    for i, unit in enumerate(units[:count]):
        name = SURNAMES[(i + code) % len(SURNAMES)] + GIVEN[i % len(GIVEN)]
        user = user_of(f"1377{code}{i + 1:06d}", name)
        reside(user, unit, "owner")
        people.append(user)
    return people


def _photo(colour: tuple, caption: int) -> ContentFile:
    """A plain picture standing in for a photo of the day (no real person in the demo)."""
    image = Image.new("RGB", (640, 480), colour)
    draw = ImageDraw.Draw(image)
    for k in range(6):
        draw.ellipse((60 + k * 90, 260 - (k % 2) * 40, 130 + k * 90, 400), fill=(250, 235, 200))
    draw.rectangle((0, 420, 640, 480), fill=(90, 60, 40))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return ContentFile(out.getvalue(), name=f"demo-activity-{caption}.jpg")


def _activity(compound, body, by, title, *, days, hour, length, people=(), **fields) -> Activity:
    """One activity `days` from today at `hour` (negative: in the past), `length` hours,
    with `people` signed up in order (beyond the capacity they wait)."""
    found = Activity.objects.filter(compound=compound, title=title).first()
    if found is not None:
        return found
    day = timezone.localtime().replace(hour=hour, minute=0, second=0, microsecond=0)
    starts = day + timedelta(days=days)
    ends = starts + timedelta(hours=length)
    report, photos, came = (
        fields.pop(k, d) for k, d in (("report", ""), ("photos", 0), ("came", 0))
    )
    activity = Activity.objects.create(
        compound=compound,
        body=body,
        created_by=by,
        title=title,
        starts_at=starts,
        ends_at=ends,
        hours=hours_between(starts, ends),
        created_at=starts - timedelta(days=7),
        **fields,
    )
    ActivityEvent.objects.create(activity=activity, actor=by, action="publish")
    confirmed = 0
    for position, user in enumerate(people, start=1):
        holds = activity.capacity is None or confirmed < activity.capacity
        confirmed += 1 if holds else 0
        signup = SignUp.objects.create(
            activity=activity,
            user=user,
            state="confirmed" if holds else "waiting",
            position=position,
            signed_up_at=activity.created_at + timedelta(hours=position),
            confirmed_at=activity.created_at + timedelta(hours=position) if holds else None,
            attended_at=starts + timedelta(minutes=5 + position)
            if holds and position <= came
            else None,
            attendance_by=user if holds and position <= came else None,
        )
        ActivityEvent.objects.create(
            activity=activity, signup=signup, actor=user, action="sign_up" if holds else "wait"
        )
    activity.confirmed_count = confirmed
    activity.signups_made = len(people)
    if report:
        activity.report, activity.reported_at = report, ends + timedelta(hours=3)
        activity.state = Activity.State.FINISHED
    activity.save()
    for k in range(photos):
        photo = ActivityPhoto(activity=activity, uploaded_by=by, created_at=ends)
        photo.image.save(
            f"demo-{activity.pk}-{k}.jpg", _photo((70 + 40 * k, 120, 90), k), save=True
        )
    return activity


def _branch(compound: Compound, secretary) -> Body:
    branch = _body(compound, Body.Kind.PARTY_BRANCH, None)
    _member(branch, secretary, "secretary", party=True)
    return branch


def seed_taiyangdao(compound: Compound) -> None:
    people = _people(compound, 1, 24)
    secretary, volunteers = people[0], people[1:9]
    branch = _branch(compound, secretary)
    readers = people[2:14]
    _activity(
        compound, branch, secretary, "阅读社·《平凡的世界》分享会",
        days=-21, hour=15, length=2, place="党群服务站二楼阅览室", capacity=20,
        people=readers, came=9, photos=2,
        description="阅读社每月一次的读书分享，欢迎带上自己喜欢的书。",
        report="12位邻居报名，9位到场。一位退休老师讲了孙少平的故事，大家约定下月读《人世间》。",
    )  # fmt: skip
    _activity(
        compound, branch, secretary, "公益食堂·为独居老人送午餐",
        days=-10, hour=10, length=3, place="小区公益食堂", capacity=8, is_service=True,
        people=volunteers, came=7, photos=1,
        description="志愿者帮厨、分餐，给行动不便的独居老人送餐上门。",
        report="7位志愿者为23位独居老人送去午餐，每人计志愿服务3小时。",
    )  # fmt: skip
    _activity(
        compound, branch, secretary, "广场舞·每周联欢",
        days=-7, hour=19, length=2, place="中心广场", needs_signup=False,
        report="三十多位居民一起跳了《最炫民族风》，新学员也跟上了。",
    )  # fmt: skip
    _activity(
        compound, branch, secretary, "阅读社·《人世间》读书会",
        days=3, hour=15, length=2, place="党群服务站二楼阅览室", capacity=15,
        people=people[3:11], description="本月读梁晓声《人世间》第一部，读到哪里聊到哪里。",
    )  # fmt: skip
    _activity(
        compound, branch, secretary, "广场舞·本周联欢",
        days=1, hour=19, length=2, place="中心广场", needs_signup=False,
        description="每周三晚上，欢迎新朋友，跳不动的可以来看。",
    )  # fmt: skip
    _activity(
        compound, branch, secretary, "公益食堂·周末帮厨",
        days=5, hour=10, length=3, place="小区公益食堂", capacity=6, is_service=True,
        people=volunteers, description="帮厨、分餐、送餐，计志愿服务时长。",
    )  # fmt: skip
    _activity(
        compound, branch, secretary, "金婚庆典",
        days=12, hour=9, length=3, place="中心广场", capacity=40, audience="elders",
        people=people[12:20],
        description="为结婚五十年的老夫妻办一场庆典：合影、献花、讲讲当年的故事。",
    )  # fmt: skip


def seed_naihuo(compound: Compound) -> None:
    people = _people(compound, 2, 16)
    secretary = people[0]
    branch = _branch(compound, secretary)
    _activity(
        compound, branch, secretary, "下水井清掏志愿行动",
        days=-14, hour=8, length=4, place="小区主干道（42个下水井）", capacity=12,
        is_service=True, people=people[1:11], came=10, photos=2,
        description="对照普查表，清掏堵塞的下水井。",
        report="10位志愿者清掏了7个堵塞的下水井，剩下2个需要物业用专业设备处理，已报修。",
    )  # fmt: skip
    _activity(
        compound, branch, secretary, "金婚庆典",
        days=14, hour=9, length=3, place="耐火小区活动中心", capacity=30, audience="elders",
        people=people[4:12], description="为小区里结婚五十年的老人们办一场庆典。",
    )  # fmt: skip
    _activity(
        compound, branch, secretary, "广场舞·周末联欢",
        days=2, hour=19, length=2, place="耐火小区活动中心前坪", needs_signup=False,
        description="周六晚上一起跳，欢迎新朋友。",
    )  # fmt: skip


def seed_feicuigu_activities(fcg: Compound, demo: dict) -> None:
    """Two for the demo accounts: an upcoming one the owner (01) is signed up for, and a
    past service the volunteer (08) attended."""
    committee = Body.objects.current().filter(compound=fcg, kind="owners_committee").first()
    _activity(
        fcg, committee, demo["03"], "阅读社·亲子共读",
        days=4, hour=15, length=2, place="18栋架空层", capacity=12,
        audience="families", people=[demo["01"], demo["09"]],
        description="带孩子一起读绘本，志愿者准备了二十本新书。",
    )  # fmt: skip
    _activity(
        fcg, committee, demo["03"], "环境整治·清理楼道杂物",
        days=-9, hour=9, length=3, place="12栋至18栋楼道", capacity=10, is_service=True,
        people=[demo["08"], demo["02"]], came=2, photos=1,
        report="清出楼道杂物三车，消除了12栋的消防隐患。",
    )  # fmt: skip


def seed_activities(compounds: dict[str, Compound], demo: dict) -> None:
    seed_taiyangdao(compounds["太阳岛小区"])
    seed_naihuo(compounds["耐火小区"])
    seed_feicuigu_activities(compounds["翡翠谷小区"], demo)
