"""Demo requests (DESIGN.md section 5): every state, through the workflow, so that the
timelines and notifications are real."""

from datetime import timedelta

from django.utils import timezone

from compounds.models import Compound
from portal.site.demo.places import unit_of
from requests import escalation
from requests.models import Category, Request, RequestEvent
from requests.services import (
    department_register,
    department_staff_add,
    request_file,
    service_hours_record,
)
from requests.workflow import perform


def seed_requests(fcg: Compound, demo: dict) -> None:
    """Requests in every state, through the workflow (so timelines and notifications are
    real); an overdue emergency escalated to the community; help orders open and claimed."""
    if Request.objects.filter(compound=fcg).exists():
        return
    fcg.refresh_from_db()  # its management was set by an UPDATE above
    b18 = fcg.buildings.get(name="18栋")
    home = unit_of(fcg, "18栋", "2单元", "301")

    def cat(code):
        return Category.objects.get(compound=None, code=code)

    def new(description, code="lighting", **extra):
        data = {
            "reporter": demo["01"],
            "compound": fcg,
            "building": b18,
            "category": cat(code),
            "description": description,
            **extra,
        }
        return request_file(**data)

    new("2单元三楼楼梯口的灯坏了，晚上看不见。")
    accepted = new("18栋门口井盖松动，踩上去会响。", code="road")
    perform(accepted.pk, "accept", actor=demo["02"])
    assigned = new("2单元楼道下水管漏水。", code="drainage")
    perform(assigned.pk, "assign", actor=demo["02"], assignee=demo["06"])
    working = new("电梯按钮失灵。", code="elevator")
    perform(working.pk, "assign", actor=demo["02"], assignee=demo["06"])
    perform(working.pk, "start", actor=demo["06"])
    resolved = new("单元门禁刷卡没反应。", code="access")
    perform(resolved.pk, "assign", actor=demo["02"], assignee=demo["06"])
    perform(resolved.pk, "resolve", actor=demo["06"], outcome="fixed")
    closed = new("楼下路灯不亮。")
    perform(closed.pk, "assign", actor=demo["02"], assignee=demo["06"])
    perform(closed.pk, "resolve", actor=demo["06"], outcome="fixed")
    perform(closed.pk, "confirm", actor=demo["01"], rating=5, comment="修得很快，谢谢师傅")
    rejected = new("希望小区多装几个健身器材。", code="other")
    perform(rejected.pk, "reject", actor=demo["06"], note="不属于报修，请向业委会提建议")
    mine = new("我家卫生间顶上渗水，可能是楼上漏水。", code="drainage", building=None, unit=home)
    perform(mine.pk, "accept", actor=demo["06"])  # a home: the property company's
    # An emergency filed 2 h 40 min ago that nobody accepted or reached: by the emergency
    # ladder (30 min to accept, then 1 h at the committee) it is with the community now.
    overdue = new("2单元一楼配电箱冒烟，有焦味！", code="fire", urgency="emergency")
    filed = timezone.now() - timedelta(minutes=160)
    Request.objects.filter(pk=overdue.pk).update(
        created_at=filed,
        accept_due=filed + timedelta(minutes=30),
        on_site_due=filed + timedelta(hours=2),
        resolve_due=filed + timedelta(hours=24),
    )
    overdue.events.update(created_at=filed)
    for climbed, rung_ends in ((30, 90), (90, 210)):  # minutes after filing
        event = perform(overdue.pk, "escalate", note=escalation.AUTO_NOTE)
        RequestEvent.objects.filter(pk=event.pk).update(
            created_at=filed + timedelta(minutes=climbed + 1)
        )
        Request.objects.filter(pk=overdue.pk).update(
            escalation_due=filed + timedelta(minutes=rung_ends)
        )
    new(
        "我腿脚不便，想请人帮忙去药店买降压药。",
        code="other",
        kind="help",
        reporter=demo["09"],
        building=None,
        unit=unit_of(fcg, "18栋", "2单元", "302"),
    )
    claimed = new("想请志愿者周末陪老人去医院复查。", code="other", kind="help")
    perform(claimed.pk, "claim", actor=demo["08"])
    # One the volunteer finished and recorded the hours of: the ranking shows them beside
    # the service activity the volunteer attended (demo/activities.py).
    helped = new("想请志愿者帮忙把旧衣柜搬到楼下回收点。", code="other", kind="help")
    perform(helped.pk, "claim", actor=demo["08"])
    perform(helped.pk, "resolve", actor=demo["08"], outcome="fixed")
    service_hours_record(request=Request.objects.get(pk=helped.pk), volunteer=demo["08"], hours=1.5)
    seed_street_whistle(fcg, demo, new)
    # Filed by the building head for a neighbour without a phone; closed by a return visit.
    for_neighbour = new(
        "3单元王奶奶家门口的声控灯不亮，她晚上出门看不清。",
        reporter=None,
        reporter_name="3单元王奶奶",
        filed_by=demo["02"],
        channel="in_person",
    )
    perform(for_neighbour.pk, "assign", actor=demo["02"], assignee=demo["06"])
    perform(for_neighbour.pk, "resolve", actor=demo["06"], outcome="fixed")
    perform(
        for_neighbour.pk,
        "return_visit",
        actor=demo["02"],
        method="in_person",
        rating=5,
        note="王奶奶说灯亮了，很满意",
    )


def seed_street_whistle(fcg: Compound, demo: dict, new) -> None:
    """Departments of the street office, one with a person; a request that climbed to the
    street office, which summoned the water company (reported in) and 城管 (waiting)."""
    office, staff = fcg.community.street_office, demo["07"]
    water = department_register(
        by=staff, street_office=office, name="供水公司", kind="utility", hotline="96116"
    )
    city = department_register(by=staff, street_office=office, name="城管执法队", kind="government")
    department_register(by=staff, street_office=office, name="区人民医院", kind="alliance")
    person = department_staff_add(
        by=staff, department=water, phone="+8613900000301", display_name="供水公司林工"
    ).user
    item = new(
        "小区东门外的供水管爆裂，路面积水一周没人管。",
        code="drainage",
        place="东门外",
        building=None,
    )
    Request.objects.filter(pk=item.pk).update(accept_due=timezone.now() - timedelta(days=5))
    for _level in range(3):  # each rung's time ran out in turn
        Request.objects.filter(pk=item.pk).update(
            escalation_due=timezone.now() - timedelta(minutes=5)
        )
        perform(item.pk, "escalate", note=escalation.AUTO_NOTE)
    perform(item.pk, "whistle", actor=demo["07"], department=water, note="请查明爆管原因并抢修")
    perform(item.pk, "whistle", actor=demo["07"], department=city, note="请协助清理路面积水")
    perform(item.pk, "report_in", actor=person)
