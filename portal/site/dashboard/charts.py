"""The trends as charts (issue 15): the geometry of a 12-month line or bar chart, drawn by
templates/portal/_chart.html as server-side SVG — no JavaScript, no library. The table under
each chart holds the same numbers and is the truth; the chart is its picture.

A month without data (no row kept, or nothing to take a median, an average or a share of)
is a gap: no point, no bar, the line broken — never a zero. Series differ by their marks
(a filled circle on a solid line, an open square on a dashed one), never by colour alone,
so they print in black on white."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext, pgettext_lazy

from portal.site.dashboard.health import TWO_THIRDS
from portal.site.dashboard.trends import months_to

WIDTH, HEIGHT = 360, 200
LEFT, RIGHT, TOP, BOTTOM = 34, 10, 18, 36
PLOT_W, PLOT_H = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
VALUE_CHAR = 5.8  # the width of a digit of a value label (10 units high), for fitting
NICE = (1, 2, 2.5, 5, 10)


def _nice(top: float) -> float:
    """The smallest 1, 2, 2.5 or 5 × 10^k at or above `top` (at least 1)."""
    if top <= 1:
        return 1
    scale = 1
    while scale * 10 < top:
        scale *= 10
    return next(n * scale for n in NICE if n * scale >= top)


def _plain(value: float) -> str:
    return f"{Decimal(str(value)).normalize():f}"


@dataclass(frozen=True)
class Kind:
    """How a chart reads its numbers: a count, hours, an average of 1–5 or a share."""

    name: str

    def top(self, values: list) -> float:
        if self.name == "share":
            return 1
        if self.name == "rating":
            return 5
        return _nice(float(max(values, default=0)))

    def short(self, value) -> str:
        """On the chart: whole percentages, one decimal of hours or ratings."""
        if self.name == "share":
            return f"{(Decimal(value) * 100).quantize(Decimal(1), ROUND_HALF_UP)}%"
        if self.name in ("hours", "rating"):
            return f"{Decimal(value).quantize(Decimal('0.1'), ROUND_HALF_UP)}"
        return str(value)

    def full(self, value) -> str:
        """In the table: shares to a tenth of a percent, as the dashboard shows them."""
        if value is None:
            return "—"
        if self.name == "share":
            return f"{(Decimal(value) * 100).quantize(Decimal('0.1'), ROUND_HALF_UP)}%"
        return str(value)

    def tick(self, value: float) -> str:
        return f"{round(value * 100)}%" if self.name == "share" else _plain(value)


COUNT, HOURS, RATING, SHARE = Kind("count"), Kind("hours"), Kind("rating"), Kind("share")


@dataclass(frozen=True)
class Series:
    label: str
    values: tuple  # one per month, None for a gap


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    text: str  # the value label, "" when labels do not fit
    text_y: float
    height: float  # of its bar, down to the axis
    bar_x: float  # the left of its bar

    @property
    def bar_y(self) -> float:
        return round(TOP + PLOT_H - self.height, 1)

    @property
    def corner(self) -> tuple[float, float]:
        """The top left of a square mark (or of a bar, with the chart's bar width)."""
        return round(self.x - 3, 1), round(self.y - 3, 1)


@dataclass(frozen=True)
class Drawn:
    """One series as drawn: its style ("a" filled and solid, "b" open and dashed), the runs
    of consecutive months as polylines, its points (or bars) with their labels."""

    label: str
    style: str
    lines: tuple[str, ...]
    points: tuple[Point, ...]
    bar_width: float


@dataclass(frozen=True)
class Chart:
    key: str  # unique on its page: the ids of <title> and <desc>
    title: str
    months: tuple[date, ...]
    series: tuple[Series, ...]
    kind: Kind
    bars: bool = False
    target: Decimal | None = None  # a horizontal line: the ⅔ owners' votes must reach
    notes: tuple[Series, ...] = ()  # counts the table shows beside the values (not drawn)

    width, height, left, right, top, bottom = WIDTH, HEIGHT, LEFT, WIDTH - RIGHT, TOP, TOP + PLOT_H
    tick_x, month_y, year_y = LEFT - 4, TOP + PLOT_H + 13, TOP + PLOT_H + 25

    @property
    def slot(self) -> float:
        return PLOT_W / len(self.months)

    @property
    def top_value(self) -> float:
        values = [v for s in self.series for v in s.values if v is not None]
        return self.kind.top(values)

    def _y(self, value) -> float:
        return round(TOP + PLOT_H * (1 - float(value) / self.top_value), 1)

    def _x(self, i: int) -> float:
        return round(LEFT + self.slot * (i + 0.5), 1)

    @property
    def ticks(self) -> list[tuple[float, str]]:
        top = self.top_value
        return [(self._y(v), self.kind.tick(v)) for v in (0, top / 2, top)]

    @property
    def axis(self) -> list[tuple[float, str, str]]:
        """(x, month label, the year under January and the first month)."""
        return [
            (
                self._x(i),
                pgettext("a month on a chart's axis", "%(month)d") % {"month": m.month},
                str(m.year) if i == 0 or m.month == 1 else "",
            )
            for i, m in enumerate(self.months)
        ]

    @property
    def target_y(self) -> float | None:
        return None if self.target is None else self._y(self.target)

    def _labels_fit(self) -> bool:
        room = self.slot / (len(self.series) if self.bars else 1)
        texts = [self.kind.short(v) for s in self.series for v in s.values if v is not None]
        return max((len(t) for t in texts), default=0) * VALUE_CHAR <= room

    def drawn(self) -> list[Drawn]:
        fit, n = self._labels_fit(), len(self.series)
        result = []
        for j, series in enumerate(self.series):
            width = self.slot * 0.8 / n if self.bars else 0
            points, runs, run = [], [], []
            for i, value in enumerate(series.values):
                if value is None:
                    runs, run = runs + [run], []
                    continue
                x = self._x(i) + (width * (j - (n - 1) / 2) if self.bars else 0)
                y = self._y(value)
                # A label goes below its point when another series is higher there (or as
                # high, for the second series), so two labels never sit on each other.
                other = [s.values[i] for s in self.series if s is not series]
                below = not self.bars and any(
                    o is not None and (o > value or (j and o == value)) for o in other
                )
                text = self.kind.short(value) if fit else ""
                if below and y + 14 > TOP + PLOT_H:  # would sit on the months' labels
                    below = False
                    if any(o == value for o in other):
                        text = ""  # the same number is written above, once
                text_y = y + 14 if below else y - 5
                height = max(round(TOP + PLOT_H - y, 1), 1)  # a zero shows as a thin bar
                points.append(Point(round(x, 1), y, text, text_y, height, round(x - width / 2, 1)))
                run.append(f"{round(x, 1)},{y}")
            runs.append(run)
            lines = tuple(" ".join(r) for r in runs if len(r) > 1 and not self.bars)
            result.append(Drawn(series.label, "ab"[j], lines, tuple(points), round(width, 1)))
        return result

    @property
    def columns(self) -> list[str]:
        return [s.label for s in (*self.series, *self.notes)]

    def rows(self) -> list[tuple[date, list[str]]]:
        """The table: (month, [each series' value, then each note's], "—" for a gap)."""
        return [
            (
                m,
                [self.kind.full(s.values[i]) for s in self.series]
                + [COUNT.full(s.values[i]) for s in self.notes],
            )
            for i, m in enumerate(self.months)
        ]


def _series(label, months, rows, read) -> Series:
    return Series(label, tuple(read(rows[m]) if m in rows else None for m in months))


def trend_charts(prefix: str, rows, now=None) -> list[Chart]:
    """The six charts of one place from its kept months (TrendMonth rows, any order)."""
    months = tuple(months_to(now))
    by_month = {r.month: r for r in rows}

    def series(label, read):
        return _series(label, months, by_month, read)

    def chart(key, title, kind, *s, **options):
        return Chart(f"{prefix}-{key}", title, months, s, kind, **options)

    return [
        chart(
            "requests",
            _("Requests filed and resolved"),
            COUNT,
            series(pgettext_lazy("requests in a month", "Filed"), lambda r: r.filed),
            series(_("Resolved"), lambda r: r.resolved),
        ),
        chart(
            "resolve",
            _("Median hours to resolve"),
            HOURS,
            series(_("Median hours"), lambda r: r.resolve_hours),
        ),
        chart(
            "satisfaction",
            _("Satisfaction (average rating, 1–5)"),
            RATING,
            series(_("Average rating"), lambda r: r.rating_average),
            notes=(series(_("Ratings"), lambda r: r.rated),),
        ),
        chart(
            "good",
            _("Share of ratings of 4 or 5"),
            SHARE,
            series(_("Rated 4–5"), lambda r: r.rating_good_share),
            notes=(series(_("Ratings"), lambda r: r.rated),),
        ),
        chart(
            "participation",
            _("Owners' votes: participation"),
            SHARE,
            series(_("Area"), lambda r: r.area_share),
            series(_("Owners"), lambda r: r.heads_share),
            target=TWO_THIRDS,
            notes=(series(_("Votes closed"), lambda r: r.votes_closed),),
        ),
        chart(
            "disclosures",
            _("Financial disclosures published on time"),
            SHARE,
            series(_("Published on time"), lambda r: r.punctuality),
            bars=True,
            notes=(
                series(_("Periods due"), lambda r: r.disclosures_due),
                series(_("On time"), lambda r: r.disclosures_on_time),
            ),
        ),
    ]
