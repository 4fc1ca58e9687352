"""换届选举: the owners' committee's next term, elected by the owners.

Each candidate is a topic of an owners' vote (matter (3) of 第278条), so ballots, proxies,
paper entry, the frozen roll, the count and the audit bundle are those of any vote. A
ballot says "for" to at most as many candidates as there are seats. A candidate is elected
when their topic passes (participation of 2/3 of area and owners; more than half of the
participating area and owners for), ranked by the number of owners for them, then by the
area for them, then by the earlier nomination (the documented tie rule); the first `seats`
of them form the next term."""

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
from compounds.services import add_years, body_create, membership_add
from deliberation import permissions
from deliberation.models import Candidate, Election, ElectionReminder, MatterItem, OwnersVote
from deliberation.services.votes import vote_create
from portal.notifications.services import notify


def _check_seats(compound: Compound, seats: int) -> None:
    """An odd number within the configured range, or the small-compound size."""
    low, high = settings.COMPOUNDS_OWNERS_COMMITTEE_SIZE
    allowed = {n for n in range(low, high + 1) if n % 2}
    if compound.is_small:
        allowed.add(settings.COMPOUNDS_SMALL_OWNERS_COMMITTEE_SIZE)
    if seats not in allowed:
        raise ValidationError(
            _("The owners' committee has an odd number of members from %(low)s to %(high)s.")
            % {"low": low, "high": high},
            code="seats",
        )


def election_open(*, by, compound: Compound, seats: int, term_start, term_end) -> Election:
    require(by, "vote.organise", compound)
    _check_seats(compound, seats)
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
        vote = vote_create(
            by=by,
            compound=election.compound,
            title=_("Election of the owners' committee (%(seats)s seats)")
            % {"seats": election.seats},
            method=method,
            topics=[
                {
                    "title": _("Candidate: %(name)s") % {"name": c.user},
                    "matter_item": MatterItem.COMMITTEE,
                }
                for c in candidates
            ],
            max_for=election.seats,
        )
        for candidate, topic in zip(candidates, vote.topics.order_by("order"), strict=True):
            candidate.topic = topic
            candidate.save(update_fields=["topic"])
        election.vote, election.state = vote, Election.State.VOTING
        election.save(update_fields=["vote", "state"])
    return vote


def rank_candidates(rows: list[dict], seats: int) -> dict:
    """Rank by owners for, then area for (exact decimals), then the earlier nomination;
    the first `seats` of those whose topic passed are elected. Says whether the last seat
    was decided by the tie rule, and how many seats stay vacant."""
    rows.sort(
        key=lambda c: (-c["for_heads"], -Decimal(c["for_area"]), c["nominated_at"], c["candidate"])
    )
    passing = [c for c in rows if c["approved"]]
    elected = passing[:seats]
    tie = len(passing) > seats and (
        passing[seats]["for_heads"],
        Decimal(passing[seats]["for_area"]),
    ) == (passing[seats - 1]["for_heads"], Decimal(passing[seats - 1]["for_area"]))
    return {
        "ranking": rows,
        "elected": [c["user"] for c in elected],
        "vacancies": seats - len(elected),
        "tie_at_the_cut": tie,
    }


def election_conclude(vote: OwnersVote) -> Election | None:
    """At the close of an election's vote: rank, elect and install the next term."""
    election = Election.objects.filter(vote=vote, state=Election.State.VOTING).first()
    if election is None:
        return None
    ranking = []
    for candidate in election.candidates.select_related("topic", "user"):
        r = candidate.topic.result
        ranking.append(
            {
                "candidate": candidate.pk,
                "user": candidate.user_id,
                "name": str(candidate.user),
                "approved": r["approved"],
                "for_heads": r["for_heads"],
                "for_area": r["for_area"],
                "nominated_at": candidate.nominated_at.isoformat(),
            }
        )
    election.result = rank_candidates(ranking, election.seats)
    elected = [c for c in ranking if c["user"] in election.result["elected"]]
    election.state = Election.State.DONE
    if elected:
        try:  # the count stands even if the term cannot be installed as it is
            with transaction.atomic():
                body = _term_body(election)
                seated = set(body.memberships.values_list("user_id", flat=True))
                for c in elected:
                    if c["user"] not in seated:
                        membership_add(
                            body=body, user=election.candidates.get(pk=c["candidate"]).user
                        )
            election.body = body
        except ValidationError as exc:
            election.result["install_problem"] = " ".join(exc.messages)
        except IntegrityError as exc:
            election.result["install_problem"] = str(exc)[:300]
    election.save()
    return election


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
        ElectionReminder.objects.create(body=body)
        members = set(
            Membership.objects.current(today).filter(body=body).values_list("user_id", flat=True)
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
