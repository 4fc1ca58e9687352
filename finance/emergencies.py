"""应急使用: the emergencies for which the maintenance fund may be spent before the owners
decide (住宅专项维修资金管理办法 第二十二条: 发生危及房屋安全等紧急情况，需要立即对住宅共用部位、
共用设施设备进行维修和更新、改造的). The money goes out once the owners' committee approved
it and community staff confirmed it; the expense carries the flag on the ledger and on the
next disclosure, and the owners ratify it at their next vote. Which emergencies count is
a city's list: the setting FINANCE_EMERGENCIES names codes of KINDS."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _

KINDS = {
    "lift": _("lift failure"),
    "pipe_burst": _("burst or blocked water pipes"),
    "facade": _("outer wall in danger of falling"),
    "fire_equipment": _("fire equipment out of order"),
    "roof_leak": _("leaking roof or outer wall"),
    "water_pump": _("water-supply pump stopped"),
}


def choices() -> list[tuple[str, str]]:
    """The emergencies this deployment recognises, in the setting's order."""
    return [(code, KINDS[code]) for code in settings.FINANCE_EMERGENCIES if code in KINDS]


def label(code: str) -> str:
    return str(KINDS.get(code, code))


def ready(entry) -> bool:
    """Approved by the owners' committee and confirmed by community staff."""
    return bool(
        entry.emergency and entry.emergency_approved_by_id and entry.emergency_confirmed_by_id
    )
