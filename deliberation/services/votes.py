"""Owners' votes: notice, roll, ballots, close and count. Every write is audited in the
same transaction (portal/audit.py) and every ballot write locks the roll rows of the owner
it concerns, so concurrent casts for one unit leave exactly one counted ballot."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from compounds.models import Building, Compound, Unit
from compounds.permissions import can
from compounds.queries import owner_roll
from deliberation import bundle, tally
from deliberation.models import (
    Ballot,
    BallotChoice,
    MatterItem,
    Outreach,
    OwnersVote,
    Proxy,
    RollEntry,
    VoteTopic,
)
from portal.audit import audit
from portal.uploads import clean_attachment

logger = logging.getLogger("deliberation")
State = OwnersVote.State
ONLINE = (Ballot.Channel.ONLINE, Ballot.Channel.PROXY)


def vote_create(
    *,
    by,
    compound: Compound,
    title: str,
    method: str,
    topics: list[dict],
    buildings: list[Building] = (),
    entrances: list[tuple[int, str]] = (),
) -> OwnersVote:
    """A draft vote with its topics (each {"title", "matter_item", "proposal"?}), limited to
    the owners concerned: some buildings, or some entrances ((building id, entrance))."""
    if not can(by, "vote.organise", compound):
        raise PermissionDenied
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
    from compounds.announcements.services import announcement_publish

    with transaction.atomic():
        vote = OwnersVote.objects.select_for_update().select_related("compound").get(pk=vote_id)
        if not can(by, "vote.organise", vote.compound):
            raise PermissionDenied
        if vote.state != State.DRAFT:
            raise ValidationError(_("The notice is already published."), code="state")
        if any(
            t.proposal_id and t.proposal.holds.filter(answered_at__isnull=True).exists()
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


def proxy_register(
    *, vote: OwnersVote, unit: Unit, owner, proxy_user, matters: str, valid_until, scan
) -> Proxy:
    """委托书: the unit's voter names a proxy in writing; the signed form's scan is kept."""
    entry = RollEntry.objects.filter(vote=vote, unit=unit).first()
    if entry is None or entry.voter_id != owner.pk:
        raise ValidationError(_("Only the owner who votes for this home can name a proxy."))
    if proxy_user.pk == owner.pk:
        raise ValidationError(_("Name someone else as your proxy."), code="proxy")
    if not (matters or "").strip():
        raise ValidationError(_("Say which matters the proxy covers."), code="matters")
    now = timezone.now()
    if valid_until <= now:
        raise ValidationError(_("The proxy must be valid into the future."), code="valid_until")
    content, _type = clean_attachment(scan)
    with transaction.atomic():
        Proxy.objects.filter(vote=vote, unit=unit, revoked_at__isnull=True).update(revoked_at=now)
        proxy = Proxy(
            vote=vote,
            unit=unit,
            owner=owner,
            proxy=proxy_user,
            matters=matters.strip()[:300],
            valid_from=now,
            valid_until=valid_until,
        )
        proxy.scan.save(content.name, content, save=False)
        proxy.save()
        audit(
            actor=owner,
            code="deliberation.proxy.registered",
            target=proxy,
            new={"unit": unit.pk, "proxy": proxy_user.pk},
        )
    return proxy


def proxy_revoke(*, proxy: Proxy, by) -> Proxy:
    """The owner takes the written proxy back (it stops at once; ballots it cast stand)."""
    if proxy.owner_id != by.pk:
        raise PermissionDenied
    with transaction.atomic():
        if not Proxy.objects.filter(pk=proxy.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        ):
            raise ValidationError(_("The proxy is already revoked."), code="revoked")
        audit(actor=by, code="deliberation.proxy.revoked", target=proxy)
    proxy.refresh_from_db()
    return proxy


def _valid_proxy(vote, unit_id: int, user, now) -> Proxy | None:
    return Proxy.objects.filter(
        vote=vote,
        unit_id=unit_id,
        proxy=user,
        revoked_at__isnull=True,
        valid_from__lte=now,
        valid_until__gt=now,
    ).first()


def _choices(vote: OwnersVote, choices: dict) -> dict[int, str]:
    from deliberation.services.elections import election_seats_of

    topics = {t.pk for t in vote.topics.all()}
    cleaned = {int(k): v for k, v in choices.items()}
    if set(cleaned) != topics:
        raise ValidationError(_("Answer every topic of the ballot."), code="choices")
    if any(v not in BallotChoice.Choice.values for v in cleaned.values()):
        raise ValidationError(_("Choose for, against or abstain."), code="choices")
    seats = election_seats_of(vote)
    if seats is not None and sum(v == "for" for v in cleaned.values()) > seats:
        raise ValidationError(
            _("Vote for at most %(n)s candidates.") % {"n": seats}, code="too_many"
        )
    return cleaned


def _group(vote: OwnersVote, unit_id: int) -> list[RollEntry]:
    """The roll rows of the owner of `unit_id` (one head key), locked in a fixed order.
    Units of one owner carry one choice, so a ballot for one is a ballot for all."""
    entry = RollEntry.objects.filter(vote=vote, unit_id=unit_id).first()
    if entry is None:
        raise ValidationError(_("This home is not on the roll of this vote."), code="unit")
    return list(
        RollEntry.objects.select_for_update()
        .filter(vote=vote, head_key=entry.head_key)
        .order_by("pk")
    )


def _supersede(ballots, now) -> None:
    Ballot.objects.filter(pk__in=[b.pk for b in ballots]).update(counted=False, superseded_at=now)


def ballot_cast(
    *,
    vote_id: int,
    unit_id: int,
    by,
    choices: dict,
    channel: str = Ballot.Channel.ONLINE,
    scan=None,
) -> list[Ballot]:
    """Cast a ballot for the unit (and the other units of its owner). Online by the owner
    or by a proxy: counted at once, and may be changed until the vote closes. On paper or
    on site: entered by a collector with the scan of the signed ballot, counted once a
    second person verifies it (`ballot_verify`)."""
    if channel not in Ballot.Channel.values:
        raise ValidationError(_("Unknown channel."), code="channel")
    cleaned_scan = clean_attachment(scan)[0] if scan is not None else None
    if channel not in ONLINE and cleaned_scan is None:
        raise ValidationError(_("Attach the scan of the signed ballot."), code="scan")
    with transaction.atomic():
        # The vote's row is locked so no ballot changes while the count is being taken.
        vote = (
            OwnersVote.objects.select_for_update(of=("self",))
            .select_related("compound__community")
            .get(pk=vote_id)
        )
        now = timezone.now()
        if not vote.is_open(now):
            raise ValidationError(_("Voting is not open."), code="closed")
        cleaned = _choices(vote, choices)
        group = _group(vote, unit_id)
        proxies = {}
        if channel == Ballot.Channel.ONLINE:
            if any(e.voter_id != by.pk for e in group):
                raise PermissionDenied
        elif channel == Ballot.Channel.PROXY:
            for e in group:
                proxies[e.unit_id] = _valid_proxy(vote, e.unit_id, by, now)
                if proxies[e.unit_id] is None:
                    raise ValidationError(
                        _("You hold no valid written proxy for every home of this owner."),
                        code="proxy",
                    )
        elif not can(by, "ballot.collect", vote.compound):
            raise PermissionDenied
        current = list(
            Ballot.objects.filter(vote=vote, unit_id__in=[e.unit_id for e in group], counted=True)
        )
        paper_on_record = [b for b in current if b.channel not in ONLINE]
        if channel in ONLINE and paper_on_record and vote.paper_prevails:
            raise ValidationError(
                _("A signed paper ballot of this home is on record; it prevails."), code="paper"
            )
        if channel in ONLINE:
            _supersede(current, now)
        ballots = []
        for e in group:
            ballot = Ballot(
                vote=vote,
                unit_id=e.unit_id,
                channel=channel,
                cast_by=by,
                proxy=proxies.get(e.unit_id),
                counted=channel in ONLINE,
                created_at=now,
            )
            if cleaned_scan is not None:
                ballot.scan.save(cleaned_scan.name, cleaned_scan, save=False)
            ballot.save()
            BallotChoice.objects.bulk_create(
                BallotChoice(ballot=ballot, topic_id=t, choice=c) for t, c in cleaned.items()
            )
            audit(
                actor=by,
                code="deliberation.ballot.cast",
                target=ballot,
                old={"superseded": [b.pk for b in current if b.unit_id == e.unit_id]}
                if channel in ONLINE
                else {},
                new={"unit": e.unit_id, "channel": channel, "counted": ballot.counted},
            )
            ballots.append(ballot)
    return ballots


def ballot_verify(*, ballot_id: int, by) -> list[Ballot]:
    """A second person checks a paper ballot against its scan; then it counts, for every
    home of its owner entered with it, and supersedes what it prevails over."""
    refused = False
    with transaction.atomic():
        vote_id = Ballot.objects.values_list("vote_id", flat=True).get(pk=ballot_id)
        # Lock the vote first, then read the ballot: a second verifier waiting here sees
        # what the first one did.
        vote = (
            OwnersVote.objects.select_for_update(of=("self",))
            .select_related("compound__community")
            .get(pk=vote_id)
        )
        ballot = Ballot.objects.get(pk=ballot_id)
        ballot.vote = vote
        now = timezone.now()
        if not vote.is_open(now) and not (vote.state == State.NOTICED and now >= vote.closes_at):
            raise ValidationError(_("Voting is not open."), code="closed")
        if vote.state != State.NOTICED:
            raise ValidationError(_("The vote is closed."), code="closed")
        if ballot.channel in ONLINE or ballot.verified_by_id or ballot.superseded_at:
            raise ValidationError(_("Nothing to verify."), code="state")
        if ballot.cast_by_id == by.pk:
            raise ValidationError(
                _("Another person must verify the ballot you entered."), code="same"
            )
        if not can(by, "ballot.collect", vote.compound):
            raise PermissionDenied
        group = _group(vote, ballot.unit_id)
        units = [e.unit_id for e in group]
        batch = list(
            Ballot.objects.filter(
                vote=vote,
                unit_id__in=units,
                cast_by_id=ballot.cast_by_id,
                created_at=ballot.created_at,
                channel=ballot.channel,
            )
        )
        current = list(Ballot.objects.filter(vote=vote, unit_id__in=units, counted=True))
        if any(b.channel not in ONLINE for b in current) or (current and not vote.paper_prevails):
            # A paper ballot is already counted (or online ballots prevail): this one does not.
            Ballot.objects.filter(pk__in=[b.pk for b in batch]).update(superseded_at=now)
            audit(actor=by, code="deliberation.ballot.refused", target=ballot)
            refused = True  # recorded when this block commits; then the verifier is told
        else:
            _verify(batch, current, by, now)
    if refused:
        raise ValidationError(
            _("This home already has a counted ballot that prevails."), code="duplicate"
        )
    return list(Ballot.objects.filter(pk__in=[b.pk for b in batch]))


def _verify(batch, current, by, now) -> None:
    """Count the verified batch, superseding what it prevails over; audited."""
    _supersede(current, now)
    Ballot.objects.filter(pk__in=[b.pk for b in batch]).update(
        verified_by=by, verified_at=now, counted=True
    )
    for b in batch:
        audit(
            actor=by,
            code="deliberation.ballot.verified",
            target=b,
            old={"superseded": [c.pk for c in current if c.unit_id == b.unit_id]},
            new={"counted": True},
        )


def tally_of(vote: OwnersVote, topic: VoteTopic) -> tally.Tally:
    """Count one topic from the frozen roll and the counted ballots."""
    rows = [
        tally.RollRow(str(unit_id), building, area, key)
        for unit_id, building, area, key in vote.roll.values_list(
            "unit_id", "building_name", "area", "head_key"
        )
    ]
    ballots = [
        tally.BallotRow(str(unit_id), choice, channel)
        for unit_id, choice, channel in BallotChoice.objects.filter(
            topic=topic, ballot__vote=vote, ballot__counted=True
        ).values_list("ballot__unit_id", "choice", "ballot__channel")
    ]
    return tally.count(rows, ballots, topic.matter_item)


def participation(vote: OwnersVote) -> dict:
    """While voting is open: who has taken part (area and headcount, overall and per
    building, and the gap to the 2/3 thresholds) — never what they chose."""
    entries = list(vote.roll.values_list("unit_id", "building_name", "area", "head_key"))
    voted = set(Ballot.objects.filter(vote=vote, counted=True).values_list("unit_id", flat=True))
    rows = [tally.RollRow(str(u), b, a, k) for u, b, a, k in entries]
    ballots = [tally.BallotRow(str(u), "abstain") for u, _b, _a, _k in entries if u in voted]
    overall = tally.count(rows, ballots, MatterItem.OTHER_MAJOR)
    buildings = {}
    for name in dict.fromkeys(b for _u, b, _a, _k in entries):
        mine = [r for r in rows if r.building == name]
        mine_units = {r.unit for r in mine}
        buildings[name] = tally.count(
            mine, [b for b in ballots if b.unit in mine_units], MatterItem.OTHER_MAJOR
        )
    return {"overall": overall, "gap": overall.gap_to_quorum(), "buildings": buildings}


def vote_close(*, vote_id: int, now=None) -> OwnersVote:
    """At the deadline: count every topic from the counted ballots, store the result and
    publish it. Paper ballots still unverified are not counted (they are on record)."""
    from compounds.announcements.services import announcement_publish

    with transaction.atomic():
        vote = OwnersVote.objects.select_for_update().select_related("compound").get(pk=vote_id)
        now = now or timezone.now()
        if vote.state != State.NOTICED or now < vote.closes_at:
            raise ValidationError(_("The vote cannot be closed now."), code="state")
        lines = []
        for topic in vote.topics.all():
            result = tally_of(vote, topic)
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
        vote.save()
        from deliberation.services.elections import election_conclude
        from deliberation.services.proposals import decide_after_vote

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
    return _(
        "%(topic)s: %(verdict)s. Participation %(part_area)s m² of %(total_area)s m², "
        "%(part_heads)s of %(total_heads)s owners; for %(for_area)s m², %(for_heads)s "
        "owners; against %(against_area)s m², %(against_heads)s owners; abstain "
        "%(abstain_area)s m², %(abstain_heads)s owners."
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


def recount_closed() -> list[tuple[int, int, dict, dict]]:
    """Recount every closed vote from its ballots; the differences from stored results."""
    differences = []
    for vote in OwnersVote.objects.filter(state=State.CLOSED).prefetch_related("topics"):
        for topic in vote.topics.all():
            fresh = tally_of(vote, topic).as_dict()
            if fresh != topic.result:
                differences.append((vote.pk, topic.pk, topic.result, fresh))
    return differences


def token(vote: OwnersVote, value: str) -> str:
    """A pseudonym for a unit or head key in one vote's bundle: stable within the vote,
    unlinkable across votes; an owner is shown their unit's code to find it."""
    import hashlib
    import hmac

    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"{vote.pk}:{value}".encode(), hashlib.sha256
    ).hexdigest()
    return digest[:10].upper()


def audit_bundle(vote: OwnersVote, topic: VoteTopic) -> bytes:
    """The audit bundle of one topic: the frozen roll and the counted ballots under
    pseudonymous unit codes, the stored result, the units that voted (without their
    choice) and hashes. `manage.py recount` recomputes the result from it."""
    if vote.state != State.CLOSED:
        raise ValidationError(_("The bundle is available once the vote is closed."))
    entries = list(vote.roll.values_list("unit_id", "building_name", "area", "head_key", "label"))
    rows = [
        tally.RollRow(token(vote, f"unit:{u}"), b, a, token(vote, f"key:{k}"))
        for u, b, a, k, _l in entries
    ]
    counted = list(
        BallotChoice.objects.filter(topic=topic, ballot__vote=vote, ballot__counted=True)
        .values_list("ballot__unit_id", "choice", "ballot__channel")
        .order_by("ballot__unit_id")
    )
    label = {u: lbl for u, _b, _a, _k, lbl in entries}
    ballots = [tally.BallotRow(token(vote, f"unit:{u}"), c, ch) for u, c, ch in counted]
    ballots.sort(key=lambda b: b.unit)
    return bundle.write(
        roll=sorted(rows, key=lambda r: r.unit),
        ballots=ballots,
        item=topic.matter_item,
        result=topic.result,
        voters=sorted(label[u] for u, _c, _ch in counted),
    )


def unreached(vote: OwnersVote):
    """Roll rows of homes with no counted ballot yet, by building (the visit queue of the
    building's 两长四员)."""
    voted = Ballot.objects.filter(vote=vote, counted=True).values("unit_id")
    return (
        vote.roll.exclude(unit_id__in=voted)
        .select_related("unit__building")
        .order_by("building_name", "label")
    )


def outreach_log(*, vote: OwnersVote, unit: Unit, by, note: str) -> Outreach:
    if not can(by, "ballot.collect", vote.compound):
        raise PermissionDenied
    if not vote.roll.filter(unit=unit).exists():
        raise ValidationError(_("This home is not on the roll of this vote."), code="unit")
    note = (note or "").strip()
    if not note:
        raise ValidationError(_("Say what happened."), code="note")
    return Outreach.objects.create(vote=vote, unit=unit, by=by, note=note[:300])
