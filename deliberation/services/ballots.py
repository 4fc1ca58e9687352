"""Proxies and ballots of an owners' vote. Every ballot write locks the vote, then the roll
rows of the owner it concerns, so concurrent casts for one unit leave exactly one counted
ballot; every write is audited, and moves the vote's stored participation, in the same
transaction (portal/audit.py, services/participation.py)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from compounds.models import Unit
from compounds.permissions import require
from deliberation.models import Ballot, BallotChoice, Outreach, OwnersVote, Proxy, RollEntry
from deliberation.permissions import ballot_proxies, check_name_proxy, verify_refusal
from deliberation.services.participation import participation_after, participation_before
from portal.audit import audit
from portal.uploads import clean_attachment

State = OwnersVote.State
ONLINE = (Ballot.Channel.ONLINE, Ballot.Channel.PROXY)


def proxy_register(
    *, vote: OwnersVote, unit: Unit, owner, proxy_phone: str, matters: str, valid_until, scan
) -> Proxy:
    """委托书: the unit's voter names a proxy in writing, by mobile number; the signed form's
    scan is kept. A number nobody uses yet is kept until its holder signs in
    (proxies_claim); the owner hears the same either way."""
    check_name_proxy(owner, vote)
    entry = RollEntry.objects.filter(vote=vote, unit=unit).first()
    if entry is None or entry.voter_id != owner.pk:
        raise ValidationError(_("Only the owner who votes for this home can name a proxy."))
    if proxy_phone == owner.phone:
        raise ValidationError(_("Name someone else as your proxy."), code="proxy")
    if not (matters or "").strip():
        raise ValidationError(_("Say which matters the proxy covers."), code="matters")
    now = timezone.now()
    if valid_until <= now:
        raise ValidationError(_("The proxy must be valid into the future."), code="valid_until")
    content, _type = clean_attachment(scan)
    proxy_user = get_user_model().objects.filter(phone=proxy_phone, is_active=True).first()
    with transaction.atomic():
        Proxy.objects.filter(vote=vote, unit=unit, revoked_at__isnull=True).update(revoked_at=now)
        proxy = Proxy(
            vote=vote,
            unit=unit,
            owner=owner,
            proxy=proxy_user,
            proxy_phone=proxy_phone,
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
            new={"unit": unit.pk, "proxy": proxy_user.pk if proxy_user else None},
        )
    return proxy


def proxies_claim(user) -> int:
    """The proxy letters that wait under the user's number become theirs once the number is
    verified (called at every sign-in); returns how many."""
    if not (user.phone_verified and user.phone):
        return 0
    return Proxy.objects.filter(proxy__isnull=True, proxy_phone=user.phone).update(proxy=user)


def proxy_revoke(*, proxy: Proxy, by) -> Proxy:
    """The owner takes the written proxy back (it stops at once; ballots it cast stand)."""
    if proxy.owner_id != by.pk:
        raise PermissionDenied(_("Only the owner who named the proxy revokes it."))
    with transaction.atomic():
        if not Proxy.objects.filter(pk=proxy.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        ):
            raise ValidationError(_("The proxy is already revoked."), code="revoked")
        audit(actor=by, code="deliberation.proxy.revoked", target=proxy)
    proxy.refresh_from_db()
    return proxy


def _choices(vote: OwnersVote, choices: dict, channel: str, spoiled_reason: str) -> dict[int, str]:
    """Every topic answered: for, against or abstain — and on paper also blank (空白) or
    spoiled (作废), a spoiled one with the reason read off the paper."""
    topics = {t.pk for t in vote.topics.all()}
    cleaned = {int(k): v for k, v in choices.items()}
    if set(cleaned) != topics:
        raise ValidationError(_("Answer every topic of the ballot."), code="choices")
    allowed = BallotChoice.Choice.values if channel in ONLINE else BallotChoice.Mark.values
    if any(v not in allowed for v in cleaned.values()):
        raise ValidationError(_("Choose for, against or abstain."), code="choices")
    if BallotChoice.Mark.SPOILED in cleaned.values() and not spoiled_reason:
        raise ValidationError(
            _("Say why the ballot is spoiled (作废): unsigned, two boxes ticked, unreadable…"),
            code="spoiled_reason",
        )
    most = vote.max_for  # an election: at most as many "for" as there are seats
    if most is not None and sum(v == "for" for v in cleaned.values()) > most:
        raise ValidationError(
            _("Vote for at most %(n)s candidates.") % {"n": most}, code="too_many"
        )
    return cleaned


def _group(vote: OwnersVote, unit_id: int) -> list[RollEntry]:
    """The roll rows of the owner of `unit_id` (one head key: on rolls frozen since owner
    sets, the units with exactly the same owners), locked in a fixed order. Units of one
    owner carry one choice, so a ballot for one is a ballot for all."""
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
    spoiled_reason: str = "",
    now=None,
) -> list[Ballot]:
    """Cast a ballot for the unit and the other units of its owner — the units with the
    same owners (the same head key of the frozen roll), never a unit whose owners differ.
    Online by a person named to vote for one of them or by a proxy: counted at once, and
    may be changed until the vote closes. On paper or on site: entered by a collector with
    the scan of the signed ballot — blank (空白票) or spoiled (作废票, with the reason) as
    the paper is — and counted once a second person verifies it (`ballot_verify`). `now`
    is the moment of the ballot (the demo's history gives a past one)."""
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
        now = now or timezone.now()
        if not vote.is_open(now):
            raise ValidationError(_("Voting is not open."), code="closed")
        group = _group(vote, unit_id)
        proxies = ballot_proxies(by, vote, group, channel, now)
        spoiled_reason = (spoiled_reason or "").strip()[:200]
        cleaned = _choices(vote, choices, channel, spoiled_reason)
        if BallotChoice.Mark.SPOILED not in cleaned.values():
            spoiled_reason = ""
        current = list(
            Ballot.objects.filter(vote=vote, unit_id__in=[e.unit_id for e in group], counted=True)
        )
        paper_on_record = [b for b in current if b.channel not in ONLINE]
        if channel in ONLINE and paper_on_record and vote.paper_prevails:
            raise ValidationError(
                _("A signed paper ballot of this home is on record; it prevails."), code="paper"
            )
        before = participation_before(vote, group)
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
                spoiled_reason=spoiled_reason,
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
                new={"unit": e.unit_id, "channel": channel, "counted": ballot.counted}
                | ({"spoiled_reason": spoiled_reason} if spoiled_reason else {}),
            )
            ballots.append(ballot)
        participation_after(vote, group, before)
    return ballots


def ballot_verify(*, ballot_id: int, by, now=None) -> list[Ballot]:
    """A second person checks a paper ballot against its scan; then it counts, for every
    home of its owner entered with it, and supersedes what it prevails over. `now` as in
    `ballot_cast`."""
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
        now = now or timezone.now()
        if not vote.is_open(now) and not (vote.state == State.NOTICED and now >= vote.closes_at):
            raise ValidationError(_("Voting is not open."), code="closed")
        if vote.state != State.NOTICED:
            raise ValidationError(_("The vote is closed."), code="closed")
        if ballot.channel in ONLINE or ballot.verified_by_id or ballot.superseded_at:
            raise ValidationError(_("Nothing to verify."), code="state")
        if refusal := verify_refusal(by, ballot):
            raise ValidationError(refusal, code="same")
        require(by, "ballot.collect", vote.compound)
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
            before = participation_before(vote, group)
            _verify(batch, current, by, now)
            participation_after(vote, group, before)
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


def outreach_log(*, vote: OwnersVote, unit: Unit, by, note: str) -> Outreach:
    """A visit or call to an owner who has not voted, logged by a collector."""
    require(by, "ballot.collect", vote.compound)
    if not vote.roll.filter(unit=unit).exists():
        raise ValidationError(_("This home is not on the roll of this vote."), code="unit")
    note = (note or "").strip()
    if not note:
        raise ValidationError(_("Say what happened."), code="note")
    return Outreach.objects.create(vote=vote, unit=unit, by=by, note=note[:300])
