"""After `make loadtest`'s run: what the database says against what the virtual people
were told, and the figures of the run. Needs Django set up on the run's database.

The pass rule of issue 16, item 10: no 5xx and no request left unanswered; every filing
and comment the portal answered with a redirect (success) stored exactly once, and none
that failed stored at all; the vote's tally is the units that had a successful ballot,
none counted twice, before and after closing; every delivery of a notification handed
over exactly once.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count
from django.utils import timezone

from bench.load_client import Outcome

SUCCESS = (302, 303)


@dataclass
class Check:
    name: str
    ok: bool
    detail: str


def percentile(values: list[float], share: float) -> float:
    """Nearest rank: the smallest value with at least `share` of them at or below it."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * share // 1))
    return ordered[int(rank) - 1]


def figures(outcomes: list[Outcome], seconds: float) -> list[dict]:
    """Per action: count, statuses, p50/p95/p99 and mean in ms, and for all actions."""
    by_action: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        by_action[outcome.action].append(outcome)
    rows = []
    for action, done in sorted(by_action.items(), key=lambda kv: -len(kv[1])):
        rows.append(_row(action, done, seconds))
    rows.append(_row("all", outcomes, seconds))
    return rows


def phases(outcomes: list[Outcome], start: float, fault, seconds: float) -> list[dict]:
    """All actions before, during and after the fault (`fault`: its begin and end, in
    seconds into the run), by the moment each request was sent."""
    if fault is None:
        return []
    begins, ends = fault
    spans = {
        "before the fault": (0.0, begins),
        "during the fault": (begins, ends),
        "after the fault": (ends, max(seconds, ends + 1)),
    }
    rows = []
    for name, (since, until) in spans.items():
        done = [o for o in outcomes if since <= o.started - start < until]
        if done:
            rows.append(_row(name, done, until - since))
    return rows


def _row(action: str, done: list[Outcome], seconds: float) -> dict:
    ms = [o.ms for o in done]
    statuses = Counter(o.status for o in done)
    return {
        "action": action,
        "count": len(done),
        "per_second": len(done) / seconds if seconds else 0.0,
        "statuses": dict(sorted(statuses.items())),
        "p50": percentile(ms, 0.50),
        "p95": percentile(ms, 0.95),
        "p99": percentile(ms, 0.99),
        "mean": statistics.fmean(ms),
    }


def _answered(outcomes: list[Outcome], allowed: set[int]) -> list[Check]:
    server_errors = [o for o in outcomes if o.status >= 500 and o.status not in allowed]
    unanswered = [o for o in outcomes if o.status == 0]
    outage = sum(o.status in allowed for o in outcomes)
    noted = [Check(f"{sorted(allowed)} only by design", True, f"{outage} so")] if allowed else []
    return noted + [
        Check(
            "no 5xx" + (f" but {sorted(allowed)}" if allowed else ""),
            not server_errors,
            f"{len(server_errors)} of {len(outcomes)}" + _first(server_errors),
        ),
        Check(
            "every request answered",
            not unanswered,
            f"{len(unanswered)} unanswered" + _first(unanswered),
        ),
    ]


def _first(outcomes: list[Outcome]) -> str:
    return f": {outcomes[0].action} {outcomes[0].detail[:120]}" if outcomes else ""


def _stored_once(outcomes: list[Outcome], action: str, stored: Counter) -> Check:
    """Each attempt carries a unique marker: a success is stored once, a refusal never;
    an attempt without an answer may be stored at most once."""
    tried = [o for o in outcomes if o.action == action]
    bad = []
    for outcome in tried:
        times = stored.get(outcome.marker, 0)
        if outcome.status in SUCCESS and times != 1:
            bad.append(f"{outcome.marker} succeeded, stored {times}×")
        elif outcome.status not in SUCCESS and outcome.status != 0 and times:
            bad.append(f"{outcome.marker} answered {outcome.status}, stored {times}×")
        elif times > 1:
            bad.append(f"{outcome.marker} stored {times}×")
    strays = set(stored) - {o.marker for o in tried}
    bad += [f"{marker} stored, never tried" for marker in strays]
    successes = sum(o.status in SUCCESS for o in tried)
    return Check(
        f"every {action} success stored exactly once",
        not bad and successes > 0,
        f"{successes} successes of {len(tried)} attempts, {sum(stored.values())} rows"
        + (f"; {bad[:3]}" if bad else ""),
    )


def _markers(texts) -> Counter:
    return Counter(text.rsplit("load:", 1)[1] for text in texts if "load:" in text)


def _filings_and_comments(outcomes: list[Outcome], world: dict) -> list[Check]:
    from deliberation.models import Comment
    from requests.models import Request, RequestEvent, RequestPhoto

    filed = Request.objects.filter(compound_id=world["compound"])
    checks = [
        _stored_once(outcomes, "file", _markers(filed.values_list("description", flat=True))),
        _stored_once(
            outcomes,
            "comment",
            _markers(
                Comment.objects.filter(proposal_id=world["proposal"]).values_list("text", flat=True)
            ),
        ),
    ]
    no_photo = filed.exclude(pk__in=RequestPhoto.objects.values("request_id")).count()
    events = RequestEvent.objects.filter(request__in=filed, action="file")
    twice = events.values("request_id").annotate(n=Count("pk")).filter(n__gt=1).count()
    checks.append(
        Check(
            "every filing has its photo and one 'filed' event",
            no_photo == 0 and twice == 0 and events.count() == filed.count(),
            f"{filed.count()} requests, {no_photo} without a photo, {twice} filed twice",
        )
    )
    return checks


def _triage(outcomes: list[Outcome]) -> Check:
    """Each accept and dispatch the portal confirmed is one event on its request."""
    from requests.models import RequestEvent

    bad = []
    for action, verb in (("accept", "accept"), ("dispatch", "assign")):
        confirmed = {int(o.marker) for o in outcomes if o.action == action and o.status in SUCCESS}
        rows = Counter(
            RequestEvent.objects.filter(action=verb).values_list("request_id", flat=True)
        )
        bad += [f"{verb} {pk}: {rows.get(pk, 0)} events" for pk in confirmed if rows.get(pk) != 1]
    accepted = sum(o.action == "accept" and o.status in SUCCESS for o in outcomes)
    return Check("staff moves recorded once each", not bad, f"{accepted} accepted; {bad[:3]}")


def _follows(outcomes: list[Outcome]) -> Check:
    from requests.models import Follower

    wanted = {o.marker for o in outcomes if o.action == "follow" and o.status in SUCCESS}
    rows = Counter(
        f"{pk}:{phone}" for pk, phone in Follower.objects.values_list("request_id", "user__phone")
    )
    missing = [m for m in wanted if rows.get(m) != 1]
    return Check(
        "every follow stored once",
        not missing and max(rows.values(), default=1) == 1,
        f"{len(wanted)} distinct follows, {sum(rows.values())} rows; {missing[:3]}",
    )


def _vote(outcomes: list[Outcome], world: dict) -> list[Check]:
    """The tally is the units with a successful ballot; none counted twice — in the kept
    participation while open, and in the result once closed."""
    from deliberation import participation
    from deliberation.models import Ballot, OwnersVote
    from deliberation.services import vote_close

    vote = OwnersVote.objects.get(pk=world["vote"])
    succeeded = {int(o.marker) for o in outcomes if o.action == "vote" and o.status in SUCCESS}
    tried = {int(o.marker) for o in outcomes if o.action == "vote"}
    counted = Counter(
        Ballot.objects.filter(vote=vote, counted=True).values_list("unit_id", flat=True)
    )
    twice = [unit for unit, n in counted.items() if n > 1]
    strays = set(counted) - tried
    lost = succeeded - set(counted)
    kept = participation.stored(vote)[participation.OVERALL]
    checks = [
        Check(
            "no unit counted twice",
            not twice,
            f"{Ballot.objects.filter(vote=vote).count()} ballots cast, "
            f"{sum(counted.values())} counted; {twice[:3]}",
        ),
        Check(
            "counted = units with a successful ballot",
            not strays and not lost and bool(succeeded),
            f"{len(succeeded)} units succeeded, {len(counted)} counted; "
            f"not tried {sorted(strays)[:3]}, lost {sorted(lost)[:3]}",
        ),
        Check(
            "kept participation = counted units",
            kept.voted_units == len(counted) == kept.voted_heads,
            f"kept {kept.voted_units} units, {kept.voted_heads} heads",
        ),
    ]
    OwnersVote.objects.filter(pk=vote.pk).update(closes_at=timezone.now() - timedelta(seconds=1))
    closed = vote_close(vote_id=vote.pk)
    result = closed.topics.get().result
    checks.append(
        Check(
            "the closed vote's tally = distinct units",
            result["participating_heads"] == len(counted),
            f"result: {result['participating_heads']} of {result['total_heads']} heads",
        )
    )
    return checks


def _deliveries() -> list[Check]:
    """Every delivery handed over once: each sent row has exactly one message under its
    idempotency key, and no message exists for a row that is not sent."""
    from portal.notifications.models import Delivery, Notification, OutboxMessage

    statuses = Counter(Delivery.objects.values_list("status", flat=True))
    sent = set(Delivery.objects.filter(status="sent").values_list("pk", flat=True))
    keys = Counter(
        OutboxMessage.objects.filter(key__startswith="delivery-").values_list("key", flat=True)
    )
    handed = {int(key.split("-", 1)[1]) for key in keys}
    doubled = [key for key, n in keys.items() if n > 1]
    notifications = Notification.objects.count()
    return [
        Check(
            "every notification delivered, once",
            handed == sent and not doubled and set(statuses) <= {"sent", "skipped"},
            f"{notifications} in-app notifications; deliveries {dict(statuses)}; "
            f"{len(handed)} handed over; missing {sorted(sent - handed)[:3]}, "
            f"extra {sorted(handed - sent)[:3]}",
        )
    ]


def verify(outcomes: list[Outcome], world: dict, allowed: set[int] = frozenset()) -> list[Check]:
    """`allowed`: statuses by design during a fault (503 while the database restarts)."""
    return [
        *_answered(outcomes, set(allowed)),
        *_filings_and_comments(outcomes, world),
        _follows(outcomes),
        _triage(outcomes),
        *_vote(outcomes, world),
        *_deliveries(),
    ]


def pending_deliveries() -> int:
    from portal.notifications.models import Delivery

    return Delivery.objects.filter(status__in=["pending", "sending"]).count()
