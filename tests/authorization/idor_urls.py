"""Every URL that takes an object's id, with how to name that object in a compound (a Side
of tests/authorization/sides.py): the IDOR probe builds A's kwargs and B's from the same
function and swaps the ids one by one. A URL with an id and no row here fails
`test_every_url_with_an_id_has_a_probe`.

Several rows for a URL probe several kinds behind it (the files of deliberation) or the
same object in several states (an entry posted and one under review)."""

from tests.authorization.idor_urls_community import COMMUNITY_PROBES


def _compound(s):
    return {"compound_id": s.compound.pk}


def _community(s):
    return {"community_id": s.compound.community_id}


def _vote(s):
    return {"vote_id": s.vote.pk}


def _account(s):
    return {"account_id": s.account.pk}


def _fees(s):
    return {"account_id": s.fees.pk}


def _campaign(s):
    return {"campaign_id": s.campaign.pk}


def _request(s):
    return {"request_id": s.request.pk}


def _help(s):
    return {"request_id": s.help_order.pk}


def _pending(s):
    return {"residency_id": s.pending.pk}


def _published(s):
    return {"disclosure_id": s.published.pk}


def _posted(s):
    return {"entry_id": s.posted.pk}


def _waiting(s):
    return {"entry_id": s.waiting.pk}


def _with(base, **fixed):
    """A row whose URL also takes a word (a format, an action): fixed for both sides."""
    return lambda s: base(s) | fixed


COMPOUND_PAGES = [
    "site:party_board",
    "site:compound_figures",
    "site:audit_log",
    "site:audit_log_csv",
    "compounds:detail",
    "compounds:bodies",
    "compounds:commitment_add",
    "compounds:registry_upload",
    "compounds:registry_export",
    "compounds:registry_export_start",
    "requests:rules",
    "requests:resolved",
    "deliberation:compound",
    "deliberation:desk",
    "deliberation:vote_new",
    "deliberation:proposal_new",
    "deliberation:suggestions",
    "deliberation:meeting_new",
    "deliberation:elections",
    "finance:compound",
    "finance:open_account",
    "finance:review",
    "finance:policy",
    "finance:disclosures",
    "finance:calendar",
    "finance:campaigns",
    "finance:new_campaign",
]

PROBES = dict.fromkeys(COMPOUND_PAGES, [_compound])
PROBES |= {
    "compounds:commitment_deed": [lambda s: {"commitment_id": s.commitment.pk}],
    "compounds:commitment_mark": [lambda s: {"commitment_id": s.commitment.pk}],
    "compounds:building_board": [lambda s: {"building_id": s.building.pk}],
    "compounds:building_poster": [lambda s: {"building_id": s.building.pk}],
    "compounds:residency_name_voter": [_pending, lambda s: {"residency_id": s.own_home.pk}],
    "compounds:voter_naming_verify": [_pending],
    "compounds:residency_evidence": [_pending],
    "compounds:residency_verify": [_pending],
    "compounds:residency_reject": [_pending],
    "compounds:deployed_members": [_community],
    "compounds:deployed_member_confirm": [lambda s: _community(s) | {"role_id": s.deployed.pk}],
    "compounds:registry_import": [lambda s: {"import_id": s.job.pk}],
    "compounds:registry_import_run": [lambda s: {"import_id": s.job.pk}],
    # Each export is its requester's: the street office's staff and the community's.
    "compounds:registry_export_job": [
        lambda s: {"export_id": s.export.pk},
        lambda s: {"export_id": s.staff_export.pk},
    ],
    "compounds:registry_export_file": [
        lambda s: {"export_id": s.export.pk},
        lambda s: {"export_id": s.staff_export.pk},
    ],
    "notifications:open": [lambda s: {"notification_id": s.own_notification.pk}],
    "notifications:mark_read": [lambda s: {"notification_id": s.own_notification.pk}],
    "announcements:detail": [lambda s: {"announcement_id": s.notice.pk}],
    "announcements:receipts": [lambda s: {"announcement_id": s.notice.pk}],
    "announcements:attachment": [lambda s: {"attachment_id": s.attachment.pk}],
    "requests:departments": [lambda s: {"office_id": s.compound.community.street_office_id}],
    "requests:hours_ranking": [_community],
    "requests:record_hours": [_help, _request, lambda s: {"request_id": s.helped.pk}],
    "requests:claim": [_help],
    "requests:follow": [_request],
    "requests:photo": [lambda s: {"photo_id": s.request_photo.pk, "size": "thumb"}],
    "requests:detail": [_request, _help],
    "requests:act": [_request, _help],
    "deliberation:file": [
        lambda s: {"kind": "ballot", "pk": s.paper.pk},
        lambda s: {"kind": "proxy", "pk": s.proxy.pk},
        lambda s: {"kind": "progress", "pk": s.progress.pk},
        lambda s: {"kind": "meeting", "pk": s.meeting_attachment.pk},
    ],
    "deliberation:suggestion": [lambda s: {"suggestion_id": s.suggestion.pk}],
    "deliberation:suggestion_act": [lambda s: {"suggestion_id": s.suggestion.pk}],
    "deliberation:proposal": [lambda s: {"proposal_id": s.proposal.pk}],
    "deliberation:proposal_act": [lambda s: {"proposal_id": s.proposal.pk}],
    "deliberation:meeting": [lambda s: {"meeting_id": s.meeting.pk}],
    "deliberation:meeting_act": [lambda s: {"meeting_id": s.meeting.pk}],
    "deliberation:election": [lambda s: {"election_id": s.election.pk}],
    "deliberation:election_act": [lambda s: {"election_id": s.election.pk}],
    "deliberation:vote": [_vote],
    "deliberation:vote_publish": [_vote],
    "deliberation:ballot": [_vote],
    "deliberation:proxy": [_vote],
    "deliberation:paper": [_vote],
    "deliberation:unreached": [_vote],
    "deliberation:verify": [lambda s: _vote(s) | {"ballot_id": s.paper.pk}],
    "deliberation:bundle": [lambda s: _vote(s) | {"topic_id": s.topic.pk}],
    "finance:campaign": [_campaign],
    "finance:campaign_pay": [_campaign],
    "finance:campaign_answer": [lambda s: _campaign(s) | {"unit_id": s.campaign_home.pk}],
    "finance:disclosure": [_published, lambda s: {"disclosure_id": s.drafted.pk}],
    "finance:disclosure_export": [_with(_published, fmt="xlsx"), _with(_published, fmt="csv")],
    "finance:print": [_published],
    "finance:ask": [_published],
    "finance:answer": [lambda s: {"question_id": s.question.pk}],
    "finance:disclosure_action": [
        _with(lambda s: {"disclosure_id": s.drafted.pk}, action="approve"),
        _with(lambda s: {"disclosure_id": s.drafted.pk}, action="publish"),
        _with(_published, action="correct"),
    ],
    "finance:account": [_account, _fees, lambda s: {"account_id": s.fund.pk}],
    "finance:new_entry": [_account],
    "finance:ledger_export": [_with(_account, fmt="csv"), _with(_account, fmt="xlsx")],
    "finance:fees": [_fees],
    "finance:fee_schedule": [_fees],
    "finance:fee_raise": [_fees],
    "finance:fee_payment": [_fees],
    "finance:fee_import": [_fees],
    "finance:fee_import_confirm": [_fees],
    "finance:fee_unit": [lambda s: _fees(s) | {"unit_id": s.home.pk}],
    "finance:fee_line": [lambda s: {"line_id": s.fee_line.pk}],
    "finance:entry": [_posted, _waiting],
    "finance:edit_entry": [_waiting, lambda s: {"entry_id": s.draft.pk}],
    "finance:reverse": [_posted],
    "finance:ratify": [_posted, lambda s: {"entry_id": s.spent.pk}],
    "finance:emergency": [
        _with(lambda s: {"entry_id": s.unsigned.pk}, action=action)
        for action in ("approve", "confirm")
    ],
    "finance:entry_action": [
        _with(_waiting, action=action) for action in ("submit", "approve", "return")
    ],
    "finance:receipt": [lambda s: {"receipt_id": s.covered.pk}],
    "finance:receipt_original": [
        lambda s: {"receipt_id": s.receipt.pk},
        lambda s: {"receipt_id": s.covered.pk},
    ],
    "finance:receipt_pages": [lambda s: {"receipt_id": s.receipt.pk}],
    "finance:cover_receipt": [lambda s: {"receipt_id": s.receipt.pk}],
}

PROBES |= COMMUNITY_PROBES

# Pages anyone may read by design: the boards of the stairwell (public unless the compound
# says otherwise), the 已解决 board, the commitments on the party board (marked and
# recorded only by those of the compound: a POST is refused), and reporting in as a
# deployed party member, open to anyone signed in for any community. Another compound's
# object here is no secret; the probe still requires every POST refused and nothing changed
# — except reporting in (OPEN_TO_ALL), which is a POST anyone signed in may make anywhere:
# it waits for the community's staff to confirm it.
PUBLIC = {
    "site:party_board",
    "compounds:bodies",
    "compounds:building_board",
    "compounds:building_poster",
    "requests:resolved",
    "compounds:commitment_deed",
    "compounds:commitment_mark",
    "compounds:deployed_members",
}
OPEN_TO_ALL = {"compounds:deployed_members"}
