"""The demo accounts (DESIGN.md section 5): listed on the sign-in page for one-click
sign-in while PORTAL_DEMO is on; `seed_demo` (portal/site/demo) creates them."""

from dataclasses import dataclass

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

DEMO_PASSWORD = "demo12345"


@dataclass(frozen=True)
class DemoAccount:
    phone: str  # national form, as typed on the sign-in page
    name: str
    description: str  # lazily translated; shown on the demo sign-in list


def _who(role, place: str = ""):
    return format_lazy("{} · {}", role, place) if place else role


DEMO_ACCOUNTS = [
    DemoAccount("13800000001", "刘桂英", _who(_("owner"), "18栋 2单元 301")),
    DemoAccount("13800000002", "陈建国", _who(_("building head"), "18栋")),
    DemoAccount("13800000003", "周明华", _who(_("owners' committee chair"))),
    DemoAccount("13800000004", "杨志刚", _who(_("party branch secretary"))),
    DemoAccount("13800000005", "黄丽萍", _who(_("supervisory committee member"))),
    DemoAccount("13800000006", "吴师傅", _who(_("property company maintenance worker"))),
    DemoAccount("13800000007", "孙晓燕", _who(_("street office staff"), "金子坝街道")),
    DemoAccount("13800000008", "赵卫东", _who(_("volunteer (party member)"))),
    DemoAccount("13800000009", "马小龙", _who(_("tenant"), "18栋 2单元 302")),
    DemoAccount("13800000010", "郑玉梅", _who(_("owner"), "黄荆岭小区")),
]
