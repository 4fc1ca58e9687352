"""Disclosures (财务公示): months closed and periods drafted by beat, approved by the
supervisory committee, published — frozen as a snapshot with its SHA-256, put on the
notice board for FINANCE_BOARD_DAYS days (a day period, 民法典 第二百零一条、第二百零三条)
and kept in the archive for ever."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from compounds.announcements.services import announcement_publish
from compounds.models import Compound
from compounds.permissions import can
from finance import books, statements
from finance.books import month_of, publishers_of, reviewers_of_compound
from finance.models import Account, ClosedPeriod, Disclosure, Entry
from finance.permissions import keeps, may_publish
from finance.services.entries import close_month_once
from portal.audit import audit
from portal.calendar import period_end
from portal.notifications.services import notify
from portal.text import without_controls

D = Disclosure.State


def close_ended_months(today: date | None = None) -> int:
    """Close every compound's month that ended more than FINANCE_CLOSE_AFTER_DAYS days ago
    (the keeper's time to record late receipts), unless an entry of it still waits for
    review: that month closes on a later run. Safe to run twice."""
    today = today or timezone.localdate()
    cutoff = month_of(today - timedelta(days=settings.FINANCE_CLOSE_AFTER_DAYS))
    closed = 0
    for compound_id, opened in Account.objects.values_list("compound_id", "opened_on").order_by(
        "opened_on"
    ):
        month = month_of(opened)
        while month < cutoff:
            if not ClosedPeriod.objects.filter(compound_id=compound_id, month=month).exists():
                try:
                    _period, created = close_month_once(
                        compound=Compound(pk=compound_id), month=month
                    )
                    closed += created  # not a month another run closed a moment ago
                except ValidationError:
                    pass  # entries still under review: next time
            month = statements.next_month(month)
    return closed


def draft_due(today: date | None = None) -> int:
    """Draft the disclosure of every period that has ended and whose months are all
    closed. Idempotent: a period is drafted once (a unique constraint, so two beats at
    once draft one too)."""
    today = today or timezone.localdate()
    drafted = 0
    for account in Account.objects.select_related("compound"):
        done = set(
            account.disclosures.filter(corrects__isnull=True).values_list("period_start", flat=True)
        )
        for start, end in statements.ended_periods(account, today):
            if start in done or not statements.months_closed(account, start, end):
                continue
            try:
                with transaction.atomic():
                    disclosure = Disclosure.objects.create(
                        account=account, period_start=start, period_end=end
                    )
                    _tell(disclosure, "drafted")
                drafted += 1
            except IntegrityError:
                pass  # drafted a moment ago by another run
    return drafted


def disclosure_correct(*, disclosure: Disclosure, actor, reason: str) -> Disclosure:
    """更正: a published statement never changes; a correction is a new draft of the same
    period that cites it and says what it corrects, approved and published like any other.
    Started by the keeper or by those who publish."""
    account = disclosure.account
    if not (keeps(actor, account) or may_publish(actor, account)):
        raise PermissionDenied(_("Only the keeper or those who publish start a correction."))
    reason = " ".join(without_controls(reason).split())
    if not reason:
        raise ValidationError(_("Say what the correction corrects."), code="reason")
    if len(reason) > 500:
        raise ValidationError(_("Say it in at most 500 characters."), code="reason")
    with transaction.atomic():
        locked = Disclosure.objects.select_for_update().get(pk=disclosure.pk)
        if locked.state != D.PUBLISHED:
            raise ValidationError(_("Only a published statement is corrected."), code="state")
        if locked.corrections.exists():
            raise ValidationError(
                _("This statement already has a correction: correct the latest one."),
                code="twice",
            )
        correction = Disclosure.objects.create(
            account=account,
            period_start=locked.period_start,
            period_end=locked.period_end,
            corrects=locked,
            reason=reason,
        )
        audit(actor=actor, code="finance.disclosure.correct", target=correction,
              new={"corrects": locked.pk})  # fmt: skip
        _tell(correction, "drafted")
    return correction


def disclosure_approve(*, disclosure: Disclosure, actor) -> Disclosure:
    """The supervisory committee checks the draft against the books (审核后公示)."""
    if not can(actor, "finance.review", disclosure.account):
        raise PermissionDenied(_("Only the supervisory committee approves a disclosure."))
    with transaction.atomic():
        locked = Disclosure.objects.select_for_update().get(pk=disclosure.pk)
        if locked.state != D.DRAFT:
            raise ValidationError(_("This disclosure is not waiting for approval."), code="state")
        locked.state, locked.approved_by, locked.approved_at = D.APPROVED, actor, timezone.now()
        locked.save()
        audit(actor=actor, code="finance.disclosure.approve", target=locked)
        _tell(locked, "approved")
    return locked


def disclosure_publish(*, disclosure: Disclosure, actor) -> Disclosure:
    """Publish: freeze the figures and lines as they stand, with their digest; put a
    notice on the compound's board (residents are told, it shows on home) for the set
    days. Entries posted later never change it: a correction is a new disclosure."""
    account = disclosure.account
    if not may_publish(actor, account):
        raise PermissionDenied(
            _("Only the party branch's secretary or the owners' committee chair publishes.")
        )
    with transaction.atomic():
        locked = Disclosure.objects.select_for_update().get(pk=disclosure.pk)
        if locked.state != D.APPROVED:
            raise ValidationError(
                _("A disclosure is published once the supervisory committee has approved it."),
                code="state",
            )
        if Entry.objects.filter(
            account=account,
            state__in=(Entry.State.SUBMITTED, Entry.State.APPROVED),
            occurred_on__gte=locked.period_start,
            occurred_on__lte=locked.period_end,
        ).exists():  # cannot happen while the months stay closed; said plainly if it does
            raise ValidationError(_("Entries of this period still wait for review."))
        snapshot = statements.figures(account, locked.period_start, locked.period_end)
        if locked.corrects_id:  # what it corrects is part of what is frozen and hashed
            snapshot |= {"corrects": locked.corrects_id, "reason": locked.reason}
        now = timezone.now()
        url = reverse("finance:disclosure", args=[locked.pk])
        locked.notice = announcement_publish(
            publisher=actor,
            title=Truncator(
                _("Financial disclosure: %(account)s, %(period)s")
                % {"account": account.name, "period": locked.period_label}
            ).chars(100),
            body=_(
                "The statement of %(account)s for %(period)s, reviewed by the supervisory "
                "committee: income ¥%(income)s, expenses ¥%(expense)s, closing balance "
                "¥%(closing)s. Every line and its receipts are on its page."
            )
            % {
                "account": account.name,
                "period": locked.period_label,
                "income": snapshot["income"],
                "expense": snapshot["expense"],
                "closing": snapshot["closing"],
            },
            compound=account.compound,
            link=url,
            expires_at=period_end(now, settings.FINANCE_BOARD_DAYS),
        )
        locked.snapshot, locked.digest = snapshot, statements.digest_of(snapshot)
        locked.state, locked.published_by, locked.published_at = D.PUBLISHED, actor, now
        locked.save()
        audit(actor=actor, code="finance.disclosure.publish", target=locked,
              new={"digest": locked.digest})  # fmt: skip
    return locked


def flag_late(now=None) -> int:
    """Disclosures not published when due (statements.due_by): flagged once, and the
    community's staff told (the dashboards count them)."""
    now = now or timezone.now()
    flagged = 0
    # A correction is not late: the period's own statement was published.
    waiting = Disclosure.objects.filter(late_flagged_at__isnull=True, corrects__isnull=True)
    waiting = waiting.exclude(state=D.PUBLISHED)
    for disclosure in waiting.select_related("account__compound"):
        if now <= statements.due_by(disclosure.period_end):
            continue
        with transaction.atomic():
            if (
                Disclosure.objects.filter(pk=disclosure.pk, late_flagged_at__isnull=True)
                .exclude(state=D.PUBLISHED)
                .update(late_flagged_at=now)
            ):
                _tell(disclosure, "late")
                flagged += 1
    return flagged + _flag_never_drafted(now)


def _flag_never_drafted(now) -> int:
    """A period past its due date with no statement at all (its months never closed: an
    entry stuck under review) is late too: community staff are told once per period (the
    notification's key), and the calendar shows it late."""
    today = timezone.localdate(now)
    told = 0
    for account in Account.objects.select_related("compound"):
        drafted = set(account.disclosures.values_list("period_start", flat=True))
        for start, end in statements.ended_periods(account, today):
            if start in drafted or now <= statements.due_by(end):
                continue
            period = Disclosure(account=account, period_start=start, period_end=end)
            told += _tell(period, "never_drafted", key=f"finance.period.{account.pk}.{start}.late")
    return told


def _tell(disclosure: Disclosure, what: str, key: str = "") -> int:
    """Drafted: the supervisory committee; approved: those who publish; late (or never
    drafted): the community's staff. 1 when someone was told."""
    account = disclosure.account
    if what == "drafted":
        recipients = reviewers_of_compound(account.compound_id)
    elif what in ("late", "never_drafted"):
        recipients = books.community_staff_of(account.compound)
    else:
        recipients = publishers_of(account.compound_id)
    url = (
        reverse("finance:disclosure", args=[disclosure.pk])
        if disclosure.pk and what not in ("late", "never_drafted")
        # community staff do not open drafts: the calendar shows them what is late
        else reverse("finance:calendar", args=[account.compound_id])
    )
    told = notify(
        recipients=recipients,
        event="finance.disclosure",
        params={
            "account": f"{account.compound.name} {account.name}",
            "period": disclosure.period_label,
            "what": what,
        },
        url=url,
        key=key or f"finance.disclosure.{disclosure.pk}.{what}",
    )
    return 1 if told else 0
