"""Writes of property fees: the schedule, raising a month's charges, payments recorded by
the keeper, and bank statements imported after a preview. Fee money reaches the books as
ONE income entry per batch (a day's payments at the counter, or one confirmed import) in
the property-fee account, reviewed by the supervisory committee like any other entry."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from compounds.models import Unit
from finance import banking
from finance import workflow as ledger
from finance.models import (
    Account,
    Category,
    Entry,
    FeeBatch,
    FeeCharge,
    FeePayment,
    FeeSchedule,
    UnmatchedLine,
)
from finance.permissions import require_keeper
from finance.services.entries import change_entry, record_entry
from portal.audit import audit

FEN = Decimal("0.01")
IMPORT_SALT = "finance.fees.import"
IMPORT_MAX_AGE = 3600  # seconds a preview stays good to confirm


def _lock(account: Account) -> None:
    """Raising, payments and imports of one account one at a time (its batch, its
    references, the count of charges it adds)."""
    list(Account.objects.select_for_update().filter(pk=account.pk).values("pk"))


def _require_fee_keeper(actor, account: Account) -> None:
    if account.kind != Account.Kind.PROPERTY_FEE:
        raise ValidationError(_("Fees are kept in a property-fee account."), code="kind")
    require_keeper(actor, account)


def fee_schedule_set(*, account: Account, actor, basis: str, rate: Decimal) -> FeeSchedule:
    """Set how a month's charge is reckoned; charges already raised keep their amounts."""
    _require_fee_keeper(actor, account)
    with transaction.atomic():
        old = FeeSchedule.objects.select_for_update().filter(account=account).first()
        before = {"basis": old.basis, "rate": str(old.rate)} if old else {}
        schedule, _created = FeeSchedule.objects.update_or_create(
            account=account,
            defaults={"basis": basis, "rate": rate, "set_by": actor, "set_at": timezone.now()},
        )
        new = {"basis": basis, "rate": str(rate)}
        audit(actor=actor, code="finance.fees.schedule", target=account, old=before, new=new)
    return schedule


def charge_for(schedule: FeeSchedule, unit: Unit) -> Decimal:
    """Rate × 专有部分面积, or the fixed sum, rounded half up to the fen (四舍五入)."""
    if schedule.basis == FeeSchedule.Basis.PER_AREA:
        return (unit.area * schedule.rate).quantize(FEN, ROUND_HALF_UP)
    return schedule.rate.quantize(FEN, ROUND_HALF_UP)


def fee_charges_raise(*, account: Account, actor, month: date) -> int:
    """Raise the month's charge of every unit of the compound; returns how many are new.
    Raising a month twice (or at once from two pages) adds nothing: the constraint on
    (unit, account, month) holds and the conflicting rows are skipped; the account's row
    is locked while raising, so each caller is told truly how many it added."""
    _require_fee_keeper(actor, account)
    month = month.replace(day=1)
    schedule = FeeSchedule.objects.filter(account=account).first()
    if schedule is None:
        raise ValidationError(_("Set the fee schedule first."), code="schedule")
    if month > timezone.localdate().replace(day=1) or month < account.opened_on.replace(day=1):
        raise ValidationError(
            _("Charges are raised for a month from the account's opening to this month."),
            code="month",
        )
    units = Unit.objects.filter(building__compound_id=account.compound_id)
    now = timezone.now()
    charges = []
    for unit in units:
        amount = charge_for(schedule, unit)
        if amount > 0:
            charges.append(
                FeeCharge(
                    account=account, unit=unit, period_start=month, amount=amount,
                    area=unit.area if schedule.basis == FeeSchedule.Basis.PER_AREA else None,
                    rate=schedule.rate, raised_by=actor, raised_at=now,
                )
            )  # fmt: skip
    with transaction.atomic():
        _lock(account)  # the count of what is new is then true for each of two at once
        raised = FeeCharge.objects.filter(account=account, period_start=month)
        before = raised.count()
        FeeCharge.objects.bulk_create(charges, ignore_conflicts=True)
        added = raised.count() - before
        if added:
            new = {"month": month.isoformat(), "charges": added}
            audit(actor=actor, code="finance.fees.raise", target=account, new=new)
    return added


def _income(account: Account, actor, amount: Decimal, description: str) -> Entry:
    fields = {
        "direction": Entry.Direction.INCOME,
        "occurred_on": timezone.localdate(),
        "amount": amount,
        "category": Category.PROPERTY_FEES,
        "counterparty": pgettext("counterparty", "Owners"),
        "description": description,
        "mandate": None,
    }
    return record_entry(account=account, actor=actor, fields=fields)


def _counter_text(count: int) -> str:
    return ngettext(
        "Property fees: %(n)s payment recorded by the keeper",
        "Property fees: %(n)s payments recorded by the keeper",
        count,
    ) % {"n": count}


def _todays_batch(account: Account, actor, amount: Decimal) -> FeeBatch:
    """The day's counter batch whose entry is still a draft, its amount and count moved by
    `amount` and one payment; or a new batch with a new draft entry. The caller holds the
    account's lock."""
    today = timezone.localdate()
    batch = (
        FeeBatch.objects.filter(
            account=account, source=FeeBatch.Source.COUNTER, day=today,
            entry__state=Entry.State.DRAFT,
        )
        .select_related("entry")
        .order_by("-pk")
        .first()
    )  # fmt: skip
    if batch is None:
        entry = _income(account, actor, amount, _counter_text(1))
        return FeeBatch.objects.create(
            account=account, source=FeeBatch.Source.COUNTER, day=today, entry=entry,
            created_by=actor,
        )  # fmt: skip
    total = batch.payments.aggregate(total=Sum("amount"))["total"] + amount
    fields = {
        "occurred_on": today,
        "amount": total,
        "description": _counter_text(batch.payments.count() + 1),
    }
    change_entry(entry=batch.entry, actor=actor, fields=fields, fees=True)
    return batch


def _check_unit(account: Account, unit: Unit) -> None:
    if unit.building.compound_id != account.compound_id:
        raise ValidationError(_("Choose a unit of this compound."), code="unit")


def fee_payment_record(
    *, account: Account, actor, unit: Unit, paid_on: date, amount: Decimal, method: str,
    receipt_no: str = "",
) -> FeePayment:  # fmt: skip
    """A payment taken by the keeper. The day's payments share one draft income entry
    (its amount and count kept up to date) until the keeper submits it for review; a
    payment after that starts the next one."""
    _require_fee_keeper(actor, account)
    _check_unit(account, unit)
    if paid_on > timezone.localdate():
        raise ValidationError(_("A payment is recorded once it is made."), code="paid_on")
    with transaction.atomic():
        _lock(account)
        batch = _todays_batch(account, actor, amount)
        return FeePayment.objects.create(
            account=account, unit=unit, batch=batch, paid_on=paid_on, amount=amount,
            method=method, receipt_no=(receipt_no or "").strip(), recorded_by=actor,
        )  # fmt: skip


def fee_line_assign(*, line: UnmatchedLine, actor, unit: Unit) -> FeePayment:
    """A bank line no unit was found for, once the keeper has found who paid: it becomes
    the unit's bank payment (keeping the line's date and reference), booked with the day's
    payments at the counter. A line is given to one unit, once."""
    account = line.account
    _require_fee_keeper(actor, account)
    _check_unit(account, unit)
    with transaction.atomic():
        _lock(account)
        locked = UnmatchedLine.objects.select_for_update().get(pk=line.pk)
        if locked.payment_id is not None:
            raise ValidationError(_("This line has already been given to a unit."), code="done")
        batch = _todays_batch(account, actor, locked.amount)
        payment = FeePayment.objects.create(
            account=account, unit=unit, batch=batch, paid_on=locked.paid_on,
            amount=locked.amount, method=FeePayment.Method.BANK, reference=locked.reference,
            payer=locked.payer, memo=locked.memo, recorded_by=actor,
        )  # fmt: skip
        locked.payment = payment
        locked.save(update_fields=["payment"])
        new = {"line": locked.pk, "unit": unit.pk, "amount": str(locked.amount)}
        audit(actor=actor, code="finance.fees.assign", target=account, new=new)
    return payment


@dataclass
class Preview:
    """A statement read and matched, nothing saved: what confirming would record."""

    token: str = ""
    filename: str = ""
    matched: list[tuple[banking.BankLine, Unit]] = field(default_factory=list)
    unmatched: list[banking.BankLine] = field(default_factory=list)
    already: list[banking.BankLine] = field(default_factory=list)

    @property
    def matched_total(self) -> Decimal:
        return sum((line.amount for line, _unit in self.matched), Decimal("0.00"))

    @property
    def codes(self) -> dict[int, str]:
        return {unit.pk: banking.unit_code(unit) for _line, unit in self.matched}


def _classify(account: Account, lines: list[banking.BankLine], filename: str) -> Preview:
    references = [line.reference for line in lines]
    known = set(
        FeePayment.objects.filter(account=account, reference__in=references).values_list(
            "reference", flat=True
        )
    ) | set(
        UnmatchedLine.objects.filter(account=account, reference__in=references).values_list(
            "reference", flat=True
        )
    )
    units = banking.units_by_code(account.compound_id)
    preview = Preview(filename=filename)
    for line in lines:
        if line.reference in known:
            preview.already.append(line)
            continue
        known.add(line.reference)  # a 流水号 twice in one file counts once
        unit = banking.match(line, units)
        if unit is None:
            preview.unmatched.append(line)
        else:
            preview.matched.append((line, unit))
    return preview


def fee_import_preview(*, account: Account, actor, data: bytes, filename: str) -> Preview:
    """Read and match a bank statement; a line that does not read refuses the whole file.
    The lines travel to the confirmation signed, so nothing is kept in between."""
    _require_fee_keeper(actor, account)
    lines = banking.read_statement(data, filename)
    preview = _classify(account, lines, filename[:200])
    plain = {"account": account.pk, "filename": filename[:200]}
    plain["lines"] = [line.as_plain() for line in lines]
    preview.token = signing.dumps(plain, salt=IMPORT_SALT, compress=True)
    return preview


def _bank_text(count: int, filename: str) -> str:
    return ngettext(
        "Property fees: %(n)s payment from the bank statement %(file)s",
        "Property fees: %(n)s payments from the bank statement %(file)s",
        count,
    ) % {"n": count, "file": filename}


def fee_import_confirm(*, account: Account, actor, token: str) -> FeeBatch:
    """Record what the preview showed, as it stands now: lines imported meanwhile (by
    another keeper, or an overlapping file) are skipped, so nothing is recorded twice.
    The matched payments become one income entry, submitted for review at once."""
    _require_fee_keeper(actor, account)
    try:
        plain = signing.loads(token, salt=IMPORT_SALT, max_age=IMPORT_MAX_AGE)
        lines = [banking.BankLine.from_plain(item) for item in plain["lines"]]
    except (signing.BadSignature, KeyError, TypeError, ValueError) as exc:
        raise ValidationError(
            _("This preview has expired. Upload the statement again."), code="token"
        ) from exc
    if plain.get("account") != account.pk:
        raise ValidationError(_("This preview has expired. Upload the statement again."))
    with transaction.atomic():
        _lock(account)
        preview = _classify(account, lines, plain["filename"])
        if not preview.matched and not preview.unmatched:
            raise ValidationError(
                _("Every line of this statement was imported before; nothing new was recorded."),
                code="nothing",
            )
        batch = FeeBatch.objects.create(
            account=account, source=FeeBatch.Source.BANK, day=timezone.localdate(),
            filename=preview.filename, created_by=actor,
        )  # fmt: skip
        FeePayment.objects.bulk_create(
            FeePayment(
                account=account, unit=unit, batch=batch, paid_on=line.paid_on,
                amount=line.amount, method=FeePayment.Method.BANK, reference=line.reference,
                payer=line.payer, memo=line.memo, recorded_by=actor,
            )
            for line, unit in preview.matched
        )  # fmt: skip
        UnmatchedLine.objects.bulk_create(
            UnmatchedLine(
                account=account, batch=batch, reference=line.reference, paid_on=line.paid_on,
                amount=line.amount, payer=line.payer, memo=line.memo,
            )
            for line in preview.unmatched
        )  # fmt: skip
        if preview.matched:
            text = _bank_text(len(preview.matched), preview.filename)
            batch.entry = _income(account, actor, preview.matched_total, text)
            batch.save(update_fields=["entry"])
            ledger.perform(batch.entry.pk, "submit", actor=actor)
            batch.entry.refresh_from_db()
        new = {"matched": len(preview.matched), "unmatched": len(preview.unmatched)}
        audit(actor=actor, code="finance.fees.import", target=account, new=new)
    return batch
