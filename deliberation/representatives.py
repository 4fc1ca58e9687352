"""The rule of a residents' representatives' meeting (居民代表会议), which may decide an
ordinary compound affair (never a matter of 民法典 第278条): pure functions over three
counts, like deliberation/tally.py.

居民委员会组织法 第九条 for the residents' meeting, followed in practice by representatives'
meetings: the meeting is held only with more than half of all representatives present
("必须有……过半数出席，才能举行"), and it decides by more than half of those present
("会议的决定，由出席人的过半数通过"). "过半数" is strict: 10 of 20 is not more than half.
The two shares are settings (DELIBERATION_REPRESENTATIVES_QUORUM and _MAJORITY, one half
by default) for a compound whose rules ask more."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

Fraction = tuple[int, int]


def share_of(text: str) -> Fraction:
    """A share as stored ("1/2") as a fraction (1, 2)."""
    numerator, denominator = (int(part) for part in text.split("/"))
    return numerator, denominator


def share_text(share: Fraction) -> str:
    return f"{share[0]}/{share[1]}"


def more_than(part: int, whole: int, share: Fraction) -> bool:
    """part > share × whole, in integers (never a rounded float)."""
    numerator, denominator = share
    return part * denominator > whole * numerator


def quorum_met(representatives: int, present: int, share: Fraction | None = None) -> bool:
    """More than `share` (one half by default) of all representatives are present."""
    share = share or settings.DELIBERATION_REPRESENTATIVES_QUORUM
    return more_than(present, representatives, share)


def passes(
    representatives: int | None,
    present: int,
    in_favour: int,
    quorum: Fraction | None = None,
    majority: Fraction | None = None,
) -> bool:
    """The meeting had its quorum and more than `majority` of those present were in favour.
    A decision recorded before the number of representatives was asked for
    (`representatives` None) is read as it was then: the majority of those present."""
    share = majority or settings.DELIBERATION_REPRESENTATIVES_MAJORITY
    if representatives is not None and not quorum_met(representatives, present, quorum):
        return False
    return more_than(in_favour, present, share)


def fewest_for_quorum(representatives: int, share: Fraction | None = None) -> int:
    """The smallest number present that makes the quorum (11 of 21, 11 of 20)."""
    numerator, denominator = share or settings.DELIBERATION_REPRESENTATIVES_QUORUM
    return representatives * numerator // denominator + 1


def _share_words(share: Fraction) -> str:
    if tuple(share) == (1, 2):
        return _("more than half")
    return _("more than %(n)s/%(d)s") % {"n": share[0], "d": share[1]}


def rule_text() -> str:
    """The rule in the page's words, from the settings in force."""
    return _(
        "%(quorum)s of all representatives present, and %(majority)s of those present in "
        "favour (居民委员会组织法 第九条)"
    ) % {
        "quorum": _share_words(settings.DELIBERATION_REPRESENTATIVES_QUORUM),
        "majority": _share_words(settings.DELIBERATION_REPRESENTATIVES_MAJORITY),
    }
