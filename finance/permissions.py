"""Every finance rule "may this user do X to this account or entry", and the access_*
helpers that fetch as the user: 404 when the object is absent or out of the user's
scope, then 403 when they may not act on it.

Place-based roles come from compounds.permissions (finance.ledger, finance.books,
finance.review, finance.accounts); what only finance knows — who keeps an account, that
the maker of an entry never checks it — is here."""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from compounds.models import Body, Compound, Membership, Unit
from compounds.permissions import can, require
from compounds.standing import standing_of
from finance.models import (
    Account,
    AccountKeeper,
    Campaign,
    CampaignPart,
    Disclosure,
    Entry,
    EntryEvent,
    UnmatchedLine,
)

CHAIN = "compound__community__street_office"
MAKING = ("create", "change", "submit")
Kind, Position = Body.Kind, Membership.Position
BRANCH_OFFICERS = (Position.SECRETARY, Position.DEPUTY_SECRETARY)
CHAIRED = (Kind.OWNERS_COMMITTEE, Kind.SELF_MANAGEMENT_COMMITTEE)


class Party(StrEnum):
    KEEPER = "keeper"  # keeps the entry's account: records and submits (the maker)
    CHECKER = "checker"  # a supervisory member who is not the entry's maker
    READER = "reader"  # may read the posted ledger


def keeps(user, account: Account) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if not AccountKeeper.objects.current().filter(account=account, holder=user).exists():
        return False
    # A keeper who has left every body of the compound keeps nothing any more.
    return (
        Membership.objects.current()
        .filter(user=user, body__compound_id=account.compound_id)
        .exists()
    )


def may_read_ledger(user, account: Account) -> bool:
    """Posted lines and redacted receipts: everyone signed in for a public account, else
    the compound's residents, committees and staff."""
    if not getattr(user, "is_authenticated", False):
        return False
    if account.visibility == Account.Visibility.PUBLIC:
        return True
    return can(user, "finance.ledger", account) or keeps(user, account)


def may_see_books(user, account: Account) -> bool:
    """Entries before posting and original receipts: the account's keepers and the
    compound's bodies (the supervisory committee among them)."""
    return can(user, "finance.books", account) or keeps(user, account)


def books_seen_among(user, accounts: list[Account]) -> set[int]:
    """Which of one compound's `accounts` the user sees the books of (may_see_books for
    each), in one query at most: the compound's bodies see all, a keeper their own."""
    if not accounts or not getattr(user, "is_authenticated", False):
        return set()
    if can(user, "finance.books", accounts[0]):
        return {a.pk for a in accounts}
    kept = set(
        AccountKeeper.objects.current()
        .filter(account__in=accounts, holder=user)
        .values_list("account_id", flat=True)
    )
    if kept and not keeps(user, next(a for a in accounts if a.pk in kept)):
        return set()  # left every body of the compound
    return kept


def makers_of(entry: Entry) -> set[int]:
    """Whoever recorded, corrected or submitted the entry, in any round: none of them
    checks it."""
    acted = EntryEvent.objects.filter(entry=entry, action__in=MAKING).values_list(
        "actor_id", flat=True
    )
    return {pk for pk in (entry.created_by_id, entry.submitted_by_id, *acted) if pk}


def made_and_reviews(user, entry: Entry) -> bool:
    """A reviewer of the compound's books who recorded, corrected or submitted this entry:
    never its checker."""
    return can(user, "finance.review", entry.account) and user.pk in makers_of(entry)


def parties_of(user, entry: Entry) -> set[Party]:
    parties = set()
    account = entry.account
    if keeps(user, account):
        parties.add(Party.KEEPER)
    # 记账与审核分离: whoever made or submitted an entry never approves it.
    if can(user, "finance.review", account) and user.pk not in makers_of(entry):
        parties.add(Party.CHECKER)
    if may_read_ledger(user, account):
        parties.add(Party.READER)
    return parties


def access_account(user, account_id: int) -> Account:
    account = Account.objects.select_related(CHAIN).filter(pk=account_id).first()
    if account is None or not may_read_ledger(user, account):
        raise Http404
    return account


def access_books(user, account_id: int) -> Account:
    """The account as someone who records in it or checks it (403 for a mere reader)."""
    account = access_account(user, account_id)
    if not may_see_books(user, account):
        raise PermissionDenied(_("Only the compound's committees see its books before posting."))
    return account


def access_entry(user, entry_id: int) -> Entry:
    """A posted entry to its ledger's readers; one not yet posted only to the books'."""
    entry = (
        Entry.objects.select_related(f"account__{CHAIN}", "mandate", "campaign", "reverses")
        .filter(pk=entry_id)
        .first()
    )
    if entry is None or not may_read_ledger(user, entry.account):
        raise Http404
    if entry.state != Entry.State.POSTED and not (
        may_see_books(user, entry.account) or confirms_emergency(user, entry)
    ):
        raise Http404
    return entry


def confirms_emergency(user, entry: Entry) -> bool:
    """Community staff see an emergency use before it is posted: they confirm it."""
    return bool(entry.emergency) and can(user, "finance.emergency_confirm", entry.account)


def may_publish(user, account: Account) -> bool:
    """The party branch's secretary (or deputy) or the owners' committee chair publishes
    a disclosure (its content was approved by the supervisory committee)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return any(
        m.body.compound_id == account.compound_id
        and (
            (m.body.kind == Kind.PARTY_BRANCH and m.position in BRANCH_OFFICERS)
            or (m.body.kind in CHAIRED and m.position == Position.CHAIR)
        )
        for m in standing_of(user).memberships
    )


def access_disclosure(user, disclosure_id: int, rows=None) -> Disclosure:
    """A published disclosure to its account's ledger readers; a draft only to the books'
    (`rows`: the queryset to fetch from, when a page reads less of it)."""
    rows = Disclosure.objects if rows is None else rows
    found = (
        rows.select_related(f"account__{CHAIN}", "notice", "published_by")
        .filter(pk=disclosure_id)
        .first()
    )
    if found is None or not may_read_ledger(user, found.account):
        raise Http404
    if found.state != Disclosure.State.PUBLISHED and not may_see_books(user, found.account):
        raise Http404
    return found


def require_keeper(user, account: Account) -> None:
    if not keeps(user, account):
        raise PermissionDenied(_("Only the account's keeper records entries in it."))


def require_accounts(user, compound) -> None:
    require(user, "finance.accounts", compound)


# Campaigns (众筹/分摊) -------------------------------------------------------------------


def access_compound(user, compound_id: int) -> Compound:
    """A compound's finance pages to its own people (residents, committees, staff)."""
    compound = Compound.objects.select_related("community").filter(pk=compound_id).first()
    if compound is None or not can(user, "finance.ledger", compound):
        raise Http404
    return compound


def access_campaign(user, campaign_id: int) -> Campaign:
    """A campaign to the compound's people (residents, committees, staff); 404 otherwise."""
    campaign = Campaign.objects.select_related(CHAIN, "account").filter(pk=campaign_id).first()
    if campaign is None or not can(user, "finance.ledger", campaign.compound):
        raise Http404
    return campaign


def owned_units(user) -> set[int]:
    """The units the user owns (verified owner or co-owner), from their standing."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return {r.unit_id for r in standing_of(user).verified_residencies if r.is_owner}


def access_part(user, campaign: Campaign, unit_id: int) -> CampaignPart:
    """The part of a covered unit, to an owner of that unit only: for anyone else the home's
    answer does not exist (404)."""
    if unit_id not in owned_units(user):
        raise Http404
    part = campaign.parts.select_related("unit__building").filter(unit_id=unit_id).first()
    if part is None:
        raise Http404
    return part


def may_start_campaign(user, compound) -> bool:
    return can(user, "finance.campaign", compound)


def collects(user, campaign: Campaign) -> bool:
    """Named a collector of the campaign and still serving on one of the compound's bodies
    (a keeper or committee member who has left collects nothing any more)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if not campaign.collectors.filter(pk=user.pk).exists():
        return False
    return any(m.body.compound_id == campaign.compound_id for m in standing_of(user).memberships)


def require_collector(user, campaign: Campaign) -> None:
    if not collects(user, campaign):
        raise PermissionDenied(_("Only the campaign's collectors record payments."))


def may_see_households(user, campaign: Campaign) -> bool:
    """Who answered and who paid, home by home: the collectors and the compound's bodies;
    residents see the figures per building and entrance, and their own home."""
    return can(user, "finance.books", campaign.compound) or collects(user, campaign)


def owned_homes(user) -> list:
    """The homes the user owns (a verified owner or co-owner), as units: their fees are
    theirs to see (owned_units gives their ids)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return [r.unit for r in standing_of(user).verified_residencies if r.is_owner]


def access_fees(user, account_id: int) -> Account:
    """A property-fee account's charges, payments and arrears list (personal data): its
    keeper and the compound's committees; the compound's other people 403; anyone else —
    even when the account's ledger is public — 404: the list does not exist for them."""
    account = access_account(user, account_id)
    if account.kind != Account.Kind.PROPERTY_FEE:
        raise Http404
    if not (can(user, "finance.ledger", account) or keeps(user, account)):
        raise Http404
    if not may_see_books(user, account):
        raise PermissionDenied(_("Only the compound's committees see its books before posting."))
    return account


def access_fee_unit(user, account_id: int, unit_id: int) -> tuple[Account, Unit]:
    """One unit's fees: to those who see the books and to the unit's own owners; another
    home's fees do not exist for a resident (404)."""
    account = access_account(user, account_id)
    unit = (
        Unit.objects.select_related("building")
        .filter(pk=unit_id, building__compound_id=account.compound_id)
        .first()
    )
    if account.kind != Account.Kind.PROPERTY_FEE or unit is None:
        raise Http404
    if not may_see_books(user, account) and unit.pk not in owned_units(user):
        raise Http404
    return account, unit


def access_fee_line(user, line_id: int) -> UnmatchedLine:
    """A bank line no unit was found for: seen as the fees page is (it names a payer)."""
    line = UnmatchedLine.objects.filter(pk=line_id).first()
    if line is None:
        raise Http404
    line.account = access_fees(user, line.account_id)
    return line
