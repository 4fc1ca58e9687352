"""Suggestions: who reads one (private ones: the committee and community staff), who
answers it and who takes it up as a proposal."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _

from compounds.permissions import can, require
from deliberation.models import Suggestion
from deliberation.permissions.common import CHAIN, allowed


def may_read_suggestion(user, suggestion: Suggestion) -> bool:
    if suggestion.author_id == user.pk:
        return True
    if suggestion.private:
        return can(user, "proposal.lead", suggestion.compound) or can(
            user, "community.view", suggestion.compound.community
        )
    return can(user, "compound.view", suggestion.compound)


def access_suggestion(user, suggestion_id: int) -> Suggestion:
    suggestion = (
        Suggestion.objects.filter(pk=suggestion_id)
        .select_related(CHAIN, "author", "answered_by")
        .first()
    )
    if suggestion is None or not may_read_suggestion(user, suggestion):
        raise Http404
    return suggestion


def check_answer_suggestion(user, suggestion: Suggestion) -> None:
    require(user, "proposal.lead", suggestion.compound)
    if suggestion.answered_at:
        raise ValidationError(_("It is already answered."), code="answered")


def check_take_up(user, suggestion: Suggestion) -> None:
    require(user, "proposal.lead", suggestion.compound)
    if suggestion.proposal_id:
        raise ValidationError(_("It is already a proposal."), code="dup")
    if suggestion.private:  # its text was for the committee only: raise a proposal in own words
        raise ValidationError(
            _("A private suggestion is not published as a proposal; raise one in your words."),
            code="private",
        )


@dataclass(frozen=True)
class SuggestionCapabilities:
    lead: bool
    see_author: bool  # the committee and the author; the public board shows no names
    may_answer: bool
    may_take_up: bool


def suggestion_capabilities(user, suggestion: Suggestion) -> SuggestionCapabilities:
    lead = can(user, "proposal.lead", suggestion.compound)
    return SuggestionCapabilities(
        lead=lead,
        see_author=lead or suggestion.author_id == getattr(user, "pk", None),
        may_answer=allowed(check_answer_suggestion, user, suggestion),
        may_take_up=allowed(check_take_up, user, suggestion),
    )
