"""Reads for deliberation pages, scoped to the asking user."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone

from deliberation.models import Ballot, OwnersVote, Proxy, RollEntry


@dataclass
class BallotGroup:
    """The homes one person votes for together (one owner's homes, or a proxy's unit)."""

    unit_id: int  # the unit the ballot is cast for (its owner's other homes follow)
    labels: list[str] = field(default_factory=list)
    channel: str = Ballot.Channel.ONLINE
    current: dict[int, str] = field(default_factory=dict)  # topic id -> counted choice
    paper_on_record: bool = False


def ballot_groups(vote: OwnersVote, user) -> list[BallotGroup]:
    """What `user` may vote for in `vote`: the homes whose voter they are on the frozen
    roll (one group per owner) and homes whose owner named them proxy. A fixed number of
    queries."""
    now = timezone.now()
    entries = list(vote.roll.filter(voter=user))
    proxied = list(
        Proxy.objects.filter(
            vote=vote, proxy=user, revoked_at__isnull=True, valid_from__lte=now, valid_until__gt=now
        ).values_list("unit_id", flat=True)
    )
    proxy_entries = list(RollEntry.objects.filter(vote=vote, unit_id__in=proxied))
    groups: dict[str, BallotGroup] = {}
    for entry, channel in [(e, Ballot.Channel.ONLINE) for e in entries] + [
        (e, Ballot.Channel.PROXY) for e in proxy_entries
    ]:
        group = groups.setdefault(
            f"{channel}:{entry.head_key}", BallotGroup(entry.unit_id, channel=channel)
        )
        group.labels.append(entry.label)
    units = [e.unit_id for e in entries + proxy_entries]
    counted = Ballot.objects.filter(vote=vote, unit_id__in=units, counted=True).prefetch_related(
        "choices"
    )
    by_unit = {b.unit_id: b for b in counted}
    for group in groups.values():
        ballot = by_unit.get(group.unit_id)
        if ballot is not None:
            group.current = {c.topic_id: c.choice for c in ballot.choices.all()}
            group.paper_on_record = ballot.channel not in (
                Ballot.Channel.ONLINE,
                Ballot.Channel.PROXY,
            )
    return list(groups.values())


def awaiting_verification(vote: OwnersVote):
    return (
        Ballot.objects.filter(
            vote=vote, verified_by__isnull=True, superseded_at__isnull=True, counted=False
        )
        .exclude(channel__in=[Ballot.Channel.ONLINE, Ballot.Channel.PROXY])
        .select_related("cast_by", "unit__building")
        .prefetch_related("choices__topic")
        .order_by("created_at", "pk")
    )


def version_diffs(proposal) -> list[dict]:
    """Each version with what changed from the one before, character by character (Chinese
    has no spaces to split words on): a list of (kind, text) runs per field, kind being
    "same", "ins" or "del"."""
    from difflib import SequenceMatcher

    from django.utils.translation import gettext as _

    labels = {"title": _("Title"), "background": _("Background"), "options": _("Options")}
    versions = list(proposal.versions.select_related("author"))
    result = []
    for previous, version in zip([None, *versions], versions, strict=False):
        changes = []
        for name, label in labels.items():
            old = getattr(previous, name, "") if previous else ""
            new = getattr(version, name)
            if previous is not None and old == new:
                continue
            runs = []
            for op, a1, a2, b1, b2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
                if op == "equal":
                    runs.append(("same", new[b1:b2]))
                    continue
                if a2 > a1:
                    runs.append(("del", old[a1:a2]))
                if b2 > b1:
                    runs.append(("ins", new[b1:b2]))
            changes.append({"label": label, "runs": runs})
        if previous is not None and previous.budget_estimate != version.budget_estimate:
            changes.append(
                {
                    "label": _("Budget"),
                    "runs": [
                        ("del", f"{previous.budget_estimate or ''}"),
                        ("ins", f"{version.budget_estimate or ''}"),
                    ],
                }
            )
        result.append({"version": version, "changes": changes})
    return result
