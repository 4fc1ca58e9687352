"""Writes of finance shared by views, commands and tasks: opening accounts, appointing
their keepers, recording entries with receipts, reversals, covering personal data on
receipts, closing months. Each enforces the rules the page used."""

from __future__ import annotations

import io
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw

from compounds.models import Compound, Membership
from compounds.permissions import can, require
from finance import books, statements
from finance.models import (
    Account,
    AccountKeeper,
    ClosedPeriod,
    Entry,
    EntryEvent,
    FinancePolicy,
    Receipt,
)
from finance.permissions import keeps, may_see_books, require_accounts, require_keeper
from finance.services import emergencies
from portal.audit import audit
from portal.images import pdf_image
from portal.uploads import clean_attachment

S = Entry.State
EDITABLE = (S.DRAFT, S.RETURNED)


def open_account(
    *, compound, actor, kind: str, name: str, opening_balance, opened_on=None, keeper=None,
    visibility: str = Account.Visibility.RESIDENTS,
):  # fmt: skip
    """Open an account of the compound (and appoint its keeper, when one is named)."""
    require_accounts(actor, compound)
    name = (name or "").strip()
    if Account.objects.filter(compound=compound, name=name).exists():
        raise ValidationError(_("The compound already has an account of this name."), code="name")
    try:
        with transaction.atomic():
            account = Account.objects.create(
                compound=compound,
                kind=kind,
                name=name,
                opening_balance=opening_balance,
                opened_on=opened_on or timezone.localdate(),
                cadence=Account.default_cadence(kind),
                visibility=visibility,
            )
            new = {"name": name, "kind": kind}
            audit(actor=actor, code="finance.account.open", target=account, new=new)
            if keeper is not None:
                appoint_keeper(account=account, actor=actor, holder=keeper)
    except IntegrityError as exc:  # opened under the same name a moment ago
        raise ValidationError(_("The compound already has an account of this name.")) from exc
    return account


def policy_set(*, compound, actor, approvals_required: int, mandate_threshold) -> FinancePolicy:
    """The supervisory committee sets how many of its members approve each entry (one or
    two) and above what sum an expense needs a resolution; recorded in the audit log."""
    require(actor, "finance.review", compound)
    if approvals_required not in (1, 2) or mandate_threshold is None or mandate_threshold < 0:
        raise ValidationError(_("Please check what you entered."), code="policy")
    with transaction.atomic():
        policy, _created = FinancePolicy.objects.select_for_update().get_or_create(
            compound=compound
        )
        old = {"approvals": policy.approvals_required, "threshold": str(policy.mandate_threshold)}
        policy.approvals_required, policy.mandate_threshold = approvals_required, mandate_threshold
        policy.save()
        new = {"approvals": approvals_required, "threshold": str(mandate_threshold)}
        audit(actor=actor, code="finance.policy.set", target=policy, old=old, new=new)
    return policy


def appoint_keeper(*, account: Account, actor, holder) -> AccountKeeper:
    """The treasurer of an account: a current member of one of the compound's bodies."""
    require_accounts(actor, account.compound)
    serves = Membership.objects.current().filter(user=holder, body__compound_id=account.compound_id)
    if not serves.exists():
        raise ValidationError(
            _("A keeper must be a member of one of the compound's committees or its branch."),
            code="keeper",
        )
    with transaction.atomic():
        keeper, _created = AccountKeeper.objects.get_or_create(
            account=account, holder=holder, end=None
        )
        audit(actor=actor, code="finance.keeper.appoint", target=account, new={"holder": holder.pk})
    return keeper


def clean_receipts(uploads) -> list[tuple[ContentFile, str, ContentFile | None]]:
    """Each upload checked (portal.uploads), and a PDF's pages drawn as a picture to be
    covered — all before anything is written."""
    if len(uploads) > settings.FINANCE_MAX_RECEIPTS:
        raise ValidationError(
            _("At most %(n)s receipts.") % {"n": settings.FINANCE_MAX_RECEIPTS}, code="receipts"
        )
    cleaned = []
    for upload in uploads:
        content, content_type = clean_attachment(upload)
        pages = None
        if content_type == "application/pdf":
            pages = pdf_image(content.read())
            content.seek(0)
        cleaned.append((content, content_type, pages))
    return cleaned


def _save_receipts(entry: Entry, cleaned, actor) -> None:
    for content, content_type, pages in cleaned:
        receipt = Receipt(entry=entry, content_type=content_type, uploaded_by=actor)
        receipt.file.save(content.name, content, save=False)
        if pages is not None:
            receipt.pages.save(pages.name, pages, save=False)
        receipt.save()


def record_entry(*, account: Account, actor, fields: dict, receipts=()) -> Entry:
    """A draft entry by the account's keeper; receipts are checked before anything is
    written, so a refused file leaves nothing behind."""
    require_keeper(actor, account)
    books.check_open_period(account.compound_id, fields["occurred_on"])
    books.check_emergency(account, fields)
    cleaned = clean_receipts(receipts)
    with transaction.atomic():
        entry = record_collected(account=account, actor=actor, fields=fields, cleaned=cleaned)
        if entry.emergency:
            emergencies.ask_for_signatures(entry)
    return entry


def record_collected(*, account: Account, actor, fields: dict, cleaned) -> Entry:
    """A draft entry with its receipts already cleaned (`clean_attachment`), in the
    caller's transaction: the keeper's entries, and the income of a campaign payment by
    its collector (services.campaigns checks that they collect)."""
    entry = Entry.objects.create(account=account, created_by=actor, **fields)
    _save_receipts(entry, cleaned, actor)
    EntryEvent.objects.create(entry=entry, actor=actor, action="create", to_state=S.DRAFT)
    return entry


def change_entry(*, entry: Entry, actor, fields: dict, receipts=(), fees=False) -> Entry:
    """Correct a draft or returned entry (a posted one is reversed, never changed). An
    entry whose amount follows something else (a reversal, property-fee payments, a
    campaign payment: books.follows_another) changes by hand only in its date and
    description; the fee services move a fee entry's amount (`fees=True`)."""
    require_keeper(actor, entry.account)
    if entry.state not in EDITABLE:
        raise ValidationError(_("Only a draft or a returned entry can be changed."), code="state")
    if not fees and books.follows_another(entry):
        fields = {
            "occurred_on": fields["occurred_on"],
            "description": fields.get("description", ""),
        }
    else:
        books.check_emergency(entry.account, fields)
    books.check_open_period(entry.account.compound_id, fields["occurred_on"])
    cleaned = clean_receipts(receipts)
    with transaction.atomic():
        locked = Entry.objects.select_for_update().get(pk=entry.pk)
        if locked.state not in EDITABLE:
            raise ValidationError(_("Only a draft or a returned entry can be changed."))
        for name, value in fields.items():
            setattr(locked, name, value)
        if "amount" in fields:  # signed for what it was: signed afresh
            emergencies.void_signatures(locked)
        locked.save()
        if locked.emergency:
            emergencies.ask_for_signatures(locked)
        _save_receipts(locked, cleaned, actor)
        EntryEvent.objects.create(
            entry=locked, actor=actor, action="change", from_state=locked.state,
            to_state=locked.state,
        )  # fmt: skip
    return locked


def reverse_entry(*, entry: Entry, actor, reason: str, on: date | None = None) -> Entry:
    """冲销: a draft opposite entry pointing at the posted one, reviewed like any other;
    dated today (in an open month), so the closed month it corrects stays as published."""
    require_keeper(actor, entry.account)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why the entry is reversed."), code="reason")
    if entry.state != S.POSTED or entry.reverses_id is not None:
        raise ValidationError(_("Only a posted entry can be reversed, once."), code="state")
    on = on or timezone.localdate()
    books.check_open_period(entry.account.compound_id, on)
    opposite = (
        Entry.Direction.INCOME
        if entry.direction == Entry.Direction.EXPENSE
        else Entry.Direction.EXPENSE
    )
    try:
        with transaction.atomic():
            reversal = Entry.objects.create(
                account=entry.account,
                direction=opposite,
                occurred_on=on,
                amount=entry.amount,
                category=entry.category,
                counterparty=entry.counterparty,
                description=_("Reverses #%(n)s: %(reason)s") % {"n": entry.pk, "reason": reason},
                created_by=actor,
                mandate=entry.mandate,
                campaign=entry.campaign,
                reverses=entry,
            )
            EntryEvent.objects.create(
                entry=reversal, actor=actor, action="create", to_state=S.DRAFT, note=reason
            )
    except IntegrityError as exc:  # reversed at the same moment by someone else
        raise ValidationError(_("Only a posted entry can be reversed, once.")) from exc
    return reversal


def redact_image(content: bytes, boxes: list[dict]) -> ContentFile:
    """Burn black boxes (fractions of the width and height: x, y, w, h in 0…1) into a
    copy of the image; the copy is all residents ever receive."""
    with Image.open(io.BytesIO(content)) as image:
        image = image.convert("RGB")
        width, height = image.size
        draw = ImageDraw.Draw(image)
        for box in boxes:
            left, top = box["x"] * width, box["y"] * height
            draw.rectangle(
                [left, top, left + box["w"] * width, top + box["h"] * height], fill="black"
            )
        out = io.BytesIO()
        image.save(out, "JPEG", quality=85)
    return ContentFile(out.getvalue(), name="redacted.jpg")


def clean_boxes(raw) -> list[dict]:
    """Boxes as the canvas tool sends them; anything malformed is refused whole."""
    if not isinstance(raw, list) or len(raw) > 50:
        raise ValidationError(_("The covered areas could not be read."), code="boxes")
    boxes = []
    for item in raw:
        try:
            box = {k: float(item[k]) for k in ("x", "y", "w", "h")}
        except (KeyError, TypeError, ValueError, OverflowError) as exc:
            raise ValidationError(_("The covered areas could not be read."), code="boxes") from exc
        if not all(0 <= v <= 1 for v in box.values()) or box["w"] <= 0 or box["h"] <= 0:
            raise ValidationError(_("The covered areas could not be read."), code="boxes")
        box["w"], box["h"] = min(box["w"], 1 - box["x"]), min(box["h"], 1 - box["y"])
        boxes.append(box)
    return boxes


def cover_receipt(*, receipt: Receipt, actor, boxes: list[dict]) -> Receipt:
    """The reviewer (or the keeper) covers phone, ID and bank-card numbers before the
    entry is posted; the redacted copy is made anew from the original each time."""
    entry = Entry.objects.select_related("account__compound__community").get(pk=receipt.entry_id)
    if not may_see_books(actor, entry.account) or not (
        keeps(actor, entry.account) or books_reviewer(actor, entry)
    ):
        raise PermissionDenied(_("Only the keeper or the supervisory committee covers receipts."))
    if entry.state == S.POSTED:
        raise ValidationError(_("The entry is posted; its receipts are final."), code="posted")
    if entry.state != S.DRAFT and entry.state != S.RETURNED and not books_reviewer(actor, entry):
        raise PermissionDenied(_("Under review, only the supervisory committee covers receipts."))
    source = receipt.pages if receipt.pages else receipt.file  # a PDF: its pages drawn
    if not (receipt.pages or receipt.content_type.startswith("image/")):
        raise ValidationError(_("Only photos can be covered here."), code="pdf")
    with source.open("rb") as original:
        redacted = redact_image(original.read(), boxes)
    with transaction.atomic():
        receipt.boxes = boxes
        receipt.redacted.save(redacted.name, redacted, save=False)
        receipt.save(update_fields=["boxes", "redacted"])
        audit(actor=actor, code="finance.receipt.cover", target=receipt, new={"boxes": len(boxes)})
    return receipt


def books_reviewer(user, entry: Entry) -> bool:
    return can(user, "finance.review", entry.account)


def close_month(*, compound, month: date, actor=None) -> ClosedPeriod:
    """Close a month of the compound's books: refused while an entry dated in it is still
    waiting for review (it would have nowhere to be posted)."""
    return close_month_once(compound=compound, month=month, actor=actor)[0]


def close_month_once(*, compound, month: date, actor=None) -> tuple[ClosedPeriod, bool]:
    """close_month, and whether this call closed it (False: it was closed already, perhaps
    a moment ago by a second beat running the same sweep)."""
    month = books.month_of(month)
    if month >= books.month_of(timezone.localdate()):
        raise ValidationError(_("Only a month that has ended can be closed."), code="month")
    with transaction.atomic():
        # The compound's row orders closing against submitting (workflow._submit locks it).
        list(Compound.objects.select_for_update().filter(pk=compound.pk).values("pk"))
        pending = Entry.objects.filter(
            account__compound=compound,
            state__in=(S.SUBMITTED, S.APPROVED),
            occurred_on__gte=month,
            occurred_on__lt=statements.next_month(month),
        )
        if pending.exists():
            raise ValidationError(
                _("Entries of %(month)s are still waiting for review.")
                % {"month": month.strftime("%Y-%m")},
                code="pending",
            )
        return ClosedPeriod.objects.get_or_create(
            compound=compound, month=month, defaults={"closed_by": actor}
        )
