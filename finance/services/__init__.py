from finance.services.campaigns import (
    Coverage,
    campaign_answer,
    campaign_open,
    campaign_pay,
)
from finance.services.disclosures import (
    close_ended_months,
    disclosure_approve,
    disclosure_correct,
    disclosure_publish,
    draft_due,
    flag_late,
)
from finance.services.emergencies import STEPS as EMERGENCY_STEPS
from finance.services.emergencies import emergency_sign, ratify
from finance.services.entries import (
    EDITABLE,
    appoint_keeper,
    books_reviewer,
    change_entry,
    clean_boxes,
    close_month,
    cover_receipt,
    open_account,
    record_entry,
    redact_image,
    reverse_entry,
)
from finance.services.questions import flag_unanswered, question_answer, question_ask

__all__ = [
    "Coverage",
    "campaign_answer",
    "campaign_open",
    "campaign_pay",
    "EDITABLE",
    "EMERGENCY_STEPS",
    "emergency_sign",
    "ratify",
    "appoint_keeper",
    "books_reviewer",
    "change_entry",
    "clean_boxes",
    "close_ended_months",
    "close_month",
    "cover_receipt",
    "disclosure_approve",
    "disclosure_correct",
    "disclosure_publish",
    "draft_due",
    "flag_late",
    "flag_unanswered",
    "open_account",
    "question_answer",
    "question_ask",
    "record_entry",
    "redact_image",
    "reverse_entry",
]
