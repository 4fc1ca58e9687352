"""Boards and posters on a phone and on paper, and contrast (axe-core) on the main pages of
every persona of the demo, in normal and large-text (长辈模式) mode — issue 12 items 10, 12.
The axe pages include those no menu leads to: filing a request, the sign-in page signed
out, a closed vote, an election's result and its vote, the A4 poster, and the 404 and 403
pages."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from portal.demo_accounts import DEMO_PASSWORD
from tests import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# 96 CSS px per inch: an A4 sheet is 794 × 1123 px.
A4 = {"width": 794, "height": 1123}


def _sign_in_demo(page, phone: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("手机号或邮箱").fill(phone)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.locator("main").get_by_role("button", name="登录", exact=True).click()
    expect(page.locator("h1")).to_contain_text("您好")


def _sign_in(page, user) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("手机号或邮箱").fill(user.phone[3:])
    page.get_by_label("密码").fill(f.PASSWORD)
    page.locator("main").get_by_role("button", name="登录", exact=True).click()
    expect(page.locator("h1")).to_contain_text("您好")


def _widest_cell_chars(page, selector: str) -> list[int]:
    """The width of each visible cell of a table, in px."""
    return page.locator(selector).evaluate_all(
        "cells => cells.filter(c => c.offsetParent).map(c => c.getBoundingClientRect().width)"
    )


def test_board_is_a_stack_of_cards_on_a_phone(page, place, building_head, resident):
    _sign_in(page, resident)
    page.goto(reverse("compounds:building_board", args=[place.building.pk]))
    board = page.get_by_test_id("board")
    expect(board).to_contain_text("陈建国")
    # Every cell spans (nearly) the card: no column is squeezed to one character.
    widths = _widest_cell_chars(page, "[data-testid=board] tbody th, [data-testid=board] tbody td")
    assert widths and min(widths) > 250, widths
    phone_cell = board.locator("td.board-phone").first
    label = page.evaluate(
        "el => getComputedStyle(el, '::before').content", phone_cell.element_handle()
    )
    assert "手机号" in label


def test_resolved_board_says_what_where_when_and_not_rated(page, place, resident, worker):
    from requests import workflow
    from tests.requests.test_workflow import file

    rated = file(place, resident, description="灯坏了")
    unrated = file(place, resident, description="门坏了")
    for item in (rated, unrated):
        workflow.perform(item.pk, "assign", actor=worker, assignee=worker)
        workflow.perform(item.pk, "resolve", actor=worker, outcome="fixed")
    workflow.perform(rated.pk, "confirm", actor=resident, rating=4)
    workflow.perform(unrated.pk, "auto_close", actor=None)
    _sign_in(page, resident)
    page.goto(reverse("requests:resolved", args=[place.compound.pk]))
    items = page.get_by_test_id("resolved-item")
    expect(items).to_have_count(2)
    for i in range(2):
        expect(items.nth(i)).to_contain_text("照明 · 18栋")
        expect(items.nth(i)).to_contain_text("报修于")
    ratings = page.get_by_test_id("rating").all_inner_texts()
    assert any("4" in r for r in ratings)
    assert any("未评价" in r for r in ratings)
    assert not any("0.0" in r for r in ratings)


def test_a4_poster_shows_consenting_phones_large_and_fills_the_page(
    page, place, building_head, housing_officer
):
    from compounds.models import BuildingRole

    BuildingRole.objects.filter(holder=building_head).update(phone_public=True)
    BuildingRole.objects.filter(holder=housing_officer).update(phone_public=False)
    _sign_in(page, building_head)  # who may see every phone; the poster still shows consent
    page.set_viewport_size(A4)
    page.emulate_media(media="print")
    page.goto(reverse("compounds:building_poster", args=[place.building.pk]))
    board = page.get_by_test_id("board")
    expect(board).to_contain_text("13800000002")
    expect(board).not_to_contain_text("13900000100")
    expect(board).not_to_contain_text("139****0100")
    size = page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('.board-phone')).fontSize)"
    )
    assert size >= 28, size  # 24pt: readable from a step away
    # The poster fills the printable height of one sheet (297mm less 12mm margins).
    height = page.locator("main.poster").bounding_box()["height"]
    printable = (297 - 24) / 25.4 * 96
    assert 0.95 * printable <= height <= printable + 2, (height, printable)
    pdf = page.pdf(format="A4", print_background=True)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1


NOT_FOUND = "/no-such-page/"
# Pages that answer with a refusal on purpose; every other page must answer 200.
STATUS = {NOT_FOUND: 404, "/requests/queue/": 403}


def _demo_pages() -> dict[str, list[str]]:
    """The main pages of each demo persona, by their phone (ids looked up in the demo)."""
    from compounds.models import BuildingRole, Compound
    from deliberation.models import Election, OwnersVote, Proposal
    from requests.models import Request

    compound = Compound.objects.get(name="翡翠谷小区")
    head_building = BuildingRole.objects.filter(holder__phone__endswith="13800000002")[0]
    mine = Request.objects.filter(reporter__phone__endswith="13800000001").order_by("-pk")[0]
    vote = OwnersVote.objects.filter(compound=compound).order_by("-pk")[0]
    proposal = Proposal.objects.filter(compound=compound).order_by("-pk")[0]
    handled = Request.objects.filter(handler__phone__endswith="13800000006").order_by("-pk")
    common = [reverse("site:home"), reverse("notifications:inbox"), reverse("announcements:list")]
    boards = [
        reverse("compounds:building_board", args=[head_building.building_id]),
        reverse("requests:resolved", args=[compound.pk]),
        reverse("site:party_board", args=[compound.pk]),
    ]
    owner_pages = [
        reverse("requests:mine"),
        reverse("requests:detail", args=[mine.pk]),
        reverse("deliberation:vote", args=[vote.pk]),
        reverse("deliberation:proposal", args=[proposal.pk]),
        reverse("compounds:my_homes"),
    ]
    desk = reverse("deliberation:desk", args=[compound.pk])
    closed = OwnersVote.objects.filter(compound=compound, state="closed").order_by("pk")
    election = Election.objects.filter(compound=compound, vote__isnull=False).order_by("-pk")[0]
    pages_off_the_links = [
        reverse("requests:new"),
        reverse("deliberation:vote", args=[closed.exclude(election=election)[0].pk]),
        reverse("deliberation:election", args=[election.pk]),  # its result
        reverse("deliberation:vote", args=[election.vote_id]),  # the election's vote
        reverse("compounds:building_poster", args=[head_building.building_id]),
        NOT_FOUND,
        reverse("requests:queue"),  # the workbench refuses a resident: the 403 page
    ]
    return {
        "": [reverse("account_login")],  # signed out
        "13800000001": common + owner_pages + boards + pages_off_the_links,
        "13800000002": [*common, reverse("requests:queue"), boards[0]],
        "13800000003": [*common, desk, owner_pages[2], owner_pages[3]],
        "13800000005": [reverse("site:home"), desk],
        "13800000006": [
            *common,
            reverse("requests:queue"),
            *[reverse("requests:detail", args=[r.pk]) for r in handled[:1]],
        ],
        "13800000007": [reverse("site:home"), reverse("requests:queue")],
        "13800000008": [reverse("site:home"), reverse("requests:help_orders")],
    }


@pytest.mark.parametrize("large_text", [False, True], ids=["normal", "large"])
def test_main_pages_of_every_persona_pass_axe(page, assert_accessible, large_text, settings):
    settings.PORTAL_DEMO = True
    call_command("seed_demo")
    failures = []
    for phone, urls in _demo_pages().items():
        page.context.clear_cookies()
        if phone:
            _sign_in_demo(page, phone)
        else:
            page.goto(reverse("account_login"))
        toggle = page.get_by_test_id("large-text-toggle")
        if (toggle.get_attribute("aria-pressed") == "true") != large_text:
            toggle.click()
        expect(page.get_by_test_id("large-text-toggle")).to_have_attribute(
            "aria-pressed", "true" if large_text else "false"
        )
        for url in urls:
            response = page.goto(url)
            expected = STATUS.get(url, 200) if phone == "13800000001" else 200
            if response.status != expected:
                failures.append(f"{phone} {url}: status {response.status}")
                continue
            try:
                assert_accessible(page)
            except AssertionError as error:
                failures.append(f"{phone}: {error}")
    assert not failures, "\n".join(failures)
