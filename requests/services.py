"""Filing and following requests; routing and service levels decided at filing time."""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from compounds.models import Building, Compound, Unit
from portal.images import reencode_image
from portal.notifications.services import notify
from requests.models import Category, Follower, Request, RequestEvent, RequestPhoto, Route

H = Request.Handler
MAX_DESCRIPTION = 2000


def categories_for(compound: Compound) -> list[Category]:
    """The compound's own category set, or the default one."""
    rows = list(Category.objects.filter(compound=compound)) or list(
        Category.objects.filter(compound__isnull=True)
    )
    return rows


def route_for(compound: Compound, category: Category, kind: str, building: Building | None) -> str:
    """Whose queue a new request goes to, by the compound's rules for its category."""
    if kind in (Request.Kind.HELP, Request.Kind.WISH):
        return H.VOLUNTEERS
    if category.route == Route.UTILITY:
        return H.UTILITY
    if (
        category.route == Route.HOUSING_OFFICER
        and building is not None
        and _has_housing_officer(building)
    ):
        return H.HOUSING_OFFICER  # without one, the building's matter goes the usual way
    if category.route == Route.SELF_MANAGEMENT or compound.management == "self_managed":
        return H.SELF_MANAGEMENT
    if compound.management == "property_company":
        return H.PROPERTY
    return H.COMMITTEE  # no management: the owners' committee and party branch


def _has_housing_officer(building: Building) -> bool:
    from compounds.models import BuildingRole

    return (
        BuildingRole.objects.current()
        .filter(building=building, kind__code="housing_officer")
        .exists()
    )


def deadlines_minutes(compound: Compound, urgency: str) -> tuple[int, int]:
    """The compound's time limits for an urgency in minutes (accept, resolve): its own
    service level, else the settings' defaults."""
    level = compound.service_levels.filter(urgency=urgency).first()
    if level is not None:
        return level.accept_minutes, level.resolve_minutes
    return tuple(settings.REQUESTS_SERVICE_LEVELS[urgency])


def is_working_day(day) -> bool:
    """Monday to Friday, less public holidays, plus the weekend days worked instead
    (调休) — both lists in settings, kept by the operator each year."""
    iso = day.isoformat()
    if iso in settings.REQUESTS_WORKDAYS:
        return True
    return day.weekday() < 5 and iso not in settings.REQUESTS_HOLIDAYS


def due_after(start: datetime, minutes: int) -> datetime:
    """The deadline `minutes` after `start`: in real time, or — where the operator set
    REQUESTS_COUNT_WORKING_DAYS — counting only the time of working days."""
    if not settings.REQUESTS_COUNT_WORKING_DAYS:
        return start + timedelta(minutes=minutes)
    from django.utils import timezone as tz

    moment, left = tz.localtime(start), timedelta(minutes=minutes)
    while True:
        next_midnight = (moment + timedelta(days=1)).replace(
            hour=0, minute=0, second=0, microsecond=0
        )
        if is_working_day(moment.date()):
            if moment + left <= next_midnight:
                return moment + left
            left -= next_midnight - moment
        moment = next_midnight


def deadlines(compound: Compound, urgency: str, start: datetime) -> tuple[datetime, datetime]:
    """Accept-by and resolve-by, stored on the request (never recomputed)."""
    accept, resolve = deadlines_minutes(compound, urgency)
    return due_after(start, accept), due_after(start, resolve)


def _check_place(compound: Compound, building, unit) -> None:
    if unit is not None and unit.building.compound_id != compound.pk:
        raise ValidationError(_("That home is not in this compound."), code="unit")
    if building is not None and building.compound_id != compound.pk:
        raise ValidationError(_("That building is not in this compound."), code="building")


def request_file(
    *,
    reporter,
    compound: Compound,
    category: Category,
    description: str,
    kind: str = Request.Kind.REPAIR,
    urgency: str = Request.Urgency.NORMAL,
    building: Building | None = None,
    unit: Unit | None = None,
    place: str = "",
    photos=(),
    filed_by=None,
    channel: str = Request.Channel.APP,
    reporter_name: str = "",
) -> Request:
    """File a request. Photos are checked and re-encoded before anything is written, so a
    bad photo leaves nothing behind.

    A role holder or staff member may file for a neighbour (`filed_by`, `channel`): for one
    with an account as `reporter`, for one without by `reporter_name` alone."""
    reporter_name = (reporter_name or "").strip()[:40]
    if filed_by is not None:
        from compounds.permissions import can

        if not can(filed_by, "request.file_for", compound):
            raise PermissionDenied
        if channel == Request.Channel.APP:
            raise ValidationError(_("Say how the neighbour asked."), code="channel")
    if reporter is None and (filed_by is None or not reporter_name):
        raise ValidationError(_("Say whom you are filing for."), code="reporter")
    description = (description or "").strip()
    if not description:
        raise ValidationError(_("Say in a few words what is wrong."), code="description")
    if len(description) > MAX_DESCRIPTION:
        raise ValidationError(
            _("Please keep it under %(n)s characters.") % {"n": MAX_DESCRIPTION}, code="description"
        )
    if len(photos) > settings.REQUESTS_MAX_PHOTOS:
        raise ValidationError(
            _("At most %(n)s photos.") % {"n": settings.REQUESTS_MAX_PHOTOS}, code="photos"
        )
    if category.compound_id not in (None, compound.pk):
        raise ValidationError(_("Choose a category of this compound."), code="category")
    if unit is not None:
        building = building or unit.building
    _check_place(compound, building, unit)
    if building is None and unit is None and not place.strip():
        raise ValidationError(_("Say where it is."), code="place")
    cleaned = [reencode_image(photo) for photo in photos]
    now = timezone.now()
    accept_due, resolve_due = deadlines(compound, urgency, now)
    with transaction.atomic():
        request = Request.objects.create(
            compound=compound,
            building=building,
            unit=unit,
            place=place.strip()[:100],
            kind=kind,
            category=category,
            description=description,
            urgency=urgency,
            reporter=reporter,
            reporter_name=reporter_name,
            filed_by=filed_by,
            channel=channel,
            handler_kind=route_for(compound, category, kind, building),
            accept_due=accept_due,
            resolve_due=resolve_due,
            created_at=now,
        )
        event = RequestEvent.objects.create(
            request=request,
            actor=filed_by or reporter,
            action="file",
            to_state=request.state,
            note=(
                _("For %(name)s, %(channel)s")
                % {"name": reporter_name or reporter, "channel": request.get_channel_display()}
                if filed_by
                else ""
            ),
        )
        photos_save(request, event, cleaned)
        from requests.workflow import team_ids

        notify(
            recipients=team_ids(request),
            event="request.new",
            params={
                "id": request.pk,
                "category": category.name,
                "state": request.get_state_display(),
            },
            url=reverse("requests:detail", args=[request.pk]),
        )
    return request


def photos_save(request: Request, event: RequestEvent, cleaned) -> list[RequestPhoto]:
    """Store re-encoded photos on the request's event; thumbnails follow in the background."""
    from portal.celery import enqueue_safely
    from requests.tasks import make_thumbnails

    saved = []
    for content in cleaned:
        photo = RequestPhoto(request=request, event=event)
        photo.image.save(content.name, content, save=False)
        photo.save()
        saved.append(photo)
    if saved:
        ids = [p.pk for p in saved]
        transaction.on_commit(partial(enqueue_safely, make_thumbnails, ids))
    return saved


def request_follow(*, request: Request, user) -> Follower:
    """我也遇到了: follow an open request instead of filing the same problem again."""
    if not request.is_open:
        raise ValidationError(_("This request is no longer open."), code="closed")
    if request.reporter_id == user.pk:
        raise ValidationError(_("You reported it yourself."), code="own")
    try:
        with transaction.atomic():
            return Follower.objects.create(request=request, user=user)
    except IntegrityError as exc:
        raise ValidationError(_("You already follow it."), code="duplicate") from exc


def similar_open(compound: Compound, category: Category, building=None, place: str = ""):
    """Open requests of the same category at the same building or place (duplicates)."""
    rows = Request.objects.filter(
        compound=compound, category=category, state__in=Request.OPEN_STATES
    )
    rows = rows.filter(building=building) if building is not None else rows.filter(place=place)
    # Requests about someone's home are private: never offered to neighbours.
    return rows.filter(unit__isnull=True).select_related("category").order_by("-created_at")[:5]


def service_hours_record(*, request: Request, volunteer, hours):
    """The volunteer who handled a help order records the hours it took, once."""
    from decimal import Decimal, InvalidOperation

    from requests.models import ServiceRecord

    if request.kind not in (Request.Kind.HELP, Request.Kind.WISH):
        raise ValidationError(_("Hours are recorded for help orders only."), code="kind")
    if request.handler_id != volunteer.pk:
        raise ValidationError(
            _("Only the volunteer who took the order records its hours."), code="handler"
        )
    if request.state not in (Request.State.RESOLVED, Request.State.CLOSED):
        raise ValidationError(_("Record the hours once the help is done."), code="state")
    try:
        hours = Decimal(str(hours)).quantize(Decimal("0.1"))
    except InvalidOperation as exc:
        raise ValidationError(_("Hours must be a number."), code="hours") from exc
    if not Decimal("0") < hours <= Decimal("24"):
        raise ValidationError(_("Between 0.1 and 24 hours, please."), code="hours")
    try:
        with transaction.atomic():
            return ServiceRecord.objects.create(request=request, volunteer=volunteer, hours=hours)
    except IntegrityError as exc:
        raise ValidationError(
            _("The hours of this order are already recorded."), code="duplicate"
        ) from exc


def categories_customise(compound: Compound) -> list[Category]:
    """Give the compound its own copy of the default categories to edit (once)."""
    with transaction.atomic():
        Compound.objects.select_for_update().get(pk=compound.pk)
        if not Category.objects.filter(compound=compound).exists():
            Category.objects.bulk_create(
                Category(
                    compound=compound,
                    code=c.code,
                    name=c.name,
                    route=c.route,
                    hotline=c.hotline,
                    order=c.order,
                )
                for c in Category.objects.filter(compound__isnull=True)
            )
    return list(Category.objects.filter(compound=compound))


def service_levels_set(compound: Compound, levels: dict[str, tuple[int, int]]) -> None:
    """The compound's time limits in minutes per urgency (accept, resolve). They apply to
    requests filed from now on; deadlines already stored stay as they are."""
    from requests.models import ServiceLevel

    for urgency, (accept, resolve) in levels.items():
        if urgency not in Request.Urgency.values:
            raise ValidationError(_("Unknown urgency."), code="urgency")
        if not 0 < accept <= resolve:
            raise ValidationError(
                _("The time to accept must be positive and no longer than the time to resolve."),
                code="levels",
            )
    with transaction.atomic():
        for urgency, (accept, resolve) in levels.items():
            ServiceLevel.objects.update_or_create(
                compound=compound,
                urgency=urgency,
                defaults={"accept_minutes": accept, "resolve_minutes": resolve},
            )
