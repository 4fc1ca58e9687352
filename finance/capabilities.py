"""What one user may do with one entry (or campaign), computed once for its page (the view and the
template read it; the rules are in permissions.py and the workflow)."""

from __future__ import annotations

from dataclasses import dataclass

from compounds.permissions import can
from finance import workflow
from finance.models import Campaign, Entry
from finance.permissions import (
    Party,
    collects,
    makers_of,
    may_see_books,
    may_see_households,
    parties_of,
)


@dataclass(frozen=True)
class EntryCapabilities:
    actions: tuple[str, ...]
    keeper: bool
    checker: bool
    books: bool  # sees the original receipts and the entries not yet posted
    edit: bool
    reverse: bool
    cover: bool  # covers personal data on receipts before posting
    emergency_approve: bool = False  # 应急使用: the owners' committee approves
    emergency_confirm: bool = False  # … and community staff confirm, before it is submitted
    ratify: bool = False  # records the owners' resolution that ratified it


def entry_capabilities(user, entry: Entry) -> EntryCapabilities:
    parties = parties_of(user, entry)
    keeper, checker = Party.KEEPER in parties, Party.CHECKER in parties
    posted = entry.state == Entry.State.POSTED
    return EntryCapabilities(
        actions=tuple(workflow.allowed_actions(user, entry, parties)),
        keeper=keeper,
        checker=checker,
        books=may_see_books(user, entry.account),
        edit=keeper and entry.state in (Entry.State.DRAFT, Entry.State.RETURNED),
        reverse=keeper
        and posted
        and entry.reverses_id is None
        and not Entry.objects.filter(reverses=entry).exists(),
        cover=(checker and entry.state == Entry.State.SUBMITTED)
        or (keeper and entry.state in (Entry.State.DRAFT, Entry.State.RETURNED)),
        **_emergency(user, entry, keeper, posted),
    )


def _emergency(user, entry: Entry, keeper: bool, posted: bool) -> dict:
    if not entry.emergency:
        return {}
    waiting = entry.state in (Entry.State.DRAFT, Entry.State.RETURNED)
    maker = waiting and user.pk in makers_of(entry)
    committee = can(user, "finance.emergency_approve", entry.account)
    return {
        "emergency_approve": waiting
        and not maker
        and not entry.emergency_approved_by_id
        and committee,
        "emergency_confirm": waiting
        and not maker
        and not entry.emergency_confirmed_by_id
        and can(user, "finance.emergency_confirm", entry.account),
        "ratify": posted and (keeper or committee) and not hasattr(entry, "ratification"),
    }


@dataclass(frozen=True)
class CampaignCapabilities:
    collect: bool  # records payments
    households: bool  # sees each home's answer and payment


def campaign_capabilities(user, campaign: Campaign) -> CampaignCapabilities:
    collect = collects(user, campaign)
    return CampaignCapabilities(
        collect=collect, households=collect or may_see_households(user, campaign)
    )
