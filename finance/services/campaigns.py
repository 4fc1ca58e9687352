"""Writes of campaigns (众筹/分摊): opening one with its parts frozen, a home's answer, a
collector's payment (which becomes an income entry of the campaign's project fund,
submitted for the supervisory committee's review). Each enforces the rule its page used."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from compounds.models import Building, Compound, Membership, Residency, Unit
from compounds.permissions import require
from finance import books, workflow
from finance.apportion import ApportionError, Weighted, apportion, to_fen
from finance.models import (
    UNIT_ORDER,
    Account,
    Campaign,
    CampaignAnswer,
    CampaignPart,
    CampaignPayment,
    Category,
    Entry,
)
from finance.permissions import owned_units, require_collector
from finance.services.entries import clean_receipts, open_account, record_collected
from portal.audit import audit
from portal.notifications.services import notify

Basis = Campaign.Basis


@dataclass(frozen=True)
class Coverage:
    """Which units a campaign covers: a building (or all), an entrance (or all) and the
    endings of door numbers ("02", "04"; none for every door)."""

    building: Building | None = None
    entrance: str = ""
    endings: tuple[str, ...] = ()

    def units(self, compound: Compound):
        rows = Unit.objects.filter(building__compound=compound)
        if self.building is not None:
            rows = rows.filter(building=self.building)
        if self.entrance:
            rows = rows.filter(entrance=self.entrance)
        if self.endings:
            ends = Q()
            for ending in self.endings:
                ends |= Q(door__endswith=ending)
            rows = rows.filter(ends)
        return rows.select_related("building").order_by(*UNIT_ORDER)

    def describe(self) -> str:
        parts = [self.building.name if self.building else _("every building")]
        if self.entrance:
            parts.append(self.entrance)
        if self.endings:
            parts.append(_("rooms ending %(endings)s") % {"endings": "、".join(self.endings)})
        return " ".join(parts)


def _weights(units: list[Unit], basis: str) -> list[Weighted]:
    if basis == Basis.AREA:
        return [Weighted(n, u.area) for n, u in enumerate(units)]
    if basis == Basis.RESIDENT:
        counts = dict(
            Residency.objects.current()
            .filter(unit__in=units, status=Residency.Status.VERIFIED)
            .values_list("unit_id")
            .annotate(n=Count("pk"))
        )
        return [Weighted(n, counts.get(u.pk, 0)) for n, u in enumerate(units)]
    return [Weighted(n, 1) for n, _u in enumerate(units)]


def freeze_parts(target: Decimal, units: list[Unit], basis: str) -> list[tuple[Unit, Decimal, int]]:
    """Each unit with its weight and its part in fen, by the largest-remainder rule."""
    if not units:
        raise ValidationError(
            _("No household matches: choose the building, entrance and rooms again."), code="units"
        )
    if not Decimal(0) < target <= Decimal(settings.FINANCE_MAX_AMOUNT):
        raise ValidationError(
            _("A campaign raises more than zero and at most ¥%(max)s.")
            % {"max": f"{settings.FINANCE_MAX_AMOUNT:,}"},
            code="target",
        )
    try:
        target_fen = to_fen(target)
    except ApportionError as exc:
        raise ValidationError(
            _("Amounts have at most two decimal places (fen)."), code="target"
        ) from exc
    if target_fen < len(units):
        raise ValidationError(
            _("¥%(target)s cannot be shared among %(n)s households: less than one fen each.")
            % {"target": f"{target:,.2f}", "n": len(units)},
            code="target",
        )
    weighted = _weights(units, basis)
    try:
        fen = apportion(target_fen, weighted)
    except ApportionError as exc:
        raise ValidationError(
            _("Nobody is registered in these homes: apportion per household or per m² instead."),
            code="weights",
        ) from exc
    return [(u, Decimal(w.weight), fen[w.order]) for u, w in zip(units, weighted, strict=True)]


def _project_fund(compound: Compound, account: Account | None, actor, title: str) -> Account:
    if account is not None:
        if account.compound_id != compound.pk or account.kind != Account.Kind.PROJECT_FUND:
            raise ValidationError(_("Choose one of the compound's project funds."), code="account")
        return account
    name = (_("Project fund: %(title)s") % {"title": title})[:56]
    taken = set(Account.objects.filter(compound=compound).values_list("name", flat=True))
    number = 2
    unique = name
    while unique in taken:  # a second campaign of the same title has its own fund
        unique, number = f"{name} ({number})", number + 1
    return open_account(
        compound=compound,
        actor=actor,
        kind=Account.Kind.PROJECT_FUND,
        name=unique,
        opening_balance=Decimal(0),
        keeper=actor,
    )


def campaign_open(
    *, compound: Compound, actor, fields: dict, coverage: Coverage, collectors, account=None
) -> Campaign:
    """Open a campaign: its parts apportioned and frozen, its collectors named (members of
    the compound's bodies). With no project fund chosen, one is opened, kept by the starter."""
    require(actor, "finance.campaign", compound)
    if fields["deadline"] < timezone.localdate():
        raise ValidationError(_("The deadline cannot be in the past."), code="deadline")
    serving = Membership.objects.current().filter(body__compound=compound)
    members = set(serving.values_list("user_id", flat=True))
    if not collectors or any(c.pk not in members for c in collectors):
        raise ValidationError(
            _("Collectors are members of the compound's committees or its party branch."),
            code="collectors",
        )
    units = list(coverage.units(compound))
    parts = freeze_parts(fields["target"], units, fields["basis"])
    with transaction.atomic():
        fund = _project_fund(compound, account, actor, fields["title"])
        campaign = Campaign.objects.create(
            compound=compound, account=fund, started_by=actor, scope=coverage.describe(), **fields
        )
        campaign.collectors.set(collectors)
        CampaignPart.objects.bulk_create(
            CampaignPart(
                campaign=campaign, unit=unit, position=n, weight=weight, amount=Decimal(fen) / 100
            )
            for n, (unit, weight, fen) in enumerate(parts)
        )
        audit(
            actor=actor,
            code="finance.campaign.open",
            target=campaign,
            new={"target": str(campaign.target), "units": len(parts), "basis": campaign.basis},
        )
        _ask_owners(campaign, [unit for unit, _weight, _fen in parts])
    return campaign


def _ask_owners(campaign: Campaign, units: list[Unit]) -> None:
    """Tell the owners of the covered homes that their answer is wanted (in the opening's
    transaction: no campaign, no notice)."""
    owners = Residency.objects.current().filter(
        unit__in=units,
        status=Residency.Status.VERIFIED,
        relation__in=Residency.OWNER_RELATIONS,
    )
    notify(
        recipients=owners.values_list("user_id", flat=True),
        event="finance.campaign",
        params={
            "compound": campaign.compound.name,
            "title": campaign.title,
            "deadline": f"{campaign.deadline:%Y-%m-%d}",
        },
        url=reverse("finance:campaign", args=[campaign.pk]),
        key=f"finance.campaign.{campaign.pk}.opened",
    )


def campaign_answer(*, part: CampaignPart, actor, answer: str, now=None) -> CampaignPart:
    """A home's answer, by one of its owners: one per unit (a co-owner's replaces the
    other's; each is kept as a row), changeable until the end of the deadline's day.
    Locks the campaign's row, so that a mandate check counts answers that stand still."""
    if part.unit_id not in owned_units(actor):
        raise PermissionDenied(_("Only an owner of this home answers for it."))
    if answer not in CampaignPart.Answer.values:
        raise ValidationError(_("Agree or decline."), code="answer")
    now = now or timezone.now()
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=part.campaign_id)
        if not campaign.answers_open(timezone.localdate(now)):
            raise ValidationError(_("The deadline has passed: answers are closed."), code="late")
        locked = CampaignPart.objects.select_for_update().get(pk=part.pk)
        locked.answer, locked.answered_by, locked.answered_at = answer, actor, now
        locked.save(update_fields=["answer", "answered_by", "answered_at"])
        CampaignAnswer.objects.create(part=locked, answer=answer, answered_by=actor, created_at=now)
    return locked


def campaign_pay(
    *,
    campaign: Campaign,
    actor,
    part: CampaignPart,
    amount: Decimal,
    method: str,
    paid_on: date,
    receipt,
) -> CampaignPayment:
    """A payment a collector received: at most what is left of the home's part (a gift
    beyond it is not a part of the campaign); its receipt through the portal's one upload
    path, checked before anything is written; an income entry of the campaign's project
    fund (counterparty the owners: the flat is on the payment, for the collectors and the
    committees), submitted at once for the supervisory committee."""
    require_collector(actor, campaign)
    if part.campaign_id != campaign.pk:
        raise ValidationError(_("Choose one of the campaign's households."), code="part")
    if paid_on > timezone.localdate():
        raise ValidationError(_("The date cannot be later than today."), code="paid_on")
    books.check_open_period(campaign.compound_id, paid_on)
    if paid_on < campaign.account.opened_on:
        raise ValidationError(_("The date is before the account was opened."), code="paid_on")
    if receipt is None:
        raise ValidationError(_("Attach the receipt of this payment."), code="receipt")
    cleaned = clean_receipts([receipt])  # a PDF drawn to be covered, like any receipt
    with transaction.atomic():
        locked = (
            CampaignPart.objects.select_for_update()
            .select_related("unit__building")
            .get(pk=part.pk)
        )
        if amount > locked.left:
            raise ValidationError(
                _("This home's part has ¥%(left)s left to pay.") % {"left": f"{locked.left:,.2f}"},
                code="amount",
            )
        fields = {
            "direction": Entry.Direction.INCOME,
            "occurred_on": paid_on,
            "amount": amount,
            "category": Category.CONTRIBUTIONS,
            # Which home paid is the collectors' and the committees' to see: the ledger
            # and the published statement name the owners, not the flat.
            "counterparty": pgettext("counterparty", "Owners"),
            "description": _("Campaign #%(n)s %(title)s (%(method)s)")
            % {
                "n": campaign.pk,
                "title": campaign.title,
                "method": CampaignPayment.Method(method).label,
            },
        }
        entry = record_collected(
            account=campaign.account, actor=actor, fields=fields, cleaned=cleaned
        )
        payment = CampaignPayment.objects.create(
            part=locked,
            amount=amount,
            method=method,
            paid_on=paid_on,
            entry=entry,
            recorded_by=actor,
        )
        locked.paid += amount
        locked.save(update_fields=["paid"])
        workflow.submit_payment(entry.pk, actor=actor)
    return payment
