"""The trend charts' geometry (issue 15): gaps stay gaps, the scale is round, the value
labels show only where they fit, the table holds the same numbers."""

from datetime import datetime
from decimal import Decimal
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from django.template.loader import render_to_string
from django.utils import translation

from portal.site.dashboard.charts import COUNT, SHARE, Chart, Series, _nice, trend_charts
from portal.site.dashboard.trends import months_to

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
MONTHS = tuple(months_to(NOW))


def _chart(*values, kind=COUNT, bars=False, target=None) -> Chart:
    series = tuple(Series(f"s{i}", tuple(v)) for i, v in enumerate(values))
    return Chart("k", "T", MONTHS, series, kind, bars=bars, target=target)


def test_the_months_run_from_december_to_november_with_the_year_where_it_turns():
    axis = _chart([1] * 12).axis
    with translation.override("en"):
        labels = [label for _x, label, _y in _chart([1] * 12).axis]
    assert labels == ["12", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11"]
    assert [year for _x, _l, year in axis] == ["2025", "2026"] + [""] * 10


def test_a_round_scale_above_the_largest_value():
    assert [_nice(v) for v in (0, 0.4, 1, 3, 7, 10, 11, 23, 240, 999)] == [
        1,
        1,
        1,
        5,
        10,
        10,
        20,
        25,
        250,
        1000,
    ]
    assert _chart([Decimal("0.1")] * 12, kind=SHARE).top_value == 1  # shares: 0–100%


def test_a_month_without_data_is_a_gap_never_a_zero():
    values = [3, 4, None, 5, None, None, 0, 2, 2, None, 1, None]
    (drawn,) = _chart(values).drawn()
    assert len(drawn.points) == 7  # the zero is a point, the Nones are not
    assert len(drawn.lines) == 2  # 3–4 and 0–2–2; 5 and 1 stand alone, as marks


def test_runs_are_broken_at_each_gap():
    (drawn,) = _chart([3, 4, None, 5, None, None, 0, 2, 2, None, 1, None]).drawn()
    assert [len(line.split()) for line in drawn.lines] == [2, 3]  # lone points: a mark only
    zero = drawn.points[3]
    assert zero.y == Chart.bottom and zero.text == "0"


def test_value_labels_show_where_they_fit_and_the_table_always():
    wide = _chart([1234] * 12, [999] * 12)  # two lines: a label above, one below each month
    assert all(p.text for d in wide.drawn() for p in d.points)
    crowded = _chart([Decimal("1")] * 12, [Decimal("0.5")] * 12, kind=SHARE, bars=True)
    assert not any(p.text for d in crowded.drawn() for p in d.points)
    assert crowded.rows()[0][1] == ["100.0%", "50.0%"]
    assert _chart([None] * 12).rows()[5][1] == ["—"]


def test_the_lower_series_label_goes_below_its_point():
    a, b = _chart([10] * 12, [4] * 12).drawn()
    assert a.points[0].text_y < a.points[0].y < b.points[0].y < b.points[0].text_y
    a, b = _chart([5] * 12, [5] * 12).drawn()  # equal: the first above, the second below
    assert a.points[0].text_y < a.points[0].y == b.points[0].y < b.points[0].text_y
    # At the foot of the plot a label below would sit on the months' names: equal values
    # are written once, above; a lower value near the foot goes above its point.
    a, b = _chart([0] * 12, [0] * 12).drawn()
    assert a.points[0].text == "0" and b.points[0].text == ""
    a, b = _chart([100] * 12, [1] * 12).drawn()
    assert all(p.text_y < Chart.bottom for d in (a, b) for p in d.points)
    b, a = _chart([4] * 12, [10] * 12).drawn()  # the first series lower: its label below
    assert b.points[0].text_y > b.points[0].y and a.points[0].text_y < a.points[0].y


def test_the_two_thirds_line_sits_at_two_thirds_of_the_height():
    chart = _chart([Decimal("0.5")] * 12, kind=SHARE, target=Decimal(2) / 3)
    height = Chart.bottom - Chart.top
    assert abs(chart.target_y - (Chart.bottom - height * 2 / 3)) < 0.1


def test_six_charts_from_the_kept_months_and_an_accessible_svg_each():
    row = SimpleNamespace(
        month=MONTHS[-1],
        filed=7,
        resolved=5,
        resolve_hours=Decimal("30.5"),
        rated=2,
        rating_average=Decimal("4.50"),
        rating_good_share=Decimal("1"),
        votes_closed=1,
        area_share=Decimal("0.7"),
        heads_share=Decimal("0.6"),
        disclosures_due=2,
        disclosures_on_time=1,
        punctuality=Decimal("0.5"),
    )
    charts = trend_charts("p1", [row], now=NOW)
    assert len(charts) == 6 and len({c.key for c in charts}) == 6
    for chart in charts:
        assert all(v is None for s in chart.series for v in s.values[:-1])  # no rows: gaps
        html = render_to_string("portal/_chart.html", {"chart": chart})
        assert (
            'role="img"' in html and f'aria-labelledby="{chart.key}-title {chart.key}-desc"' in html
        )
        assert f'<title id="{chart.key}-title">' in html and 'viewBox="0 0 360 200"' in html
        assert html.count("<tr>") == 13  # the header and twelve months
    participation = next(c for c in charts if c.key == "p1-participation")
    assert participation.rows()[-1][1] == ["70.0%", "60.0%", "1"]
    assert participation.target_y is not None
