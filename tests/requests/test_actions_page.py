"""A request's action page for staff (issue 12 item 8): one primary action — the next move
of the workflow — the others secondary; each move's fields only with that move; a help
order's outcomes in words that fit help; the handler sees whom to contact and where; the
building head hears of new requests in the building and finds them on the workbench."""

import re

import pytest
from django.urls import reverse
from django.utils.translation import override

from requests import services, workflow
from requests.capabilities import request_capabilities
from requests.models import Category, Request

pytestmark = pytest.mark.django_db


def _file(place, reporter, **extra):
    return services.request_file(
        reporter=reporter,
        compound=place.compound,
        building=place.building,
        category=Category.objects.get(compound=None, code="lighting"),
        description="楼梯口灯坏了。",
        place="三楼楼梯口",
        **extra,
    )


def _forms(html: str) -> dict[str, str]:
    """Each action form of the page by its action."""
    return {
        m.group(1): m.group(0)
        for m in re.finditer(
            r'<form[^>]*class="stack action-form".*?name="action" value="(\w+)".*?</form>',
            html,
            re.S,
        )
    }


def _page(client, user, item) -> str:
    client.force_login(user)
    return client.get(reverse("requests:detail", args=[item.pk])).content.decode()


def test_the_worker_sees_one_primary_move_and_no_photo_field_to_start(
    client, place, resident, building_head, worker
):
    item = _file(place, resident)
    workflow.perform(item.pk, "assign", actor=building_head, assignee=worker)
    item.refresh_from_db()
    can = request_capabilities(worker, item)
    assert can.primary == "start" and "resolve" in can.secondary
    html = _page(client, worker, item)
    assert html.count("big-button") - html.count('class="secondary big-button"') == 1
    assert re.search(r'data-testid="primary-action">.*?data-action="start"', html, re.S)
    forms = _forms(html)
    assert 'type="file"' not in forms["start"]  # 完工照片 belongs to 办结 only
    assert 'type="file"' in forms["resolve"] and 'name="outcome"' in forms["resolve"]
    # A move with fields waits behind its own disclosure, which needs no JavaScript.
    assert re.search(r'<details class="action-secondary">.*?data-action="resolve"', html, re.S)
    # Whom to contact (a property worker may see the number) and where exactly.
    assert "三楼楼梯口" in html
    assert 'href="tel:+8613800000001"' in html


def test_the_next_move_by_state(place, resident, building_head, worker):
    item = _file(place, resident)
    assert request_capabilities(building_head, item).primary == "accept"
    workflow.perform(item.pk, "accept", actor=building_head)
    item.refresh_from_db()
    assert request_capabilities(building_head, item).primary == "assign"
    workflow.perform(item.pk, "assign", actor=building_head, assignee=worker)
    workflow.perform(item.pk, "start", actor=worker)
    item.refresh_from_db()
    assert request_capabilities(worker, item).primary == "resolve"
    workflow.perform(item.pk, "resolve", actor=worker)
    item.refresh_from_db()
    can = request_capabilities(resident, item)
    assert can.primary == "confirm" and can.secondary == ("reopen",)


def test_a_help_order_ends_in_words_that_fit_help(client, place, tenant, volunteer):
    item = _file(place, tenant, kind="help")
    workflow.perform(item.pk, "claim", actor=volunteer)
    html = _page(client, volunteer, item)
    resolve = _forms(html)["resolve"]
    with override("zh-hans"):  # the page's language
        fitting = [str(text) for _code, text in workflow.HELP_OUTCOMES]
        repair = [str(text) for _code, text in Request.Outcome.choices]
    for words in fitting:  # 已完成、部分完成、未能完成
        assert f"> {words}</label>" in resolve
    assert not any(f"> {words}</label>" in resolve for words in repair)
    # A volunteer is no one to see a resident's number: it is masked.
    assert "138****0009" in html and "tel:" not in html


def test_a_repair_still_ends_as_repairs_do(client, place, resident, building_head, worker):
    item = _file(place, resident)
    workflow.perform(item.pk, "assign", actor=building_head, assignee=worker)
    resolve = _forms(_page(client, worker, item))["resolve"]
    with override("zh-hans"):
        assert f"> {Request.Outcome.FIXED.label}</label>" in resolve


def test_the_building_head_opens_the_workbench_on_the_buildings_requests(
    client, place, resident, building_head, worker
):
    item = _file(place, resident)  # with the property company, not the building head
    client.force_login(building_head)
    html = client.get(reverse("requests:queue")).content.decode()
    assert reverse("requests:detail", args=[item.pk]) in html
    assert re.search(r'<option value="area" selected>', html)
    # Its counts are of the list shown: one new request, not 0.
    assert re.search(r'data-testid="counters">\s*<li><strong>1</strong>', html)
    # Someone in a team still opens on what waits for the team.
    client.force_login(worker)
    html = client.get(reverse("requests:queue")).content.decode()
    assert re.search(r'<option value="team" selected>', html)


def test_a_reporter_is_shown_no_contact_row(client, place, resident):
    item = _file(place, resident)
    assert 'data-testid="contact"' not in _page(client, resident, item)
