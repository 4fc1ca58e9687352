"""Participation of an owners' vote by building: the full count over a frozen roll (a pure
function, shared by the roll's freeze, the data migration, `recount` and the tests), the
read of the stored rows for the vote's page, and the comparison of the two.

Counted as `tally.count` counts participation: a unit takes part when it has a counted
ballot (with at least one valid choice, unless blank and spoiled ballots take part); an
owner (head key) takes part in a building when any of its units there does, and in the
whole vote when any of its units does (法释〔2009〕7号 第九条)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from decimal import Decimal

from django.db.models import Sum

from compounds.models import Building
from deliberation import tally
from deliberation.models import Ballot, MatterItem, OwnersVote, VoteParticipation

OVERALL = None  # the key of the whole vote among the buildings


@dataclass
class Counts:
    units: int = 0
    area: int = 0  # hundredths of a square metre
    heads: int = 0
    voted_units: int = 0
    voted_area: int = 0
    voted_heads: int = 0

    def minus(self, other: Counts) -> Counts:
        return Counts(*(getattr(self, f.name) - getattr(other, f.name) for f in fields(self)))

    def as_tally(self) -> tally.Tally:
        """The shape `participation` has always had: a count of item 9 in which whoever
        took part abstained."""
        return tally.Tally(
            item=MatterItem.OTHER_MAJOR,
            total_area=self.area,
            total_heads=self.heads,
            participating_area=self.voted_area,
            participating_heads=self.voted_heads,
            for_area=0,
            for_heads=0,
            against_area=0,
            against_heads=0,
            abstain_area=self.voted_area,
            abstain_heads=self.voted_heads,
        )


def count_roll(
    entries: Iterable[tuple[int, str, Decimal, str]], voted: set[int]
) -> dict[str | None, Counts]:
    """Counts of the roll rows (unit id, building name, area, head key) given the units
    that took part: by building in the order they first appear, and OVERALL."""
    counts: dict[str | None, Counts] = {OVERALL: Counts()}
    keys: dict[str | None, set[str]] = {OVERALL: set()}
    voted_keys: dict[str | None, set[str]] = {OVERALL: set()}
    for unit, building, area, key in entries:
        for scope in (OVERALL, building):
            c = counts.setdefault(scope, Counts())
            c.units += 1
            c.area += tally.cents(area)
            keys.setdefault(scope, set()).add(key)
            if unit in voted:
                c.voted_units += 1
                c.voted_area += tally.cents(area)
                voted_keys.setdefault(scope, set()).add(key)
    for scope, c in counts.items():
        c.heads, c.voted_heads = len(keys[scope]), len(voted_keys.get(scope, ()))
    return counts


def taking_part(vote: OwnersVote, units: Iterable[int] | None = None) -> set[int]:
    """The units (of `units`, or all) with a counted ballot that takes part. One query."""
    counted = Ballot.objects.filter(vote=vote, counted=True)
    if units is not None:
        counted = counted.filter(unit_id__in=list(units))
    if not vote.invalid_ballots_participate:  # a wholly blank or spoiled ballot does not
        counted = counted.filter(choices__choice__in=tally.CHOICES)
    return set(counted.values_list("unit_id", flat=True).distinct())


def recount(vote: OwnersVote) -> dict[str | None, Counts]:
    """The full count over the frozen roll and every counted ballot (two queries)."""
    entries = vote.roll.order_by("pk").values_list("unit_id", "building_name", "area", "head_key")
    return count_roll(list(entries), taking_part(vote))


def rows_of(vote_id: int, counts: dict[str | None, Counts]) -> list[VoteParticipation]:
    return [
        VoteParticipation(
            vote_id=vote_id,
            overall=scope is OVERALL,
            building_name=scope or "",
            position=i,
            **vars(c),
        )
        for i, (scope, c) in enumerate(counts.items())
    ]


def stored(vote: OwnersVote) -> dict[str | None, Counts]:
    """The stored counts (one query); empty when the roll is not frozen."""
    names = [f.name for f in fields(Counts)]
    rows = VoteParticipation.objects.filter(vote=vote).order_by("-overall", "position")
    return {
        (None if overall else name): Counts(*values)
        for overall, name, *values in rows.values_list("overall", "building_name", *names)
    }


def differences(vote: OwnersVote) -> list[tuple[str | None, Counts | None, Counts | None]]:
    """Where the stored counts differ from the full recount: (building, stored, fresh)."""
    have, fresh = stored(vote), recount(vote)
    return [
        (scope, have.get(scope), fresh.get(scope))
        for scope in dict.fromkeys([*fresh, *have])
        if have.get(scope) != fresh.get(scope)
    ]


def every_difference() -> list[tuple[int, str | None, Counts | None, Counts | None]]:
    """`differences` of every vote whose roll is frozen: (vote id, building, stored, fresh)."""
    return [
        (vote.pk, *difference)
        for vote in OwnersVote.objects.exclude(state=OwnersVote.State.DRAFT).order_by("pk")
        for difference in differences(vote)
    ]


def unreached_count(vote: OwnersVote, buildings: set[int] | None = None) -> int | None:
    """How many homes of the roll (of `buildings`, by id, when given) have no counted
    ballot, from the kept participation rows rather than a count over the roll — or None
    when the rows cannot say: where a blank or spoiled ballot does not take part, a home
    that returned one is reached but not counted as voting (then the caller counts)."""
    if not vote.invalid_ballots_participate:
        return None
    rows = VoteParticipation.objects.filter(vote=vote)
    if buildings is None:
        rows = rows.filter(overall=True)
    else:
        names = Building.objects.filter(pk__in=buildings, compound_id=vote.compound_id)
        names = names.values("name")
        rows = rows.filter(overall=False, building_name__in=names)
    figures = rows.aggregate(units=Sum("units"), voted=Sum("voted_units"))
    if figures["units"] is None:
        return None if buildings is None else 0
    return figures["units"] - figures["voted"]
