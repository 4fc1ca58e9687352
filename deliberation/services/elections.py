"""换届选举: the owners' committee's next term, elected by the owners.

Each candidate is a topic of an owners' vote (matter (3) of 第278条), so ballots, proxies,
paper entry, the frozen roll, the count and the audit bundle are those of any vote. A
ballot says "for" to at most as many candidates as there are seats. A candidate is elected
when their topic passes (participation of 2/3 of area and owners; more than half of the
participating area and owners for), ranked by the number of owners for them, then by the
area for them; the first `seats` of them form the next term.

Candidates equal on both at the last seat are tied: none of them takes it by the count.
The seats they compete for stay open — the term is installed at once with the members the
count did decide — until a run-off vote among them (the default) or lots drawn before the
supervisory committee decide (DELIBERATION_ELECTION_TIE_RULE); never the earlier
nomination. The run-off is a new owners' vote whose topics are the tied candidates, made
by `vote_create` like the first and concluded at its close like the first."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from compounds.audiences import CommunityStaff
from compounds.models import Body, Compound, Membership
from compounds.permissions import require
from compounds.services import add_years, body_create, check_committee_seats, membership_add
from deliberation import permissions
from deliberation.models import Candidate, Election, ElectionReminder, MatterItem, OwnersVote
from deliberation.models.elections import TieBreak
from deliberation.permissions.elections import check_draw_lots, check_runoff, pending_tie
from deliberation.services.votes import vote_create
from portal.audit import audit
from portal.notifications.services import notify


def election_open(*, by, compound: Compound, seats: int, term_start, term_end) -> Election:
    require(by, "vote.organise", compound)
    check_committee_seats(compound=compound, kind=Body.Kind.OWNERS_COMMITTEE, seats=seats)
    if not (2000 <= term_start.year <= 2100 and 2000 <= term_end.year <= 2100):
        raise ValidationError(_("Check the dates of the term."), code="term")
    years = settings.COMPOUNDS_MAX_TERM_YEARS
    if term_end <= term_start or term_end >= add_years(term_start, years):
        raise ValidationError(
            _("A committee term lasts at most %(years)s years.") % {"years": years}, code="term"
        )
    if Election.objects.filter(compound=compound).exclude(state=Election.State.DONE).exists():
        raise ValidationError(_("An election is already under way."), code="dup")
    return Election.objects.create(
        compound=compound, seats=seats, term_start=term_start, term_end=term_end, organiser=by
    )


def candidate_nominate(
    *, election: Election, user, by, profile: str, recommended_by_branch: bool = False
) -> Candidate:
    """Owners only, with a short profile; owners nominate themselves, the leads nominate
    others; only the party branch's secretary or deputy may mark a recommendation."""
    permissions.check_nominate(by, election, user, recommended_by_branch)
    profile = (profile or "").strip()
    if not profile or len(profile) > 300:
        raise ValidationError(_("Write a short profile (up to 300 characters)."), code="profile")
    try:
        with transaction.atomic():
            return Candidate.objects.create(
                election=election,
                user=user,
                profile=profile,
                recommended_by_branch=recommended_by_branch,
            )
    except IntegrityError as exc:  # nominated twice at once
        raise ValidationError(_("Already a candidate."), code="dup") from exc


def election_start_vote(*, election: Election, by, method: str) -> OwnersVote:
    """Close nominations; each candidate becomes a topic of a draft owners' vote whose ballots
    say "for" to at most as many candidates as there are seats."""
    with transaction.atomic():
        election = (
            Election.objects.select_for_update(of=("self",))
            .select_related("compound__community")
            .get(pk=election.pk)
        )
        permissions.check_start_vote(by, election)
        candidates = list(election.candidates.select_related("user"))
        if not candidates:
            raise ValidationError(_("Nobody is standing yet."), code="empty")
        title = _("Election of the owners' committee (%(seats)s seats)") % {"seats": election.seats}
        vote = _candidates_vote(by, election, candidates, title, method, election.seats)
        for candidate, topic in zip(candidates, vote.topics.order_by("order"), strict=True):
            candidate.topic = topic
            candidate.save(update_fields=["topic"])
        election.vote, election.state = vote, Election.State.VOTING
        election.save(update_fields=["vote", "state"])
    return vote


def _standing(row: dict) -> tuple:
    """What ranks a candidate: owners for, then area for (exact decimals). Nothing else —
    not the nomination time, not the name."""
    return (-row["for_heads"], -Decimal(row["for_area"]))


def _candidates_vote(by, election, candidates, title: str, method: str, seats: int) -> OwnersVote:
    """A draft owners' vote with one topic of matter (3) per candidate, in their order; each
    ballot says "for" to at most `seats` of them."""
    return vote_create(
        by=by,
        compound=election.compound,
        title=title,
        method=method,
        topics=[
            {
                "title": _("Candidate: %(name)s") % {"name": c.user},
                "matter_item": MatterItem.COMMITTEE,
            }
            for c in candidates
        ],
        max_for=seats,
    )


def rank_candidates(rows: list[dict], seats: int) -> dict:
    """Rank by owners for, then area for; the first `seats` of those whose topic passed are
    elected. When candidates equal on both straddle the last seat, none of them is elected:
    `tie` names them (user ids) and the seats they compete for, which stay open. Says how
    many seats stay vacant for want of passing candidates (a by-election is needed)."""
    rows.sort(key=lambda c: (*_standing(c), c["candidate"]))  # the pk only orders the page
    passing = [c for c in rows if c["approved"]]
    elected, tied = passing[:seats], []
    if len(passing) > seats and _standing(passing[seats]) == _standing(passing[seats - 1]):
        cut = _standing(passing[seats - 1])
        elected = [c for c in passing if _standing(c) < cut]
        tied = [c for c in passing if _standing(c) == cut]
    tie_seats = seats - len(elected) if tied else 0
    return {
        "ranking": rows,
        "elected": [c["user"] for c in elected],
        "vacancies": seats - len(elected) - tie_seats,
        "tie_at_the_cut": bool(tied),
        "tie": {"users": [c["user"] for c in tied], "seats": tie_seats} if tied else None,
    }


def _rows(pairs) -> list[dict]:
    """The ranking rows of (candidate, counted topic) pairs."""
    return [
        {
            "candidate": candidate.pk,
            "user": candidate.user_id,
            "name": str(candidate.user),
            "approved": topic.result["approved"],
            "for_heads": topic.result["for_heads"],
            "for_area": topic.result["for_area"],
        }
        for candidate, topic in pairs
    ]


def election_conclude(vote: OwnersVote) -> Election | None:
    """At the close of an election's vote (or of a run-off among tied candidates): rank,
    elect and install the members decided; a tie at the last seat waits for its rule."""
    election = Election.objects.filter(vote=vote, state=Election.State.VOTING).first()
    if election is None:
        return _runoff_conclude(vote)
    candidates = list(election.candidates.select_related("topic", "user"))
    election.result = rank_candidates(_rows((c, c.topic) for c in candidates), election.seats)
    _install(election, election.result["elected"])
    _settle(election, election.result["tie"], candidates)
    return election


def _settle(election: Election, tie: dict | None, candidates) -> None:
    """Record the tie to decide (the rule in force now), or close the election."""
    if tie is None:
        election.state = Election.State.DONE
    else:
        election.state = Election.State.TIE
        last = election.tie_breaks.aggregate(last=Max("round"))["last"] or 0
        tie_break = TieBreak.objects.create(
            election=election,
            round=last + 1,
            method=settings.DELIBERATION_ELECTION_TIE_RULE,
            seats=tie["seats"],
        )
        tie_break.candidates.set([c for c in candidates if c.user_id in tie["users"]])
        tie["rule"] = tie_break.method
    election.save()


def _install(election: Election, users: list[int]) -> None:
    """Seat the decided members in the term the election fills. The count stands even if
    the term cannot be installed as it is (the problem is kept in the result)."""
    if not users:
        return
    try:
        with transaction.atomic():
            body = election.body or _term_body(election)
            seated = set(body.memberships.values_list("user_id", flat=True))
            people = {c.user_id: c.user for c in election.candidates.select_related("user")}
            for user_id in users:
                if user_id not in seated:
                    membership_add(body=body, user=people[user_id])
        election.body = body
    except ValidationError as exc:
        election.result["install_problem"] = " ".join(exc.messages)
    except IntegrityError as exc:
        election.result["install_problem"] = str(exc)[:300]


def _decided(election: Election, tie_break: TieBreak, winners: list, ranked: dict | None) -> None:
    """A tie is decided: its winners take the open seats; the rest stay vacant, or tie again."""
    tie_break.decided_at = timezone.now()
    tie_break.result = ranked
    tie_break.save()
    tie_break.winners.set(winners)
    election.result["elected"] += [c.user_id for c in winners]
    if ranked is not None:
        election.result["vacancies"] += ranked["vacancies"]
    _install(election, [c.user_id for c in winners])
    candidates = list(tie_break.candidates.select_related("user"))
    _settle(election, ranked and ranked["tie"], candidates)


def _runoff_conclude(vote: OwnersVote) -> Election | None:
    tie_break = TieBreak.objects.pending().filter(vote=vote).first()
    if tie_break is None:
        return None
    election = Election.objects.select_for_update().get(pk=tie_break.election_id)
    if election.state != Election.State.TIE:
        return None
    candidates = list(tie_break.candidates.select_related("user").order_by("pk"))
    topics = vote.topics.order_by("order")
    ranked = rank_candidates(_rows(zip(candidates, topics, strict=True)), tie_break.seats)
    winners = [c for c in candidates if c.user_id in ranked["elected"]]
    _decided(election, tie_break, winners, ranked)
    return election


def election_runoff_start(*, election: Election, by, method: str) -> OwnersVote:
    """Draft the run-off: an owners' vote whose topics are the tied candidates (matter (3),
    thresholds of 第278条 as in the first vote), each ballot "for" at most as many of them as
    there are open seats. Its notice and dates are those of any vote."""
    with transaction.atomic():
        election = (
            Election.objects.select_for_update(of=("self",))
            .select_related("compound__community")
            .get(pk=election.pk)
        )
        check_runoff(by, election)
        tie_break = pending_tie(election, TieBreak.Method.RUNOFF)
        candidates = list(tie_break.candidates.select_related("user").order_by("pk"))
        title = _("Run-off for the owners' committee (%(seats)s of %(n)s tied candidates)") % {
            "seats": tie_break.seats,
            "n": len(candidates),
        }
        vote = _candidates_vote(by, election, candidates, title, method, tie_break.seats)
        tie_break.vote = vote
        tie_break.save(update_fields=["vote"])
    return vote


def election_draw_lots(
    *, election: Election, by, winners: list[Candidate], record: str
) -> TieBreak:
    """A member of the supervisory committee records the lots drawn before it: who took the
    open seats, and where, when and before whom they were drawn."""
    record = (record or "").strip()
    with transaction.atomic():
        election = (
            Election.objects.select_for_update(of=("self",))
            .select_related("compound")
            .get(pk=election.pk)
        )
        check_draw_lots(by, election)
        tie_break = pending_tie(election, TieBreak.Method.LOTS)
        tied = set(tie_break.candidates.values_list("pk", flat=True))
        chosen = {c.pk for c in winners}
        if not chosen <= tied or len(chosen) != tie_break.seats:
            raise ValidationError(
                _("Choose %(n)s of the tied candidates, as the lots fell.")
                % {"n": tie_break.seats},
                code="winners",
            )
        if not record or len(record) > 300:
            raise ValidationError(
                _(
                    "Say where and when the lots were drawn and who witnessed it (up to 300 "
                    "characters)."
                ),
                code="record",
            )
        tie_break.drawn_by, tie_break.record = by, record
        winners = list(Candidate.objects.filter(pk__in=chosen).select_related("user"))
        _decided(election, tie_break, winners, None)
        audit(
            actor=by,
            code="deliberation.election.lots",
            target=election,
            new={"round": tie_break.round, "winners": sorted(c.user_id for c in winners)},
        )
    return tie_break


def _term_body(election: Election) -> Body:
    """The committee term the election fills: the one already recorded with exactly these
    dates (a term registered with the street office before the count), else a new term."""
    kind = Body.Kind.OWNERS_COMMITTEE
    existing = Body.objects.filter(
        compound=election.compound, kind=kind, start=election.term_start, end=election.term_end
    ).first()
    if existing is not None:
        return existing
    previous = Body.objects.filter(compound=election.compound, kind=kind).aggregate(
        last=Max("term_number")
    )["last"]  # Max ignores terms without a number (NULLs sort first on PostgreSQL)
    return body_create(
        compound=election.compound,
        kind=kind,
        term_number=(previous or 0) + 1,
        start=election.term_start,
        end=election.term_end,
    )


def election_reminders(today=None) -> int:
    """Three months before an owners' committee's term ends, its members and community
    staff are told to organise the election (once per term)."""
    today = today or timezone.localdate()
    done = 0
    for body in (
        Body.objects.current(today)
        .filter(
            kind=Body.Kind.OWNERS_COMMITTEE, end__isnull=False, end__lte=today + timedelta(days=92)
        )
        .select_related("compound")
    ):
        if ElectionReminder.objects.filter(body=body).exists():
            continue
        # The row and the notices in one transaction: a second beat at the same moment
        # waits on the row's unique key, then finds it made and tells nobody again.
        with transaction.atomic():
            _reminder, created = ElectionReminder.objects.get_or_create(body=body)
            if not created:
                continue
            members = set(
                Membership.objects.current(today)
                .filter(body=body)
                .values_list("user_id", flat=True)
            )
            params = {"compound": body.compound.name, "end": body.end.isoformat()}
            url = reverse("deliberation:compound", args=[body.compound_id])
            notify(recipients=members, event="election.due", params=params, url=url)
            notify(
                recipients=CommunityStaff(body.compound.community_id),
                event="election.due",
                params=params,
                url=url,
            )
        done += 1
    return done
