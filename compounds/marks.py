"""What other apps mark beside a committee member on the committees page, registered by
them (this app imports none of them): each provider takes the compound and its bodies
(memberships loaded) and returns {membership id: [short texts]}. Finance registers the
北京 rule in its AppConfig.ready: with FINANCE_MARK_COMMITTEE_ARREARS on, an owners'
committee member whose home is in arrears with property fees is marked 欠缴物业费."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

MEMBER_MARKS: list[Callable] = []


def member_mark(provider: Callable) -> Callable:
    MEMBER_MARKS.append(provider)
    return provider


def marks_of(compound, bodies) -> dict[int, list[str]]:
    marks: dict[int, list[str]] = defaultdict(list)
    for provider in MEMBER_MARKS:
        for membership_id, texts in provider(compound, bodies).items():
            marks[membership_id].extend(texts)
    return dict(marks)
