"""Home tells the truth (issue 12, items 2, 4 and 5): the votes waiting, the live counts of
the role panels equal to the rows behind their links, the resolved request asking to be
confirmed, the notices in order, no link to "coming soon"; the query count pinned."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from compounds.announcements.models import Announcement
from requests.models import Category, Request
from requests.services import request_file
from tests.deliberation.test_votes import cast, draft

pytestmark = pytest.mark.django_db
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


@pytest.fixture
def clock():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


def _home(client, user) -> str:
    client.force_login(user)
    return client.get("/", **ZH).content.decode()


def _file(place, reporter, n=1, **extra) -> list[Request]:
    lighting = Category.objects.get(compound=None, code="lighting")
    return [
        request_file(
            reporter=reporter,
            compound=place.compound,
            building=place.building,
            category=lighting,
            description=f"灯坏了{i}",
            **extra,
        )
        for i in range(n)
    ]


def _counters(html: str) -> dict[str, tuple[int, str]]:
    """{counter key: (count shown, link)} of the home page's panels."""
    found = re.findall(
        r'<a href="([^"]+)" data-counter="(\w+)"><strong data-count>([\d.]+)</strong>', html
    )
    return {key: (float(count), url.replace("&amp;", "&")) for url, key, count in found}


def _rows(client, url: str) -> int:
    return client.get(url).content.decode().count('name="request" value=')


def test_every_open_vote_is_waiting_even_after_a_ballot_elsewhere(
    client, place, resident, committee_chair, clock
):
    """Before: a counted ballot of the home in any vote hid every other open vote."""
    from deliberation import services

    votes = []
    opens = timezone.now() + timedelta(days=16)
    for _ in range(2):
        vote = draft(place, committee_chair)
        votes.append(
            services.vote_publish_notice(
                vote_id=vote.pk,
                by=committee_chair,
                opens_at=opens,
                closes_at=opens + timedelta(days=7),
            )
        )
    clock.move_to(opens + timedelta(hours=1))
    cast(votes[0], resident)
    html = _home(client, resident)
    for vote in votes:
        assert reverse("deliberation:vote", args=[vote.pk]) in html
    assert html.count("已投") + html.count("voted, you may change it") == 1


def test_worker_counts_are_the_rows_behind_their_links(client, place, worker, resident):
    mine = _file(place, resident, 3)
    Request.objects.filter(pk__in=[r.pk for r in mine]).update(
        handler=worker, state=Request.State.ASSIGNED
    )
    Request.objects.filter(pk=mine[0].pk).update(resolve_due=timezone.now() - timedelta(hours=1))
    _file(place, resident, 2)  # the team's, not dispatched to the worker
    counters = _counters(_home(client, worker))
    assert counters["mine"][0] == 3 and counters["overdue"][0] == 1
    for key in ("mine", "due_today", "overdue"):
        count, url = counters[key]
        assert _rows(client, url) == count, key


def test_street_staff_counts_are_the_rows_behind_their_links(client, place, street_staff, resident):
    _file(place, resident, 2)
    counters = _counters(_home(client, street_staff))
    assert counters["open"][0] == 2
    for key in ("open", "overdue", "escalated"):
        count, url = counters[key]
        assert _rows(client, url) == count, key


def test_volunteer_sees_help_orders_to_claim(client, place, volunteer, resident):
    _file(place, resident, 2, kind=Request.Kind.HELP)
    counters = _counters(_home(client, volunteer))
    count, url = counters["help"]
    assert count == 2 and url == reverse("requests:help_orders")


def test_no_panel_or_tile_leads_to_coming_soon(client, request):
    for persona in ["resident", "committee_chair", "party_secretary", "street_staff", "worker"]:
        html = _home(client, request.getfixturevalue(persona))
        assert "/soon/" not in html, persona


def test_committee_panel_opens_the_desk(client, place, committee_chair):
    html = _home(client, committee_chair)
    desk = reverse("deliberation:desk", kwargs={"compound_id": place.compound.pk})
    assert f'href="{desk}"' in html


def test_help_tile_opens_the_help_form(client, resident):
    html = _home(client, resident)
    url = re.search(r'class="tile tile-help" href="([^"]+)"', html).group(1)
    form = client.get(url.replace("&amp;", "&")).content.decode()
    assert re.search(
        r'<input[^>]*value="help"[^>]*checked|<input[^>]*checked[^>]*value="help"', form
    )


def test_a_resolved_request_asks_to_be_confirmed_and_stays_reachable(client, place, resident):
    done, closed = _file(place, resident, 2)
    Request.objects.filter(pk=done.pk).update(state=Request.State.RESOLVED)
    Request.objects.filter(pk=closed.pk).update(
        state=Request.State.CLOSED, closed_at=timezone.now()
    )
    html = _home(client, resident)
    card = html[html.index('data-testid="to-confirm"') :]
    assert "请确认并评价" in card[:400] and reverse("requests:detail", args=[done.pk]) in card
    assert f'href="{reverse("requests:mine")}"' in html
    mine = client.get(reverse("requests:mine"), **ZH).content.decode()
    assert reverse("requests:detail", args=[closed.pk]) in mine and "请确认并评价" in mine


def _notice(place, publisher, title, minutes_ago, **extra) -> Announcement:
    return Announcement.objects.create(
        publisher=publisher,
        compound=place.compound,
        title=title,
        body="x",
        published_at=timezone.now() - timedelta(minutes=minutes_ago),
        **extra,
    )


def test_notices_urgent_then_pinned_then_recent_at_most_three(
    client, place, resident, committee_chair
):
    _notice(place, committee_chair, "最新", 1)
    _notice(place, committee_chair, "置顶的", 30, pinned=True)
    _notice(place, committee_chair, "紧急的", 60, urgent=True)
    _notice(place, committee_chair, "旧的", 90)
    html = _home(client, resident)
    section = html[html.index('data-testid="home-notices"') :]
    titles = re.findall(
        r'data-testid="notice">.*?</span> (?:<span[^>]*>[^<]*</span> )?([^<]+)</strong>',
        section,
        re.S,
    )
    shown = [t for t in ["紧急的", "置顶的", "最新", "旧的"] if t in section]
    assert shown == ["紧急的", "置顶的", "最新"], titles
    assert section.index("紧急的") < section.index("置顶的") < section.index("最新")
    assert "全部通知" in section


def test_a_vote_notice_is_pinned_only_while_the_vote_is_pending_or_open(
    client, place, resident, committee_chair, clock
):
    from deliberation import services

    vote = draft(place, committee_chair)
    opens = timezone.now() + timedelta(days=16)
    vote = services.vote_publish_notice(
        vote_id=vote.pk, by=committee_chair, opens_at=opens, closes_at=opens + timedelta(days=7)
    )
    clock.move_to(opens + timedelta(days=8))  # closed, not yet counted
    _notice(place, committee_chair, "停水通知", 1)
    html = _home(client, resident)
    section = html[html.index('data-testid="home-notices"') :]
    assert section.index("停水通知") < section.index(vote.title)


def _grow(place, resident, worker, committee_chair, n):
    requests = _file(place, resident, n)
    Request.objects.filter(pk__in=[r.pk for r in requests]).update(handler=worker)
    for i in range(n):
        _notice(place, committee_chair, f"通知{i}", i, pinned=bool(i % 2))


def _count(client, user) -> int:
    client.force_login(user)
    client.get("/")
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/").status_code == 200
    return len(captured.captured_queries)


def test_home_query_count_does_not_grow_with_the_data(
    client, request, place, resident, worker, committee_chair, street_staff, volunteer
):
    personas = [resident, worker, committee_chair, street_staff, volunteer]
    _grow(place, resident, worker, committee_chair, 1)
    small = [_count(client, p) for p in personas]
    _grow(place, resident, worker, committee_chair, 12)
    assert [_count(client, p) for p in personas] == small


def test_the_reporter_is_asked_to_confirm_and_rate_when_resolved(place, resident, worker):
    from portal.notifications.models import Notification
    from requests import workflow

    item = _file(place, resident)[0]
    Request.objects.filter(pk=item.pk).update(handler=worker, state=Request.State.IN_PROGRESS)
    workflow.perform(item.pk, "resolve", actor=worker, note="换了灯泡")
    note = Notification.objects.filter(recipient=resident, event="request.resolved").get()
    assert "请确认并评价" in note.title  # in the default language, Chinese
    assert note.url == reverse("requests:detail", args=[item.pk])


def test_votes_waiting_take_one_query_whatever_the_votes_and_proxies(
    client, place, resident, other_owner, committee_chair, clock
):
    """The votes waiting (待我投票) are one query (deliberation.queries.votes_open_to) for
    the named voter and for a proxy holder, however many votes are open, with ballots and
    proxies in each."""
    from deliberation import services
    from tests.compounds.test_services import photo

    home = resident.residencies.get().unit

    def open_votes(n, days):
        opens = timezone.now() + timedelta(days=16)
        votes = [
            services.vote_publish_notice(
                vote_id=draft(place, committee_chair).pk,
                by=committee_chair,
                opens_at=opens,
                closes_at=opens + timedelta(days=days),
            )
            for _ in range(n)
        ]
        clock.move_to(opens + timedelta(hours=1))
        for vote in votes:
            services.proxy_register(
                vote=vote,
                unit=home,
                owner=resident,
                proxy_phone=other_owner.phone,
                matters="本次表决",
                valid_until=vote.closes_at,
                scan=photo("委托书.jpg"),
            )
            cast(vote, resident)

    open_votes(1, days=40)  # still open when the others open
    small = [_count(client, p) for p in (resident, other_owner)]
    open_votes(4, days=7)
    assert [_count(client, p) for p in (resident, other_owner)] == small
    assert _home(client, other_owner).count("/deliberation/votes/") >= 5
