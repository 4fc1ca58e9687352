"""Three years of requests for the whole street, with their timelines (RequestEvent), the
residents' ratings and the notifications the reporters received. Recent requests are
still open; older ones are closed and mostly rated, a few were rejected or are stuck."""

from __future__ import annotations

import random
from datetime import timedelta

from compounds.models import StreetOffice
from portal.notifications.models import Notification
from portal.site.scale.places import Street
from portal.site.scale.plan import Plan
from portal.site.scale.writer import Writer
from requests.models import Category, Request, RequestEvent
from requests.services.figures import satisfaction_refresh, street_figures_refresh

REQUEST_FIELDS = (
    "id",
    "compound_id",
    "building_id",
    "unit_id",
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
    "accept_due",
    "resolve_due",
    "accepted_at",
    "resolved_at",
    "closed_at",
    "reject_reason",
    "appealed",
    "rating",
    "rating_comment",
    "created_at",
)
EVENT_FIELDS = (
    "id",
    "request_id",
    "actor_id",
    "action",
    "from_state",
    "to_state",
    "note",
    "created_at",
)
NOTIFICATION_FIELDS = (
    "id",
    "recipient_id",
    "event",
    "params",
    "url",
    "key",
    "created_at",
    "read_at",
)
PROBLEMS = [
    "楼道灯不亮了",
    "厨房水管漏水",
    "电梯异响",
    "单元门禁坏了",
    "下水道堵塞",
    "屋顶渗水",
    "路灯不亮",
    "垃圾没有清运",
    "绿化带杂草太多",
    "车库积水",
]
CHUNK = 50_000
HOUR = timedelta(hours=1)


def seed_requests(plan: Plan, writer: Writer, rng: random.Random, street: Street) -> None:
    categories = list(Category.objects.filter(compound__isnull=True).values_list("pk", "name"))
    weights = [len(street.units[c]) for c in street.compound_ids]
    span = (plan.now - plan.start).total_seconds()
    ids = iter(writer.ids(Request, plan.requests))
    done = 0
    while done < plan.requests:
        n = min(CHUNK, plan.requests - done)
        requests, events, notes = [], [], []
        for compound in rng.choices(street.compound_ids, weights, k=n):
            created = plan.start + timedelta(seconds=rng.random() * span)
            requests.append(
                _request(next(ids), compound, created, plan, rng, street, categories, events, notes)
            )
        _write(writer, requests, events, notes)
        done += n
    _persona_requests(plan, writer, rng, street, categories, ids)


def _persona_requests(plan, writer, rng, street, categories, ids) -> None:
    """The owner persona's own requests: a history of forty, a few open, the newest
    escalated to the street office."""
    compound = street.compound_ids[0]
    unit = street.units[compound][0]
    more = writer.ids(Request, 40)
    requests, events, notes = [], [], []
    for n, pk in enumerate(more):
        created = plan.now - timedelta(days=n * 25 + 1)
        requests.append(
            _request(
                pk,
                compound,
                created,
                plan,
                rng,
                street,
                categories,
                events,
                notes,
                unit=unit,
                reporter=street.personas["01"],
                # the newest, open, climbed to the street office: its queue is never
                # empty at any scale, so its page makes the same queries at every size
                escalated=n == 0,
            )
        )
    _write(writer, requests, events, notes)


def _write(writer, requests, events, notes) -> None:
    writer.write(Request, REQUEST_FIELDS, requests)
    ids = iter(writer.ids(RequestEvent, len(events)))
    writer.write(RequestEvent, EVENT_FIELDS, ((next(ids), *e) for e in events))
    ids = iter(writer.ids(Notification, len(notes)))
    writer.write(Notification, NOTIFICATION_FIELDS, ((next(ids), *n) for n in notes))


def _state(age_days: float, rng: random.Random) -> str:
    if age_days < 2:
        return rng.choice(("submitted", "accepted", "assigned", "in_progress"))
    if age_days < 20:
        return rng.choices(
            ("assigned", "in_progress", "resolved", "closed", "rejected"), (2, 2, 3, 12, 1)
        )[0]
    roll = rng.random()
    if roll < 0.01:
        return "in_progress"  # stuck: the queues' overdue rows
    return "rejected" if roll < 0.05 else "closed"


def _request(  # noqa: PLR0913 - one row's many facts
    pk,
    compound,
    created,
    plan,
    rng,
    street,
    categories,
    events,
    notes,
    unit=None,
    reporter=None,
    escalated=False,
):
    units = street.units[compound]
    while unit is None or reporter is None:
        unit = rng.choice(units)
        living = street.residents.get(unit)
        reporter = rng.choice(living) if living else None
        if reporter is None:
            unit = None
    state = _state((plan.now - created).total_seconds() / 86400, rng)
    emergency = rng.random() < 0.05
    accept_due = created + (HOUR if emergency else 24 * HOUR)
    resolve_due = created + (4 * HOUR if emergency else 72 * HOUR)
    category_id, category = rng.choice(categories)
    street_office = rng.random() < 0.02 or escalated
    handler_kind = "street_office" if street_office else "property"
    workers = street.workers[street.company_of[compound]]
    handler = None
    if state not in ("submitted", "accepted", "rejected") and not street_office:
        handler = rng.choice(workers)
    t = created
    accepted_at = resolved_at = closed_at = None
    timeline = [("file", "", "submitted", reporter, t)]
    path = {
        "submitted": [],
        "accepted": ["accept"],
        "assigned": ["accept", "assign"],
        "in_progress": ["accept", "assign", "start"],
        "resolved": ["accept", "assign", "start", "resolve"],
        "closed": ["accept", "assign", "start", "resolve", "confirm"],
        "rejected": ["reject"],
    }[state]
    to = {
        "accept": "accepted",
        "assign": "assigned",
        "start": "in_progress",
        "resolve": "resolved",
        "confirm": "closed",
        "reject": "rejected",
    }
    previous = "submitted"
    for action in path:
        if action == "start" and state != "in_progress" and rng.random() < 0.5:
            continue  # often resolved straight from assigned
        t = min(t + timedelta(hours=rng.uniform(0.2, 30)), plan.now)
        actor = reporter if action == "confirm" else (handler or workers[0])
        timeline.append((action, previous, to[action], actor, t))
        previous = to[action]
        accepted_at = t if action == "accept" else accepted_at
        resolved_at = t if action == "resolve" else resolved_at
        closed_at = t if action in ("confirm", "reject") else closed_at
    rating = rng.choices((5, 4, 3, 2, 1), (50, 25, 12, 8, 5))[0] if state == "closed" else None
    if state == "closed" and rng.random() < 0.15:
        rating = None  # closed without a rating
    for action, old, new, actor, when in timeline:
        events.append((pk, actor, action, old, new, "", when))
        if action in ("accept", "resolve", "confirm", "reject"):
            event = "request.resolved" if new == "resolved" else "request.changed"
            read = when + HOUR if plan.now - when > timedelta(days=7) else None
            notes.append(
                (
                    reporter,
                    event,
                    {"id": pk, "category": category, "state": new},
                    f"/requests/{pk}/",
                    "",
                    when,
                    read,
                )
            )
    return (
        pk,
        compound,
        street.building_of[unit],
        unit,
        "repair",
        category_id,
        rng.choice(PROBLEMS),
        "emergency" if emergency else "normal",
        state,
        "fixed" if state == "closed" else "",
        reporter,
        "app",
        handler_kind,
        handler,
        2 if street_office else 0,
        accept_due,
        resolve_due,
        accepted_at,
        resolved_at,
        closed_at,
        "不属于物业服务范围" if state == "rejected" else "",
        False,
        rating,
        "",
        created,
    )


def seed_figures(street: Street) -> None:
    """The figures pages read instead of averaging a history (the 已解决 board's rating, the
    departments page's), counted once as the beat would."""
    for compound_id in street.compound_ids:
        satisfaction_refresh(compound_id=compound_id)
    for office_id in StreetOffice.objects.values_list("pk", flat=True):
        street_figures_refresh(street_office_id=office_id)
