"""The owners' vote count of 民法典 第二百七十八条, in exact arithmetic.

Areas are kept in hundredths of a square metre as integers and shares are compared by
cross-multiplication, so no float or rounding ever decides a vote.

- Participation (items 1–9): the owners taking part hold at least 2/3 of the total
  专有部分面积 AND are at least 2/3 of the total headcount. "以上" includes the number.
- Approval, items 6, 7, 8 (raising the fund, rebuilding or altering, changing the use of
  common parts): at least 3/4 of the participating area AND of the participating headcount.
- Approval, every other item: more than half ("过半数", strictly more — 民法典 第1259条) of
  the participating area AND of the participating headcount.
- Item 0, an ordinary compound affair with no participation quorum and approval by more
  than half, is counted only for votes and bundles made before every owners' vote carried
  a matter of 第278条 (the portal now puts an ordinary affair to the owners as item 9).

A valid ballot of for, against or abstain is participation; owners who do not vote are
never participants and never "for". A blank (空白票) or spoiled (作废票) paper ballot is
neither for, against nor abstain; it counts toward participation when
`invalid_participate` (the owner took part; DELIBERATION_INVALID_BALLOTS_PARTICIPATE,
frozen on the vote), and so weighs like "against" in the approval shares. Headcount follows
法释〔2009〕7号 第九条 through the roll's head keys: units sharing a key count as one owner,
participating when any of them has a ballot; such units must carry the same choice.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

CHOICES = ("for", "against", "abstain")
INVALID = ("blank", "spoiled")  # paper ballots only: neither for, against nor abstain
MARKS = CHOICES + INVALID
CHANNELS = ("online", "proxy", "paper", "onsite")
SPECIAL_ITEMS = frozenset({6, 7, 8})
ORDINARY_AFFAIR = 0
ITEMS = range(0, 10)


class TallyError(ValueError):
    """The roll and ballots cannot be counted as given (a malformed bundle)."""


@dataclass(frozen=True)
class RollRow:
    unit: str
    building: str
    area: Decimal
    head_key: str


@dataclass(frozen=True)
class BallotRow:
    unit: str
    choice: str
    channel: str = "online"


def cents(area: Decimal) -> int:
    """Square metres with at most two decimal places, as integer hundredths."""
    scaled = area * 100
    if scaled != scaled.to_integral_value():
        raise TallyError(f"area {area} has more than two decimal places")
    return int(scaled)


def square_metres(hundredths: int) -> str:
    return f"{Decimal(hundredths) / 100:.2f}"


@dataclass(frozen=True)
class Tally:
    item: int
    total_area: int  # hundredths of a square metre
    total_heads: int
    participating_area: int
    participating_heads: int
    for_area: int
    for_heads: int
    against_area: int
    against_heads: int
    abstain_area: int
    abstain_heads: int
    blank_area: int = 0
    blank_heads: int = 0
    spoiled_area: int = 0
    spoiled_heads: int = 0
    invalid_participate: bool = True

    @property
    def special(self) -> bool:
        return self.item in SPECIAL_ITEMS

    @property
    def quorum_area_met(self) -> bool:
        return self.item == ORDINARY_AFFAIR or 3 * self.participating_area >= 2 * self.total_area

    @property
    def quorum_heads_met(self) -> bool:
        return self.item == ORDINARY_AFFAIR or 3 * self.participating_heads >= 2 * self.total_heads

    @property
    def quorum_met(self) -> bool:
        return self.quorum_area_met and self.quorum_heads_met

    @property
    def approval_area_met(self) -> bool:
        if self.special:
            return 4 * self.for_area >= 3 * self.participating_area and self.for_area > 0
        return 2 * self.for_area > self.participating_area

    @property
    def approval_heads_met(self) -> bool:
        if self.special:
            return 4 * self.for_heads >= 3 * self.participating_heads and self.for_heads > 0
        return 2 * self.for_heads > self.participating_heads

    @property
    def approved(self) -> bool:
        return self.quorum_met and self.approval_area_met and self.approval_heads_met

    def gap_to_quorum(self) -> tuple[int, int]:
        """How much more participation the 2/3 thresholds need: (hundredths of m², heads).
        The smallest whole numbers that would meet each threshold, 0 when met."""
        area_needed = -(-2 * self.total_area // 3)  # ceil(2/3 of the total)
        heads_needed = -(-2 * self.total_heads // 3)
        return (
            max(0, area_needed - self.participating_area),
            max(0, heads_needed - self.participating_heads),
        )

    def as_dict(self) -> dict:
        """The JSON shape of `manage.py recount` and the stored result. Blank and spoiled
        ballots, and the rule they were counted by, appear only when there are some: a
        count without them has the shape results had before they existed, so every stored
        result and every bundle made before recounts to exactly what it says."""
        result = {
            "item": self.item,
            "total_area": square_metres(self.total_area),
            "total_heads": self.total_heads,
            "participating_area": square_metres(self.participating_area),
            "participating_heads": self.participating_heads,
            "for_area": square_metres(self.for_area),
            "for_heads": self.for_heads,
            "against_area": square_metres(self.against_area),
            "against_heads": self.against_heads,
            "abstain_area": square_metres(self.abstain_area),
            "abstain_heads": self.abstain_heads,
            "quorum_area_met": self.quorum_area_met,
            "quorum_heads_met": self.quorum_heads_met,
            "quorum_met": self.quorum_met,
            "approval_area_met": self.approval_area_met,
            "approval_heads_met": self.approval_heads_met,
            "approved": self.approved,
            "rule": "special" if self.special else "ordinary",
        }
        if self.blank_heads or self.spoiled_heads:
            result |= {
                "blank_area": square_metres(self.blank_area),
                "blank_heads": self.blank_heads,
                "spoiled_area": square_metres(self.spoiled_area),
                "spoiled_heads": self.spoiled_heads,
                "invalid_participate": self.invalid_participate,
            }
        return result


def count(
    roll: Iterable[RollRow],
    ballots: Iterable[BallotRow],
    item: int,
    *,
    invalid_participate: bool = True,
) -> Tally:
    """Count the ballots against the roll for a matter of 第278条 item `item` (1–9; 0 for
    the ordinary affairs of votes made before). Blank and spoiled ballots count toward
    participation when `invalid_participate`."""
    return count_on(
        roll_of((row.unit, row.area, row.head_key) for row in roll),
        ((ballot.unit, ballot.choice) for ballot in ballots),
        item,
        invalid_participate=invalid_participate,
    )


@dataclass(frozen=True)
class Roll:
    """A checked roll: each unit's area in hundredths and its head key."""

    areas: dict
    keys: dict


def roll_of(rows: Iterable[tuple]) -> Roll:
    """Check the roll's (unit, area, head key) rows once, for counting several topics."""
    areas: dict = {}
    keys: dict = {}
    for unit, area, key in rows:
        if unit in areas:
            raise TallyError(f"unit {unit} is twice on the roll")
        hundredths = cents(area)
        if hundredths <= 0:
            raise TallyError(f"unit {unit} has no area")
        areas[unit], keys[unit] = hundredths, key
    return Roll(areas, keys)


def count_on(
    roll: Roll,
    marks: Iterable[tuple],
    item: int,
    *,
    invalid_participate: bool = True,
) -> Tally:
    """`count` over a checked roll and (unit, choice) pairs."""
    if item not in ITEMS:
        raise TallyError(f"matter item {item} is not 0–9")
    areas, keys = roll.areas, roll.keys
    area_by_mark = dict.fromkeys(MARKS, 0)
    mark_of_key: dict[str, str] = {}
    seen: set = set()
    for unit, choice in marks:
        if unit not in areas:
            raise TallyError(f"unit {unit} is not on the roll")
        if unit in seen:
            raise TallyError(f"unit {unit} has two ballots")
        if choice not in MARKS:
            raise TallyError(f"unknown choice {choice!r}")
        seen.add(unit)
        area_by_mark[choice] += areas[unit]
        key = keys[unit]
        if mark_of_key.setdefault(key, choice) != choice:
            raise TallyError(f"units of head key {key} carry different choices")
    heads_by_mark = dict.fromkeys(MARKS, 0)
    for mark in mark_of_key.values():
        heads_by_mark[mark] += 1
    taking_part = MARKS if invalid_participate else CHOICES
    return Tally(
        item=item,
        total_area=sum(areas.values()),
        total_heads=len(set(keys.values())),
        participating_area=sum(area_by_mark[m] for m in taking_part),
        participating_heads=sum(heads_by_mark[m] for m in taking_part),
        for_area=area_by_mark["for"],
        for_heads=heads_by_mark["for"],
        against_area=area_by_mark["against"],
        against_heads=heads_by_mark["against"],
        abstain_area=area_by_mark["abstain"],
        abstain_heads=heads_by_mark["abstain"],
        blank_area=area_by_mark["blank"],
        blank_heads=heads_by_mark["blank"],
        spoiled_area=area_by_mark["spoiled"],
        spoiled_heads=heads_by_mark["spoiled"],
        invalid_participate=invalid_participate,
    )
