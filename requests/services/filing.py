"""Filing and following requests; routing and deadlines decided at filing time."""

from __future__ import annotations

from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from compounds.models import Building, BuildingRole, Compound, Unit
from compounds.permissions import can
from compounds.standing import HOUSING_OFFICER
from portal.images import reencode_image
from portal.notifications.services import notify
from requests.deadlines import deadlines, on_site_due
from requests.extras import REQUEST_FILED, request_filed
from requests.models import Category, Follower, Request, RequestEvent, Route
from requests.permissions import HELP_KINDS, building_dispatcher_ids, followable, team_ids
from requests.photos import photos_save
from requests.presets import Preset

H = Request.Handler
MAX_DESCRIPTION = 2000


def route_for(compound: Compound, category: Category, kind: str, building: Building | None) -> str:
    """Whose queue a new request goes to, by the compound's rules for its category."""
    if kind in HELP_KINDS:
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
    return (
        BuildingRole.objects.current()
        .filter(building=building, kind__code=HOUSING_OFFICER)
        .exists()
    )


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
    about: Preset | None = None,
) -> Request:
    """File a request. Photos are checked and re-encoded before anything is written, so a
    bad photo leaves nothing behind.

    A role holder or staff member may file for a neighbour (`filed_by`, `channel`): for one
    with an account as `reporter`, for one without by `reporter_name` alone. `about` (a
    facility's QR sticker, requests/presets.py) is attached in the same transaction."""
    reporter_name = (reporter_name or "").strip()[:40]
    if filed_by is not None:
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
    if about is not None and about.compound_id != compound.pk:
        raise ValidationError(_("That is not in this compound."), code="about")
    if about is not None and about.refusal:
        raise ValidationError(about.refusal, code="about")
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
            on_site_due=on_site_due(urgency, now),
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
        if about is not None and about.attach is not None:
            about.attach(request)
        notify(  # the team, and the building's head who dispatches it
            recipients=team_ids(request) | building_dispatcher_ids(request),
            event="request.new",
            params={
                "id": request.pk,
                "category": category.display_name,
                "state": Request.State(request.state).label,
            },
            url=reverse("requests:detail", args=[request.pk]),
        )
        if REQUEST_FILED:
            transaction.on_commit(partial(request_filed, request.pk))
    return request


def request_follow(*, request: Request, user) -> Follower:
    """我也遇到了: follow an open request instead of filing the same problem again."""
    if not request.is_open:
        raise ValidationError(_("This request is no longer open."), code="closed")
    if request.reporter_id == user.pk:
        raise ValidationError(_("You reported it yourself."), code="own")
    if not followable(user, request):  # the rule the page offers the button by
        raise PermissionDenied
    try:
        with transaction.atomic():
            return Follower.objects.create(request=request, user=user)
    except IntegrityError as exc:
        raise ValidationError(_("You already follow it."), code="duplicate") from exc
