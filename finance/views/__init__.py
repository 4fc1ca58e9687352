from finance.views.accounts import account, compound_finances, index, open_account
from finance.views.disclosures import (
    answer,
    ask,
    calendar,
    disclosure,
    disclosure_action,
    disclosure_export,
    disclosure_print,
    disclosures,
)
from finance.views.entries import (
    cover_receipt,
    edit_entry,
    entry,
    entry_action,
    new_entry,
    receipt,
    reverse_entry,
    review,
)

__all__ = [
    "account",
    "answer",
    "ask",
    "calendar",
    "compound_finances",
    "cover_receipt",
    "disclosure",
    "disclosure_action",
    "disclosure_export",
    "disclosure_print",
    "disclosures",
    "edit_entry",
    "entry",
    "entry_action",
    "index",
    "new_entry",
    "open_account",
    "receipt",
    "review",
    "reverse_entry",
]
