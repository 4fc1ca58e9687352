"""Choices show what is chosen, and filing takes under a minute (issue 12, items 1 and 6),
in Chromium at 390×844, in normal and in large-text mode (长辈模式): the chosen tile of a
ballot and of the filing form is filled and ticked and its radio checked — also the choice
already saved when the owner comes back — and every target of the filing form is at least
44 px high."""

import re

import pytest
from playwright.sync_api import expect

from deliberation.models import Ballot
from requests.models import Request
from tests.authorization.conftest import _open_vote
from tests.browser.test_compounds_journeys import _sign_in
from tests.compounds.test_services import photo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WHITE = "rgb(255, 255, 255)"


def _background(label) -> str:
    return label.evaluate("el => getComputedStyle(el).backgroundColor")


def _tick(label) -> str:
    return label.evaluate("el => getComputedStyle(el, '::after').content")


def _large_text(page) -> None:
    page.get_by_test_id("large-text-toggle").click()
    expect(page.locator("html")).to_have_class(re.compile("large-text"))


def _tile(scope, text: str):
    return scope.locator("label").filter(has_text=re.compile(f"^\\s*{text}\\s*$"))


def _assert_chosen(label, others) -> None:
    expect(label.locator("input")).to_be_checked()
    chosen = _background(label)
    assert chosen != WHITE, "the chosen tile is filled"
    assert all(_background(other) == WHITE for other in others)
    assert "✓" in _tick(label)


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large-text"])
def test_the_chosen_ballot_tile_is_filled_and_stays_chosen_after_voting(
    page, place, resident, committee_chair, large, assert_accessible
):
    vote = _open_vote(place, committee_chair)
    _sign_in(page, resident)
    if large:
        _large_text(page)
    page.goto(f"/deliberation/votes/{vote.pk}/")
    ballot = page.get_by_test_id("ballot")
    against, agree, abstain = (_tile(ballot, t) for t in ("反对", "同意", "弃权"))
    before = _background(against)
    assert before == WHITE
    against.click()
    assert _background(against) != before
    _assert_chosen(against, [agree, abstain])
    for tile in (agree, against, abstain):
        box = tile.bounding_box()
        assert box and box["height"] >= 44 and box["width"] >= 90  # a third of the row
    ballot.get_by_role("button", name="投票").click()
    expect(page.locator(".message-success")).to_be_visible()
    assert Ballot.objects.get(vote=vote, counted=True).choices.get().choice == "against"

    page.goto(f"/deliberation/votes/{vote.pk}/")  # the owner comes back: their choice shows
    ballot = page.get_by_test_id("ballot")
    _assert_chosen(_tile(ballot, "反对"), [_tile(ballot, "同意"), _tile(ballot, "弃权")])
    assert_accessible(page)


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large-text"])
def test_the_filing_tiles_show_the_choice_and_every_target_is_big_enough(
    page, place, resident, large, tmp_path, settings, assert_accessible
):
    settings.MEDIA_ROOT = tmp_path
    _sign_in(page, resident)
    if large:
        _large_text(page)
    page.goto("/requests/new/")
    form = page.locator("form.file-request")
    for group, text in [
        ("#id_kind", "求助"),
        ("#id_category", "照明"),
        ("#id_urgency", "紧急"),
        ("#id_where", "18栋 公共区域"),
    ]:
        tiles = form.locator(f"{group} label")
        chosen = _tile(form.locator(group), text)
        chosen.click()
        others = [
            tiles.nth(i)
            for i in range(tiles.count())
            if tiles.nth(i).inner_text() != chosen.inner_text()
        ]
        _assert_chosen(chosen, others)
    targets = form.locator(
        "label:has(input[type=radio]), input:not([type=radio]):visible, textarea, button"
    )
    for i in range(targets.count()):
        box = targets.nth(i).bounding_box()
        assert box and box["height"] >= 44, (targets.nth(i).evaluate("e => e.outerHTML")[:120], box)
    photos = form.locator("input[name=photos]")
    assert photos.get_attribute("capture") is None
    assert photos.get_attribute("accept") == "image/*"
    assert_accessible(page)


def test_a_photo_survives_an_error_and_the_page_after_filing_says_who_and_when(
    page, place, resident, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    picture = tmp_path / "灯.jpg"
    picture.write_bytes(photo().read())
    _sign_in(page, resident)
    page.goto("/requests/new/")
    form = page.locator("form.file-request")
    _tile(form.locator("#id_where"), "小区其他地方").click()
    _tile(form.locator("#id_category"), "照明").click()
    page.get_by_label("出了什么问题？").fill("东门的路灯不亮。")
    form.locator("input[name=photos]").set_input_files(str(picture))
    form.get_by_role("button", name="提交", exact=True).click()  # no place said: an error
    kept = page.locator("#id_drop_photos img")
    expect(kept).to_have_count(1)
    expect(page.locator("#id_drop_photos img").first).to_have_js_property(
        "complete", True
    )  # no eval: the CSP forbids it
    assert kept.evaluate("img => img.naturalWidth") > 0
    page.locator("form.file-request").get_by_label(re.compile("具体在哪里")).fill("东门")
    page.locator("form.file-request").get_by_role("button", name="提交", exact=True).click()
    expect(page.get_by_test_id("state")).to_have_text("已提交")
    item = Request.objects.get()
    assert item.place == "东门" and item.photos.count() == 1
    said = page.locator(".message-success")
    expect(said).to_contain_text(re.compile("物业"))
    expect(said).to_contain_text(item.accept_due.astimezone().strftime("%Y-%m-%d"))


def test_the_sign_in_phone_field_brings_up_the_number_pad(page, db):
    page.goto("/accounts/login/")
    field = page.get_by_label("手机号或邮箱")
    expect(field).to_have_attribute("inputmode", "tel")
    expect(field).to_have_attribute("autocomplete", "tel")
    assert field.bounding_box()["height"] >= 44
