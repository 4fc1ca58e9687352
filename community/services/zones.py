"""Service zones: drawn by the compound's leads, claimed by a team (its leader) or a
person, released; a request filed in a zone's building tells its keeper; the monthly
家园美化清洁行动 scheduled, made by beat for next month, and recorded with photos."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from community.models import Cleanup, CleanupPhoto, Team, TeamMember, Zone
from community.permissions.zones import (
    claimable_teams,
    may_claim_for_self,
    may_keep,
    require_draw,
    require_record,
)
from compounds.models import Compound
from portal.audit import audit
from portal.images import reencode_image
from portal.notifications.services import notify
from portal.text import written

MAX_PHOTOS = 4


def zone_create(
    *,
    by,
    compound: Compound,
    name: str,
    kind: str,
    description: str = "",
    buildings=(),
    plan_x=None,
    plan_y=None,
) -> Zone:
    require_draw(by, compound)
    name = written(name, limit=40, code="name", blank=_("Give the zone a name."))
    if kind not in Zone.Kind.values:
        raise ValidationError(_("Choose what kind of place it is."), code="kind")
    if any(b.compound_id != compound.pk for b in buildings):
        raise ValidationError(_("That building is not in this compound."), code="buildings")
    if (plan_x is None) != (plan_y is None):
        raise ValidationError(_("Give both coordinates on the plan, or neither."), code="plan")
    try:
        with transaction.atomic():
            zone = Zone.objects.create(
                compound=compound,
                name=name,
                kind=kind,
                plan_x=plan_x,
                plan_y=plan_y,
                description=written(description, limit=300, code="description"),
            )
            zone.buildings.set(buildings)
            audit(actor=by, code="community.zone.created", target=zone, new={"name": name})
    except IntegrityError as exc:
        raise ValidationError(_("There is already a zone with this name."), code="name") from exc
    return zone


def zone_claim(*, zone: Zone, by, team: Team | None = None) -> Zone:
    """Claim a free zone for a team the claimer leads, or for oneself. The zone's row is
    locked: of two claims at once, one wins and the other is told it is taken. A team's
    claim locks the team's row first (as disbanding does), so a team disbanded meanwhile
    keeps no zone."""
    if team is not None:
        if not claimable_teams(by, zone).filter(pk=team.pk).exists():
            raise PermissionDenied
    elif not may_claim_for_self(by, zone):
        raise PermissionDenied
    with transaction.atomic():
        if team is not None and not claimable_teams(by, zone).select_for_update().filter(
            pk=team.pk
        ):
            raise ValidationError(_("This team can no longer keep a zone."), code="team")
        locked = Zone.objects.select_for_update().get(pk=zone.pk)
        if locked.keeper_team_id or locked.keeper_user_id:
            raise ValidationError(_("Someone already keeps this zone."), code="taken")
        locked.keeper_team = team
        locked.keeper_user = None if team else by
        locked.claimed_at = timezone.now()
        locked.save(update_fields=["keeper_team", "keeper_user", "claimed_at"])
        audit(
            actor=by,
            code="community.zone.claimed",
            target=locked,
            new={"team": str(team or ""), "person": "" if team else str(by)},
        )
    return locked


def _locked(zone: Zone) -> Zone:
    """The zone's row, locked and read afresh (its keeper as it is now)."""
    return (
        Zone.objects.select_for_update(of=("self",))
        .select_related("compound", "keeper_team")
        .get(pk=zone.pk)
    )


def zone_release(*, zone: Zone, by) -> Zone:
    with transaction.atomic():
        locked = _locked(zone)
        if not may_keep(by, locked):
            raise PermissionDenied
        if not (locked.keeper_team_id or locked.keeper_user_id):
            raise ValidationError(_("Nobody keeps this zone."), code="free")
        old = {"team": locked.keeper_team_id, "person": locked.keeper_user_id}
        locked.keeper_team = locked.keeper_user = None
        locked.claimed_at = None
        locked.save(update_fields=["keeper_team", "keeper_user", "claimed_at"])
        audit(actor=by, code="community.zone.released", target=locked, old=old)
    return locked


def zones_release_of_team(*, team: Team, by) -> list[Zone]:
    """The team is being disbanded (its row locked by the caller, in its transaction):
    every zone it keeps is freed, each under its own lock and audited as a release (the
    team's name and the reason it was disbanded), so the zone's history says who let it
    go and why."""
    released = []
    for locked in Zone.objects.select_for_update().filter(keeper_team=team).order_by("pk"):
        locked.keeper_team, locked.claimed_at = None, None
        locked.save(update_fields=["keeper_team", "claimed_at"])
        audit(
            actor=by,
            code="community.zone.released",
            target=locked,
            old={"team": team.name},
            new={"reason": team.disband_reason},
        )
        released.append(locked)
    return released


def keeper_ids(zone: Zone) -> set[int]:
    """Who keeps the zone: the person, or the keeping team's members (its leader too)."""
    if zone.keeper_user_id:
        return {zone.keeper_user_id}
    if zone.keeper_team_id:
        members = TeamMember.objects.filter(
            team_id=zone.keeper_team_id, state=TeamMember.State.MEMBER
        ).values_list("user_id", flat=True)
        return set(members) | {zone.keeper_team.leader_id}
    return set()


def tell_keepers_of_request(request) -> int:
    """A request was filed (requests.extras.REQUEST_FILED, after its commit): tell the
    keepers of the zones its building lies in, and of the zone of the facility it is about
    (its sticker or a survey). Told once per request and zone (the key)."""
    where = Q(facilities__links__request=request)
    if request.building_id is not None:
        where |= Q(buildings=request.building_id)
    told = 0
    zones = Zone.objects.filter(where).distinct().select_related("keeper_team")
    for zone in zones.exclude(keeper_team__isnull=True, keeper_user__isnull=True):
        told += len(
            notify(
                recipients=keeper_ids(zone) - {request.reporter_id},
                event="community.zone_request",
                params={
                    "id": request.pk,
                    "zone": zone.name,
                    "category": request.category.display_name,
                },
                url=reverse("requests:detail", args=[request.pk]),
                key=f"zone-request-{zone.pk}-{request.pk}",
            )
        )
    return told


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def cleanup_schedule(*, zone: Zone, by, day: date) -> Cleanup:
    """Schedule (or move) the zone's clean-up in the month of `day`; a clean-up already
    done is not moved."""
    if day < timezone.localdate():
        raise ValidationError(_("Choose a day from today on."), code="day")
    with transaction.atomic():
        if not may_keep(by, _locked(zone)):
            raise PermissionDenied
        cleanup, created = Cleanup.objects.get_or_create(
            zone=zone, month=first_of_month(day), defaults={"day": day, "scheduled_by": by}
        )
        if not created:
            if cleanup.done_at:
                raise ValidationError(_("This month's clean-up is already done."), code="done")
            cleanup.day, cleanup.scheduled_by = day, by
            cleanup.save(update_fields=["day", "scheduled_by"])
        audit(
            actor=by,
            code="community.cleanup.scheduled",
            target=cleanup,
            compound=zone.compound_id,
            new={"day": day.isoformat()},
        )
    return cleanup


def cleanup_record(*, cleanup: Cleanup, by, report: str, photos=()) -> Cleanup:
    """Record the clean-up as done, with what was done and up to four photos (re-encoded
    before anything is written, so a bad photo leaves nothing behind)."""
    zone = Zone.objects.select_related("compound", "keeper_team").get(pk=cleanup.zone_id)
    require_record(by, zone)
    report = written(report, limit=300, code="report", blank=_("Say in a few words what was done."))
    if not photos:
        raise ValidationError(_("Add at least one photo of the result."), code="photos")
    if len(photos) > MAX_PHOTOS:
        raise ValidationError(_("At most %(n)s photos.") % {"n": MAX_PHOTOS}, code="photos")
    if cleanup.day > timezone.localdate():
        raise ValidationError(_("This clean-up is not due yet."), code="early")
    cleaned = [reencode_image(photo) for photo in photos]
    with transaction.atomic():
        locked = Cleanup.objects.select_for_update().get(pk=cleanup.pk)
        if locked.done_at:
            raise ValidationError(_("This clean-up is already recorded."), code="done")
        locked.done_at, locked.done_by, locked.report = timezone.now(), by, report
        locked.save(update_fields=["done_at", "done_by", "report"])
        for content in cleaned:
            photo = CleanupPhoto(cleanup=locked)
            photo.image.save(content.name, content, save=False)
            photo.save()
        audit(
            actor=by,
            code="community.cleanup.done",
            target=locked,
            compound=cleanup.zone.compound_id,
            new={"report": report},
        )
    return locked


def next_month(today: date) -> date:
    return (today.replace(day=28) + timedelta(days=4)).replace(day=1)


def cleanups_plan_next_month(today: date | None = None) -> int:
    """The monthly job: next month's clean-up for every claimed zone that has none, on the
    first Saturday of the month. Beat may run it twice (or two beats at once): each zone is
    locked and re-checked, and the unique (zone, month) holds the rest."""
    today = today or timezone.localdate()
    month = next_month(today)
    day = month + timedelta(days=(5 - month.weekday()) % 7)
    made = 0
    claimed = Zone.objects.exclude(keeper_team__isnull=True, keeper_user__isnull=True)
    for zone_id in claimed.exclude(cleanups__month=month).values_list("pk", flat=True):
        with transaction.atomic():
            zone = (
                Zone.objects.select_for_update(of=("self",))
                .select_related("keeper_team")
                .get(pk=zone_id)
            )
            if not (zone.keeper_team_id or zone.keeper_user_id):
                continue
            cleanup, created = Cleanup.objects.get_or_create(
                zone=zone, month=month, defaults={"day": day}
            )
            if created:
                made += 1
                notify(
                    recipients=keeper_ids(zone),
                    event="community.cleanup_due",
                    params={"zone": zone.name, "day": day.isoformat()},
                    url=reverse("community:zone", args=[zone.pk]),
                    key=f"cleanup-{cleanup.pk}",
                )
    return made
