from finance.models.accounts import MONEY, Account, AccountKeeper, FinancePolicy
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
    "Account",
    "AccountKeeper",
    "Approval",
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
    "Receipt",
    "UnmatchedLine",
]
