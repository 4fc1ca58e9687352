"""Closing an owners' vote: count every topic, store and publish the result, then decide
the proposals put to it and conclude the election it holds — in one transaction, so a
vote is never closed without its consequences. Beat runs `close_due`."""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from compounds.announcements.services import announcement_publish
from deliberation import queries, tally
from deliberation.models import OwnersVote, VoteTopic
from deliberation.services.elections import election_conclude
from deliberation.services.proposals import decide_after_vote
from deliberation.services.votes import tell_community_staff
from portal.audit import audit

logger = logging.getLogger("deliberation")
State = OwnersVote.State


def vote_close(*, vote_id: int, now=None) -> OwnersVote:
    """At the deadline: count every topic from the counted ballots, store the result and
    publish it. Paper ballots still unverified are not counted (they are on record)."""
    with transaction.atomic():
        vote = OwnersVote.objects.select_for_update().select_related("compound").get(pk=vote_id)
        now = now or timezone.now()
        if vote.state != State.NOTICED or now < vote.closes_at:
            raise ValidationError(_("The vote cannot be closed now."), code="state")
        lines = []
        for topic in vote.topics.all():
            result = queries.tally_of(vote, topic)
            topic.result = result.as_dict()
            topic.save(update_fields=["result"])
            lines.append(_result_line(topic, result))
        vote.state, vote.closed_at = State.CLOSED, now
        vote.result_notice = announcement_publish(
            publisher=vote.created_by,
            compound=vote.compound,
            buildings=list(vote.buildings.all()),
            pinned=True,
            title=(_("Result of the owners' vote: %(title)s") % {"title": vote.title})[:100],
            body="\n\n".join(lines),
        )
        tell_community_staff(vote.result_notice, vote.compound)  # 物业管理条例 第二十条
        vote.save()
        decide_after_vote(vote)
        election_conclude(vote)
        audit(
            actor=None,
            code="deliberation.vote.closed",
            target=vote,
            old={"state": State.NOTICED},
            new={"state": State.CLOSED, "results": [t.result for t in vote.topics.all()]},
        )
    return vote


def _result_line(topic: VoteTopic, t: tally.Tally) -> str:
    verdict = _("passed") if t.approved else _("not passed")
    line = _(
        "%(topic)s: %(verdict)s. Participation %(part_area)s m² of %(total_area)s m² of "
        "exclusive floor area, %(part_heads)s of %(total_heads)s owners; for %(for_area)s m², "
        "%(for_heads)s owners; against %(against_area)s m², %(against_heads)s owners; "
        "abstain %(abstain_area)s m², %(abstain_heads)s owners."
    ) % {
        "topic": topic.title,
        "verdict": verdict,
        "part_area": tally.square_metres(t.participating_area),
        "total_area": tally.square_metres(t.total_area),
        "part_heads": t.participating_heads,
        "total_heads": t.total_heads,
        "for_area": tally.square_metres(t.for_area),
        "for_heads": t.for_heads,
        "against_area": tally.square_metres(t.against_area),
        "against_heads": t.against_heads,
        "abstain_area": tally.square_metres(t.abstain_area),
        "abstain_heads": t.abstain_heads,
    }
    if t.blank_heads or t.spoiled_heads:
        line += " " + _invalid_line(t)
    return line


def _invalid_line(t: tally.Tally) -> str:
    """Blank and spoiled paper ballots, and whether they counted as taking part."""
    numbers = {
        "blank_area": tally.square_metres(t.blank_area),
        "blank_heads": t.blank_heads,
        "spoiled_area": tally.square_metres(t.spoiled_area),
        "spoiled_heads": t.spoiled_heads,
    }
    if t.invalid_participate:
        return (
            _(
                "Blank ballots %(blank_area)s m², %(blank_heads)s owners; spoiled ballots "
                "%(spoiled_area)s m², %(spoiled_heads)s owners: neither for, against nor abstain, "
                "they count as taking part."
            )
            % numbers
        )
    return (
        _(
            "Blank ballots %(blank_area)s m², %(blank_heads)s owners; spoiled ballots "
            "%(spoiled_area)s m², %(spoiled_heads)s owners: neither for, against nor abstain, "
            "nor taking part."
        )
        % numbers
    )


def close_due(now=None) -> int:
    """Close every noticed vote whose deadline has passed (beat runs this)."""
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
    return done
