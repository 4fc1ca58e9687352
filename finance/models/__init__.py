from finance.models.accounts import MONEY, Account, AccountKeeper, FinancePolicy
from finance.models.campaigns import (
    UNIT_ORDER,
    Campaign,
    CampaignAnswer,
    CampaignPart,
    CampaignPayment,
)
from finance.models.disclosures import Disclosure, PublishedDisclosureError, Question
from finance.models.entries import (
    EXPENSE_CATEGORIES,
    INCOME_CATEGORIES,
    Approval,
    Category,
    ClosedPeriod,
    Entry,
    EntryEvent,
    PostedEntryError,
    Ratification,
    Receipt,
)
from finance.models.fees import (
    FeeBatch,
    FeeCharge,
    FeePayment,
    FeeSchedule,
    UnmatchedLine,
)

__all__ = [
    "EXPENSE_CATEGORIES",
    "INCOME_CATEGORIES",
    "MONEY",
    "UNIT_ORDER",
    "Account",
    "AccountKeeper",
    "Approval",
    "Campaign",
    "CampaignAnswer",
    "CampaignPart",
    "CampaignPayment",
    "Category",
    "ClosedPeriod",
    "Disclosure",
    "Entry",
    "EntryEvent",
    "FeeBatch",
    "FeeCharge",
    "FeePayment",
    "FeeSchedule",
    "FinancePolicy",
    "PostedEntryError",
    "PublishedDisclosureError",
    "Question",
    "Ratification",
    "Receipt",
    "UnmatchedLine",
]
