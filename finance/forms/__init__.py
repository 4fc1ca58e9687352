"""Forms of finance: validation and Chinese messages, by entity. Amounts are Decimal with two
places, more than zero and at most FINANCE_MAX_AMOUNT."""

from finance.forms.campaigns import (
    ENDING,
    THRESHOLDS,
    AnswerForm,
    CampaignForm,
    PaymentForm,
)
from finance.forms.entries import (
    AccountForm,
    AmountField,
    EntryForm,
    NoteForm,
    PeriodForm,
    PolicyForm,
    RatifyForm,
    RedateForm,
    ReverseForm,
    members_of,
)
from finance.forms.fees import (
    BankStatementForm,
    ConfirmImportForm,
    FeePaymentForm,
    FeeScheduleForm,
    MonthForm,
    UnitForm,
)

__all__ = [
    "AccountForm",
    "AmountField",
    "AnswerForm",
    "BankStatementForm",
    "CampaignForm",
    "ConfirmImportForm",
    "ENDING",
    "EntryForm",
    "FeePaymentForm",
    "FeeScheduleForm",
    "MonthForm",
    "NoteForm",
    "PaymentForm",
    "PeriodForm",
    "PolicyForm",
    "RatifyForm",
    "RedateForm",
    "ReverseForm",
    "THRESHOLDS",
    "UnitForm",
    "members_of",
]
