"""The dashboard's drill-downs, exports and printable summary (issue 15): each figure opens
the list behind it within the viewer's scope; the CSV and the XLSX hold the table's rows in
its order, one figure a column, formula-safe; the A4 summary's totals are the rows' sums."""

import csv
import io
import re
from datetime import timedelta
from html import unescape
from types import SimpleNamespace

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from deliberation.models import Suggestion
from finance.models import Account
from portal.site.dashboard import exports, summary
from portal.site.dashboard.health import POOR, health
from portal.site.dashboard.models import CompoundFigures
from portal.site.dashboard.refresh import refresh_figures
from requests.models import Request
from tests import factories as f
from tests.requests.test_workflow import cat

pytestmark = pytest.mark.django_db
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
URL = "/dashboard/"
HOSTILE = ['=HYPERLINK("http://x")', "+1", "-1", "@SUM(A1:A2)"]


def _request(compound, reporter, **fields):
    now = timezone.now()
    data = {
        "compound": compound,
        "place": "大门",
        "category": cat(),
        "description": "灯坏了",
        "reporter": reporter,
        "handler_kind": "property",
        "accept_due": now + timedelta(hours=4),
        "resolve_due": now + timedelta(days=2),
    }
    return Request.objects.create(**data | fields)


def _troubles(compound, reporter, n: int) -> None:
    """Requests, suggestions, bodies and books giving each drill-down something to list;
    `n` varies the numbers between compounds."""
    now, today = timezone.now(), timezone.localdate()
    hour = timedelta(hours=1)
    for _ in range(n):
        _request(compound, reporter)  # open, on time
        _request(compound, reporter, accept_due=now - hour)  # late to be accepted only
    _request(compound, reporter, state="accepted", resolve_due=now - hour, escalation_level=1)
    _request(compound, reporter, state="closed", resolve_due=now - hour)  # not open
    for private in (False, True):
        Suggestion.objects.create(
            compound=compound, author=reporter, text="建议", answer_due=now - hour, private=private
        )
    Suggestion.objects.create(
        compound=compound, author=reporter, text="已答复", answer_due=now - hour, answered_at=now
    )
    Suggestion.objects.create(
        compound=compound, author=reporter, text="未到期", answer_due=now + hour
    )
    f.BodyFactory(compound=compound, term_number=1, end=today + timedelta(days=30 * n))
    f.BodyFactory(compound=compound, term_number=2, end=today + timedelta(days=200))
    Account.objects.create(
        compound=compound,
        kind="common_income",
        name="公共收益",
        opened_on=today - timedelta(days=40 * n),
        cadence="monthly",
    )


@pytest.fixture
def world(place, resident):
    community = place.compound.community
    w = SimpleNamespace(
        same=f.CompoundFactory(community=community, name="同社区小区"),
        sibling=f.CompoundFactory(
            community=f.CommunityFactory(street_office=community.street_office), name="同街道小区"
        ),
        quiet=f.CompoundFactory(community=community, name="安静小区"),
    )
    _troubles(place.compound, resident, 1)
    _troubles(w.same, resident, 2)
    _troubles(w.sibling, resident, 3)
    for i, name in enumerate(HOSTILE):
        f.CompoundFactory(community=community if i % 2 else w.sibling.community, name=name)
    refresh_figures()
    return w


LINK = re.compile(
    r'<td data-testid="(open|overdue|escalated|suggestions|disclosures-late|terms)">'
    r'<a href="([^"]+)"[^>]*>(\d+)</a>'
)


def _rows_listed(client, kind: str, url: str, compound) -> int:
    """How many rows the drill-down's page lists, checking they are the compound's."""
    response = client.get(url, **ZH)
    assert response.status_code == 200, url
    context = response.context
    if kind in ("open", "overdue", "escalated"):
        assert {r.compound_id for r in context["page"]} == {compound.pk}
        return context["page"].paginator.count
    if kind == "suggestions":
        rows = list(context["rows"])
        assert all(s.compound_id == compound.pk and s.answered_at is None for s in rows)
        return len(rows) + context["hidden"]
    if kind == "disclosures-late":
        assert context["compound"] == compound
        return sum(1 for r in context["rows"] if r.status == "late")
    today = timezone.localdate()
    soon = today + timedelta(days=92)
    return sum(1 for b in context["bodies"] if b.end and today <= b.end <= soon)


def test_each_drill_down_lists_exactly_the_rows_it_counts(
    client, place, world, street_staff, community_staff
):
    # Four compounds with troubles or none, and the hostile names (two in the community).
    mine = {street_staff: 4 + 4, community_staff: 3 + 2}
    for person in (street_staff, community_staff):
        client.force_login(person)
        html = client.get(URL, **ZH).content.decode()
        rows = re.findall(r'data-compound="(\d+)">(.*?)</tr>', html, re.S)
        assert len(rows) == mine[person]
        opened = 0
        for pk, cells in rows:
            compound = CompoundFigures.objects.get(compound_id=pk).compound
            for kind, url, n in LINK.findall(cells):
                listed = _rows_listed(client, kind, unescape(url), compound)
                assert listed == int(n), (person, compound, kind)
                opened += 1
        assert opened >= 6 * (2 if person is community_staff else 3)


def test_zero_stays_a_plain_zero_and_the_queue_link_has_the_agreed_format(
    client, place, world, street_staff
):
    client.force_login(street_staff)
    html = client.get(URL, **ZH).content.decode()
    quiet = re.search(rf'data-compound="{world.quiet.pk}">(.*?)</tr>', html, re.S).group(1)
    for kind in ("open", "overdue", "escalated", "suggestions", "terms"):
        assert f'<td data-testid="{kind}">0</td>' in quiet, kind
    c = place.compound.pk
    assert f'href="/requests/queue/?scope=area&amp;compound={c}&amp;overdue=1"' in html
    assert f'href="/requests/queue/?scope=area&amp;compound={c}&amp;escalated=1"' in html
    assert f'href="/requests/queue/?scope=area&amp;compound={c}"' in html


def test_a_private_suggestion_is_counted_on_its_drill_down_but_never_shown(
    client, place, world, street_staff
):
    client.force_login(street_staff)
    url = reverse("deliberation:suggestions", args=[place.compound.pk]) + "?late=1"
    response = client.get(url, **ZH)
    assert [s.text for s in response.context["rows"]] == ["建议"]
    assert response.context["hidden"] == 1
    assert 'data-testid="hidden-private"' in response.content.decode()
    everything = client.get(reverse("deliberation:suggestions", args=[place.compound.pk]))
    assert everything.context["hidden"] is None and len(everything.context["rows"]) == 3


# Exports ------------------------------------------------------------------------------------


def _order(client, sort: str) -> list[int]:
    html = client.get(f"{URL}?sort={sort}", **ZH).content.decode()
    return [int(pk) for pk in re.findall(r'data-testid="row" data-compound="(\d+)"', html)]


def _day(moment):
    return timezone.localtime(moment).date().isoformat() if moment else None


def _expected(pk: int) -> list:
    """A row of the export from the kept figures, restated field by field."""
    fig = CompoundFigures.objects.select_related("compound__community").get(compound_id=pk)
    c, h = fig.compound, health(fig)
    voted = fig.last_vote_closed_at is not None
    return [
        "'" + c.name if c.name[0] in "=+-@" else c.name,
        c.community.name,
        h.score,
        *[p.score for p in h.parts],
        fig.households,
        fig.residents,
        fig.open_requests,
        fig.overdue_requests,
        fig.escalated_requests,
        fig.resolve_hours_30,
        fig.resolve_hours_90,
        fig.rating_average if fig.rated else None,
        fig.rating_good_share if fig.rated else None,
        fig.suggestions_overdue,
        fig.last_vote_area_share if voted else None,
        fig.last_vote_heads_share if voted else None,
        fig.disclosures_late if fig.accounts else None,
        fig.vacancies,
        fig.accept_hours_30,
        fig.accept_hours_90,
        _day(fig.disclosure_last_published),
        _day(fig.disclosure_next_due),
        fig.proposals_under_way,
        fig.votes_open,
        fig.terms_ending,
        fig.volunteer_hours,
    ]


def _rated(place):
    """One compound with ratings and a closed vote, so shares and averages are exported."""
    CompoundFigures.objects.filter(compound=place.compound).update(
        rated=3, rating_average="4.33", rating_good_share="0.6667", resolve_hours_90="50.5",
        last_vote_closed_at=timezone.now(), last_vote_area_share="0.7012",
        last_vote_heads_share="0.5", volunteer_hours="12.5",
    )  # fmt: skip


@pytest.mark.parametrize("sort", ["health", "overdue", "households"])
def test_the_csv_is_the_table_in_its_order_with_a_bom(client, place, world, street_staff, sort):
    _rated(place)
    client.force_login(street_staff)
    response = client.get(f"/dashboard/export.csv?sort={sort}", **ZH)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert re.match(
        r'attachment; filename="dashboard-updated-\d{8}-\d{4}\.csv"',
        response["Content-Disposition"],
    )
    assert response.content.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    order = _order(client, sort)
    assert len(lines) == len(order) + 1 and len(lines[0]) == len(set(lines[0]))
    for line, pk in zip(lines[1:], order, strict=True):
        expected = ["" if v is None else str(v) for v in _expected(pk)]
        assert line == expected, pk
    names = [line[0] for line in lines[1:]]
    assert {f"'{n}" for n in HOSTILE} <= set(names)
    assert "0.6667" in lines[1 + order.index(place.compound.pk)]


def test_the_xlsx_opens_with_numbers_as_numbers_and_equals_the_table(
    client, place, world, street_staff
):
    _rated(place)
    client.force_login(street_staff)
    response = client.get("/dashboard/export.xlsx?sort=overdue", **ZH)
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    order = _order(client, "overdue")
    assert len(values) == len(order) + 1
    width = len(values[0])
    for row, pk in zip(values[1:], order, strict=True):
        expected = _expected(pk)
        expected += [None] * (width - len(expected))
        for got, want in zip(row, expected, strict=True):
            if want is None or isinstance(want, str):
                assert got == want, pk
            else:
                assert isinstance(got, int | float) and got == float(want), (pk, got, want)
    formulas = [c for r in sheet.iter_rows() for c in r if c.data_type == "f"]
    assert formulas == []
    mine = values[1 + order.index(place.compound.pk)]
    assert 0.6667 in mine and 0.7012 in mine and 4.33 in mine


def test_community_staff_export_their_community_and_others_get_404(
    client, place, world, community_staff, resident
):
    client.force_login(community_staff)
    lines = list(
        csv.reader(io.StringIO(client.get("/dashboard/export.csv").content.decode("utf-8-sig")))
    )
    assert {line[0] for line in lines[1:]} == {
        place.compound.name,
        world.same.name,
        world.quiet.name,
        "'+1",
        "'@SUM(A1:A2)",
    }
    client.force_login(resident)
    for url in ("/dashboard/export.csv", "/dashboard/export.xlsx", "/dashboard/print/"):
        assert client.get(url).status_code == 404


# The printable summary ----------------------------------------------------------------------


def test_the_summary_totals_are_the_sums_of_the_rows(client, place, world, street_staff):
    more = [f.CompoundFactory(community=world.quiet.community) for _ in range(9)]
    for i, compound in enumerate([world.quiet, *more]):
        CompoundFigures.objects.update_or_create(
            compound=compound,
            defaults={"computed_at": timezone.now(), "overdue_requests": i % 6, "vacancies": i},
        )
    client.force_login(street_staff)
    response = client.get("/dashboard/print/", **ZH)
    assert response.status_code == 200
    html = response.content.decode()
    figures = list(
        CompoundFigures.objects.filter(compound__in=[r.compound for r in response.context["rows"]])
    )
    sums = {name: sum(getattr(x, name) for x in figures) for name in summary.SUMMED}
    sums["compounds"] = len(response.context["rows"])
    sums["poor"] = sum(1 for x in figures if health(x).score < POOR)
    for name, total in sums.items():
        assert re.search(rf'data-total="{name}">{total}<', html), name
    assert sums["overdue_requests"] > 0 and sums["poor"] > 0
    worst = response.context["worst"]
    assert len(worst) == 10
    scores = [w.row.health.score for w in worst]
    assert scores == sorted(scores) and scores[0] == min(health(x).score for x in figures)
    for w in worst:
        assert 1 <= len(w.weakest) <= 2
        lowest = sorted(p.score for p in w.row.health.parts if p.score is not None)
        assert [p.score for p in w.weakest] == lowest[: len(w.weakest)]
    assert html.count('data-testid="print-row"') == sums["compounds"]
    assert "data-print" in html and "onclick" not in html
    title = re.search(r"<h1>(.*?)</h1>", html, re.S).group(1)
    assert place.compound.community.street_office.name in title


def test_the_summary_of_community_staff_names_their_community(
    client, place, world, community_staff
):
    client.force_login(community_staff)
    html = client.get("/dashboard/print/", **ZH).content.decode()
    title = re.search(r"<h1>(.*?)</h1>", html, re.S).group(1)
    assert place.compound.community.name in title
    assert html.count('data-testid="print-row"') == 5


def test_the_header_offers_the_exports_and_the_print_in_the_pages_order(
    client, place, world, street_staff
):
    client.force_login(street_staff)
    html = client.get(URL + "?sort=overdue", **ZH).content.decode()
    assert 'href="/dashboard/export.csv?sort=overdue"' in html
    assert 'href="/dashboard/export.xlsx?sort=overdue"' in html
    assert 'href="/dashboard/print/?sort=overdue"' in html


def test_the_filename_carries_the_updated_time():
    moment = timezone.make_aware(timezone.datetime(2026, 11, 30, 13, 45))
    assert exports.filename(moment, "csv") == "dashboard-updated-20261130-1345.csv"
    assert exports.filename(None, "xlsx") == "dashboard-updated-not-counted.xlsx"


def test_a_compound_not_counted_yet_is_a_row_of_blanks_as_wide_as_the_header(
    client, place, world, street_staff
):
    late = f.CompoundFactory(community=place.compound.community, name="新建小区")
    client.force_login(street_staff)
    response = client.get("/dashboard/export.csv")
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert lines[-1] == ["新建小区", late.community.name] + [""] * (len(lines[0]) - 2)
