"""Suggestions (意见建议): submitted by residents, answered by the owners' committee within
the set days — reminded two days before, and community staff told once it is late."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from compounds.audiences import CommunityStaff
from compounds.models import Compound
from compounds.permissions import require
from deliberation import permissions, queries
from deliberation.models import Proposal, Suggestion
from deliberation.services.proposals import proposal_raise
from portal.calendar import period_end
from portal.notifications.services import notify
from portal.text import written


def suggestion_submit(*, by, compound: Compound, text: str, private: bool = False) -> Suggestion:
    require(by, "proposal.comment", compound)
    text = written(text, limit=2000, blank=_("Write your suggestion."))
    now = timezone.now()
    with transaction.atomic():
        suggestion = Suggestion.objects.create(
            compound=compound,
            author=by,
            text=text,
            private=private,
            # 7 days, counted by 民法典 第二百零一条、第二百零三条 (portal/calendar.py).
            answer_due=period_end(now, settings.DELIBERATION_SUGGESTION_DAYS),
            created_at=now,
        )
        notify(
            recipients=queries.committee_members(compound.pk),
            event="suggestion.new",
            params={"text": text[:30]},
            url=reverse("deliberation:suggestion", args=[suggestion.pk]),
        )
    return suggestion


def suggestion_answer(*, suggestion: Suggestion, by, answer: str) -> Suggestion:
    permissions.check_answer_suggestion(by, suggestion)
    answer = written(answer, limit=2000, code="answer", blank=_("Write the answer."))
    with transaction.atomic():
        locked = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
        if locked.answered_at:
            raise ValidationError(_("It is already answered."), code="answered")
        locked.answer, locked.answered_by, locked.answered_at = answer, by, timezone.now()
        locked.save()
        notify(
            recipients=[locked.author_id],
            event="suggestion.answered",
            params={"text": locked.text[:30]},
            url=reverse("deliberation:suggestion", args=[locked.pk]),
        )
    return locked


def suggestion_to_proposal(*, suggestion: Suggestion, by) -> Proposal:
    """The committee takes a suggestion up as a proposal (its text becomes the background;
    the suggestion counts as answered by that)."""
    permissions.check_take_up(by, suggestion)
    with transaction.atomic():
        proposal = proposal_raise(
            by=by,
            compound=suggestion.compound,
            title=suggestion.text[:60],
            background=suggestion.text,
        )
        Suggestion.objects.filter(pk=suggestion.pk).update(proposal=proposal)
        if not suggestion.answered_at:
            suggestion.refresh_from_db()
            suggestion_answer(
                suggestion=suggestion,
                by=by,
                answer=_("Taken up as the proposal “%(title)s”.") % {"title": proposal.title},
            )
    return proposal


def suggestions_chase(now=None) -> tuple[int, int]:
    """Remind the committee two days before the deadline; tell community staff once the
    deadline passes unanswered. Each happens once per suggestion."""
    now = now or timezone.now()
    open_ = Suggestion.objects.filter(answered_at__isnull=True).select_related("compound")
    reminded = escalated = 0
    for s in open_.filter(reminded_at__isnull=True, answer_due__lte=now + timedelta(days=2)):
        with transaction.atomic():  # marked and told together
            if Suggestion.objects.filter(pk=s.pk, reminded_at__isnull=True).update(reminded_at=now):
                notify(
                    recipients=queries.committee_members(s.compound_id),
                    event="suggestion.reminder",
                    params={"text": s.text[:30]},
                    url=reverse("deliberation:suggestion", args=[s.pk]),
                )
                reminded += 1
    for s in open_.filter(escalated_at__isnull=True, answer_due__lt=now):
        with transaction.atomic():  # marked and told together
            if Suggestion.objects.filter(pk=s.pk, escalated_at__isnull=True).update(
                escalated_at=now
            ):
                notify(
                    recipients=CommunityStaff(s.compound.community_id),
                    event="suggestion.overdue",
                    params={"text": s.text[:30], "compound": s.compound.name},
                    url=reverse("deliberation:suggestion", args=[s.pk]),
                )
                escalated += 1
    return reminded, escalated
