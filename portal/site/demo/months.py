"""Twelve months of requests for the street's compounds (issue 15): filed, accepted, fixed
and rated as the workflow leaves them, with their timelines — more leaks in the rainy
months (恩施: May to September) —, written in bulk as portal/site/scale/ writes street-scale
data. Each request follows the compound's `Profile` (street.py): how fast it is fixed, how
residents rate it. A request not fixed by its resolve-by time climbs the escalation ladder
as the sweep would have moved it (requests.escalation.climb, at each rung's deadline). The
open requests past their deadline now are the profile's `overdue`; in the compound in
trouble one of them is an emergency that climbed to the street office. Nobody is notified:
this is history."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from django.utils import timezone

from portal.site.demo.street import Place
from portal.site.scale.repairs import EVENT_FIELDS
from portal.site.scale.writer import Writer
from requests import escalation
from requests.deadlines import deadlines_minutes, due_after, on_site_due
from requests.models import Category, Request, RequestEvent
from requests.services.figures import satisfaction_refresh

HOUR = timedelta(hours=1)
SWEEP = timedelta(minutes=2)  # beat's escalation sweep
# 恩施's months: more requests in the rainy season, most of them leaks and blocked drains.
SEASON = {
    1: 0.8,
    2: 0.7,
    3: 0.9,
    4: 1.0,
    5: 1.25,
    6: 1.6,
    7: 1.6,
    8: 1.3,
    9: 1.1,
    10: 0.9,
    11: 0.8,
    12: 0.8,
}
PROBLEMS = {
    "lighting": (["楼道灯不亮了", "单元门口的声控灯坏了", "小区路灯晚上不亮"], 14),
    "drainage": (
        [
            "楼顶漏水，顶楼住户家里渗水",
            "下水道堵塞，污水冒出来",
            "雨水管断了，外墙一直淌水",
            "地下车库积水",
        ],
        12,
    ),
    "elevator": (["电梯异响，运行时抖动", "电梯按钮失灵"], 8),
    "road": (["井盖松动，踩上去会响", "路面坑洼，下雨积水"], 7),
    "access": (["单元门禁刷卡没反应", "监控画面看不清"], 7),
    "sanitation": (["垃圾没有及时清运", "楼道堆放杂物"], 9),
    "greenery": (["绿化带杂草太多", "树枝挡住窗户"], 5),
    "parking": (["消防通道被车占了"], 5),
    "fire": (["楼道灭火器过期了", "消防栓漏水"], 3),
}
COMMENTS = {
    5: "修得很快，谢谢师傅",
    4: "修好了，师傅态度不错",
    2: "等了好几天才来修",
    1: "修了还是漏",
}
REQUEST_FIELDS = (
    "id",
    "compound_id",
    "building_id",
    "kind",
    "category_id",
    "description",
    "urgency",
    "state",
    "outcome",
    "reporter_id",
    "channel",
    "handler_kind",
    "handler_id",
    "escalation_level",
    "escalation_due",
    "accept_due",
    "resolve_due",
    "on_site_due",
    "on_site_at",
    "accepted_at",
    "resolved_at",
    "closed_at",
    "reject_reason",
    "appealed",
    "rating",
    "rating_comment",
    "created_at",
)


class Months:
    """The requests of one compound over the year, rows and timeline events."""

    def __init__(self, place: Place, now: datetime, categories: dict[str, int]) -> None:
        self.place, self.now, self.categories = place, now, categories
        self.rng = random.Random(f"demo-months:{place.compound.name}")  # noqa: S311
        self.reporters = sorted(place.owners.items())
        self.minutes = {u: deadlines_minutes(place.compound, u) for u in ("normal", "emergency")}
        self.rows: list[tuple] = []
        self.events: list[tuple] = []

    def year(self, first_days_ago: float = 2) -> None:
        """Requests filed over the last 365 days (but the last `first_days_ago`), about one
        a month for every 16 homes, by the season."""
        per_month = len(self.place.building_of) / 16
        day = first_days_ago
        while day < 365:
            month = (self.now - timedelta(days=day)).month
            day += self.rng.expovariate(per_month * SEASON[month] / 30.4)
            if day < 365:
                self.request(self.now - timedelta(days=day))

    def overdue(self, emergency: bool) -> None:
        """The profile's open requests past their deadline (the first an emergency)."""
        for n in range(self.place.profile.overdue):
            if n == 0 and emergency:
                self.request(
                    self.now - timedelta(hours=47),
                    code="drainage",
                    urgency="emergency",
                    text="5栋楼顶水箱漏水，顶楼两户家里进水，电闸也跳了",
                    stuck=True,
                )
            else:
                filed = self.now - timedelta(hours=self.rng.uniform(80, 110))
                self.request(filed, stuck=True)

    def request(self, created, code=None, urgency=None, text=None, stuck=False) -> None:  # noqa: PLR0912, PLR0915 - one request's path
        rng, place, now = self.rng, self.place, self.now
        month = timezone.localtime(created).month
        if code is None:
            codes = list(PROBLEMS)
            weights = [
                PROBLEMS[c][1] * (SEASON[month] ** 3 if c == "drainage" else 1) for c in codes
            ]
            code = rng.choices(codes, weights)[0]
        text = text or rng.choice(PROBLEMS[code][0])
        urgency = urgency or (
            "emergency" if code in ("fire", "elevator") and rng.random() < 0.2 else "normal"
        )
        unit, reporter = rng.choice(self.reporters)
        accept_min, resolve_min = self.minutes[urgency]
        r = Request(
            state="submitted",
            urgency=urgency,
            handler_kind="property",
            escalation_level=0,
            created_at=created,
            accept_due=due_after(created, accept_min, urgency=urgency),
            resolve_due=due_after(created, resolve_min, urgency=urgency),
            on_site_due=on_site_due(urgency, created),
        )
        worker = place.worker.pk
        path = [(reporter, "file", "", "submitted", created, "")]
        window = 0.4 if urgency == "emergency" else 8
        at = created + HOUR * rng.uniform(0.05, window)
        if not stuck and rng.random() < 0.04:  # turned down: not the property company's job
            path.append(
                (worker, "reject", "submitted", "rejected", at, "不属于物业服务范围，请联系社区")
            )
            r.state, r.closed_at, r.reject_reason = "rejected", at, "不属于物业服务范围，请联系社区"
            return self._add(r, path, place, unit, reporter, code, text, created)
        if at > now:
            return self._add(r, path, place, unit, reporter, code, text, created)
        r.state, r.accepted_at = "accepted", at
        path.append((worker, "accept", "submitted", "accepted", at, ""))
        at += HOUR * rng.uniform(0.02, 0.5)
        r.state, r.handler_id = "assigned", worker
        path.append((worker, "assign", "accepted", "assigned", min(at, now), ""))
        if r.on_site_due:
            r.on_site_at = min(at + HOUR * rng.uniform(0.2, 1.0), r.on_site_due - HOUR * 0.1)
            path.append((worker, "arrive", "assigned", "assigned", r.on_site_at, ""))
        if urgency == "emergency":
            lo, hi = 1.0, 20.0
        else:
            lo, hi = place.profile.resolve_hours
        resolved = created + HOUR * rng.triangular(lo, hi, lo + (hi - lo) * 0.3)
        resolved = max(resolved, at + HOUR * 0.5)
        if stuck or resolved > now:
            resolved = None if stuck or r.resolve_due > now else now - HOUR * rng.uniform(1, 20)
        if resolved is None:  # still being worked on
            if rng.random() < 0.6:
                path.append((worker, "start", "assigned", "in_progress", min(at + HOUR, now), ""))
                r.state = "in_progress"
            self._climbs(r, path, now)
            return self._add(r, path, place, unit, reporter, code, text, created)
        self._climbs(r, path, resolved)
        r.state, r.resolved_at, r.outcome = "resolved", resolved, "fixed"
        path.append((worker, "resolve", "assigned", "resolved", resolved, ""))
        rating = rng.choices((5, 4, 3, 2, 1), place.profile.ratings)[0]
        if rating <= 2 and rng.random() < 0.5:
            r.outcome = "partly_fixed"
        confirm = resolved + HOUR * rng.uniform(1, 60)
        if rng.random() < 0.86 and confirm < now:
            r.state, r.closed_at, r.rating = "closed", confirm, rating
            r.rating_comment = COMMENTS.get(rating, "") if rng.random() < 0.4 else ""
            path.append((reporter, "confirm", "resolved", "closed", confirm, ""))
        elif resolved + timedelta(days=7) < now:
            r.state, r.closed_at = "closed", resolved + timedelta(days=7, minutes=2)
            path.append((None, "auto_close", "resolved", "closed", r.closed_at, ""))
        return self._add(r, path, place, unit, reporter, code, text, created)

    def _climbs(self, r: Request, path: list, until) -> None:
        """The sweep's climbs while the request stayed open past a deadline, up to `until`."""
        while r.escalation_level < len(escalation.LADDER):
            missed = escalation.missed(r, until)
            if not missed:
                return
            at = max(min(missed), r.escalation_due or min(missed)) + SWEEP
            if at >= until:
                return
            escalation.climb(r, at)
            path.append((None, "escalate", r.state, r.state, at, escalation.AUTO_NOTE))

    def _add(self, r, path, place, unit, reporter, code, text, created) -> None:
        path.sort(key=lambda step: step[4])
        self.rows.append(
            (
                place.compound.pk,
                place.building_of[unit],
                "repair",
                self.categories[code],
                text,
                r.urgency,
                r.state,
                r.outcome,
                reporter,
                "app",
                r.handler_kind,
                r.handler_id,
                r.escalation_level,
                r.escalation_due,
                r.accept_due,
                r.resolve_due,
                r.on_site_due,
                r.on_site_at,
                r.accepted_at,
                r.resolved_at,
                r.closed_at,
                r.reject_reason,
                False,
                r.rating,
                r.rating_comment,
                created,
            )
        )
        self.events.append(path)


def seed_months(places: list[Place], writer: Writer, now: datetime, quiet: set[int]) -> None:
    """Write the year of every place; `quiet` compounds (翡翠谷小区, where the personas'
    own requests are) get only requests closed before the last week."""
    categories = dict(Category.objects.filter(compound__isnull=True).values_list("code", "pk"))
    for place in places:
        months = Months(place, now, categories)
        if place.compound.pk in quiet:
            months.year(first_days_ago=10)
        else:
            months.year()
            months.overdue(emergency=place.profile.overdue >= 3)
        ids = writer.ids(Request, len(months.rows))
        writer.write(
            Request, REQUEST_FIELDS, ((pk, *row) for pk, row in zip(ids, months.rows, strict=True))
        )
        steps = [(pk, *step) for pk, path in zip(ids, months.events, strict=True) for step in path]
        event_ids = writer.ids(RequestEvent, len(steps))
        writer.write(
            RequestEvent,
            EVENT_FIELDS,
            (
                (e, pk, actor, action, old, new, note, at)
                for e, (pk, actor, action, old, new, at, note) in zip(event_ids, steps, strict=True)
            ),
        )
        satisfaction_refresh(compound_id=place.compound.pk)
