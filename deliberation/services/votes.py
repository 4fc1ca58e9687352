"""An owners' vote's lifecycle: the draft with its topics, then the notice that freezes the
roll. Ballots and proxies are in services/ballots.py; the close and count in
services/closing.py. Every write is audited in the same transaction (portal/audit.py)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from compounds.announcements.services import announcement_publish
from compounds.models import Building, Compound, Unit
from compounds.permissions import require
from compounds.queries import owner_roll
from deliberation import queries
from deliberation.models import MatterItem, OwnersVote, RollEntry, VoteTopic
from portal.audit import audit

State = OwnersVote.State


def vote_create(
    *,
    by,
    compound: Compound,
    title: str,
    method: str,
    topics: list[dict],
    buildings: list[Building] = (),
    entrances: list[tuple[int, str]] = (),
    max_for: int | None = None,
) -> OwnersVote:
    """A draft vote with its topics (each {"title", "matter_item", "proposal"?}), limited to
    the owners concerned: some buildings, or some entrances ((building id, entrance)). An
    election's vote allows at most `max_for` "for" choices per ballot."""
    require(by, "vote.organise", compound)
    title, method = (title or "").strip(), (method or "").strip()
    if not title or not method:
        raise ValidationError(_("Give the vote a title and say how owners vote."), code="title")
    if not topics:
        raise ValidationError(_("A vote needs at least one topic."), code="topics")
    for topic in topics:
        if not (topic.get("title") or "").strip():
            raise ValidationError(_("Every topic needs a title."), code="topics")
        if topic.get("matter_item") not in MatterItem.values:
            raise ValidationError(_("Choose the matter of every topic."), code="topics")
    if any(b.compound_id != compound.pk for b in buildings):
        raise ValidationError(_("The buildings must belong to the compound."), code="buildings")
    entrances = [[int(b), str(e)] for b, e in entrances]
    if entrances and (
        buildings
        or not {b for b, _e in entrances} <= set(compound.buildings.values_list("pk", flat=True))
    ):
        raise ValidationError(_("Choose buildings or entrances of the compound."), code="scope")
    with transaction.atomic():
        vote = OwnersVote.objects.create(
            compound=compound,
            title=title[:120],
            method=method[:2000],
            created_by=by,
            entrances=entrances,
            max_for=max_for,
        )
        vote.buildings.set(buildings)
        VoteTopic.objects.bulk_create(
            VoteTopic(
                vote=vote,
                order=i,
                title=t["title"].strip()[:200],
                matter_item=t["matter_item"],
                proposal=t.get("proposal"),
            )
            for i, t in enumerate(topics)
        )
        audit(actor=by, code="deliberation.vote.created", target=vote, new={"title": title})
    return vote


def _check_dates(opens_at: datetime, closes_at: datetime, now: datetime) -> None:
    notice_days = settings.DELIBERATION_NOTICE_DAYS
    shortest, longest = settings.DELIBERATION_VOTE_DAYS
    if opens_at < now + timedelta(days=notice_days):
        raise ValidationError(
            _("Voting may open no sooner than %(days)s days after the notice.")
            % {"days": notice_days},
            code="opens_at",
        )
    if not timedelta(days=shortest) <= closes_at - opens_at <= timedelta(days=longest):
        raise ValidationError(
            _("Voting stays open between %(min)s and %(max)s days.")
            % {"min": shortest, "max": longest},
            code="closes_at",
        )


def vote_publish_notice(*, vote_id: int, by, opens_at: datetime, closes_at: datetime) -> OwnersVote:
    """Publish the notice (an announcement to the owners concerned, with delivery records)
    and freeze the roll. After this no topic may be added and the roll does not move."""
    with transaction.atomic():
        vote = OwnersVote.objects.select_for_update().select_related("compound").get(pk=vote_id)
        require(by, "vote.organise", vote.compound)
        if vote.state != State.DRAFT:
            raise ValidationError(_("The notice is already published."), code="state")
        if any(
            t.proposal_id and queries.has_open_hold(t.proposal)
            for t in vote.topics.select_related("proposal")
        ):
            raise ValidationError(_("Answer the supervisory committee's hold first."), code="hold")
        now = timezone.now()
        _check_dates(opens_at, closes_at, now)
        buildings = list(vote.buildings.all())
        roll = owner_roll(
            vote.compound,
            buildings=buildings or None,
            entrances=[tuple(pair) for pair in vote.entrances] or None,
        )
        if vote.entrances:  # the notice goes to the buildings of those entrances
            scope = {b for b, _e in vote.entrances}
            buildings = list(vote.compound.buildings.filter(pk__in=scope))
        if not roll.entries:
            raise ValidationError(_("There are no units to vote."), code="roll")
        units = Unit.objects.in_bulk([e.unit_id for e in roll.entries])
        units = {pk: u for pk, u in units.items()}
        for unit in Unit.objects.filter(pk__in=units).select_related("building"):
            units[unit.pk] = unit
        RollEntry.objects.bulk_create(
            RollEntry(
                vote=vote,
                unit_id=e.unit_id,
                building_name=units[e.unit_id].building.name,
                label=str(units[e.unit_id]),
                area=e.area,
                head_key=e.headcount_key,
                voter_id=e.voter_id,
            )
            for e in roll.entries
        )
        lines = _topic_lines(vote)
        vote.notice = announcement_publish(
            publisher=by,
            compound=vote.compound,
            buildings=buildings,
            owners_only=True,
            pinned=True,
            title=(_("Owners' vote: %(title)s") % {"title": vote.title})[:100],
            body=_(
                "Topics:\n%(topics)s\n\nVoting is open from %(opens)s to %(closes)s.\n"
                "How to vote: %(method)s"
            )
            % {
                "topics": lines,
                "opens": timezone.localtime(opens_at).strftime("%Y-%m-%d %H:%M"),
                "closes": timezone.localtime(closes_at).strftime("%Y-%m-%d %H:%M"),
                "method": vote.method,
            },
        )
        vote.roll_source = _(
            "Owner roll of %(compound)s frozen %(when)s: registered areas, one owner per "
            "voter (法释〔2009〕7号 第八、九条); %(units)s units, %(heads)s owners."
        ) % {
            "compound": vote.compound.name,
            "when": timezone.localtime(now).strftime("%Y-%m-%d %H:%M"),
            "units": len(roll.entries),
            "heads": roll.headcount,
        }
        vote.opens_at, vote.closes_at, vote.noticed_at = opens_at, closes_at, now
        vote.state = State.NOTICED
        vote.save()
        audit(
            actor=by,
            code="deliberation.vote.noticed",
            target=vote,
            old={"state": State.DRAFT},
            new={"state": State.NOTICED, "units": len(roll.entries), "heads": roll.headcount},
        )
    return vote


def _topic_lines(vote: OwnersVote) -> str:
    """Each topic with its matter and, for a proposal, its options (the notice states them)."""
    lines = []
    for i, t in enumerate(vote.topics.select_related("proposal"), 1):
        lines.append(f"{i}. {t.title} · {t.get_matter_item_display()}")
        if t.proposal_id and t.proposal.options:
            lines.append(f"   {t.proposal.options}")
    return "\n".join(lines)
