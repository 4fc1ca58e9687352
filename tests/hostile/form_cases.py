"""Every form of the project, as its view builds it from the authorization matrix's world
(tests/authorization/conftest.py), and the view it feeds: who posts it where. A form that
is valid is sent there, so the service behind it meets the same data."""

from collections.abc import Callable

from django.test import RequestFactory
from django.urls import reverse

from tests.authorization.rows_campaigns import _resident_home
from tests.authorization.rows_fees import fees_of
from tests.hostile.case import Case, Feed, World, _url
from tests.hostile.form_cases_community import COMMUNITY_CASES


def _compound(w) -> int:
    return w.compound.pk


def _proposal(op: str, persona: str = "committee_chair") -> Feed:
    url = _url("deliberation:proposal_act", proposal_id=lambda w: w.proposal.pk)
    return Feed(persona, url, {"op": op})


def _login(w, who):
    """allauth's sign-in form reads the request (its limits count per address)."""
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().post("/")
    request.session, request.user = {}, AnonymousUser()
    return {"request": request}


def _own_phone(w, who):
    user = who("resident")
    return {"user": user, "phone": user.phone}


def _ballot(w, who):
    from deliberation.permissions import vote_capabilities

    groups = vote_capabilities(who("resident"), w.vote).groups
    return {"topics": list(w.vote.topics.all()), "groups": groups}


def _publisher(w, who):
    from compounds.announcements.permissions import require_publisher

    return {"places": require_publisher(who("committee_chair"))}


def _filing(neighbour: bool):
    def kwargs(w, who):
        from compounds.models import Unit
        from requests.forms import home_place_choices, neighbour_place_choices
        from requests.queries import categories_for

        resident = who("resident")
        places = (
            neighbour_place_choices(w.compound)
            if neighbour
            else home_place_choices(resident, w.compound)
        )
        return {
            "compound": w.compound,
            "categories": categories_for(w.compound),
            "places": places,
            "homes": Unit.objects.filter(residencies__user=resident),
        }

    return kwargs


def _paper(w, who):
    units = [(e.unit_id, e.label) for e in w.vote.roll.all()]
    return {"topics": list(w.vote.topics.all()), "units": units}


def _fee_url(name: str) -> Callable[[World], str]:
    return lambda w: reverse(name, kwargs={"account_id": fees_of(w).pk})


def _audit(w, who):
    from portal.site.audit import actors_of

    return {"actors": actors_of(w.compound)}


def _departments(w, who):
    from compounds.models import Department

    return {
        "departments": Department.objects.filter(street_office__communities=w.compound.community)
    }


_chair_of = _url("deliberation:election_act", election_id=lambda w: w.election.pk)
CASES: dict[str, Case] = {
    # compounds
    "HomePlaceForm": Case(
        feed=Feed("other_owner", _url("compounds:join_home"), method="get"),
        positional_data_only=True,
    ),
    "JoinHomeForm": Case(
        lambda w, who: {"building": w.building},
        Feed(
            "other_owner",
            lambda w: (
                reverse("compounds:join_home")
                + f"?compound={w.compound.pk}&building={w.building.pk}"
            ),
        ),
    ),  # fmt: skip
    "RejectForm": Case(
        feed=Feed(
            "committee_chair",
            _url("compounds:residency_reject", residency_id=lambda w: w.pending.pk),
        )
    ),  # fmt: skip
    "CommitmentForm": Case(
        feed=Feed("party_secretary", _url("compounds:commitment_add", compound_id=_compound))
    ),
    "DeedForm": Case(
        feed=Feed(
            "party_secretary",
            _url("compounds:commitment_deed", commitment_id=lambda w: w.commitment.pk),
        )
    ),  # fmt: skip
    "RegistryUploadForm": Case(
        lambda w, who: {"compound": w.compound},
        Feed("street_staff", _url("compounds:registry_upload", compound_id=_compound)),
    ),
    "SwitchCompoundForm": Case(feed=Feed("resident", _url("compounds:switch"))),
    "MarkForm": Case(
        feed=Feed(
            "resident", _url("compounds:commitment_mark", commitment_id=lambda w: w.commitment.pk)
        )
    ),  # fmt: skip
    "DeployedForm": Case(
        feed=Feed(
            "resident",
            _url("compounds:deployed_members", community_id=lambda w: w.compound.community_id),
        )
    ),  # fmt: skip
    "AnnouncementForm": Case(_publisher, Feed("committee_chair", _url("announcements:new"))),
    # deliberation: votes
    "BallotForm": Case(
        _ballot, Feed("resident", _url("deliberation:ballot", vote_id=lambda w: w.vote.pk))
    ),
    "VoteCreateForm": Case(
        lambda w, who: {"compound": w.compound},
        Feed("committee_chair", _url("deliberation:vote_new", compound_id=_compound)),
    ),
    "NoticeForm": Case(
        feed=Feed("committee_chair", _url("deliberation:vote_publish", vote_id=lambda w: w.vote.pk))
    ),
    "ProxyForm": Case(
        lambda w, who: {"vote": w.vote, "owner": who("resident")},
        Feed("resident", _url("deliberation:proxy", vote_id=lambda w: w.vote.pk)),
    ),
    "ProxyRevokeForm": Case(
        lambda w, who: {"vote": w.vote, "owner": who("resident")},
        Feed("resident", _url("deliberation:proxy", vote_id=lambda w: w.vote.pk), {"op": "revoke"}),
    ),
    "PaperBallotForm": Case(
        _paper, Feed("building_head", _url("deliberation:paper", vote_id=lambda w: w.vote.pk))
    ),
    "OutreachForm": Case(
        lambda w, who: {"vote": w.vote},
        Feed("building_head", _url("deliberation:unreached", vote_id=lambda w: w.vote.pk)),
    ),
    # deliberation: proposals, meetings, suggestions, elections
    "ProposalTextForm": Case(),  # the fields ReviseForm and ProposalForm share
    "ProposalForm": Case(
        feed=Feed("committee_chair", _url("deliberation:proposal_new", compound_id=_compound))
    ),
    "ProposalActionForm": Case(
        lambda w, who: {"proposal": w.proposal}, _proposal("sign", "resident")
    ),
    "ReviseForm": Case(lambda w, who: {"proposal": w.proposal}, _proposal("revise")),
    "MoveForm": Case(lambda w, who: {"proposal": w.proposal}, _proposal("consult")),
    "TextForm": Case(lambda w, who: {"proposal": w.proposal}, _proposal("comment", "resident")),
    "ReviewVoteForm": Case(lambda w, who: {"proposal": w.proposal}, _proposal("review_vote")),
    "EvaluateForm": Case(
        lambda w, who: {"proposal": w.proposal}, _proposal("evaluate", "resident")
    ),
    "AnswerHoldForm": Case(lambda w, who: {"proposal": w.proposal}, _proposal("answer_hold")),
    "RepresentativesForm": Case(
        lambda w, who: {"proposal": w.proposal}, _proposal("representatives")
    ),
    "ProgressForm": Case(lambda w, who: {"proposal": w.proposal}, _proposal("progress")),
    "MeetingForm": Case(
        lambda w, who: {"compound": w.compound},
        Feed("committee_chair", _url("deliberation:meeting_new", compound_id=_compound)),
    ),
    "MinutesForm": Case(
        feed=Feed(
            "committee_chair",
            _url("deliberation:meeting_act", meeting_id=lambda w: w.meeting.pk),
            {"op": "minutes"},
        )
    ),  # fmt: skip
    "SuggestionForm": Case(
        feed=Feed("resident", _url("deliberation:suggestions", compound_id=_compound))
    ),
    "ElectionForm": Case(
        feed=Feed("committee_chair", _url("deliberation:elections", compound_id=_compound))
    ),
    "NominationForm": Case(
        lambda w, who: {"election": w.election},
        Feed("committee_chair", _chair_of, {"op": "nominate"}),
    ),
    "LotsForm": Case(
        lambda w, who: {"election": w.election}, Feed("supervisor", _chair_of, {"op": "lots"})
    ),
    # finance
    "EntryForm": Case(
        lambda w, who: {"account": w.account},
        Feed("party_secretary", _url("finance:new_entry", account_id=lambda w: w.account.pk)),
    ),
    "RedateForm": Case(
        lambda w, who: {"account": w.account},
        Feed("party_secretary", _url("finance:edit_entry", entry_id=lambda w: w.waiting.pk)),
    ),
    "RatifyForm": Case(
        lambda w, who: {"compound_id": w.compound.pk},
        Feed("committee_chair", _url("finance:ratify", entry_id=lambda w: w.posted.pk)),
    ),
    "NoteForm": Case(
        feed=Feed(
            "supervisor", lambda w: reverse("finance:entry_action", args=[w.waiting.pk, "approve"])
        )
    ),  # fmt: skip
    "ReverseForm": Case(
        feed=Feed("party_secretary", _url("finance:reverse", entry_id=lambda w: w.posted.pk))
    ),
    "AccountForm": Case(
        lambda w, who: {"compound": w.compound},
        Feed("committee_chair", _url("finance:open_account", compound_id=_compound)),
    ),
    "PolicyForm": Case(feed=Feed("supervisor", _url("finance:policy", compound_id=_compound))),
    "PeriodForm": Case(
        feed=Feed(
            "resident",
            lambda w: reverse("finance:ledger_export", args=[w.account.pk, "csv"]),
            method="get",
        )
    ),  # fmt: skip
    "CampaignForm": Case(
        lambda w, who: {"compound": w.compound},
        Feed("committee_chair", _url("finance:new_campaign", compound_id=_compound)),
    ),
    "finance.AnswerForm": Case(
        feed=Feed(
            "resident",
            lambda w: reverse("finance:campaign_answer", args=[w.campaign.pk, _resident_home(w)]),
        )
    ),  # fmt: skip
    "PaymentForm": Case(
        lambda w, who: {"campaign": w.campaign},
        Feed("party_secretary", _url("finance:campaign_pay", campaign_id=lambda w: w.campaign.pk)),
    ),
    "FeeScheduleForm": Case(feed=Feed("party_secretary", _fee_url("finance:fee_schedule"))),
    "MonthForm": Case(feed=Feed("party_secretary", _fee_url("finance:fee_raise"))),
    "UnitForm": Case(
        lambda w, who: {"compound": w.compound},
        Feed(
            "party_secretary",
            lambda w: reverse("finance:fee_line", args=[fees_of(w).unmatched_lines.get().pk]),
        ),
    ),  # fmt: skip
    "FeePaymentForm": Case(
        lambda w, who: {"compound": w.compound},
        Feed("party_secretary", _fee_url("finance:fee_payment")),
    ),
    "BankStatementForm": Case(feed=Feed("party_secretary", _fee_url("finance:fee_import"))),
    "ConfirmImportForm": Case(feed=Feed("party_secretary", _fee_url("finance:fee_import_confirm"))),
    # requests
    "FileRequestForm": Case(_filing(neighbour=False), Feed("resident", _url("requests:new"))),
    "FileForNeighbourForm": Case(
        _filing(neighbour=True), Feed("building_head", _url("requests:file_for"))
    ),
    "ActionForm": Case(
        lambda w, who: {"item": w.request},
        Feed("committee_chair", _url("requests:act", request_id=lambda w: w.request.pk)),
    ),
    "QueueFilterForm": Case(
        lambda w, who: {"user": who("committee_chair")},
        Feed("committee_chair", _url("requests:queue"), method="get"),
    ),
    "BulkDispatchForm": Case(feed=Feed("committee_chair", _url("requests:bulk_dispatch"))),
    "HoursFilterForm": Case(
        feed=Feed(
            "resident",
            _url("requests:hours_ranking", community_id=lambda w: w.compound.community_id),
            method="get",
        )
    ),  # fmt: skip
    "DepartmentForm": Case(
        feed=Feed(
            "street_staff",
            _url("requests:departments", office_id=lambda w: w.compound.community.street_office_id),
            {"register": "1"},
        )
    ),  # fmt: skip
    "DepartmentStaffForm": Case(
        _departments,
        Feed(
            "street_staff",
            _url("requests:departments", office_id=lambda w: w.compound.community.street_office_id),
            {"add_staff": "1"},
        ),
    ),  # fmt: skip
    "CategoryForm": Case(
        feed=Feed(
            "committee_chair",
            _url("requests:rules", compound_id=_compound),
            {"categories": "1", "form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0"},
        ),
        prefix="form-0",
    ),  # fmt: skip
    "ServiceLevelsForm": Case(
        feed=Feed("committee_chair", _url("requests:rules", compound_id=_compound), {"levels": "1"})
    ),
    # portal: sign-in and accounts (allauth's forms read the request)
    "LoginForm": Case(_login, Feed("anonymous", _url("account_login"))),
    "SignupForm": Case(feed=Feed("anonymous", _url("account_signup"))),
    "RequestLoginCodeForm": Case(feed=Feed("anonymous", _url("account_request_login_code"))),
    "ChangePhoneForm": Case(
        _own_phone, Feed("resident", _url("account_change_phone"), {"action_add": ""})
    ),
    "PhoneResetRequestForm": Case(feed=Feed("anonymous", _url("portal:password_reset_phone"))),
    "PhoneResetConfirmForm": Case(
        lambda w, who: {"user": who("resident")},
        Feed("anonymous", _url("portal:password_reset_phone_confirm")),
    ),
    "AuditFilterForm": Case(
        _audit, Feed("supervisor", _url("site:audit_log", compound_id=_compound), method="get")
    ),
    "AccountDeleteForm": Case(
        lambda w, who: {"user": who("resident")}, Feed("resident", _url("site:account_delete"))
    ),
    **COMMUNITY_CASES,
}
