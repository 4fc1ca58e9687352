"""Writes about places and people, shared by views, commands and tasks.

Each function checks the rule it owns and raises ValidationError with a Chinese message;
permission checks happen before, in the view, through compounds/permissions.py.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from compounds.models import (
    Body,
    Building,
    BuildingRole,
    BuildingRoleKind,
    Commitment,
    CommitmentMark,
    Compound,
    Membership,
    Residency,
    Unit,
)
from portal.images import reencode_image
from portal.notifications.services import notify

Kind = Body.Kind
Status = Residency.Status


# Residencies ------------------------------------------------------------------------------


def residency_request(*, user, unit: Unit, relation: str, evidence=None) -> Residency:
    """A resident asks to be recorded in a unit; it waits for verification."""
    if relation not in Residency.Relation.values:
        raise ValidationError(_("Choose how you live in this home."), code="relation")
    if evidence is None:
        raise ValidationError(
            _("Please add a photo of your property certificate, purchase contract or lease."),
            code="evidence",
        )
    photo = reencode_image(evidence)
    open_residency = Residency.objects.filter(user=user, unit=unit, end__isnull=True).exclude(
        status=Status.REJECTED
    )
    if open_residency.exists():
        raise ValidationError(_("You have already asked to join this home."), code="duplicate")
    residency = Residency(user=user, unit=unit, relation=relation, status=Status.PENDING)
    residency.evidence.save(photo.name, photo, save=False)
    try:
        with transaction.atomic():
            residency.save()
    except IntegrityError as exc:  # a double submit raced the check above
        residency.evidence.delete(save=False)
        raise ValidationError(
            _("You have already asked to join this home."), code="duplicate"
        ) from exc
    return residency


def _decide(residency_id: int, reviewer, status: str, reason: str = "") -> Residency:
    """Record the decision on a pending residency. Locks the row so two reviewers cannot
    both decide; the resident's notification is written in the same transaction."""
    with transaction.atomic():
        residency = (
            Residency.objects.select_for_update(of=("self",))
            .select_related("unit__building__compound")
            .get(pk=residency_id)
        )
        if residency.status != Status.PENDING:
            raise ValidationError(_("This request has already been decided."), code="decided")
        if residency.user_id == reviewer.pk:
            raise ValidationError(_("Nobody may verify their own home."), code="self")
        residency.status = status
        residency.reject_reason = reason
        residency.reviewed_by = reviewer
        residency.reviewed_at = timezone.now()
        if status == Status.VERIFIED:
            residency.start = timezone.localdate()
        residency.save()
        notify(
            recipients=[residency.user_id],
            event="residency.verified" if status == Status.VERIFIED else "residency.rejected",
            params={
                "place": f"{residency.unit.building.compound.name} {residency.unit}",
                "reason": reason,
            },
            url=reverse("compounds:my_homes"),
        )
        if status == Status.VERIFIED and residency.is_owner:
            others = set(
                Residency.objects.current()
                .filter(
                    unit_id=residency.unit_id,
                    status=Status.VERIFIED,
                    relation__in=Residency.OWNER_RELATIONS,
                )
                .exclude(user_id=residency.user_id)
                .values_list("user_id", flat=True)
            )
            if others:
                notify(
                    recipients=others,
                    event="residency.co_owner_added",
                    params={
                        "place": f"{residency.unit.building.compound.name} {residency.unit}",
                        "who": str(residency.user),
                    },
                    url=reverse("compounds:my_homes"),
                )
    return residency


def residency_verify(*, reviewer, residency: Residency) -> Residency:
    return _decide(residency.pk, reviewer, Status.VERIFIED)


def residency_reject(*, reviewer, residency: Residency, reason: str) -> Residency:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Please say why the request is rejected."), code="reason")
    return _decide(residency.pk, reviewer, Status.REJECTED, reason)


# Bodies and memberships -------------------------------------------------------------------


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def body_create(
    *, compound: Compound, kind: str, term_number: int | None, start: date, end: date | None
) -> Body:
    if kind == Kind.RESIDENTS_COMMITTEE:
        raise ValidationError(_("A residents' committee belongs to a community."), code="kind")
    if kind in (Kind.OWNERS_COMMITTEE, Kind.SUPERVISORY_COMMITTEE):
        years = settings.COMPOUNDS_MAX_TERM_YEARS
        if end is None or end >= add_years(start, years):
            raise ValidationError(
                _("A committee term lasts at most %(years)s years.") % {"years": years},
                code="term",
            )
    return Body.objects.create(
        compound=compound, kind=kind, term_number=term_number, start=start, end=end
    )


def size_limits(body: Body) -> tuple[int, int | None]:
    if body.kind == Kind.OWNERS_COMMITTEE:
        if body.compound.is_small:
            size = settings.COMPOUNDS_SMALL_OWNERS_COMMITTEE_SIZE
            return size, size
        return settings.COMPOUNDS_OWNERS_COMMITTEE_SIZE
    if body.kind == Kind.SUPERVISORY_COMMITTEE:
        return settings.COMPOUNDS_SUPERVISORY_MIN, None
    return 1, None


def membership_add(
    *,
    body: Body,
    user,
    position: str = Membership.Position.MEMBER,
    is_party_member: bool = False,
    start: date | None = None,
    end: date | None = None,
) -> Membership:
    """Add a member. Refuses a seat beyond the size limit and a seat on both the owners'
    committee and the supervisory committee of a compound at the same time. Locks the
    user's row so two concurrent additions cannot both pass the independence check."""
    start = start or body.start
    end = end or body.end
    with transaction.atomic():
        get_user_model().objects.select_for_update().get(pk=user.pk)
        body = (
            Body.objects.select_for_update(of=("self",)).select_related("compound").get(pk=body.pk)
        )
        if Membership.objects.independence_conflict(body, user, start, end):
            raise ValidationError(
                _(
                    "Nobody may sit on the owners' committee and the supervisory committee "
                    "at the same time."
                ),
                code="independence",
            )
        maximum = size_limits(body)[1]
        if maximum is not None and body.memberships.current(start).count() >= maximum:
            raise ValidationError(
                _("This committee already has its largest allowed number of members (%(n)s).")
                % {"n": maximum},
                code="size",
            )
        try:
            return Membership.objects.create(
                body=body,
                user=user,
                position=position,
                is_party_member=is_party_member,
                start=start,
                end=end,
            )
        except IntegrityError as exc:
            raise ValidationError(_("This person is already a member."), code="duplicate") from exc


def membership_end(*, membership: Membership, on: date | None = None) -> Membership:
    """End a membership; the row stays as history."""
    on = on or timezone.localdate()
    if on < membership.start:
        raise ValidationError(_("A membership cannot end before it starts."), code="end")
    membership.end = on
    membership.save(update_fields=["end"])
    return membership


def body_problems(body: Body, on: date | None = None) -> list[str]:
    """What is wrong with a body's composition on a day (empty when it is lawful).
    Reads `body.memberships.all()`, so a prefetched list costs no query."""
    on = on or timezone.localdate()
    current = [m for m in body.memberships.all() if m.is_current(on)]
    minimum, maximum = size_limits(body)
    size = len(current)
    problems = []
    if body.kind in (Kind.OWNERS_COMMITTEE, Kind.SUPERVISORY_COMMITTEE):
        if size < minimum or (maximum is not None and size > maximum):
            if maximum is None:
                problems.append(
                    _("It needs at least %(min)s members; it has %(n)s.")
                    % {"min": minimum, "n": size}
                )
            else:
                problems.append(
                    _("It needs %(min)s to %(max)s members; it has %(n)s.")
                    % {"min": minimum, "max": maximum, "n": size}
                )
        if size % 2 == 0:
            problems.append(_("It needs an odd number of members; it has %(n)s.") % {"n": size})
    if body.kind == Kind.OWNERS_COMMITTEE and not any(
        m.position == Membership.Position.CHAIR for m in current
    ):
        problems.append(_("It has no chair."))
    return problems


# Building roles ---------------------------------------------------------------------------


def building_role_assign(
    *,
    building: Building,
    kind: BuildingRoleKind,
    holder,
    start: date | None = None,
    phone_public: bool = False,
) -> BuildingRole:
    """Give a building role to `holder` from `start`; the previous holder's term ends the
    day before and stays in the record."""
    start = start or timezone.localdate()
    with transaction.atomic():
        previous = (
            BuildingRole.objects.select_for_update()
            .filter(building=building, kind=kind, end__isnull=True)
            .first()
        )
        if previous is not None:
            if previous.start >= start:
                raise ValidationError(
                    _("The new term must start after the current one."), code="start"
                )
            previous.end = start - timedelta(days=1)
            previous.save(update_fields=["end"])
        return BuildingRole.objects.create(
            building=building, kind=kind, holder=holder, start=start, phone_public=phone_public
        )


# Commitments (承诺, 践诺, 评诺) -----------------------------------------------------------


def commitment_add(*, compound: Compound, member, text: str) -> Commitment:
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Write what you commit to do this month."), code="text")
    month = timezone.localdate().replace(day=1)
    return Commitment.objects.create(compound=compound, member=member, month=month, text=text)


def commitment_record_deed(*, commitment: Commitment, member, deed: str) -> Commitment:
    if commitment.member_id != member.pk:
        raise ValidationError(_("Only the member who made the commitment records its deeds."))
    deed = (deed or "").strip()
    if not deed:
        raise ValidationError(_("Write what was done."), code="deed")
    commitment.deed = deed
    commitment.deed_recorded_at = timezone.now()
    commitment.save(update_fields=["deed", "deed_recorded_at"])
    return commitment


def commitment_mark(*, commitment: Commitment, resident, fulfilled: bool) -> CommitmentMark:
    """One mark per resident per commitment; a second attempt is refused, not counted."""
    if commitment.member_id == resident.pk:
        raise ValidationError(_("You cannot mark your own commitment."), code="own")
    try:
        with transaction.atomic():
            return CommitmentMark.objects.create(
                commitment=commitment, resident=resident, fulfilled=fulfilled
            )
    except IntegrityError as exc:
        raise ValidationError(
            _("You have already marked this commitment."), code="duplicate"
        ) from exc


def residency_name_voter(*, by, residency: Residency) -> Residency:
    """A co-owner of a unit names which co-owner votes for it (法释〔2009〕7号: a unit
    counts once). Locks the unit's residencies so the choice is never doubled."""
    with transaction.atomic():
        owners = list(
            Residency.objects.select_for_update().filter(
                unit_id=residency.unit_id,
                status=Status.VERIFIED,
                end__isnull=True,
                relation__in=Residency.OWNER_RELATIONS,
            )
        )
        if by.pk not in {r.user_id for r in owners}:
            raise ValidationError(
                _("Only an owner of this home can name who votes for it."), code="not_owner"
            )
        chosen = next((r for r in owners if r.pk == residency.pk), None)
        if chosen is None:
            raise ValidationError(
                _("Only a verified owner of this home can vote for it."), code="not_voter"
            )
        Residency.objects.filter(pk__in=[r.pk for r in owners if r.pk != chosen.pk]).update(
            is_voter=False
        )
        chosen.is_voter = True
        chosen.save(update_fields=["is_voter"])
    return chosen


def deployed_member_confirm(*, role, by):
    """Community staff confirm a deployed party member; only then may they serve there."""
    if role.role != role.Role.DEPLOYED_MEMBER or role.confirmed:
        raise ValidationError(_("Nothing to confirm."), code="confirmed")
    role.confirmed = True
    role.save(update_fields=["confirmed"])
    return role


def deployed_member_register(*, user, community, employer: str):
    """A party member from a government unit reports to a community (双报到)."""
    from compounds.models import RoleAssignment

    employer = (employer or "").strip()
    if not employer:
        raise ValidationError(_("Write the unit you come from."), code="employer")
    role, created = RoleAssignment.objects.get_or_create(
        user=user,
        role=RoleAssignment.Role.DEPLOYED_MEMBER,
        community=community,
        end__isnull=True,
        defaults={
            "home_unit_name": employer[:100],
            "is_party_member": True,
            "start": timezone.localdate(),
            "confirmed": False,  # grants nothing until community staff confirm it
        },
    )
    if not created:
        raise ValidationError(_("You have already reported to this community."), code="duplicate")
    return role


def department_register(*, street_office, name: str, kind: str, hotline: str = ""):
    """Register a department or unit the street office can summon (街道吹哨、部门报到)."""
    from compounds.models import Department

    name = (name or "").strip()
    if not name:
        raise ValidationError(_("Give the department's name."), code="name")
    if kind not in Department.Kind.values:
        raise ValidationError(_("Choose what kind of department it is."), code="kind")
    try:
        with transaction.atomic():
            return Department.objects.create(
                street_office=street_office,
                name=name[:60],
                kind=kind,
                hotline=(hotline or "").strip()[:30],
            )
    except IntegrityError as exc:
        raise ValidationError(
            _("That department is already registered."), code="duplicate"
        ) from exc


def department_staff_add(*, department, phone: str, display_name: str):
    """Give a department's person an account scoped to the requests sent to the department.
    A new account has no password: they sign in with an SMS code."""
    from compounds.models import RoleAssignment

    display_name = (display_name or "").strip()[:50]
    with transaction.atomic():
        user = get_user_model().objects.filter(phone=phone).first()
        if user is None:
            if not display_name:
                raise ValidationError(_("Give the person's name."), code="name")
            user = get_user_model().objects.create_user(phone=phone, display_name=display_name)
        role, created = RoleAssignment.objects.get_or_create(
            user=user,
            role=RoleAssignment.Role.DEPARTMENT_STAFF,
            department=department,
            end__isnull=True,
            defaults={"start": timezone.localdate()},
        )
    if not created:
        raise ValidationError(_("This person is already on the department's list."), code="dup")
    return role


def ensure_default_kinds() -> None:
    """Create the default role set if it is missing (migration 0002 does it once; a test
    database flushed between transactional tests needs it again)."""
    from compounds.migrations_data import DEFAULT_KIND_ROWS

    for order, (code, name) in enumerate(DEFAULT_KIND_ROWS):
        BuildingRoleKind.objects.get_or_create(
            community=None, code=code, defaults={"name": name, "order": order}
        )
