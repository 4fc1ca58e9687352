"""Phones masked where the viewer is not entitled (issue 16, item 12): residents walk every
page of the demo they can reach by following links from home, and no page shows the full
number of anyone else — only their own (their account page), and masked ones (138****0001).
The one exception is a building's role holder who consented to show their number on the
building's board (BuildingRole.phone_public): there, and only there."""

import io
import re
import zipfile
from collections import deque

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import NoReverseMatch, reverse

from compounds.models import BuildingRole
from tests.authorization.probe import all_urls

pytestmark = pytest.mark.django_db
HREF = re.compile(r'href="(/[^"#]*)')
SKIP = ("/static/", "/media/", "/admin/", "/i18n/", "/accounts/logout/")
TEXT = ("text/", "application/json", "application/vnd.openxmlformats")
MAX_PAGES = 800


def _entry_points(viewer) -> list[str]:
    """Home, and every URL that takes only the viewer's own compound, building, community
    or street office (boards, bodies, elections, suggestions...), wherever they are linked."""
    unit = viewer.residencies.select_related("unit__building__compound__community").get().unit
    compound = unit.building.compound
    ids = {
        "compound_id": compound.pk,
        "building_id": unit.building_id,
        "community_id": compound.community_id,
        "office_id": compound.community.street_office_id,
    }
    urls = ["/"]
    for name, route in all_urls():
        params = re.findall(r"<(?:\w+:)?(\w+)>", route)
        if name and ":" in name and not name.startswith("admin") and set(params) <= set(ids):
            try:
                urls.append(reverse(name, kwargs={p: ids[p] for p in params}))
            except NoReverseMatch:
                continue
    return urls


def _walk(client, start: list[str]) -> dict[str, str]:
    """Every page reachable by links from `start` (GET only), with its text."""
    seen, pages, queue = set(start), {}, deque(start)
    while queue and len(pages) < MAX_PAGES:
        url = queue.popleft()
        response = client.get(url)
        kind = response.get("Content-Type", "")
        if response.status_code != 200 or not kind.startswith(TEXT):
            continue
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if kind.startswith("application/vnd.openxmlformats"):  # a spreadsheet: its XML
            with zipfile.ZipFile(io.BytesIO(body)) as book:
                body = b"".join(book.read(n) for n in book.namelist() if n.endswith(".xml"))
        text = body.decode("utf-8", "replace")
        pages[url] = text
        for link in HREF.findall(text):
            link = link.replace("&amp;", "&")
            if link not in seen and not link.startswith(SKIP):
                seen.add(link)
                queue.append(link)
    return pages


@pytest.mark.parametrize("phone", ["+8613800000001"], ids=["owner"])
def test_a_resident_sees_no_one_elses_full_number(client, settings, tmp_path, phone):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo")
    users = get_user_model().objects
    viewer = users.get(phone=phone)
    client.force_login(viewer)
    pages = _walk(client, _entry_points(viewer))
    assert len(pages) > 100, sorted(pages)  # the walk reached the portal, not one page
    others = [p[3:] for p in users.exclude(pk=viewer.pk).values_list("phone", flat=True)]
    # A building's role holder who consented (phone_public) is reached by their number on
    # that building's board and poster — there only.
    consented = {
        (f"/compounds/buildings/{building}/", phone[3:])
        for building, phone in BuildingRole.objects.current()
        .filter(phone_public=True)
        .values_list("building_id", "holder__phone")
    }
    leaks = [
        f"{url}: {number}"
        for url, text in pages.items()
        for number in others
        if number in text
        and not any(url.startswith(place) and number == n for place, n in consented)
    ]
    assert leaks == [], "\n".join(leaks)
    assert phone[3:] in pages["/me/"]  # their own number, in full, to themself
