"""Committees and branches: their terms, their members and what is wrong with them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from compounds.models import Body, Compound, Membership
from portal.audit import audit

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


@dataclass(frozen=True)
class CommitteeSizes:
    """The lawful sizes of a committee: the odd numbers (any number when `odd` is False) from
    `low` to `high` (no upper bound when None), and the sizes in `also` (the small
    compound's three)."""

    low: int
    high: int | None
    odd: bool = True
    also: tuple[int, ...] = ()

    def allows(self, n: int) -> bool:
        if n in self.also:
            return True
        in_range = self.low <= n and (self.high is None or n <= self.high)
        return in_range and (n % 2 == 1 or not self.odd)

    @property
    def minimum(self) -> int:
        lowest = self.low + 1 if self.odd and self.low % 2 == 0 else self.low
        return min((lowest, *self.also))

    @property
    def maximum(self) -> int | None:
        return None if self.high is None else max((self.high, *self.also))

    def __str__(self) -> str:
        """In the words of the rule, e.g. "3, or an odd number from 5 to 11"."""
        numbers = {"low": self.low, "high": self.high}
        if self.high is not None:
            text = _("an odd number from %(low)s to %(high)s") % numbers
        elif self.odd:
            text = _("an odd number, at least %(low)s") % numbers
        else:
            text = _("at least %(low)s") % numbers
        if self.also:
            also = "/".join(str(n) for n in self.also)
            text = _("%(also)s, or %(rule)s") % {"also": also, "rule": text}
        return text


def committee_sizes(kind: str, compound: Compound) -> CommitteeSizes:
    """THE size rule of a compound's committees, which an election's seats
    (`check_committee_seats`), each new membership (`membership_add`, at most the largest
    size) and a term's composition (`body_problems`) are all checked against. Owners'
    committee: an odd number from 5 to 11, or also 3 in a small compound (local rules:
    Compound.is_small, settings COMPOUNDS_SMALL_COMPOUND_HOUSEHOLDS); supervisory committee:
    an odd number, at least 3; other bodies: at least one member."""
    if kind == Kind.OWNERS_COMMITTEE:
        low, high = settings.COMPOUNDS_OWNERS_COMMITTEE_SIZE
        small = settings.COMPOUNDS_SMALL_OWNERS_COMMITTEE_SIZE
        also = (small,) if compound.is_small and not low <= small <= high else ()
        return CommitteeSizes(low, high, also=also)
    if kind == Kind.SUPERVISORY_COMMITTEE:
        return CommitteeSizes(settings.COMPOUNDS_SUPERVISORY_MIN, None)
    return CommitteeSizes(1, None, odd=False)


def check_committee_seats(*, compound: Compound, kind: str, seats: int) -> None:
    """An election fills a whole committee: its seats must be a lawful size."""
    sizes = committee_sizes(kind, compound)
    if not sizes.allows(seats):
        raise ValidationError(
            _("The committee has %(sizes)s members; %(n)s seats are not allowed.")
            % {"sizes": sizes, "n": seats},
            code="seats",
        )


def membership_add(
    *,
    body: Body,
    user,
    position: str = Membership.Position.MEMBER,
    is_party_member: bool = False,
    start: date | None = None,
    end: date | None = None,
    by=None,
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
        # Members join one at a time (an election installs them in turn), so a term may pass
        # through sizes the rule does not allow; only the largest lawful size is a limit.
        maximum = committee_sizes(body.kind, body.compound).maximum
        if maximum is not None and body.memberships.current(start).count() >= maximum:
            raise ValidationError(
                _("This committee already has its largest allowed number of members (%(n)s).")
                % {"n": maximum},
                code="size",
            )
        try:
            with transaction.atomic():
                membership = Membership.objects.create(
                    body=body,
                    user=user,
                    position=position,
                    is_party_member=is_party_member,
                    start=start,
                    end=end,
                )
        except IntegrityError as exc:
            raise ValidationError(_("This person is already a member."), code="duplicate") from exc
        audit(
            actor=by,
            code="compounds.membership.added",
            target=membership,
            new={
                "body": body.kind,
                "user": user.pk,
                "position": position,
                "start": start.isoformat() if start else None,
                "end": end.isoformat() if end else None,
            },
            compound=body.compound_id,
        )
        return membership


def membership_end(*, membership: Membership, on: date | None = None, by=None) -> Membership:
    """End a membership; the row stays as history, and the change in the audit log."""
    on = on or timezone.localdate()
    if on < membership.start:
        raise ValidationError(_("A membership cannot end before it starts."), code="end")
    old = {"end": membership.end.isoformat() if membership.end else None}
    with transaction.atomic():
        membership.end = on
        membership.save(update_fields=["end"])
        audit(
            actor=by,
            code="compounds.membership.ended",
            target=membership,
            old=old,
            new={"end": on.isoformat()},
            compound=membership.body.compound_id,
        )
    return membership


def body_problems(body: Body, on: date | None = None) -> list[str]:
    """What is wrong with a body's composition on a day (empty when it is lawful).
    Reads `body.memberships.all()`, so a prefetched list costs no query."""
    on = on or timezone.localdate()
    current = [m for m in body.memberships.all() if m.is_current(on)]
    sizes = committee_sizes(body.kind, body.compound)
    size = len(current)
    problems = []
    if body.kind in (Kind.OWNERS_COMMITTEE, Kind.SUPERVISORY_COMMITTEE) and not sizes.allows(size):
        maximum = sizes.maximum
        if size < sizes.minimum or (maximum is not None and size > maximum):
            problems.append(
                _("It needs %(sizes)s members; it has %(n)s.") % {"sizes": sizes, "n": size}
            )
        if size % 2 == 0:
            problems.append(_("It needs an odd number of members; it has %(n)s.") % {"n": size})
    if body.kind == Kind.OWNERS_COMMITTEE and not any(
        m.position == Membership.Position.CHAIR for m in current
    ):
        problems.append(_("It has no chair."))
    return problems
