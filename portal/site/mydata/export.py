"""Download my data (个人信息保护法 第四十五条): everything the portal holds about the person
asking, as data.json (UTF-8, keys documented in README.txt) and the photos they uploaded, in
one ZIP. Other people appear by their role only ("staff handling the request"), never by
name or phone. The queries do not grow with what the person did: each kind of record is
one query, with its related rows prefetched.

Photos are files in the ZIP rather than links: a link needs a signed-in session and the
permission-checked photo view, so it would stop working once the person deletes their
account (the moment they most want a copy), and it would not open offline."""

from __future__ import annotations

import json
import tempfile
import zipfile
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from community.queries.mydata import community_life
from compounds.models import Residency, Unit
from deliberation.models import Ballot, BallotChoice, Comment, Proxy, Suggestion
from portal.notifications.events import EVENTS
from portal.notifications.models import Preference
from requests.models import Request, RequestEvent, RequestPhoto
from requests.workflow import ACTION_LABELS

FORMAT = "gongzhi-personal-data/1"
UNIT_PATH = "unit__building__compound"
# Who made a move on a request, by role (never a name): moves of a department's people,
# of the street office that summoned them, of a volunteer; every other move by someone
# else is the team the request is with.
ACTION_ROLES = {
    "report_in": "department",
    "respond": "department",
    "whistle": "street",
    "claim": "volunteer",
}


def _when(value: datetime | date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    return value.isoformat()


def _plain(value):
    """What json cannot write itself, from the rows of community life: times in local time,
    hours as numbers."""
    if isinstance(value, (datetime, date)):
        return _when(value)
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(type(value))


def _home(unit: Unit) -> str:
    return f"{unit.building.compound.name} {unit}"


def _role_labels() -> dict:
    return {
        "self": _("you"),
        "system": _("the system"),
        "department": _("department staff"),
        "street": _("street office staff"),
        "volunteer": _("a volunteer"),
        "team": _("staff handling the request"),
    }


def _actor(event: RequestEvent, user, roles: dict) -> str:
    if event.actor_id is None:
        return roles["system"]
    if event.actor_id == user.pk:
        return roles["self"]
    return roles[ACTION_ROLES.get(event.action, "team")]


def profile(user) -> dict:
    preferences = Preference.objects.filter(user=user).order_by("event")
    return {
        "name": user.display_name,
        "phone": user.national_phone,
        "phone_verified": user.phone_verified,
        "email": user.email,
        "large_text": user.large_text,
        "joined": _when(user.date_joined),
        "last_login": _when(user.last_login),
        "notification_settings": [
            {
                "event": str(EVENTS[p.event].label) if p.event in EVENTS else p.event,
                "sms": p.sms,
                "email": p.email,
            }
            for p in preferences
        ],
    }


def residencies(user) -> list[dict]:
    rows = Residency.objects.filter(user=user).select_related(UNIT_PATH).order_by("start", "pk")
    return [
        {
            "home": _home(r.unit),
            "relation": r.get_relation_display(),
            "status": r.get_status_display(),
            "votes_for_home": r.is_voter,
            "from": _when(r.start),
            "until": _when(r.end),
            "proof_uploaded": bool(r.evidence),
            "reject_reason": r.reject_reason,
            "reviewed_at": _when(r.reviewed_at),
        }
        for r in rows
    ]


def _requests(user):
    photos = Prefetch("photos", queryset=RequestPhoto.objects.order_by("pk"))
    events = RequestEvent.objects.order_by("created_at", "pk").prefetch_related(photos)
    return (
        Request.objects.filter(Q(reporter=user) | Q(filed_by=user))
        .select_related("compound", "category", "building", "unit__building")
        .prefetch_related(Prefetch("events", queryset=events))
        .order_by("created_at", "pk")
    )


def requests_filed(user, photos: list) -> list[dict]:
    """The requests the person reported or filed for a neighbour, with every move's text;
    `photos` gathers the photos they uploaded, as (file, name in the ZIP)."""
    roles = _role_labels()
    rows = []
    for item in _requests(user):
        timeline = []
        for event in item.events.all():
            mine = event.actor_id == user.pk
            names = []
            for photo in event.photos.all() if mine else ():
                name = f"photos/request-{item.pk}-photo-{photo.pk}.jpg"
                photos.append((photo.image, name))
                names.append(name)
            timeline.append(
                {
                    "time": _when(event.created_at),
                    "by": _actor(event, user, roles),
                    "what": str(ACTION_LABELS.get(event.action, event.action)),
                    # the system's own notes are msgids (as the request's page shows them)
                    "note": _(event.note) if event.note and event.actor_id is None else event.note,
                    "photos": names,
                }
            )
        rows.append(
            {
                "number": item.pk,
                "compound": item.compound.name,
                "where": str(item.unit or item.building or item.place or ""),
                "kind": item.get_kind_display(),
                "category": str(item.category.display_name),
                "description": item.description,
                "urgency": item.get_urgency_display(),
                "state": item.get_state_display(),
                "outcome": item.get_outcome_display(),
                "filed_for_a_neighbour": item.reporter_id != user.pk,
                "channel": item.get_channel_display(),
                "handled_by": item.get_handler_kind_display(),
                "filed_at": _when(item.created_at),
                "resolved_at": _when(item.resolved_at),
                "closed_at": _when(item.closed_at),
                "rating": item.rating,
                "rating_comment": item.rating_comment if item.reporter_id == user.pk else "",
                "timeline": timeline,
            }
        )
    return rows


def comments(user) -> list[dict]:
    rows = Comment.objects.filter(author=user).select_related("proposal").order_by("pk")
    return [
        {"proposal": c.proposal.title, "text": c.text, "time": _when(c.created_at)} for c in rows
    ]


def suggestions(user) -> list[dict]:
    rows = Suggestion.objects.filter(author=user).select_related("compound").order_by("pk")
    return [
        {
            "compound": s.compound.name,
            "text": s.text,
            "private": s.private,
            "time": _when(s.created_at),
            "answer": s.answer,
            "answered_at": _when(s.answered_at),
        }
        for s in rows
    ]


def ballots(user) -> list[dict]:
    choices = Prefetch(
        "choices", queryset=BallotChoice.objects.select_related("topic").order_by("topic__pk")
    )
    rows = (
        Ballot.objects.filter(cast_by=user)
        .select_related("vote", UNIT_PATH)
        .prefetch_related(choices)
        .order_by("created_at", "pk")
    )
    return [
        {
            "vote": b.vote.title,
            "home": _home(b.unit),
            "channel": b.get_channel_display(),
            "time": _when(b.created_at),
            "as_proxy": b.proxy_id is not None,
            "counted": b.counted,
            "replaced_at": _when(b.superseded_at),
            "choices": [
                {"topic": c.topic.title, "choice": c.get_choice_display()} for c in b.choices.all()
            ],
        }
        for b in rows
    ]


def _proxies(rows) -> list[dict]:
    return [
        {
            "vote": p.vote.title,
            "home": _home(p.unit),
            "matters": p.matters,
            "valid_from": _when(p.valid_from),
            "valid_until": _when(p.valid_until),
            "revoked_at": _when(p.revoked_at),
        }
        for p in rows
    ]


def proxies(user) -> tuple[list[dict], list[dict]]:
    """(letters the person gave, letters they hold): the other side by role only."""
    rows = Proxy.objects.select_related("vote", UNIT_PATH).order_by("created_at", "pk")
    return _proxies(rows.filter(owner=user)), _proxies(rows.filter(proxy=user))


def personal_data(user) -> tuple[dict, list]:
    """(the document, [(photo file, its name in the ZIP)])."""
    photos: list = []
    given, held = proxies(user)
    document = {
        "format": FORMAT,
        "exported_at": _when(timezone.now()),
        "profile": profile(user),
        "residencies": residencies(user),
        "requests": requests_filed(user, photos),
        "comments": comments(user),
        "suggestions": suggestions(user),
        "ballots": ballots(user),
        "proxies_given": given,
        "proxies_held": held,
        **community_life(user, photos),
    }
    return document, photos


def readme() -> str:
    return "\n".join(
        [
            _("Your data in Gongzhi, as of the time in exported_at. data.json holds:"),
            "",
            "profile — " + _("your name, phone, email, settings and SMS/email choices"),
            "residencies — " + _("your homes: relation, verification, from and until"),
            "requests — "
            + _("requests you filed, each move with its text; others named by role only"),
            "comments — " + _("your comments on proposals"),
            "suggestions — " + _("your suggestions and the answers they received"),
            "ballots — " + _("ballots you cast: vote, home, channel, time, choice per topic"),
            "proxies_given / proxies_held — " + _("proxy letters you gave and you hold"),
            "teams — " + _("volunteer teams you belong to or applied to, with the dates"),
            "activity_signups — "
            + _("activities you signed up for: your place, whether you came, hours counted"),
            "duty_shifts — " + _("your duty shifts: station, times, whether you offered a swap"),
            "shift_swaps — " + _("shift swaps from you or to you, and what became of them"),
            "responsibilities — " + _("what you answer for in your building, with the homes"),
            "answerable_for_my_homes — "
            + _("the matters someone is answerable for at your homes (by matter, not by name)"),
            "zones_kept — " + _("the service zones you keep, yourself or with your team"),
            "facility_checks — "
            + _("facility conditions you recorded, in a survey or on your own"),
            "photos/ — " + _("the photos you uploaded to your requests and facility checks"),
            "",
            _("Other people appear by their role only, never by name or phone."),
        ]
    )


def export_zip(user):
    """The ZIP as a file object positioned at its start (spooled to disk past 8 MB)."""
    document, photos = personal_data(user)
    out = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 - the response closes it
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        text = json.dumps(document, ensure_ascii=False, indent=2, default=_plain)
        archive.writestr("data.json", text.encode("utf-8"))
        archive.writestr("README.txt", readme().encode("utf-8"))
        for photo, name in photos:
            try:
                with photo.open("rb") as image:
                    archive.writestr(name, image.read(), compress_type=zipfile.ZIP_STORED)
            except OSError:  # the file is gone from storage: the JSON still names it
                continue
    out.seek(0)
    return out
