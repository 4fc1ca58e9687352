"""Keeping a vote's participation rows (deliberation/models/participation.py) up to date:
created when the roll is frozen, moved by the ballots of one owner at a time."""

from __future__ import annotations

from django.db.models import F

from deliberation import participation
from deliberation.models import OwnersVote, RollEntry, VoteParticipation
from deliberation.participation import OVERALL, Counts


def participation_rebuild(*, vote: OwnersVote) -> None:
    """Replace the vote's rows by the full count (when the roll is frozen, and for data
    loaded around the services, such as the scale generator's bulk ballots)."""
    VoteParticipation.objects.filter(vote=vote).delete()
    VoteParticipation.objects.bulk_create(
        participation.rows_of(vote.pk, participation.recount(vote))
    )


def participation_before(vote: OwnersVote, group: list[RollEntry]) -> dict[str | None, Counts]:
    """What one owner's units (`group`, locked by the caller) count for now: call before a
    ballot write, then pass the result to `participation_after` in the same transaction."""
    return _group_counts(vote, group)


def participation_after(
    vote: OwnersVote, group: list[RollEntry], before: dict[str | None, Counts]
) -> None:
    """Move the stored rows by what the ballot write changed for `group`. Only the group's
    own head key can change, so the difference of its counts is the difference of the
    vote's; applied with F() so concurrent writes for other owners lose nothing."""
    after = _group_counts(vote, group)
    for scope, now in after.items():
        delta = now.minus(before[scope])
        if not (delta.voted_units or delta.voted_area or delta.voted_heads):
            continue
        rows = VoteParticipation.objects.filter(vote=vote)
        rows = (
            rows.filter(overall=True)
            if scope is OVERALL
            else rows.filter(overall=False, building_name=scope)
        )
        rows.update(
            voted_units=F("voted_units") + delta.voted_units,
            voted_area=F("voted_area") + delta.voted_area,
            voted_heads=F("voted_heads") + delta.voted_heads,
        )


def _group_counts(vote: OwnersVote, group: list[RollEntry]) -> dict[str | None, Counts]:
    entries = [(e.unit_id, e.building_name, e.area, e.head_key) for e in group]
    voted = participation.taking_part(vote, [e.unit_id for e in group])
    return participation.count_roll(entries, voted)
