"""Suggestions: answered by the owners' committee within 7 days, reminded then escalated
to community staff, public unless private, and taken up as proposals."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from deliberation import services
from deliberation.models import Suggestion
from portal.calendar import period_end
from portal.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_a_suggestion_is_answered_and_the_author_told(
    client, place, resident, committee_chair, tenant
):
    client.force_login(resident)
    url = reverse("deliberation:suggestions", args=[place.compound.pk])
    client.post(url, {"text": "建议在小区门口加装无障碍坡道"})
    suggestion = Suggestion.objects.get()
    # 7 days from the next day, to 24:00 (tests/deliberation/test_day_periods.py has the dates).
    assert suggestion.answer_due == period_end(suggestion.created_at, 7)
    assert suggestion.answer_due - suggestion.created_at > timedelta(days=7)
    assert Notification.objects.filter(recipient=committee_chair, event="suggestion.new").exists()
    with pytest.raises(PermissionDenied):
        services.suggestion_answer(suggestion=suggestion, by=resident, answer="自己答")
    client.force_login(committee_chair)
    client.post(
        reverse("deliberation:suggestion_act", args=[suggestion.pk]),
        {"op": "answer", "answer": "已列入下月工作计划"},
    )
    assert Notification.objects.filter(recipient=resident, event="suggestion.answered").exists()
    with pytest.raises(ValidationError):
        services.suggestion_answer(suggestion=suggestion, by=committee_chair, answer="再答一次")
    client.force_login(tenant)  # a neighbour reads the public answer
    page = client.get(reverse("deliberation:suggestion", args=[suggestion.pk])).content.decode()
    assert "下月工作计划" in page


def test_a_private_suggestion_is_read_by_the_author_and_the_committee_only(
    client, place, resident, committee_chair, tenant
):
    suggestion = services.suggestion_submit(
        by=resident, compound=place.compound, text="楼上装修噪音扰民", private=True
    )
    url = reverse("deliberation:suggestion", args=[suggestion.pk])
    client.force_login(tenant)
    assert client.get(url).status_code == 404
    listing = client.get(reverse("deliberation:suggestions", args=[place.compound.pk]))
    assert "装修噪音" not in listing.content.decode()
    for reader in (resident, committee_chair):
        client.force_login(reader)
        assert client.get(url).status_code == 200


def test_late_suggestions_are_reminded_then_escalated_once(
    place, resident, committee_chair, community_staff, clock
):
    suggestion = services.suggestion_submit(by=resident, compound=place.compound, text="加装路灯")
    assert services.suggestions_chase() == (0, 0)
    clock.move_to(suggestion.answer_due - timedelta(days=2, minutes=1))
    assert services.suggestions_chase() == (0, 0)
    clock.shift(timedelta(minutes=2))  # two days before the deadline: a reminder
    assert services.suggestions_chase() == (1, 0)
    clock.move_to(suggestion.answer_due)  # 24:00 of the last day: still in time
    assert services.suggestions_chase() == (0, 0)
    clock.shift(timedelta(seconds=1))
    assert services.suggestions_chase() == (0, 1)
    assert services.suggestions_chase() == (0, 0)
    assert Notification.objects.filter(
        recipient=community_staff, event="suggestion.overdue"
    ).exists()
    suggestion.refresh_from_db()
    assert suggestion.escalated_at is not None


def test_a_suggestion_becomes_a_proposal(place, resident, committee_chair):
    suggestion = services.suggestion_submit(
        by=resident, compound=place.compound, text="下水道盖板松动，建议整修"
    )
    proposal = services.suggestion_to_proposal(suggestion=suggestion, by=committee_chair)
    suggestion.refresh_from_db()
    assert suggestion.proposal == proposal and suggestion.answered_at is not None
    assert proposal.background == "下水道盖板松动，建议整修"
    with pytest.raises(ValidationError):
        services.suggestion_to_proposal(suggestion=suggestion, by=committee_chair)


def test_an_empty_or_huge_suggestion_is_refused(place, resident):
    for text in ["  ", "议" * 2001]:
        with pytest.raises(ValidationError):
            services.suggestion_submit(by=resident, compound=place.compound, text=text)
    assert not Suggestion.objects.exists()
