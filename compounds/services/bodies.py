"""Committees and branches: their terms, their members and what is wrong with them."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from compounds.models import Body, Compound, Membership

Kind = Body.Kind


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
