"""The committee desk and the vote page at phone size (issue 12 items 3 and 7): the chair's
desk shows counts equal to its rows, with participation bars readable in words; an owner's
vote page puts the question above the ballot and the legal metadata below; a closed vote
shows its bars and the verdict with its reason, in normal and 长辈模式."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from deliberation import services
from deliberation.models import OwnersVote, Suggestion
from tests.browser.test_compounds_journeys import _sign_in
from tests.deliberation.test_votes import cast, draft

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _zh(msgid: str) -> str:
    with translation.override("zh-hans"):
        return translation.gettext(msgid)


def _open_vote(place, chair, proposal=None) -> OwnersVote:
    """A noticed vote whose voting period is under way (dates set for the test)."""
    vote = draft(place, chair)
    if proposal is not None:
        vote.topics.update(proposal=proposal)
    opens = timezone.now() + timedelta(days=16)
    services.vote_publish_notice(
        vote_id=vote.pk, by=chair, opens_at=opens, closes_at=opens + timedelta(days=7)
    )
    now = timezone.now()
    OwnersVote.objects.filter(pk=vote.pk).update(
        opens_at=now - timedelta(hours=1), closes_at=now + timedelta(days=6, hours=23)
    )
    vote.refresh_from_db()
    return vote


def _large_text(page, on: bool) -> None:
    toggle = page.get_by_test_id("large-text-toggle")
    if (toggle.get_attribute("aria-pressed") == "true") != on:
        toggle.click()
        expect(page.locator("html")).to_have_class(re.compile("large-text"))


def _fits_the_phone(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways: {width}px"


def test_the_chair_reads_the_desk_and_its_counts_equal_its_rows(
    page, place, committee_chair, supervisor, resident, assert_accessible
):
    for title in ("路灯更换", "停车收费"):
        services.proposal_raise(by=committee_chair, compound=place.compound, title=title)
    held = services.proposal_raise(by=committee_chair, compound=place.compound, title="外墙翻新")
    services.hold_place(proposal=held, by=supervisor, reason="预算不清")
    suggestion = services.suggestion_submit(by=resident, compound=place.compound, text="楼道灯坏了")
    Suggestion.objects.filter(pk=suggestion.pk).update(answer_due=timezone.now())
    services.meeting_create(
        by=committee_chair,
        compound=place.compound,
        kind="committee",
        title="十一月例会",
        held_at=timezone.now() - timedelta(days=1),
        agenda="议程",
    )
    vote = _open_vote(place, committee_chair)
    cast(vote, resident)
    _sign_in(page, committee_chair)
    page.goto(f"/deliberation/compound/{place.compound.pk}/")
    page.get_by_test_id("desk-link").click()
    expect(page).to_have_url(re.compile(rf"/deliberation/compound/{place.compound.pk}/desk/$"))
    for large in (False, True):
        _large_text(page, large)
        page.goto(f"/deliberation/compound/{place.compound.pk}/desk/")
        expected = {"proposals": 3, "votes": 1, "suggestions": 1, "meetings": 1, "holds": 1}
        for section, n in expected.items():
            box = page.get_by_test_id(f"desk-{section}")
            expect(box.get_by_test_id("count")).to_have_text(str(n))
            expect(box.get_by_test_id("row")).to_have_count(n)
        held_row = (
            page.get_by_test_id("desk-proposals").get_by_test_id("row").filter(has_text="外墙翻新")
        )
        expect(held_row).to_contain_text(_zh("an answer to the supervisory hold"))
        meters = page.get_by_test_id("desk-votes").get_by_role("meter")
        expect(meters).to_have_count(2)  # area and owners, against the 2/3 line
        for meter in meters.all():  # one home of three: the chair's, the supervisor's, hers
            expect(meter).to_have_attribute("aria-valuenow", "33.3")
            expect(meter).to_have_attribute("aria-valuetext", re.compile(r"33\.3%"))
        _fits_the_phone(page)
        assert_accessible(page)


def test_an_owner_reads_the_question_first_then_days_left_the_ballot_and_the_rules(
    page, place, committee_chair, resident, assert_accessible
):
    proposal = services.proposal_raise(
        by=committee_chair,
        compound=place.compound,
        title="更换电梯",
        background="18栋电梯运行二十年，多次困人。",
    )
    vote = _open_vote(place, committee_chair, proposal)
    _sign_in(page, resident)
    page.goto(f"/deliberation/votes/{vote.pk}/")
    expect(page.get_by_test_id("vote-state")).to_have_text(_zh("voting open"))
    assert page.get_by_test_id("vote-state").inner_text() != _zh("notice published")
    question = page.get_by_test_id("question")
    expect(question).to_contain_text("18栋电梯运行二十年")
    expect(question.get_by_test_id("dossier-link")).to_have_attribute(
        "href", f"/deliberation/proposals/{proposal.pk}/"
    )
    days = page.get_by_test_id("days-left")
    expect(days).to_contain_text("7")
    top = {
        name: page.get_by_test_id(name).bounding_box()["y"]
        for name in ("question", "days-left", "ballot", "vote-metadata")
    }
    assert top["question"] < top["days-left"] < top["ballot"] < top["vote-metadata"], top
    assert top["ballot"] < 844 * 2, "the ballot is within two screens of the top"
    _fits_the_phone(page)
    assert_accessible(page)


def test_a_closed_vote_shows_the_bars_and_the_verdict_with_its_reason(
    page, place, committee_chair, resident, assert_accessible
):
    vote = _open_vote(place, committee_chair)
    cast(vote, resident)  # one of two homes: half the area, half the owners
    OwnersVote.objects.filter(pk=vote.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    services.vote_close(vote_id=vote.pk)
    _sign_in(page, resident)
    for large in (False, True):
        _large_text(page, large)
        page.goto(f"/deliberation/votes/{vote.pk}/")
        result = page.get_by_test_id("topic-result")
        expect(result.get_by_test_id("verdict")).to_have_text(_zh("not passed"))
        expect(result.get_by_test_id("reasons")).to_contain_text(
            _zh("the area taking part is less than two thirds")
        )
        meters = result.get_by_role("meter")
        expect(meters).to_have_count(4)  # area and owners taking part, area and owners for
        expect(meters.first).to_have_attribute("aria-valuenow", "50.0")
        expect(result.locator(".share-bar-label").first).to_be_visible()
        expect(result.get_by_test_id("raw-numbers")).to_be_visible()
        bars_bottom = meters.last.bounding_box()["y"]
        assert bars_bottom < result.get_by_test_id("raw-numbers").bounding_box()["y"]
        _fits_the_phone(page)
        assert_accessible(page)
