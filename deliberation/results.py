"""The notices of an owners' vote that go to many people — its result, and the copy to the
community's residents' committee — published apart from the count: closing a vote stores
the result in its transaction and queues the result notice (`queue_result_notice`), which
a worker publishes; `services.close_due` (beat) publishes any still missing, so a broker
that is down delays the notice and loses nothing."""

from __future__ import annotations

from decimal import Decimal
from functools import partial

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from compounds.announcements.models import Announcement, Receipt
from compounds.announcements.services import announcement_publish
from compounds.audiences import CommunityStaff
from compounds.models import Compound
from deliberation import tally
from deliberation.models import OwnersVote, VoteTopic
from portal.audit import audit
from portal.celery import app, enqueue_safely
from portal.notifications.services import notify


def tell_community_staff(announcement: Announcement, compound: Compound) -> None:
    """物业管理条例 第十四条第二款、第二十条: the residents' committee (居委会) of the
    compound's community is told of the owners' vote and of its result. Its staff get a
    receipt and a notification for the notice, as every addressee does; those who already
    have one (staff who live in the compound) are not told twice."""
    staff = CommunityStaff(compound.community_id).user_ids()
    staff -= set(
        Receipt.objects.filter(announcement=announcement).values_list("user_id", flat=True)
    )
    if not staff:
        return
    now = timezone.now()
    Receipt.objects.bulk_create(
        [Receipt(announcement=announcement, user_id=uid, delivered_at=now) for uid in staff]
    )
    notify(
        recipients=staff,
        event="announcement.published",
        params={
            "title": announcement.title,
            "publisher": str(announcement.publisher),
            "audience": compound.community.name,
        },
        url=reverse("announcements:detail", args=[announcement.pk]),
    )


def vote_result_publish(*, vote_id: int) -> Announcement | None:
    """Publish the stored result of a closed vote to its owners and tell the residents'
    committee (物业管理条例 第二十条), once: the vote's row is locked and a result notice
    already published is left alone, so a task run twice (or the sweep beside it) publishes
    one notice."""
    with transaction.atomic():
        vote = (
            OwnersVote.objects.select_for_update(of=("self",))
            .select_related("compound__community", "created_by")
            .get(pk=vote_id)
        )
        if vote.state != OwnersVote.State.CLOSED or vote.result_notice_id is not None:
            return None
        topics = list(vote.topics.all())
        lines = [result_line(t, tally_from(t.result)) for t in topics]
        notice = announcement_publish(
            publisher=vote.created_by,
            compound=vote.compound,
            buildings=list(vote.buildings.all()),
            pinned=True,
            title=(_("Result of the owners' vote: %(title)s") % {"title": vote.title})[:100],
            body="\n\n".join(lines),
        )
        tell_community_staff(notice, vote.compound)
        OwnersVote.objects.filter(pk=vote.pk).update(result_notice=notice)
        audit(actor=None, code="deliberation.vote.result_published", target=vote)
    return notice


@app.task(name="deliberation.publish_vote_result", ignore_result=True)
def publish_vote_result(vote_id: int) -> None:
    vote_result_publish(vote_id=vote_id)


def queue_result_notice(vote_id: int) -> None:
    """Queue the result notice once the close commits (through `enqueue_safely`)."""
    transaction.on_commit(partial(enqueue_safely, publish_vote_result, vote_id))


def tally_from(result: dict) -> tally.Tally:
    """The stored result (`Tally.as_dict`) as a Tally again, for its sentence."""
    cents = {k: tally.cents(Decimal(v)) for k, v in result.items() if k.endswith("_area")}
    heads = {k: v for k, v in result.items() if k.endswith("_heads")}
    return tally.Tally(
        item=result["item"],
        invalid_participate=result.get("invalid_participate", True),
        **cents,
        **heads,
    )


def result_line(topic: VoteTopic, t: tally.Tally) -> str:
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
