"""What one user may do with one entry, computed once for its page (the view and the
template read it; the rules are in permissions.py and the workflow)."""

from __future__ import annotations

from dataclasses import dataclass

from finance import workflow
from finance.models import Entry, FeeBatch
from finance.permissions import Party, may_see_books, parties_of


@dataclass(frozen=True)
class EntryCapabilities:
    actions: tuple[str, ...]
    keeper: bool
    checker: bool
    books: bool  # sees the original receipts and the entries not yet posted
    edit: bool
    reverse: bool
    cover: bool  # covers personal data on receipts before posting


def entry_capabilities(user, entry: Entry) -> EntryCapabilities:
    parties = parties_of(user, entry)
    keeper, checker = Party.KEEPER in parties, Party.CHECKER in parties
    posted = entry.state == Entry.State.POSTED
    return EntryCapabilities(
        actions=tuple(workflow.allowed_actions(user, entry, parties)),
        keeper=keeper,
        checker=checker,
        books=may_see_books(user, entry.account),
        edit=keeper
        and entry.state in (Entry.State.DRAFT, Entry.State.RETURNED)
        and entry.reverses_id is None
        and not FeeBatch.objects.filter(entry=entry).exists(),  # it follows its payments
        reverse=keeper
        and posted
        and entry.reverses_id is None
        and not Entry.objects.filter(reverses=entry).exists(),
        cover=(checker and entry.state == Entry.State.SUBMITTED)
        or (keeper and entry.state in (Entry.State.DRAFT, Entry.State.RETURNED)),
    )
