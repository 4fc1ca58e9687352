"""Questions on a published disclosure (异议期, issue 14 item 6): owners of the compound ask
within the objection window; the account's keeper answers publicly; a question still
unanswered when the window ends is flagged to the community's staff (beat)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from compounds.permissions import can
from finance import books
from finance.models import Disclosure, Question
from finance.permissions import keeps
from portal.calendar import last_day
from portal.notifications.services import notify
from portal.text import written


def question_ask(*, disclosure: Disclosure, asker, text: str) -> Question:
    if not can(asker, "petition.sign", disclosure.account):  # the compound's owners
        raise PermissionDenied(_("Owners of the compound ask questions on its disclosures."))
    if disclosure.state != Disclosure.State.PUBLISHED:
        raise ValidationError(_("Questions are asked on a published disclosure."), code="state")
    if timezone.now() >= disclosure.objection_until:
        raise ValidationError(
            _("The time for questions on this disclosure ended on %(day)s.")
            % {"day": last_day(disclosure.objection_until).isoformat()},
            code="closed",
        )
    text = written(text, limit=1000, blank=_("Write your question."))
    with transaction.atomic():
        question = Question.objects.create(disclosure=disclosure, asked_by=asker, text=text)
        keepers = disclosure.account.keepers.current().values_list("holder_id", flat=True)
        _tell(question, "asked", list(keepers))
    return question


def question_answer(*, question: Question, by, answer: str) -> Question:
    if not keeps(by, question.disclosure.account):
        raise PermissionDenied(_("The account's keeper answers questions on its disclosures."))
    answer = written(answer, limit=2000, code="answer", blank=_("Write the answer."))
    with transaction.atomic():
        locked = Question.objects.select_for_update().get(pk=question.pk)
        if locked.answered_at is not None:
            raise ValidationError(_("This question has already been answered."), code="answered")
        locked.answer, locked.answered_by, locked.answered_at = answer, by, timezone.now()
        locked.save()
        _tell(locked, "answered", [locked.asked_by_id])
    return locked


def flag_unanswered(now=None) -> int:
    """Questions whose window has ended unanswered: flagged once, community staff told."""
    now = now or timezone.now()
    flagged = 0
    waiting = Question.objects.filter(answered_at__isnull=True, flagged_at__isnull=True)
    for question in waiting.select_related("disclosure__account__compound"):
        if now < question.disclosure.objection_until:
            continue
        with transaction.atomic():
            if not Question.objects.filter(pk=question.pk, flagged_at__isnull=True).update(
                flagged_at=now
            ):
                continue  # flagged by another run a moment ago
            staff = books.community_staff_of(question.disclosure.account.compound)
            _tell(question, "unanswered", staff)
        flagged += 1
    return flagged


def _tell(question: Question, what: str, recipients: list[int]) -> None:
    disclosure = question.disclosure
    notify(
        recipients=recipients,
        event="finance.question",
        params={
            "account": disclosure.account.name,
            "period": disclosure.period_label,
            "compound": disclosure.account.compound.name,
            "what": what,
        },
        url=reverse("finance:disclosure", args=[disclosure.pk]) + "#questions",
        key=f"finance.question.{question.pk}.{what}",
    )
