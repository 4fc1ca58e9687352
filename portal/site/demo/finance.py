"""Demo finance for 翡翠谷小区 (issue 14, item 11), made through the services and the
workflow (so reviews, events and locks are real): the party secretary keeps the accounts,
the supervisory member checks; a year of parking income and cleaning, the 下水道盖板 repair
paid from the maintenance fund citing its resolution, the street office's start-up grant,
the fee of the 消防用水 立户, one entry returned with the supervisor's comment and one
waiting for review, the months before the last closed, and the statements drafted from
them — the common income's published but for the latest, which is late."""

from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from compounds.models import Compound, RoleAssignment
from deliberation.models import Proposal
from finance import services
from finance import workflow as ledger
from finance.models import Account, Disclosure


def _receipt(number: str, amount: str) -> SimpleUploadedFile:
    """A plain receipt picture with a payee's phone number on it, to be covered."""
    image = Image.new("RGB", (720, 420), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle([10, 10, 709, 409], outline="black", width=3)
    for n, line in enumerate(
        [f"RECEIPT No. {number}", f"AMOUNT  CNY {amount}", "TEL 139 1234 5678", "PAID"]
    ):
        draw.text((40, 50 + n * 80), line, fill="black", font_size=36)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return SimpleUploadedFile(f"receipt-{number}.jpg", out.getvalue(), content_type="image/jpeg")


def _months_back(n: int) -> date:
    day = timezone.localdate().replace(day=1)
    for _ in range(n):
        day = (day - timedelta(days=1)).replace(day=1)
    return day


def _entry(account, keeper, checker, *, day, direction, amount, category, counterparty,
           description="", mandate=None, receipt=True, end="post", note=""):  # fmt: skip
    fields = {
        "direction": direction,
        "occurred_on": day,
        "amount": Decimal(amount),
        "category": category,
        "counterparty": counterparty,
        "description": description,
        "mandate": mandate,
    }
    receipts = [_receipt(f"{day:%Y%m}{category[:3]}", amount)] if receipt else []
    entry = services.record_entry(account=account, actor=keeper, fields=fields, receipts=receipts)
    if end == "draft":
        return entry
    ledger.perform(entry.pk, "submit", actor=keeper)
    if end == "return":
        ledger.perform(entry.pk, "return", actor=checker, note=note)
    elif end == "post":
        for receipt_row in entry.receipts.all():  # the phone number on it covered
            services.cover_receipt(
                receipt=receipt_row,
                actor=checker,
                boxes=[{"x": 0.04, "y": 0.46, "w": 0.62, "h": 0.16}],
            )
        ledger.perform(entry.pk, "approve", actor=checker)
    return entry


def _emergency(fund, keeper, checker, chair, fcg) -> None:
    """应急使用: 18栋 2单元's lift stopped between floors; the owners' committee approved
    the repair and community staff confirmed it before any vote — posted, flagged, and
    waiting for the owners to ratify it."""
    staff = get_user_model().objects.filter(phone="+8613900000200").first()
    if staff is None:
        staff = get_user_model().objects.create_user(
            phone="+8613900000200", display_name="社区工作人员 吴敏", password=None
        )
        RoleAssignment.objects.create(
            user=staff, role=RoleAssignment.Role.COMMUNITY_STAFF, community=fcg.community
        )
    fields = {
        "direction": "expense", "occurred_on": _months_back(1) + timedelta(days=2),
        "amount": Decimal("6800.00"), "category": "repairs", "counterparty": "锦城电梯维保公司",
        "description": "18栋2单元电梯困人，曳引机制动器抢修", "mandate": None, "emergency": "lift",
    }  # fmt: skip
    receipt = _receipt("EMG01", "6800.00")
    entry = services.record_entry(account=fund, actor=keeper, fields=fields, receipts=[receipt])
    services.emergency_sign(entry_id=entry.pk, action="emergency_approve", actor=chair)
    services.emergency_sign(entry_id=entry.pk, action="emergency_confirm", actor=staff)
    ledger.perform(entry.pk, "submit", actor=keeper)
    for receipt_row in entry.receipts.all():
        services.cover_receipt(receipt=receipt_row, actor=checker,
                               boxes=[{"x": 0.04, "y": 0.46, "w": 0.62, "h": 0.16}])  # fmt: skip
    ledger.perform(entry.pk, "approve", actor=checker)


def seed_finance(fcg: Compound, demo: dict) -> None:
    if Account.objects.filter(compound=fcg).exists():
        return
    chair, keeper, checker = demo["03"], demo["04"], demo["05"]
    opened = _months_back(12)

    def account(kind, name, opening):
        made = services.open_account(
            compound=fcg, actor=chair, kind=kind, name=name, opening_balance=Decimal(opening),
            opened_on=opened,
        )  # fmt: skip
        services.appoint_keeper(account=made, actor=chair, holder=keeper)
        return made

    common = account("common_income", "公共收益", "12680.00")
    fund = account("maintenance_fund", "专项维修资金", "286400.00")
    grant = account("grant", "街道启动资金", "0.00")
    post = {"keeper": keeper, "checker": checker}
    _entry(grant, **post, day=opened + timedelta(days=3), direction="income", amount="30000.00",
           category="grant", counterparty="金子坝街道办事处",
           description="自治启动资金 3 万元", receipt=False)  # fmt: skip
    for n in range(11, 0, -1):
        month = _months_back(n)
        _entry(common, **post, day=month + timedelta(days=4), direction="income",
               amount=f"{3200 + 40 * (n % 4)}.00", category="parking",
               counterparty="停车场收费", description=f"{month:%Y年%m月}临时停车费",
               receipt=False)  # fmt: skip
        _entry(common, **post, day=month + timedelta(days=19), direction="expense",
               amount="1450.00", category="cleaning", counterparty="惠民保洁服务部",
               description=f"{month:%m月}公共区域保洁")  # fmt: skip
    covers = Proposal.objects.filter(compound=fcg, title="下水道盖板整修").first()
    if covers is not None and covers.decision == Proposal.Decision.APPROVED:
        _entry(fund, **post, day=_months_back(1) + timedelta(days=8), direction="expense",
               amount="16800.00", category="repairs", counterparty="锦城市政维修队",
               description="18栋门前下水道盖板更换（加厚铸铁）", mandate=covers)  # fmt: skip
    _emergency(fund, keeper, checker, chair, fcg)
    _entry(common, **post, day=_months_back(2) + timedelta(days=12), direction="expense",
           amount="1500.00", category="fees", counterparty="市自来水公司",
           description="消防用水重新立户手续费（居民代表会议决定）")  # fmt: skip
    for n in range(12, 1, -1):
        services.close_month(compound=fcg, month=_months_back(n), actor=keeper)
    # The statements of the closed periods, drafted as beat drafts them and published —
    # but for the common income's latest quarter, left unpublished past its due date.
    services.draft_due()
    late = common.disclosures.order_by("period_start").last()
    for statement in Disclosure.objects.filter(account__compound=fcg).order_by("period_start"):
        if statement != late:
            services.disclosure_approve(disclosure=statement, actor=checker)
            services.disclosure_publish(disclosure=statement, actor=keeper)
    this_month = timezone.localdate().replace(day=1)
    _entry(common, **post, day=this_month, direction="expense", amount="680.00",
           category="activities", counterparty="社区文艺队",
           description="重阳节敬老活动用品", end="return",
           note="发票抬头写成了个人，请换成业委会抬头的发票再提交。")  # fmt: skip
    _entry(common, **post, day=timezone.localdate(), direction="expense", amount="320.00",
           category="greening", counterparty="花木市场",
           description="补种楼间绿化带月季", end="submit")  # fmt: skip
