"""Settings of finance (issue 14): what is local practice in keeping a compound's books
and disclosing them, each with its documented default (docs/finance.md)."""

import environ

env = environ.Env()

# Finance (issue 14). How often each kind of account is disclosed (财务公示), by local
# practice: common-part income quarterly, the maintenance fund half-yearly, self-managed
# property fees monthly; any other account quarterly.
FINANCE_CADENCES = {
    "common_income": "quarterly",
    "maintenance_fund": "half_yearly",
    "property_fee": "monthly",
}
FINANCE_MAX_RECEIPTS = 6
# The largest single entry accepted (yuan): a typing slip of a few zeros is refused, not
# posted for ever.
FINANCE_MAX_AMOUNT = env.int("FINANCE_MAX_AMOUNT", default=100_000_000)
# A month's books close this many days after it ends (time for late receipts), unless an
# entry of it still waits for review; a period's disclosure is drafted once its months are
# closed. A published disclosure stays on the notice board this many days (a day period,
# 民法典 第二百零一条、第二百零三条), and in the archive for ever.
FINANCE_CLOSE_AFTER_DAYS = env.int("FINANCE_CLOSE_AFTER_DAYS", default=5)
FINANCE_BOARD_DAYS = env.int("FINANCE_BOARD_DAYS", default=15)
# A period's disclosure is due within this many days of the period's end; later it is late,
# flagged to community staff and counted on the dashboards (local practice).
FINANCE_PUBLISH_WITHIN_DAYS = env.int("FINANCE_PUBLISH_WITHIN_DAYS", default=15)
# 异议期: owners may ask questions on a published disclosure for this many days (a day
# period); the keeper answers publicly, and a question unanswered at its end is flagged to
# community staff.
FINANCE_OBJECTION_DAYS = env.int("FINANCE_OBJECTION_DAYS", default=7)
# 应急使用: the emergencies for which the maintenance fund may be spent before the owners
# decide (住宅专项维修资金管理办法 第二十二条; cities publish their own lists), as codes of
# finance/emergencies.py: lift failure, burst or blocked pipes, a facade in danger of
# falling, broken fire equipment, a leaking roof or outer wall, a stopped water pump.
FINANCE_EMERGENCIES = env.list(
    "FINANCE_EMERGENCIES",
    default=["lift", "pipe_burst", "facade", "fire_equipment", "roof_leak", "water_pump"],
)
# Campaigns: the share of households agreeing (以上: the share itself counts) before a
# campaign may be cited as an expense's mandate (docs/finance.md).
FINANCE_CAMPAIGN_THRESHOLD = env.str("FINANCE_CAMPAIGN_THRESHOLD", default="2/3")
# 北京 rule (local practice, off by default): the committees page marks owners' committee
# members whose homes are in arrears with property fees (欠缴物业费).
FINANCE_MARK_COMMITTEE_ARREARS = env.bool("FINANCE_MARK_COMMITTEE_ARREARS", default=False)
