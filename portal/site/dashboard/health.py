"""The governance-health indicator (issue 15): 0–100 per compound, from its kept figures,
as the weighted mean of named parts. docs/health.md explains each part, its weight, its
thresholds and why.

Each part scores 100 at its "good" threshold or better, 0 at its "bad" threshold or worse,
and linearly in between. A part without data (no ratings, no closed owners' vote, no
buildings with roles) is left out and the weights of the others renormalised; with no part
at all the indicator is None ("—")."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

TWO_THIRDS = Decimal(2) / Decimal(3)
POOR = 60  # below this a compound is "in poor health" (the staff home panel counts them)


@dataclass(frozen=True)
class Rule:
    key: str
    label: str
    weight: int
    good: float  # scores 100 at this value or better
    bad: float  # scores 0 at this value or worse
    percent: bool = False  # a share, shown as a percentage

    def shown(self, value: float) -> str:
        """A threshold as the page shows it: 2/3 as 66.7%, 48.0 as 48."""
        if self.percent:
            return f"{Decimal(value * 100).quantize(Decimal('0.1'), ROUND_HALF_UP).normalize():f}%"
        return f"{Decimal(str(value)).normalize():f}"

    @property
    def good_shown(self) -> str:
        return self.shown(self.good)

    @property
    def bad_shown(self) -> str:
        return self.shown(self.bad)


RULES = (
    Rule("overdue", _("Overdue requests"), 25, 0, 5),
    Rule("satisfaction", _("Satisfaction"), 15, 4.5, 3.0),
    Rule("resolve_time", _("Median hours to resolve (90 days)"), 10, 48, 168),
    Rule("suggestions", _("Suggestions unanswered past their deadline"), 10, 0, 3),
    Rule("disclosures", _("Financial disclosures late"), 15, 0, 2),
    Rule("vacancies", _("Building roles vacant"), 10, 0, 0.5, percent=True),
    Rule(
        "participation",
        _("Last owners' vote participation"),
        15,
        float(TWO_THIRDS),
        1 / 3,
        percent=True,
    ),
)
BY_KEY = {rule.key: rule for rule in RULES}


@dataclass(frozen=True)
class Part:
    rule: Rule
    value: object  # the figure the part reads (None: no data)
    score: int | None  # 0–100, None: left out

    @property
    def label(self):
        return self.rule.label

    @property
    def weight(self) -> int:
        return self.rule.weight


@dataclass(frozen=True)
class Health:
    score: int | None
    parts: tuple[Part, ...]

    def __str__(self) -> str:  # the parts, for a title attribute
        return "; ".join(
            f"{p.label}: {'—' if p.score is None else p.score} (×{p.weight})" for p in self.parts
        )


def _round(value) -> int:
    """Half up, as one counts by hand (68.5 → 69)."""
    return int(Decimal(str(value)).quantize(Decimal(1), ROUND_HALF_UP))


def linear(value, good: float, bad: float) -> int:
    """100 at `good` or better, 0 at `bad` or worse, linear between (either direction)."""
    position = (float(value) - bad) / (good - bad)
    return _round(100 * min(1.0, max(0.0, position)))


def _values(f) -> dict:
    vote = None
    if f.last_vote_area_share is not None and f.last_vote_heads_share is not None:
        vote = min(f.last_vote_area_share, f.last_vote_heads_share)  # both must reach 2/3
    return {
        "overdue": f.overdue_requests,
        "satisfaction": f.rating_average,
        "resolve_time": f.resolve_hours_90,
        "suggestions": f.suggestions_overdue,
        "disclosures": f.disclosures_late if f.accounts else None,
        "vacancies": Decimal(f.vacancies) / f.role_slots if f.role_slots else None,
        "participation": vote,
    }


def health(figures) -> Health:
    """The indicator of one compound's kept figures (a CompoundFigures or alike)."""
    values = _values(figures)
    parts = []
    for rule in RULES:
        value = values[rule.key]
        score = None if value is None else linear(value, rule.good, rule.bad)
        parts.append(Part(rule, value, score))
    scored = [p for p in parts if p.score is not None]
    weight = sum(p.weight for p in scored)
    total = _round(sum(p.score * p.weight for p in scored) / weight) if weight else None
    return Health(total, tuple(parts))
