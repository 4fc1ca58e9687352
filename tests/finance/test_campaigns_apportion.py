"""Apportioning a campaign's target (finance/apportion.py): hand-computed cases named for
what they show, and a hypothesis test against a plain Fraction reference — the parts sum
exactly to the target, each within one fen of its exact share, whatever the order given."""

import random
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from finance.apportion import ApportionError, Weighted, apportion, to_fen


def parts(target_fen, weights):
    """Weights in the compound's order: the order key is the index."""
    found = apportion(target_fen, [Weighted(n, w) for n, w in enumerate(weights)])
    return [found[n] for n in range(len(weights))]


def test_three_homes_share_a_hundred_yuan_the_first_in_order_takes_the_odd_fen():
    assert parts(10000, [1, 1, 1]) == [3334, 3333, 3333]  # 33.34 / 33.33 / 33.33


def test_the_fen_left_over_go_to_the_largest_remainders_then_by_order():
    # 100 fen among 7: 14 each (98), remainders all 2/7 — ties: the first two in order.
    assert parts(100, [1] * 7) == [15, 15, 14, 14, 14, 14, 14]
    # By area 60, 90, 50 m² of ¥10.01: exact 3.003, 4.5045, 2.5025 yuan → 300.3, 450.45,
    # 250.25 fen; floors 300+450+250 = 1000, one fen left: the largest remainder (.45).
    assert parts(1001, [Decimal("60"), Decimal("90"), Decimal("50")]) == [300, 451, 250]


def test_areas_with_two_decimals_are_compared_exactly():
    # 89.50 and 89.49 m² of 2 fen: exact 1.00006… and 0.99994…: floors 1 and 0, the fen
    # left goes to the larger remainder, the second's .99994. Of 3 fen: 1.50008… and
    # 1.49991…: floors 1 and 1, the fen left to the first (.50008 > .49991).
    assert parts(2, [Decimal("89.50"), Decimal("89.49")]) == [1, 1]
    assert parts(3, [Decimal("89.50"), Decimal("89.49")]) == [2, 1]


def test_a_home_with_no_weight_pays_nothing_when_others_carry_the_target():
    assert parts(900, [2, 0, 1]) == [600, 0, 300]


def test_the_order_the_units_come_in_does_not_matter():
    units = [
        Weighted(("18栋", "2单元", floor, door), 1) for floor in (3, 1, 2) for door in ("04", "02")
    ]
    shuffled = list(reversed(units))
    assert apportion(1001, units) == apportion(1001, shuffled)
    first = min(u.order for u in units)
    assert apportion(1001, units)[first] == 167  # 1001 / 6 = 166 r 5: the first five get 167


@pytest.mark.parametrize(
    ("target", "weights"),
    [(100, []), (100, [0, 0]), (0, [1]), (-5, [1]), (100, [1, -1])],
    ids=["no units", "all weights zero", "zero target", "negative target", "negative weight"],
)
def test_nothing_sensible_to_apportion_is_refused(target, weights):
    with pytest.raises(ApportionError):
        parts(target, weights)


def test_yuan_become_fen_and_three_decimals_are_refused():
    assert to_fen(Decimal("3600.00")) == 360000
    assert to_fen(Decimal("0.01")) == 1
    with pytest.raises(ApportionError):
        to_fen(Decimal("1.005"))


def reference(target_fen: int, weights: list) -> list[int]:
    """Largest remainder the slow, plain way, with Fractions."""
    total = sum(Fraction(w) for w in weights)
    exact = [Fraction(target_fen) * Fraction(w) / total for w in weights]
    floors = [int(e) for e in exact]
    ranked = sorted(range(len(weights)), key=lambda n: (-(exact[n] - floors[n]), n))
    for n in ranked[: target_fen - sum(floors)]:
        floors[n] += 1
    return floors


areas = st.decimals(min_value=0, max_value=10_000, places=2, allow_nan=False, allow_infinity=False)
counts = st.integers(min_value=0, max_value=12)


@settings(max_examples=400, deadline=None)
@given(
    target=st.integers(min_value=1, max_value=10**12),
    weights=st.one_of(
        st.lists(areas, min_size=1, max_size=60), st.lists(counts, min_size=1, max_size=60)
    ),
    seed=st.integers(min_value=0, max_value=2**32),
)
def test_the_parts_always_sum_exactly_each_within_a_fen_whatever_the_order(target, weights, seed):
    if not any(weights):
        with pytest.raises(ApportionError):
            parts(target, weights)
        return
    found = parts(target, weights)
    assert sum(found) == target
    total = sum(Fraction(w) for w in weights)
    for part, weight in zip(found, weights, strict=True):
        assert abs(part - Fraction(target) * Fraction(weight) / total) < 1
    assert found == reference(target, weights)
    units = [Weighted(n, w) for n, w in enumerate(weights)]
    random.Random(seed).shuffle(units)
    assert apportion(target, units) == dict(enumerate(found))  # order-independent, deterministic
