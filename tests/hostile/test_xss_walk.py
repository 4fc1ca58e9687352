"""Hostile text is shown as text on every page (issue 16 item 8). Every free text of the
matrix's world is rewritten as numbered markup (xss_fill.py: scripts, images with
onerror, `javascript:` links, spreadsheet formulas, templates); then every persona walks
every page of the matrix they may see, and the links those pages offer (a few per view):
no page may hold the markup unescaped, no link or form may point at `javascript:`, no CSV
cell may start a formula, no workbook may hold one, and the columns people write most are
seen, escaped, somewhere."""

import csv
import io
import re
import zipfile
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import Resolver404, resolve, reverse

from compounds.standing import clear_standing_cache
from tests.authorization.conftest import world  # noqa: F401 - the fixture
from tests.authorization.expect import PERSONAS
from tests.authorization.rows import GETS
from tests.hostile.xss_fill import make_hostile
from tests.hostile.xss_rows import add_rows

pytestmark = pytest.mark.django_db
RAW = re.compile(r"<img src=x|<script>alert|<script>\d")
ESCAPED = re.compile(
    r"(?:&lt;img src=x onerror=|&lt;script&gt;|javascript:|HYPERLINK\(&quot;)alert\((\d+)\)"
)
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "hx-get", "hx-post", "data-url"}
SKIP = ("/static/", "/media/", "/admin/", "/i18n/", "/accounts/logout/")
PER_VIEW = 3  # pages a persona opens of one view (other ids, pages, filters)
# What residents, committees and staff write most: each must be seen, escaped, somewhere.
MUST_BE_SHOWN = {
    "portal.User.display_name",
    "compounds.Compound.name",
    "compounds.Building.name",
    "compounds.Commitment.text",
    "announcements.Announcement.title",
    "announcements.Announcement.body",
    "repair_requests.Request.description",
    "repair_requests.RequestEvent.note",
    "deliberation.Proposal.title",
    "deliberation.Proposal.background",
    "deliberation.Suggestion.text",
    "deliberation.Meeting.agenda",
    "deliberation.OwnersVote.title",
    "deliberation.VoteTopic.title",
    "finance.Account.name",
    "finance.Entry.counterparty",
    "finance.Question.text",
    "finance.Campaign.title",
    # community life (issue 17)
    "community.Team.name",
    "community.Team.description",
    "community.Zone.name",
    "community.Activity.title",
    "community.Activity.place",
    "community.Station.name",
    "community.Station.place",
    "community.Facility.code",
    "community.Facility.place",
    "community.Survey.title",
}


class _Links(HTMLParser):
    """Links to follow, and any URL attribute pointing at `javascript:`."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links, self.scripted = [], []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name in URL_ATTRIBUTES and re.sub(r"[\s\x00-\x1f]", "", value).startswith(
                "javascript:"
            ):
                self.scripted.append(f"<{tag} {name}={value[:60]}>")
            if tag == "a" and name == "href":
                self.links.append(value)


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _problems(kind: str, body: bytes) -> tuple[list[str], set[int], list[str]]:
    """(what is wrong, payload numbers seen escaped, links) of one answer."""
    if kind.startswith("text/html"):
        text = body.decode("utf-8", "replace")
        parser = _Links()
        parser.feed(text)
        raw = [text[max(0, m.start() - 60) : m.end() + 40] for m in RAW.finditer(text)]
        return raw + parser.scripted, {int(n) for n in ESCAPED.findall(text)}, parser.links
    if kind.startswith("text/csv"):
        cells = [c for row in csv.reader(io.StringIO(body.decode("utf-8-sig"))) for c in row]
        formulas = [c[:60] for c in cells if c[:1] in ("=", "+", "@") and "HYPERLINK(" in c]
        return formulas, set(), []
    if "spreadsheetml" in kind and zipfile.is_zipfile(io.BytesIO(body)):  # the world's
        # registry export is two bytes, not a workbook
        with zipfile.ZipFile(io.BytesIO(body)) as book:
            sheets = [book.read(n) for n in book.namelist() if n.startswith("xl/worksheets/")]
        return [f"a formula in a workbook: {s[:80]!r}" for s in sheets if b"<f>" in s], set(), []
    return [], set(), []


def _walk(client: Client, start: list[str]) -> tuple[int, list[str], set[int]]:
    queue, seen, per_view = deque(start), set(start), {}
    pages, problems, shown = 0, [], set()
    while queue:
        url = queue.popleft()
        try:
            view = resolve(urlsplit(url).path).view_name
        except Resolver404:
            continue
        if per_view.setdefault(view, 0) >= PER_VIEW:
            continue
        per_view[view] += 1
        response = client.get(url)
        if response.status_code != 200:
            continue
        pages += 1
        wrong, escaped, links = _problems(response.get("Content-Type", ""), _body(response))
        problems += [f"{url}: {w}" for w in wrong]
        shown |= escaped
        for link in links:
            link = link.replace("&amp;", "&")
            if link.startswith("/") and not link.startswith(SKIP) and link not in seen:
                seen.add(link)
                queue.append(link)
    return pages, problems, shown


def test_hostile_text_is_shown_escaped_on_every_page(request, world):  # noqa: F811
    urls = {  # found before the rewrite: some rows are found by their names
        name: reverse(name, kwargs=kwargs(world) if kwargs else None)
        for name, (kwargs, _expected) in GETS.items()
    }
    refused = add_rows(world, request.getfixturevalue)
    columns = make_hostile()
    cache.clear()  # pages kept from before the rewrite (boards, figures)
    clear_standing_cache()
    pages, problems, shown = 0, [], set()
    for persona in PERSONAS:
        client = Client(raise_request_exception=True)
        if persona != "anonymous":
            client.force_login(request.getfixturevalue(persona))
        start = [urls[name] for name, (_k, expected) in GETS.items() if expected[persona] == 200]
        walked, wrong, escaped = _walk(client, start)
        pages += walked
        problems += [f"{persona} {p}" for p in wrong]
        shown |= escaped
    seen = {columns[n] for n in shown if n in columns}
    print(f"{pages} pages walked; {len(seen)} of {len(columns)} hostile columns shown escaped")
    print("never shown:", sorted(set(columns.values()) - seen))
    print("rows not made:", refused)
    assert not problems, f"{len(problems)} unescaped:\n" + "\n".join(problems[:40])
    assert seen >= MUST_BE_SHOWN, sorted(MUST_BE_SHOWN - seen)
    # community life is young and its pages show every text people write in it (issue 17)
    community = {c for c in columns.values() if c.startswith("community.")}
    assert seen >= community, sorted(community - seen)
