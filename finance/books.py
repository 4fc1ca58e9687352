"""The rules of money an entry must keep, wherever it is made: its period open, its
receipts, its mandate; and the figures read from posted entries (balances, what a
resolution has spent)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from compounds.models import Body, Membership, RoleAssignment
from deliberation.models import Proposal
from finance import emergencies
from finance.models import Account, Campaign, CampaignPart, ClosedPeriod, Entry, FinancePolicy
from finance.permissions import makers_of

S = Entry.State
Kind, Position = Body.Kind, Membership.Position
PUBLISHING = Q(
    body__kind=Kind.PARTY_BRANCH,
    position__in=(Position.SECRETARY, Position.DEPUTY_SECRETARY),
) | Q(
    body__kind__in=(Kind.OWNERS_COMMITTEE, Kind.SELF_MANAGEMENT_COMMITTEE),
    position=Position.CHAIR,
)
# Entries that hold their amount against a resolution's budget: from submission on, so
# that two expenses under review at once cannot both spend the same remainder.
COMMITTED = (S.SUBMITTED, S.APPROVED, S.POSTED)
# Which account a resolution's funding source may draw on.
FUNDING_ACCOUNTS = {
    Proposal.Funding.MAINTENANCE_FUND: {Account.Kind.MAINTENANCE_FUND},
    Proposal.Funding.COMMON_INCOME: {Account.Kind.COMMON_INCOME},
    Proposal.Funding.CAMPAIGN: {Account.Kind.PROJECT_FUND},
}


def month_of(day: date) -> date:
    return day.replace(day=1)


def period_closed(compound_id: int, day: date) -> bool:
    return ClosedPeriod.objects.filter(compound_id=compound_id, month=month_of(day)).exists()


def check_open_period(compound_id: int, day: date) -> None:
    if period_closed(compound_id, day):
        raise ValidationError(
            _("The books of %(month)s are closed: date the entry in an open month.")
            % {"month": day.strftime("%Y-%m")},
            code="closed_period",
        )


def check_receipts(entry: Entry) -> None:
    """An expense shows its receipt (a reversal shows the entry it reverses)."""
    if (
        entry.direction == Entry.Direction.EXPENSE
        and entry.reverses_id is None
        and not entry.receipts.exists()
    ):
        raise ValidationError(_("Attach the receipt of this expense."), code="receipt")


def needs_mandate(entry: Entry) -> bool:
    """An expense from the maintenance fund always needs a resolution (民法典 第二百七十八条
    第一款第五项: using it is decided by the owners); from any other account, one above
    the compound's threshold (“above”: the threshold itself does not need one)."""
    if entry.direction != Entry.Direction.EXPENSE or entry.reverses_id is not None:
        return False
    if entry.account.kind == Account.Kind.MAINTENANCE_FUND:
        return True
    return entry.amount > FinancePolicy.of(entry.account.compound_id).mandate_threshold


def spent_on(
    proposal_id: int | None = None,
    *,
    campaign_id: int | None = None,
    excluding: int | None = None,
    states=COMMITTED,
) -> Decimal:
    """What expenses citing the resolution (or the campaign) hold against its budget (from
    submission on; `states=(POSTED,)` for what is spent), net of reversals."""
    cited = {"mandate_id": proposal_id} if campaign_id is None else {"campaign_id": campaign_id}
    rows = Entry.objects.filter(state__in=states, **cited)
    if excluding:
        rows = rows.exclude(pk=excluding)
    sums = rows.aggregate(
        out=Sum("amount", filter=Q(direction=Entry.Direction.EXPENSE)),
        # A reversal gives back what its entry held only once posted: one under review
        # could be returned, and the budget it freed would already be spent.
        back=Sum("amount", filter=Q(direction=Entry.Direction.INCOME, state=S.POSTED)),
    )
    return (sums["out"] or Decimal(0)) - (sums["back"] or Decimal(0))


def check_mandate(entry: Entry) -> None:
    """The resolution an expense cites: decided and passed, of this compound, funding this
    kind of account, with budget left for it, counted under a lock of its row."""
    if entry.campaign_id is not None:
        return check_campaign(entry)
    if entry.mandate_id is None:
        if needs_mandate(entry) and not emergencies.ready(entry):
            raise ValidationError(_mandate_needed(entry), code="mandate")
        return
    proposal = Proposal.objects.select_for_update().get(pk=entry.mandate_id)
    if entry.reverses_id is not None:
        return  # a reversal gives back what its entry held
    if proposal.compound_id != entry.account.compound_id or (
        proposal.decision != Proposal.Decision.APPROVED
    ):
        raise ValidationError(
            _("Resolution #%(n)s is not a passed resolution of this compound.")
            % {"n": proposal.pk},
            code="mandate",
        )
    kinds = FUNDING_ACCOUNTS.get(proposal.funding_source)
    if kinds is not None and entry.account.kind not in kinds:
        raise ValidationError(
            _("Resolution #%(n)s is funded from %(source)s, not from this account.")
            % {"n": proposal.pk, "source": proposal.get_funding_source_display()},
            code="mandate",
        )
    if entry.account.kind == Account.Kind.MAINTENANCE_FUND and kinds is None:
        raise ValidationError(
            _("Resolution #%(n)s did not decide to use the maintenance fund.") % {"n": proposal.pk},
            code="mandate",
        )
    budget = proposal.budget_estimate
    if budget is None:
        raise ValidationError(
            _("Resolution #%(n)s approved no budget.") % {"n": proposal.pk}, code="mandate"
        )
    left = budget - spent_on(proposal.pk, excluding=entry.pk)
    if entry.amount > left:
        raise ValidationError(
            _("This expense exceeds what resolution #%(n)s has left: ¥%(left)s of ¥%(budget)s.")
            % {"n": proposal.pk, "left": f"{max(left, 0):,.2f}", "budget": f"{budget:,.2f}"},
            code="budget",
        )


def follows_another(entry: Entry) -> bool:
    """An entry whose amount follows something else — the entry it reverses, the property
    fees it carries, a household's campaign payment — is corrected only in its date and
    description (a returned one, or one whose month closed before it was submitted, is
    re-dated into an open month)."""
    if entry.pk is None:
        return False
    return (
        entry.reverses_id is not None
        or Entry.objects.filter(pk=entry.pk)
        .filter(Q(fee_batch__isnull=False) | Q(campaign_payment__isnull=False))
        .exists()
    )


def check_emergency(account: Account, fields: dict) -> None:
    """应急使用 is a maintenance-fund expense of a listed emergency that cites no
    resolution yet (the owners ratify it afterwards)."""
    code = fields.get("emergency") or ""
    if not code:
        return
    if code not in dict(emergencies.choices()):
        raise ValidationError(_("Choose one of the listed emergencies."), code="emergency")
    if account.kind != Account.Kind.MAINTENANCE_FUND or fields.get("direction") != "expense":
        raise ValidationError(
            _("Only an expense from the maintenance fund is an emergency use."), code="emergency"
        )
    if fields.get("mandate") is not None:
        raise ValidationError(
            _("An expense that cites a resolution is not an emergency use: choose one."),
            code="emergency",
        )


def collected(campaign_id: int) -> Decimal:
    """What a campaign's payments have brought into its fund: their posted income
    entries, net of posted reversals of them."""
    sums = Entry.objects.filter(
        Q(campaign_payment__part__campaign_id=campaign_id)
        | Q(reverses__campaign_payment__part__campaign_id=campaign_id),
        state=S.POSTED,
    ).aggregate(
        income=Sum("amount", filter=Q(direction=Entry.Direction.INCOME)),
        expense=Sum("amount", filter=Q(direction=Entry.Direction.EXPENSE)),
    )
    return (sums["income"] or Decimal(0)) - (sums["expense"] or Decimal(0))


def agreement(campaign_id: int) -> tuple[int, int]:
    """(households agreeing, households covered) of a campaign, in one query."""
    counts = CampaignPart.objects.filter(campaign_id=campaign_id).aggregate(
        covered=Count("pk"), agreed=Count("pk", filter=Q(answer=CampaignPart.Answer.AGREE))
    )
    return counts["agreed"], counts["covered"]


def check_campaign(entry: Entry) -> None:
    """A campaign cited as the mandate of an expense: of its own project fund, its
    threshold reached by the answers as they stand, and what its payments brought in
    (posted) not exceeded — cumulatively over every expense citing it, counted under a
    lock of the campaign's row (answers lock it too: no answer changes the count midway)."""
    campaign = Campaign.objects.select_for_update().get(pk=entry.campaign_id)
    if entry.reverses_id is not None:
        return  # a reversal gives back what its entry held
    if campaign.account_id != entry.account_id:
        raise ValidationError(
            _("Campaign #%(n)s raises money for another account.") % {"n": campaign.pk},
            code="mandate",
        )
    agreed, covered = agreement(campaign.pk)
    if not campaign.reached(agreed, covered):
        raise ValidationError(
            _("Campaign #%(n)s has not reached its threshold: %(agreed)s of %(covered)s "
              "households agree.")
            % {"n": campaign.pk, "agreed": agreed, "covered": covered},
            code="mandate",
        )  # fmt: skip
    budget = collected(campaign.pk)
    left = budget - spent_on(campaign_id=campaign.pk, excluding=entry.pk)
    if entry.amount > left:
        raise ValidationError(
            _("This expense exceeds what campaign #%(n)s has left: ¥%(left)s of ¥%(budget)s "
              "collected.")
            % {"n": campaign.pk, "left": f"{max(left, 0):,.2f}", "budget": f"{budget:,.2f}"},
            code="budget",
        )  # fmt: skip


def _mandate_needed(entry: Entry) -> str:
    if entry.emergency:
        return _(
            "An emergency use is submitted once the owners' committee has approved it and "
            "community staff have confirmed it."
        )
    if entry.account.kind == Account.Kind.MAINTENANCE_FUND:
        return _("Spending the maintenance fund needs a passed resolution: cite it.")
    threshold = FinancePolicy.of(entry.account.compound_id).mandate_threshold
    return _("An expense above ¥%(threshold)s needs a passed resolution: cite it.") % {
        "threshold": f"{threshold:,.2f}"
    }


def balance_and_lines(account: Account) -> tuple[Decimal, int]:
    """One account's balance and how many posted lines it has, in one pass (its ledger's
    page reads both)."""
    sums = Entry.objects.filter(account=account, state=S.POSTED).aggregate(
        lines=Count("pk"),
        income=Sum("amount", filter=Q(direction=Entry.Direction.INCOME)),
        expense=Sum("amount", filter=Q(direction=Entry.Direction.EXPENSE)),
    )
    moved = (sums["income"] or Decimal(0)) - (sums["expense"] or Decimal(0))
    return account.opening_balance + moved, sums["lines"]


def balances(accounts) -> dict[int, Decimal]:
    """Opening balance + posted income − posted expense, per account, in one query."""
    ids = [a.pk for a in accounts]
    sums = (
        Entry.objects.filter(account_id__in=ids, state=S.POSTED)
        .values("account_id")
        .annotate(
            income=Sum("amount", filter=Q(direction=Entry.Direction.INCOME)),
            expense=Sum("amount", filter=Q(direction=Entry.Direction.EXPENSE)),
        )
    )
    moved = {
        row["account_id"]: (row["income"] or Decimal(0)) - (row["expense"] or Decimal(0))
        for row in sums
    }
    return {a.pk: a.opening_balance + moved.get(a.pk, Decimal(0)) for a in accounts}


def reviewers_of_compound(compound_id: int) -> list[int]:
    """The compound's current supervisory members."""
    members = Membership.objects.current().filter(
        body__compound_id=compound_id, body__kind=Body.Kind.SUPERVISORY_COMMITTEE
    )
    return list(members.values_list("user_id", flat=True))


def reviewers_of(entry: Entry) -> list[int]:
    """The compound's current supervisory members who did not make the entry."""
    makers = makers_of(entry)
    return [pk for pk in reviewers_of_compound(entry.account.compound_id) if pk not in makers]


def publishers_of(compound_id: int) -> list[int]:
    """Who publishes a disclosure: the party branch's secretaries and the owners' (or
    self-management) committee's chair, current members of the compound's bodies."""
    members = Membership.objects.current().filter(body__compound_id=compound_id).filter(PUBLISHING)
    return list(members.values_list("user_id", flat=True))


def community_staff_of(compound) -> list[int]:
    """The current staff of the compound's community (told of what is late or waits for
    them: unanswered questions, late disclosures, emergency uses to confirm)."""
    staff = RoleAssignment.objects.current().filter(
        role=RoleAssignment.Role.COMMUNITY_STAFF, community_id=compound.community_id
    )
    return list(staff.values_list("user_id", flat=True))


def owners_committee_of(compound_id: int) -> list[int]:
    members = Membership.objects.current().filter(
        body__compound_id=compound_id,
        body__kind__in=(Kind.OWNERS_COMMITTEE, Kind.SELF_MANAGEMENT_COMMITTEE),
    )
    return list(members.values_list("user_id", flat=True))


def makers(entry: Entry) -> list[int]:
    return sorted(makers_of(entry))
