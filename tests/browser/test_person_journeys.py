"""Each person starts from home and reaches their main task through visible links only
(issue 12, acceptance): the count shown on home equals the rows behind its link."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from deliberation import services
from deliberation.models import Proposal
from requests.models import Category, Request
from requests.services import request_file
from tests.browser.test_desk_and_vote import _large_text, _open_vote
from tests.deliberation.test_votes import cast, draft
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, phone: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("手机号或邮箱").fill(phone)
    page.get_by_label("密码").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="登录", exact=True).click()


def _requests(place, reporter, worker, volunteer_kind=False):
    lighting = Category.objects.get(compound=None, code="lighting")
    made = [
        request_file(
            reporter=reporter,
            compound=place.compound,
            building=place.building,
            category=lighting,
            description=f"楼道灯坏了{i}",
            kind=Request.Kind.HELP if i == 3 else Request.Kind.REPAIR,
        )
        for i in range(4)
    ]
    Request.objects.filter(pk__in=[made[0].pk, made[1].pk]).update(
        handler=worker, state=Request.State.ASSIGNED
    )
    Request.objects.filter(pk=made[2].pk).update(
        state=Request.State.RESOLVED, resolved_at=timezone.now()
    )
    return made


# (persona fixture, phone, counter clicked on home, what the list behind it shows)
PEOPLE = [
    ("worker", "13800000006", "mine", '[data-testid="queue"] input[name="request"]'),
    ("street_staff", "13800000007", "open", '[data-testid="queue"] input[name="request"]'),
    ("volunteer", "13800000008", "help", "main li.card"),
    ("building_head", "13800000002", "new", '[data-testid="queue"] input[name="request"]'),
]


@pytest.mark.parametrize(
    ("persona", "phone", "counter", "rows"), PEOPLE, ids=[p[0] for p in PEOPLE]
)
def test_person_reaches_their_task_from_home(
    page, request, place, resident, worker, persona, phone, counter, rows
):
    request.getfixturevalue(persona)
    _requests(place, resident, worker)
    _sign_in(page, phone)
    link = page.locator(f'a[data-counter="{counter}"]').first
    expect(link).to_be_visible()
    shown = int(float(link.locator("[data-count]").inner_text()))
    assert shown > 0
    link.click()
    expect(page.locator("h1")).to_be_visible()
    assert page.locator(rows).count() == shown


def test_owner_confirms_a_resolved_request_from_home(page, place, resident, worker):
    made = _requests(place, resident, worker)
    _sign_in(page, "13800000001")
    card = page.get_by_test_id("to-confirm")
    expect(card).to_contain_text("请确认并评价")
    card.get_by_role("link").click()
    expect(page).to_have_url(f"{page.url.split('/requests/')[0]}/requests/{made[2].pk}/")
    page.go_back()
    page.get_by_test_id("all-my-requests").click()
    expect(page.get_by_test_id("my-requests").locator("li.card")).to_have_count(4)


def _committee_affairs(place, chair, supervisor, resident):
    """Two proposals under review (one held), one raised, one in consultation; a vote open
    and one noticed but not open yet (the desk lists it, 进行中的投票 does not count it)."""
    raised = [
        services.proposal_raise(by=chair, compound=place.compound, title=title, background="x")
        for title in ("外墙翻新", "停车收费", "路灯更换", "绿化补种")
    ]
    Proposal.objects.filter(pk__in=[raised[0].pk, raised[1].pk]).update(stage="review")
    Proposal.objects.filter(pk=raised[3].pk).update(stage="consult")
    held = services.hold_place(proposal=raised[0], by=supervisor, reason="预算不清，请补充报价")
    cast(_open_vote(place, chair), resident)
    later = draft(place, chair)
    opens = timezone.now() + timedelta(days=16)
    services.vote_publish_notice(
        vote_id=later.pk, by=chair, opens_at=opens, closes_at=opens + timedelta(days=7)
    )
    return raised, held


def _home_counter(page, key: str) -> int:
    link = page.get_by_test_id("counters").locator(f'a[data-counter="{key}"]')
    expect(link).to_be_visible()
    return int(link.locator("[data-count]").inner_text())


def _desk_rows_match_home(page, place) -> dict[str, int]:
    """From home: each committee counter leads to the desk, where its rows are as many."""
    desk = rf"/deliberation/compound/{place.compound.pk}/desk/"
    shown = {key: _home_counter(page, key) for key in ("votes", "review")}
    page.locator('a[data-counter="votes"]').click()
    expect(page).to_have_url(re.compile(desk + "#votes$"))
    expect(page.locator("#votes")).to_be_in_viewport()  # the link lands on its section
    open_now = page.get_by_test_id("desk-votes")  # the group of votes open now (投票中)
    expect(open_now.get_by_test_id("count")).to_have_text(str(shown["votes"]))
    expect(open_now.get_by_test_id("votes-open-rows").get_by_test_id("row")).to_have_count(
        shown["votes"]
    )
    page.go_back()
    page.locator('a[data-counter="review"]').click()
    expect(page).to_have_url(re.compile(desk + "#review$"))
    expect(page.locator("#review")).to_be_in_viewport()
    review = page.locator('h3[data-stage="review"] + ul').get_by_test_id("row")
    expect(review).to_have_count(shown["review"])
    return shown


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large-text"])
def test_the_chair_reaches_the_desk_from_home_and_opens_a_proposal(
    page, place, committee_chair, supervisor, resident, assert_accessible, large
):
    raised, _held = _committee_affairs(place, committee_chair, supervisor, resident)
    _sign_in(page, "13800000003")
    _large_text(page, large)
    shown = _desk_rows_match_home(page, place)
    assert shown == {"votes": 1, "review": 2}  # the data above, counted as home counts it
    assert_accessible(page)
    page.locator('h3[data-stage="review"] + ul').get_by_role("link", name="停车收费").click()
    expect(page).to_have_url(re.compile(rf"/deliberation/proposals/{raised[1].pk}/$"))
    expect(page.locator("h1")).to_contain_text("停车收费")


def test_a_supervisor_reaches_the_holds_on_the_desk_from_home(
    page, place, committee_chair, supervisor, resident, assert_accessible
):
    raised, held = _committee_affairs(place, committee_chair, supervisor, resident)
    _sign_in(page, "13800000005")
    panel = page.get_by_test_id("counters")
    expect(panel).to_have_count(1)  # the supervisory committee's panel, and only it
    assert _desk_rows_match_home(page, place) == {"votes": 1, "review": 2}
    page.go_back()
    assert _home_counter(page, "holds") == 1  # home counts the holds waiting for an answer
    page.locator('a[data-counter="holds"]').click()
    expect(page.locator("#holds")).to_be_in_viewport()
    holds = page.get_by_test_id("desk-holds")
    expect(holds.get_by_test_id("count")).to_have_text("1")
    expect(holds.get_by_test_id("row")).to_have_count(1)
    assert_accessible(page)
    holds.get_by_role("link", name="外墙翻新").click()
    expect(page).to_have_url(re.compile(rf"/deliberation/proposals/{held.proposal_id}/$"))
    expect(page.locator("main")).to_contain_text("预算不清，请补充报价")
    assert raised[0].pk == held.proposal_id
