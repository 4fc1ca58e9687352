"""The finance rows of the matrix (issue 14): the compound's people read the posted
ledger, covered receipts and published statements; the party secretary keeps the
account; its committees see entries before posting, drafts and original receipts; the
supervisory committee reviews; property staff see nothing."""

from tests.authorization.expect import (
    ACCOUNT_OPENERS,
    BOOKS,
    FINANCE_CHECKERS,
    IN_COMPOUND,
    KEEPERS,
    LEDGER_READERS,
    NOT_EDITABLE,
    OWNER_NAMES,
    expect,
)

OWNERS_ASK = dict.fromkeys(OWNER_NAMES, 302)

FINANCE_GETS = {
    # The 财务 tile opens the current compound's finances; staff of a whole street office
    # have no current compound.
    "finance:index": (None, expect(302, street_staff=404)),
    "finance:compound": (lambda w: {"compound_id": w.compound.pk}, LEDGER_READERS),
    "finance:open_account": (lambda w: {"compound_id": w.compound.pk}, ACCOUNT_OPENERS),
    "finance:review": (lambda w: {"compound_id": w.compound.pk}, FINANCE_CHECKERS),
    "finance:policy": (lambda w: {"compound_id": w.compound.pk}, FINANCE_CHECKERS),
    "finance:account": (lambda w: {"account_id": w.account.pk}, LEDGER_READERS),
    "finance:new_entry": (lambda w: {"account_id": w.account.pk}, KEEPERS),
    "finance:ledger_export": (
        lambda w: {"account_id": w.account.pk, "fmt": "csv"},
        LEDGER_READERS,
    ),
    "finance:entry": (lambda w: {"entry_id": w.posted.pk}, LEDGER_READERS),
    # An entry under review is not changed, even by its keeper.
    "finance:edit_entry": (lambda w: {"entry_id": w.waiting.pk}, NOT_EDITABLE),
    "finance:reverse": (lambda w: {"entry_id": w.posted.pk}, expect(405)),
    "finance:entry_action": (
        lambda w: {"entry_id": w.waiting.pk, "action": "approve"},
        expect(405),
    ),
    "finance:cover_receipt": (lambda w: {"receipt_id": w.receipt.pk}, expect(405)),
    "finance:emergency": (lambda w: {"entry_id": w.waiting.pk, "action": "approve"}, expect(405)),
    "finance:ratify": (lambda w: {"entry_id": w.posted.pk}, expect(405)),
    "finance:receipt": (lambda w: {"receipt_id": w.covered.pk}, LEDGER_READERS),
    "finance:receipt_original": (lambda w: {"receipt_id": w.receipt.pk}, BOOKS),
    "finance:receipt_pages": (lambda w: {"receipt_id": w.receipt.pk}, BOOKS),
    "finance:disclosures": (lambda w: {"compound_id": w.compound.pk}, LEDGER_READERS),
    "finance:calendar": (lambda w: {"compound_id": w.compound.pk}, LEDGER_READERS),
    "finance:disclosure": (lambda w: {"disclosure_id": w.published.pk}, LEDGER_READERS),
    "finance:ask": (lambda w: {"disclosure_id": w.published.pk}, expect(405)),
    "finance:print": (lambda w: {"disclosure_id": w.published.pk}, LEDGER_READERS),
    "finance:answer": (lambda w: {"question_id": w.question.pk}, expect(405)),
    "finance:disclosure_export": (
        lambda w: {"disclosure_id": w.published.pk, "fmt": "xlsx"},
        LEDGER_READERS,
    ),
    "finance:disclosure_action": (
        lambda w: {"disclosure_id": w.drafted.pk, "action": "approve"},
        expect(405),
    ),
}

FINANCE_POSTS = {
    # Owners ask (an empty question comes back with a message); others are refused.
    "finance:ask": (
        lambda w: {"disclosure_id": w.published.pk},
        {"text": ""},
        LEDGER_READERS | {"tenant": 403, "street_staff": 403, "volunteer": 302} | OWNERS_ASK,
    ),
    # The keeper answers (an empty answer comes back with a message).
    "finance:answer": (
        lambda w: {"question_id": w.question.pk},
        {"answer": ""},
        LEDGER_READERS | {p: 403 for p in IN_COMPOUND if p != "worker"} | {"party_secretary": 302},
    ),
    # Maker-checker: the supervisory member approves; the keeper who submitted it may not.
    "finance:entry_action": (
        lambda w: {"entry_id": w.waiting.pk, "action": "approve"},
        {},
        BOOKS | {"committee_chair": 403, "party_secretary": 403, "supervisor": 302},
    ),
    "finance:reverse": (
        lambda w: {"entry_id": w.posted.pk},
        {"reason": "错账"},
        KEEPERS | {"party_secretary": 302},
    ),
    "finance:cover_receipt": (
        lambda w: {"receipt_id": w.receipt.pk},
        {"boxes": "[]"},
        # Under review only the supervisory committee covers (the keeper did before submitting).
        BOOKS | {"committee_chair": 403, "party_secretary": 403, "supervisor": 302},
    ),
    # A drafted statement: the committees see it, only the supervisory committee approves.
    "finance:disclosure_action": (
        lambda w: {"disclosure_id": w.drafted.pk, "action": "approve"},
        {},
        BOOKS | {"committee_chair": 403, "party_secretary": 403, "supervisor": 302},
    ),
    # 应急使用: only the owners' committee approves (the waiting entry is no emergency: a
    # message, nothing written); the books' other readers are refused.
    "finance:emergency": (
        lambda w: {"entry_id": w.waiting.pk, "action": "approve"},
        {},
        BOOKS | {"committee_chair": 302, "party_secretary": 403, "supervisor": 403},
    ),
    # Recording a ratification: the posted entry is no emergency use, so nobody may.
    "finance:ratify": (
        lambda w: {"entry_id": w.posted.pk},
        {"proposal": "1"},
        LEDGER_READERS | {p: 403 for p in IN_COMPOUND if p != "worker"},
    ),
    # Empty forms come back (200) to those who may; nothing is written.
    "finance:policy": (lambda w: {"compound_id": w.compound.pk}, {}, FINANCE_CHECKERS),
    "finance:new_entry": (lambda w: {"account_id": w.account.pk}, {}, KEEPERS),
    "finance:edit_entry": (lambda w: {"entry_id": w.waiting.pk}, {}, NOT_EDITABLE),
    "finance:open_account": (lambda w: {"compound_id": w.compound.pk}, {}, ACCOUNT_OPENERS),
}
