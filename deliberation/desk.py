"""The committee desk of a compound: what waits for whom in its affairs — proposals by
stage with the next move and its party, owners' votes open with their participation
against the 2/3 line (counted by deliberation/tally.py), suggestions due, minutes not
published and supervisory holds. A fixed number of queries whatever the numbers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from compounds.models import Compound
from deliberation import queries, tally
from deliberation.bars import Bar, participation_bars
from deliberation.models import Hold, Meeting, OwnersVote, Proposal, Suggestion, VoteParticipation
from deliberation.participation import Counts

S = Proposal.Stage
ACTIVE = (S.PROPOSE, S.CONSULT, S.REVIEW, S.RESOLVE, S.EVALUATE)
SUGGESTION_SOON = timedelta(days=2)  # an unanswered suggestion this close to its date is due

LEAD = _("owners' committee or party branch")
COMMITTEE = _("owners' committee")
SUPERVISORS = _("supervisory committee")
BRANCH = _("party branch")
OWNERS = _("owners of the compound")
RESIDENTS = _("residents of the compound")


@dataclass
class Waiting:
    """One proposal on the desk: what it waits for and whose move that is."""

    proposal: Proposal
    waits_for: str
    whose: str


@dataclass
class OpenVote:
    vote: OwnersVote
    participation: tally.Tally | None
    days_left: int
    is_open: bool

    @property
    def bars(self) -> list[Bar]:
        return participation_bars(self.participation) if self.participation else []


@dataclass
class Desk:
    stages: list[
        tuple[str, str, list[Waiting]]
    ]  # (stage, its name, proposals) = field(default_factory=list)
    proposal_count: int = 0
    votes: list[OpenVote] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    holds: list[Hold] = field(default_factory=list)

    @property
    def votes_open(self) -> list[OpenVote]:
        """Voting open now: what home counts as votes under way (portal/site/counters.py)."""
        return [v for v in self.votes if v.is_open]

    @property
    def votes_upcoming(self) -> list[OpenVote]:
        """The notice is out; voting has not opened yet."""
        return [v for v in self.votes if not v.is_open and v.days_left]

    @property
    def votes_counting(self) -> list[OpenVote]:
        """Voting has closed; the vote is not counted yet."""
        return [v for v in self.votes if not v.is_open and not v.days_left]


def _waiting(p: Proposal, members: int, now) -> Waiting:
    if p.open_holds:
        return Waiting(p, _("an answer to the supervisory hold"), LEAD)
    if p.stage == S.PROPOSE:
        if p.origin == Proposal.Origin.PETITION and p.petition_met_at is None:
            return Waiting(p, _("co-signatures of owners"), OWNERS)
        return Waiting(p, _("opening the consultation"), LEAD)
    if p.stage == S.CONSULT:
        if p.consult_until and now < p.consult_until:
            return Waiting(p, _("comments (the consultation is open)"), RESIDENTS)
        return Waiting(p, _("sending it to the committee's review"), LEAD)
    if p.stage == S.REVIEW:
        if not p.branch_opinion:
            return Waiting(p, _("the party branch's opinion and the review votes"), BRANCH)
        text = _("review votes: %(n)s of %(m)s members for") % {"n": p.review_for, "m": members}
        return Waiting(p, text, COMMITTEE)
    if p.stage == S.RESOLVE:
        if p.votes_under_way:
            return Waiting(p, _("the owners' vote under way"), OWNERS)
        return Waiting(p, _("putting it to the owners' vote or the representatives"), COMMITTEE)
    return Waiting(p, _("signing off the completed work"), SUPERVISORS)


def _proposals(compound: Compound, now) -> tuple[list[tuple[str, str, list[Waiting]]], int]:
    members = queries.committee_members(compound.pk)  # the review counts current members only
    rows = (
        Proposal.objects.filter(compound=compound, stage__in=ACTIVE)
        .annotate(
            open_holds=Count("holds", filter=Q(holds__answered_at__isnull=True), distinct=True),
            review_for=Count(
                "review_votes",
                filter=Q(review_votes__choice="for", review_votes__member_id__in=members),
                distinct=True,
            ),
            votes_under_way=Count(
                "topics",
                filter=Q(
                    topics__vote__state__in=[OwnersVote.State.DRAFT, OwnersVote.State.NOTICED]
                ),
                distinct=True,
            ),
        )
        .order_by("created_at", "pk")
    )
    rows = list(rows)
    labels = dict(S.choices)
    by_stage: dict[str, list[Waiting]] = {stage: [] for stage in ACTIVE}
    for p in rows:
        by_stage[p.stage].append(_waiting(p, len(members), now))
    stages = [(s, labels[s], items) for s, items in by_stage.items() if items]
    return stages, len(rows)


def _votes(compound: Compound, now) -> list[OpenVote]:
    """The compound's noticed votes with participation so far: who took part, never what
    they chose — the same stored count as the vote's page (queries.participation)."""
    votes = list(
        OwnersVote.objects.filter(compound=compound, state=OwnersVote.State.NOTICED).order_by(
            "closes_at", "pk"
        )
    )
    names = ["units", "area", "heads", "voted_units", "voted_area", "voted_heads"]
    overall = {
        vote_id: Counts(*values).as_tally()
        for vote_id, *values in VoteParticipation.objects.filter(
            vote__in=[v.pk for v in votes], overall=True
        ).values_list("vote_id", *names)
    }
    return [
        OpenVote(vote, overall.get(vote.pk), vote.days_left(now), vote.is_open(now))
        for vote in votes
    ]


def desk_of(compound: Compound, now=None) -> Desk:
    now = now or timezone.now()
    stages, proposal_count = _proposals(compound, now)
    return Desk(
        stages=stages,
        proposal_count=proposal_count,
        votes=_votes(compound, now),
        suggestions=list(
            Suggestion.objects.filter(
                compound=compound, answered_at__isnull=True, answer_due__lte=now + SUGGESTION_SOON
            ).order_by("answer_due", "pk")
        ),
        meetings=list(
            Meeting.objects.filter(
                compound=compound, minutes_published_at__isnull=True, held_at__lte=now
            ).order_by("held_at", "pk")
        ),
        holds=list(
            Hold.objects.filter(proposal__compound=compound, answered_at__isnull=True)
            .select_related("proposal", "placed_by")
            .order_by("created_at", "pk")
        ),
    )
