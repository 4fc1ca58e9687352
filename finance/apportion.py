"""Apportioning a campaign's target among the households it covers (众筹/分摊): a pure
function over plain numbers, in integer fen.

The rule (largest remainder, Hamilton's method): each unit's exact share is
target × weight ÷ total weight; it gets the floor of that in fen; the fen left over —
fewer than the number of units — go one each to the units with the largest remainders,
ties broken by the units' order in the compound (building, entrance, floor, door). The
parts therefore sum exactly to the target, each within one fen of its exact share, and
the result depends only on the units and their weights, never on the order they are
given in. The arithmetic is exact: integers and the remainders compared as integers.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from decimal import Decimal


class ApportionError(ValueError):
    """Nothing sensible to apportion (no units, no weight at all)."""


@dataclass(frozen=True)
class Weighted:
    """One unit to share the target: its place in the compound's order (`order`, any
    sortable key, unique per unit) and its weight (1, its area, its residents)."""

    order: Hashable
    weight: Decimal | int


def to_fen(yuan: Decimal) -> int:
    fen = yuan * 100
    if fen != fen.to_integral_value():
        raise ApportionError("a sum of money has at most two decimal places")
    return int(fen)


def apportion(target_fen: int, units: Sequence[Weighted]) -> dict[Hashable, int]:
    """The part of each unit in fen, keyed by its `order`; they sum to `target_fen`.

    Weights are made integers exactly (areas have two decimals: ×100), so that the
    remainders compare without rounding."""
    if not units:
        raise ApportionError("no units")
    if target_fen <= 0:
        raise ApportionError("the target must be positive")
    if any(Decimal(u.weight) < 0 for u in units):
        raise ApportionError("a weight is negative")
    scale = _scale(units)
    weights = [(u.order, int(Decimal(u.weight) * scale)) for u in units]
    total = sum(w for _order, w in weights)
    if total == 0:
        raise ApportionError("every weight is zero")
    parts, remainders = {}, []
    for order, weight in weights:
        whole, remainder = divmod(target_fen * weight, total)
        parts[order] = whole
        remainders.append((-remainder, order))
    left = target_fen - sum(parts.values())
    for _remainder, order in sorted(remainders)[:left]:
        parts[order] += 1
    return parts


def _scale(units: Sequence[Weighted]) -> int:
    """The power of ten that makes every weight a whole number."""
    places = max(-min(Decimal(u.weight).as_tuple().exponent, 0) for u in units)
    return 10**places
