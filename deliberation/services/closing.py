"""Closing an owners' vote: count every topic from the counted ballots in two queries, store
the results, decide the proposals put to it and conclude the election it holds — in one
transaction, so a vote is never closed without its consequences — and queue the result
notice to its owners (deliberation/results.py). Beat runs `close_due`, which also publishes
any result notice still missing."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from deliberation import tally
from deliberation.models import BallotChoice, OwnersVote, VoteTopic
from deliberation.results import queue_result_notice, vote_result_publish
from deliberation.services.elections import election_conclude
from deliberation.services.proposals import decide_after_vote
from portal.audit import audit

logger = logging.getLogger("deliberation")
State = OwnersVote.State


def vote_close(*, vote_id: int, now=None) -> OwnersVote:
    """At the deadline: count every topic from the counted ballots, store the result, and
    queue its notice. Paper ballots still unverified are not counted (they are on record).
    A fixed number of queries whatever the number of units."""
    with transaction.atomic():
        vote = OwnersVote.objects.select_for_update().select_related("compound").get(pk=vote_id)
        now = now or timezone.now()
        if vote.state != State.NOTICED or now < vote.closes_at:
            raise ValidationError(_("The vote cannot be closed now."), code="state")
        topics = list(vote.topics.all())
        for topic, result in zip(topics, count_topics(vote, topics), strict=True):
            topic.result = result.as_dict()
        VoteTopic.objects.bulk_update(topics, ["result"])
        vote.state, vote.closed_at = State.CLOSED, now
        vote.save(update_fields=["state", "closed_at"])
        decide_after_vote(vote)
        election_conclude(vote)
        audit(
            actor=None,
            code="deliberation.vote.closed",
            target=vote,
            old={"state": State.NOTICED},
            new={"state": State.CLOSED, "results": [t.result for t in topics]},
        )
        queue_result_notice(vote.pk)
    return vote


def count_topics(vote: OwnersVote, topics: list[VoteTopic]) -> list[tally.Tally]:
    """Count each topic as queries.tally_of does, for all topics at once: the frozen roll
    read and checked once, every counted choice of every topic in one query."""
    roll = tally.roll_of(vote.roll.values_list("unit_id", "area", "head_key"))
    marks: dict[int, list[tuple[int, str]]] = {t.pk: [] for t in topics}
    for topic_id, unit_id, choice in BallotChoice.objects.filter(
        ballot__vote=vote, ballot__counted=True
    ).values_list("topic_id", "ballot__unit_id", "choice"):
        marks[topic_id].append((unit_id, choice))
    return [
        tally.count_on(
            roll, marks[t.pk], t.matter_item, invalid_participate=vote.invalid_ballots_participate
        )
        for t in topics
    ]


def close_due(now=None) -> int:
    """Close every noticed vote whose deadline has passed, then publish every result notice
    still missing (queued ones a down broker lost; beat runs this)."""
    now = now or timezone.now()
    done = 0
    for vote_id in OwnersVote.objects.filter(state=State.NOTICED, closes_at__lte=now).values_list(
        "pk", flat=True
    ):
        try:
            vote_close(vote_id=vote_id, now=now)
            done += 1
        except ValidationError as exc:
            if exc.code != "state":  # not "closed meanwhile": a real failure, logged
                logger.exception("vote %s could not be closed", vote_id)
        except Exception:  # one broken vote must not keep the others open
            logger.exception("vote %s could not be closed", vote_id)
    recent = now - timedelta(days=2)  # never a notice for a vote counted long ago
    for vote_id in OwnersVote.objects.filter(
        state=State.CLOSED, result_notice__isnull=True, closed_at__gte=recent
    ).values_list("pk", flat=True):
        try:
            vote_result_publish(vote_id=vote_id)
        except Exception:  # one broken notice must not keep the others back
            logger.exception("the result of vote %s could not be published", vote_id)
    return done
