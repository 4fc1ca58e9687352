"""Shares as bars against the lines of the law, for people to read: the share itself, the
line it is measured against and whether it is met. Whether a line is met always comes from
deliberation/tally.py (exact arithmetic); the percentages here only draw and describe."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from deliberation import tally

TWO_THIRDS = Decimal(200) / 3
HALF = Decimal(50)
THREE_QUARTERS = Decimal(75)


@dataclass(frozen=True)
class Bar:
    label: str  # "Area taking part"
    percent: Decimal  # the share, 0–100 (for drawing)
    line: Decimal  # the line of the law, 0–100
    line_label: str  # "two thirds"
    met: bool  # from the tally, never from the percentages
    detail: str  # the raw numbers: "1 234.00 of 2 000.00 m²"

    @property
    def shown(self) -> str:
        return f"{self.percent:.1f}"

    @property
    def line_shown(self) -> str:
        return f"{self.line:.1f}"

    @property
    def sentence(self) -> str:
        """The bar in words, for screen readers and for anyone who cannot see it."""
        numbers = {
            "label": self.label,
            "percent": self.shown,
            "detail": self.detail,
            "line": self.line_label,
        }
        if self.met:
            return (
                _("%(label)s: %(percent)s%% (%(detail)s); the line of %(line)s is met.") % numbers
            )
        return (
            _("%(label)s: %(percent)s%% (%(detail)s); the line of %(line)s is not met.") % numbers
        )


def _percent(part, whole) -> Decimal:
    part, whole = Decimal(str(part)), Decimal(str(whole))
    return min(Decimal(100), 100 * part / whole) if whole else Decimal(0)


def participation_bars(t: tally.Tally) -> list[Bar]:
    """Area and owners taking part against the 2/3 line (民法典 第二百七十八条第二款)."""
    area = tally.square_metres
    return [
        Bar(
            _("Area taking part"),
            _percent(t.participating_area, t.total_area),
            TWO_THIRDS,
            _("two thirds"),
            t.quorum_area_met,
            _("%(part)s of %(total)s m²")
            % {"part": area(t.participating_area), "total": area(t.total_area)},
        ),
        Bar(
            _("Owners taking part"),
            _percent(t.participating_heads, t.total_heads),
            TWO_THIRDS,
            _("two thirds"),
            t.quorum_heads_met,
            _("%(part)s of %(total)s owners")
            % {"part": t.participating_heads, "total": t.total_heads},
        ),
    ]


def result_bars(r: dict) -> list[Bar]:
    """A stored result (tally.Tally.as_dict) as four bars: area and owners taking part
    against 2/3, then area and owners for against 3/4 (items 6–8) or more than half."""
    special = r["rule"] == "special"
    line, line_label = (
        (THREE_QUARTERS, _("three quarters")) if special else (HALF, _("more than half"))
    )
    participation = [
        Bar(
            _("Area taking part"),
            _percent(r["participating_area"], r["total_area"]),
            TWO_THIRDS,
            _("two thirds"),
            r["quorum_area_met"],
            _("%(part)s of %(total)s m²")
            % {"part": r["participating_area"], "total": r["total_area"]},
        ),
        Bar(
            _("Owners taking part"),
            _percent(r["participating_heads"], r["total_heads"]),
            TWO_THIRDS,
            _("two thirds"),
            r["quorum_heads_met"],
            _("%(part)s of %(total)s owners")
            % {"part": r["participating_heads"], "total": r["total_heads"]},
        ),
    ]
    if r.get("item") == tally.ORDINARY_AFFAIR:  # counted before: no quorum
        participation = []
    return participation + [
        Bar(
            _("Area for"),
            _percent(r["for_area"], r["participating_area"]),
            line,
            line_label,
            r["approval_area_met"],
            _("%(part)s of %(total)s m² taking part")
            % {"part": r["for_area"], "total": r["participating_area"]},
        ),
        Bar(
            _("Owners for"),
            _percent(r["for_heads"], r["participating_heads"]),
            line,
            line_label,
            r["approval_heads_met"],
            _("%(part)s of %(total)s owners taking part")
            % {"part": r["for_heads"], "total": r["participating_heads"]},
        ),
    ]


def verdict(r: dict) -> tuple[bool, list[str]]:
    """Passed or not, and why not, in plain words (every reason that applies)."""
    if r["approved"]:
        return True, []
    reasons = []
    if not r["quorum_area_met"]:
        reasons.append(_("the area taking part is less than two thirds"))
    if not r["quorum_heads_met"]:
        reasons.append(_("the owners taking part are fewer than two thirds"))
    if r["quorum_met"] and r["rule"] == "special":
        if not r["approval_area_met"]:
            reasons.append(_("the area for is less than three quarters"))
        if not r["approval_heads_met"]:
            reasons.append(_("the owners for are fewer than three quarters"))
    elif r["quorum_met"]:
        if not r["approval_area_met"]:
            reasons.append(_("the area for is not more than half"))
        if not r["approval_heads_met"]:
            reasons.append(_("the owners for are not more than half"))
    return False, reasons


@dataclass(frozen=True)
class TopicResult:
    """One topic of a closed vote as its page shows it: verdict and why, then the bars."""

    topic: object
    approved: bool
    reasons: list[str]
    bars: list[Bar]


def topic_results(topics) -> list[TopicResult]:
    """The counted topics (those with a stored result) of a closed vote."""
    results = []
    for topic in topics:
        if topic.result:
            approved, reasons = verdict(topic.result)
            results.append(TopicResult(topic, approved, reasons, result_bars(topic.result)))
    return results
