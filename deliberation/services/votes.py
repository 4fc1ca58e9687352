"""An owners' vote's lifecycle: the draft with its topics, then the notice that freezes the
roll. Ballots and proxies are in services/ballots.py; the close and count in
services/closing.py. Every write is audited in the same transaction (portal/audit.py)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from compounds.announcements.models import Announcement
from compounds.announcements.services import announcement_publish
from compounds.models import Building, Compound, Unit
from compounds.permissions import require
from compounds.queries import OwnerRoll, owner_roll
from deliberation import queries
from deliberation.models import MatterItem, OwnersVote, RollEntry, VoteTopic
from deliberation.results import tell_community_staff
from deliberation.services.participation import participation_rebuild
from portal.audit import audit
from portal.calendar import as_24h, end_of_day, local_date

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
    election's vote allows at most `max_for` "for" choices per ballot.

    Whatever the owners decide together is a matter of 民法典 第二百七十八条, counted with
    its quorum (第二款: two thirds of the area and of the owners take part): an ordinary
    compound affair (matter 0, which a representatives' meeting may decide) put to the
    owners is their item (9), "有关共有和共同管理权利的其他重大事项", approved by more than
    half — never a count without a quorum."""
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
    topics = [owners_matter(t) for t in topics]
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


def owners_matter(topic: dict) -> dict:
    """The topic with an ordinary affair (0) put to the owners as 第278条 item (9)."""
    if topic["matter_item"] == MatterItem.ORDINARY:
        return {**topic, "matter_item": MatterItem.OTHER_MAJOR}
    return topic


def earliest_opening(noticed_at: datetime) -> datetime:
    """The earliest moment voting may open after a notice given at `noticed_at`.

    物业管理条例 第十四条: "召开业主大会会议，应当于会议召开15日以前通知全体业主". Counted in
    calendar days of Asia/Shanghai, and the day of the notice is not counted (民法典
    第二百零一条): a notice given on day D, at any hour, leaves the fifteen whole days D+1 …
    D+15 before the vote, which opens at 00:00 of D+16 at the earliest."""
    days = settings.DELIBERATION_NOTICE_DAYS
    return end_of_day(local_date(noticed_at) + timedelta(days=days))


def notice_rules() -> dict[str, int]:
    """The notice period and voting lengths in force, for the pages that state them."""
    days = settings.DELIBERATION_NOTICE_DAYS
    shortest, longest = settings.DELIBERATION_VOTE_DAYS
    return {"notice_days": days, "first_day": days + 1, "shortest": shortest, "longest": longest}


def _check_dates(opens_at: datetime, closes_at: datetime, now: datetime) -> None:
    shortest, longest = settings.DELIBERATION_VOTE_DAYS
    earliest = earliest_opening(now)
    if opens_at < earliest:
        raise ValidationError(
            _(
                "Voting may open on %(day)s at 00:00 at the earliest: the notice must come "
                "%(days)s whole days before (物业管理条例 第十四条; the day of the notice is "
                "not counted, 民法典 第二百零一条)."
            )
            % {
                "day": timezone.localtime(earliest).strftime("%Y-%m-%d"),
                "days": settings.DELIBERATION_NOTICE_DAYS,
            },
            code="opens_at",
        )
    if not timedelta(days=shortest) <= closes_at - opens_at <= timedelta(days=longest):
        raise ValidationError(
            _("Voting stays open between %(min)s and %(max)s days.")
            % {"min": shortest, "max": longest},
            code="closes_at",
        )


def vote_publish_notice(
    *, vote_id: int, by, opens_at: datetime, closes_at: datetime, now: datetime | None = None
) -> OwnersVote:
    """Publish the notice (an announcement to the owners concerned, with delivery records)
    and freeze the roll. After this no topic may be added and the roll does not move.
    `now` is the moment the notice is given (the demo's history gives a past one; the
    notice, the roll and their dates all carry it)."""
    with transaction.atomic():
        vote = OwnersVote.objects.select_for_update().select_related("compound").get(pk=vote_id)
        require(by, "vote.organise", vote.compound)
        if vote.state != State.DRAFT:
            raise ValidationError(_("The notice is already published."), code="state")
        topics = list(vote.topics.select_related("proposal"))
        if any(t.proposal_id and queries.has_open_hold(t.proposal) for t in topics):
            raise ValidationError(_("Answer the supervisory committee's hold first."), code="hold")
        if any(t.matter_item == MatterItem.ORDINARY for t in topics):
            raise ValidationError(
                _("Every topic of an owners' vote is a matter of 第278条 (1)–(9)."), code="matter"
            )
        now = now or timezone.now()
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
        participation_rebuild(vote=vote)
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
                "closes": as_24h(closes_at),
                "method": vote.method,
            },
        )
        Announcement.objects.filter(pk=vote.notice.pk).update(published_at=now)
        tell_community_staff(vote.notice, vote.compound)
        vote.roll_source = roll_text(vote.compound, roll, now)
        vote.head_rule = OwnersVote.HeadRule.OWNER_SET
        vote.invalid_ballots_participate = settings.DELIBERATION_INVALID_BALLOTS_PARTICIPATE
        vote.opens_at, vote.closes_at, vote.noticed_at = opens_at, closes_at, now
        vote.state = State.NOTICED
        vote.save()
        audit(
            actor=by,
            code="deliberation.vote.noticed",
            target=vote,
            old={"state": State.DRAFT},
            new={
                "state": State.NOTICED,
                "units": len(roll.entries),
                "heads": roll.headcount,
                "head_rule": vote.head_rule,
                "invalid_ballots_participate": vote.invalid_ballots_participate,
            },
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


def roll_text(compound: Compound, roll: OwnerRoll, when: datetime) -> str:
    """What the frozen roll rests on, in words: the area sources it used (法释〔2009〕7号
    第八条) and how it counts owners (第九条)."""
    phrases = {
        Unit.AreaSource.REGISTER: lambda n: ngettext(
            "the real-estate register (%(n)s unit)", "the real-estate register (%(n)s units)", n
        ),
        Unit.AreaSource.SURVEY: lambda n: ngettext(
            "a surveying body's measurement (%(n)s unit)",
            "a surveying body's measurement (%(n)s units)",
            n,
        ),
        Unit.AreaSource.CONTRACT: lambda n: ngettext(
            "the purchase contract (%(n)s unit)", "the purchase contract (%(n)s units)", n
        ),
    }
    separator = "、" if (get_language() or "").startswith("zh") else ", "
    sources = separator.join(
        phrases[source](n) % {"n": n} for source, n in roll.area_sources().items()
    )
    return _(
        "Owner roll of %(compound)s, frozen %(when)s. Area: the exclusive floor area recorded in "
        "%(sources)s (法释〔2009〕7号 第八条: the register; where a unit is not registered yet, "
        "a surveying body's measurement; where it is not measured yet, the purchase contract). "
        "Owners (第九条): each unit counts as one owner; units with exactly the same owners "
        "count as one owner together; the developer's unsold or undelivered units count as "
        "one owner; a unit whose owners are not registered here counts as one. "
        "%(units)s units, %(heads)s owners."
    ) % {
        "compound": compound.name,
        "when": timezone.localtime(when).strftime("%Y-%m-%d %H:%M"),
        "sources": sources,
        "units": len(roll.entries),
        "heads": roll.headcount,
    }
