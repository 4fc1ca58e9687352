"""What people are told, in their language (issue 12 items 9 and 11): the default categories
by name in the reader's language, a change of a request by what happened and why, the
timeline's "what: why" in the language's punctuation, and what people typed as typed."""

from collections import Counter

import pytest
from django.conf import settings
from django.utils import translation

from portal.notifications.events import EVENTS
from portal.notifications.models import Notification
from requests import services, workflow
from requests.models import Category
from tests.requests.test_workflow import cat, file

pytestmark = pytest.mark.django_db


@pytest.fixture
def chinese():
    """The Chinese catalogue with the few entries these tests need, whether or not the
    lead has filled them in yet (the words are not the point; that they are used is)."""
    with translation.override("zh-hans"):
        catalogs = translation.trans_real.translation("zh-hans")._catalog._catalogs
    entries = {
        "Lighting": "照明",
        "Other": "其他",
        "%(what)s: %(note)s": "%(what)s：%(note)s",
    }
    saved = [dict(c) for c in catalogs]
    catalogs[0].update(entries)
    yield entries
    for catalog, before in zip(catalogs, saved, strict=True):
        catalog.clear()
        catalog.update(before)


def test_a_default_category_is_named_in_the_readers_language(place, chinese):
    lighting = cat()
    own = Category.objects.create(compound=place.compound, code="bikes", name="电动车充电")
    with translation.override("en"):
        assert str(lighting) == "Lighting"
        assert str(own) == "电动车充电"  # a compound's own category is shown as typed
    with translation.override("zh-hans"):
        assert str(lighting) == "照明"


def test_the_request_page_names_the_category_in_english(client, place, resident):
    item = file(place, resident)
    client.force_login(resident)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(f"/requests/{item.pk}/").content.decode()
    assert f"#{item.pk} Lighting" in page and "照明" not in page


def _titles(user, language: str) -> list[str]:
    with translation.override(language):
        return [n.title for n in Notification.objects.filter(recipient=user).order_by("pk")]


def test_a_change_says_what_happened_and_why(place, resident, tenant, worker, chinese):
    """Not "Request #14 (照明) is now rejected.": turned down, and why; accepted, by whom."""
    item = file(place, resident)
    services.request_follow(request=item, user=tenant)
    workflow.perform(item.pk, "accept", actor=worker)
    workflow.perform(item.pk, "reject", actor=worker, note="Not ours: call the water company")
    en = _titles(resident, "en")
    assert en[-2:] == [
        f"Request #{item.pk} (Lighting) was accepted by {worker}.",
        f"Request #{item.pk} (Lighting) was turned down: Not ours: call the water company",
    ], en
    assert not any("is now" in title for title in en)
    assert _titles(tenant, "en")[-2:] == en[-2:]  # followers hear the same
    # one notification per person per move
    told = Counter(Notification.objects.values_list("recipient_id", "key"))
    assert set(told.values()) == {1}
    assert all("照明" in t for t in _titles(resident, "zh-hans")[-2:])


def test_reopening_and_closing_are_told_as_such(place, resident, tenant, worker):
    item = file(place, resident)
    services.request_follow(request=item, user=tenant)
    workflow.perform(item.pk, "assign", actor=worker, assignee=worker)
    for action in ("start", "resolve"):
        workflow.perform(item.pk, action, actor=worker)
    workflow.perform(item.pk, "reopen", actor=resident, note="Still dark")
    workflow.perform(item.pk, "resolve", actor=worker)
    workflow.perform(item.pk, "confirm", actor=resident, rating=5)
    en = _titles(tenant, "en")
    assert f"Request #{item.pk} (Lighting) was reopened: Still dark" in en, en
    assert f"Request #{item.pk} (Lighting) was confirmed done and closed." in en, en


def test_what_people_typed_is_not_translated(chinese):
    """A proposal titled "Other" stays "Other" in Chinese; its stage is a label."""
    moved = EVENTS["proposal.moved"]
    with translation.override("zh-hans"):
        title = moved.render_title({"title": "Other", "stage": "Other"})
    assert "“Other”" in title and "其他阶段" in title  # the title as typed, the stage translated


def test_the_timeline_uses_the_languages_punctuation(client, place, resident, worker, chinese):
    item = file(place, resident)
    workflow.perform(item.pk, "reject", actor=worker, note="不归物业管")
    client.force_login(resident)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    page = client.get(f"/requests/{item.pk}/").content.decode()
    with translation.override("zh-hans"):
        label = str(workflow.ACTION_LABELS["reject"])
    assert f"{label}：不归物业管" in page
    assert f"{label}: 不归物业管" not in page
